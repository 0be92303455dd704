package policyaudit

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/policies"
)

// ClinicRoles are the values app.current_app_role() can take.
var ClinicRoles = []string{"admin", "doctor", "receptionist", "lab_tech", "patient"}

// Access is one cell of the role × command matrix.
type Access string

// The cells: allowed, allowed for some rows only (the policy has a further
// condition, such as "own records"), or not at all.
const (
	Allowed     Access = "yes"
	Conditional Access = "some rows"
	Denied      Access = "no"
	NoGrant     Access = "no grant"
)

// PolicyText is one policy in plain words.
type PolicyText struct {
	Name    string `json:"name"`
	Kind    string `json:"kind"` // permissive or restrictive
	Command string `json:"command"`
	Roles   string `json:"roles"`
	// Summary is generated from the expressions; Comment is the text above
	// the policy in policies/<table>.sql, when there is one.
	Summary   string `json:"summary"`
	Comment   string `json:"comment,omitempty"`
	Using     string `json:"using,omitempty"`
	WithCheck string `json:"with_check,omitempty"`
}

// TableReport is one table as a DBA reviews it.
type TableReport struct {
	Table      string                       `json:"table"`
	RLSEnabled bool                         `json:"rls_enabled"`
	RLSForced  bool                         `json:"rls_forced"`
	Grants     string                       `json:"grants"`
	Policies   []PolicyText                 `json:"policies"`
	Matrix     map[string]map[string]Access `json:"matrix"` // role → command → access
}

func (a *auditor) tableReports() []TableReport {
	comments := policyComments()
	var out []TableReport
	for _, t := range a.cat.Tables {
		name := qualified(t.SchemaName, t.TableName)
		if !t.HasClinicID && t.SchemaName != "public" {
			continue
		}
		tr := TableReport{Table: name, RLSEnabled: t.RlsEnabled, RLSForced: t.RlsForced,
			Grants: grantText(a.privs[name]), Matrix: map[string]map[string]Access{}}
		for _, p := range a.policies[name] {
			kind := "restrictive"
			if p.Permissive {
				kind = "permissive"
			}
			tr.Policies = append(tr.Policies, PolicyText{
				Name: p.PolicyName, Kind: kind, Command: p.Command, Roles: strings.Join(p.Roles, ", "),
				Summary: summarize(p), Comment: comments[p.PolicyName], Using: p.UsingExpr, WithCheck: p.CheckExpr,
			})
		}
		for _, role := range ClinicRoles {
			tr.Matrix[role] = map[string]Access{}
			for _, cmd := range commands {
				tr.Matrix[role][cmd] = a.cell(name, t.RlsEnabled, role, cmd)
			}
		}
		out = append(out, tr)
	}
	return out
}

// cell is what role may do with cmd on table, inside its own clinic.
func (a *auditor) cell(table string, rls bool, role, cmd string) Access {
	if !granted(a.privs[table], cmd) {
		return NoGrant
	}
	if !rls {
		return Allowed
	}
	best := Denied
	for _, p := range a.policies[table] {
		if p.Permissive && applies(p, cmd) && appliesTo(p, a.roles.App) {
			best = Allowed
		}
	}
	if best == Denied {
		return Denied
	}
	for _, p := range a.policies[table] {
		if p.Permissive || !applies(p, cmd) || !appliesTo(p, a.roles.App) {
			continue
		}
		for _, expr := range exprsFor(p, cmd) {
			best = lower(best, roleAccess(expr, role))
		}
	}
	return best
}

func applies(p dbsqlc.AuditPoliciesRow, cmd string) bool {
	return p.Command == "ALL" || p.Command == cmd
}

func appliesTo(p dbsqlc.AuditPoliciesRow, role string) bool {
	for _, r := range p.Roles {
		if r == role || r == "public" {
			return true
		}
	}
	return false
}

// exprsFor are the expressions of p that hold cmd: USING for reads,
// updates and deletes, WITH CHECK (or USING, when absent) for inserts and
// updates.
func exprsFor(p dbsqlc.AuditPoliciesRow, cmd string) []string {
	check := p.CheckExpr
	if check == "" {
		check = p.UsingExpr
	}
	switch cmd {
	case "SELECT", "DELETE":
		return []string{p.UsingExpr}
	case "INSERT":
		return []string{check}
	}
	return []string{p.UsingExpr, check}
}

func lower(x, y Access) Access {
	rank := map[Access]int{Denied: 0, Conditional: 1, Allowed: 2}
	if rank[y] < rank[x] {
		return y
	}
	return x
}

var (
	roleEq    = regexp.MustCompile(`\( SELECT app\.current_app_role\(\) AS current_app_role\) = '([a-z_]+)'::text`)
	roleAny   = regexp.MustCompile(`\( SELECT app\.current_app_role\(\) AS current_app_role\) = ANY \(\(?ARRAY\[([^\]]*)\]`)
	roleSet   = regexp.MustCompile(`\( SELECT app\.current_app_role\(\) AS current_app_role\) IS NOT NULL`)
	quotedStr = regexp.MustCompile(`'([a-z_]+)'`)
)

// roleAccess classifies what expr (a policy expression as PostgreSQL
// prints it) lets role do: it is split into OR branches, each branch into
// AND terms; a branch admits the roles its role tests name (every role when
// it has none), unconditionally when it has no other term.
func roleAccess(expr, role string) Access {
	e := strings.TrimSpace(expr)
	if e == "" {
		return Allowed
	}
	if isTrue(e) {
		return Allowed
	}
	if e == "false" {
		return Denied
	}
	best := Denied
	for _, branch := range splitTop(unwrap(e), " OR ") {
		roles, others := map[string]bool{}, 0
		constrained := false
		for _, term := range splitTop(unwrap(branch), " AND ") {
			set := rolesIn(term)
			if set == nil {
				others++
				continue
			}
			if constrained {
				for r := range roles {
					if !set[r] {
						delete(roles, r)
					}
				}
			} else {
				roles, constrained = set, true
			}
		}
		if constrained && !roles[role] {
			continue
		}
		if others > 0 {
			best = maxAccess(best, Conditional)
		} else {
			best = Allowed
		}
	}
	return best
}

func maxAccess(x, y Access) Access {
	if lower(x, y) == x {
		return y
	}
	return x
}

// rolesIn returns the roles a role test admits, nil when term is no role
// test.
func rolesIn(term string) map[string]bool {
	t := unwrap(term)
	if roleSet.MatchString(t) && strings.TrimSpace(roleSet.ReplaceAllString(t, "")) == "" {
		all := map[string]bool{}
		for _, r := range ClinicRoles {
			all[r] = true
		}
		return all
	}
	if m := roleAny.FindStringSubmatch(t); m != nil && strings.HasPrefix(t, "( SELECT app.current_app_role() AS current_app_role) = ANY") {
		out := map[string]bool{}
		for _, q := range quotedStr.FindAllStringSubmatch(m[1], -1) {
			out[q[1]] = true
		}
		return out
	}
	if m := roleEq.FindStringSubmatch(t); m != nil && strings.TrimSpace(strings.Replace(t, m[0], "", 1)) == "" {
		return map[string]bool{m[1]: true}
	}
	return nil
}

// unwrap removes parentheses that enclose the whole expression.
func unwrap(e string) string {
	e = strings.TrimSpace(e)
	for len(e) >= 2 && e[0] == '(' && closing(e, 0) == len(e)-1 {
		e = strings.TrimSpace(e[1 : len(e)-1])
	}
	return e
}

// closing returns the index of the parenthesis closing the one at open.
func closing(e string, open int) int {
	depth, quoted := 0, false
	for i := open; i < len(e); i++ {
		switch c := e[i]; {
		case c == '\'':
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// splitTop splits e on sep where it is outside parentheses and quotes.
func splitTop(e, sep string) []string {
	var out []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(e); i++ {
		switch c := e[i]; {
		case c == '\'':
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')':
			depth--
		case depth == 0 && strings.HasPrefix(e[i:], sep):
			out = append(out, e[start:i])
			start = i + len(sep)
			i += len(sep) - 1
		}
	}
	return append(out, e[start:])
}

// summarize says in plain words what a policy does.
func summarize(p dbsqlc.AuditPoliciesRow) string {
	who := "for " + strings.Join(p.Roles, ", ")
	if p.Permissive {
		if clinicPredicate.MatchString(p.UsingExpr) && clinicPredicate.MatchString(p.CheckExpr) {
			return fmt.Sprintf("%s, %s: only rows of the transaction's clinic, read and written (USING and WITH CHECK)", who, commandWords(p.Command))
		}
		return fmt.Sprintf("%s, %s: admits rows where %s (permissive: ORed with the other permissive policies)", who, commandWords(p.Command), firstNonEmpty(p.UsingExpr, p.CheckExpr))
	}
	expr := p.UsingExpr
	if p.Command == "INSERT" || expr == "" {
		expr = p.CheckExpr
	}
	var parts []string
	for _, role := range ClinicRoles {
		switch roleAccess(expr, role) {
		case Allowed:
			parts = append(parts, role)
		case Conditional:
			parts = append(parts, role+" (some rows only)")
		}
	}
	if len(parts) == 0 {
		return fmt.Sprintf("%s, %s: refused to every role (restrictive: ANDed with the clinic policy)", who, commandWords(p.Command))
	}
	return fmt.Sprintf("%s, %s: only %s; every other role is refused (restrictive: ANDed with the clinic policy)",
		who, commandWords(p.Command), strings.Join(parts, ", "))
}

func commandWords(cmd string) string {
	if cmd == "ALL" {
		return "every command"
	}
	return cmd
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

func grantText(p dbsqlc.AuditTablePrivilegesRow) string {
	var parts []string
	add := func(ok bool, cols []string, name string) {
		switch {
		case ok:
			parts = append(parts, name)
		case len(cols) > 0:
			parts = append(parts, name+"("+strings.Join(cols, ", ")+")")
		}
	}
	add(p.CanSelect, p.SelectColumns, "SELECT")
	add(p.CanInsert, p.InsertColumns, "INSERT")
	add(p.CanUpdate, p.UpdateColumns, "UPDATE")
	add(p.CanDelete, nil, "DELETE")
	add(p.CanTruncate, nil, "TRUNCATE")
	add(p.CanReferences, p.ReferencesColumns, "REFERENCES")
	add(p.CanTrigger, nil, "TRIGGER")
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

var createPolicy = regexp.MustCompile(`(?i)^CREATE POLICY\s+([A-Za-z0-9_]+)`)

// policyComments maps each policy named in policies/*.sql to the comment
// lines right above its CREATE POLICY.
func policyComments() map[string]string {
	out := map[string]string{}
	files, err := policies.Files()
	if err != nil {
		return out
	}
	for _, f := range files {
		var comment []string
		for _, line := range strings.Split(f.SQL, "\n") {
			line = strings.TrimSpace(line)
			if c, ok := strings.CutPrefix(line, "--"); ok {
				comment = append(comment, strings.TrimSpace(c))
				continue
			}
			if m := createPolicy.FindStringSubmatch(line); m != nil && len(comment) > 0 {
				out[m[1]] = strings.Join(comment, " ")
			}
			comment = nil
		}
	}
	return out
}
