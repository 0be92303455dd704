package loadgen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/santkrupa/santkrupa/internal/benchdata"
)

// Fixture is what requests are made of: the data set's clinics, a token
// per staff member used, and patients free to check in.
type Fixture struct {
	Spec          benchdata.Spec
	Deep, Small   benchdata.Clinic
	Wide          []benchdata.Clinic
	BaseURL       string
	tokens        map[string]string // subject → bearer token
	namePrefixes  []string
	phonePrefixes []string

	mu         sync.Mutex
	candidates map[string][]uuid.UUID // slug → patients without an open visit
}

// SetNamePrefixes replaces the name prefixes the search-name requests
// choose from.
func (f *Fixture) SetNamePrefixes(prefixes []string) error {
	if len(prefixes) == 0 {
		return fmt.Errorf("no name prefixes to search with")
	}
	f.namePrefixes = prefixes
	return nil
}

// Logins whose tokens the fixture mints for every clinic.
var Logins = []string{"reception", "doctor1"}

// NewFixture mints tokens for every clinic of s with idp.
func NewFixture(s benchdata.Spec, idp *IdP, baseURL string) (*Fixture, error) {
	f := &Fixture{Spec: s, BaseURL: baseURL, tokens: map[string]string{}, candidates: map[string][]uuid.UUID{},
		namePrefixes: benchdata.NamePrefixes(), phonePrefixes: benchdata.PhonePrefixes()}
	for _, c := range s.Clinics() {
		switch c.Kind {
		case benchdata.KindDeep:
			f.Deep = c
		case benchdata.KindSmall:
			f.Small = c
		default:
			f.Wide = append(f.Wide, c)
		}
		for _, l := range Logins {
			t, err := idp.Token(c.Subject(l))
			if err != nil {
				return nil, err
			}
			f.tokens[c.Subject(l)] = t
		}
	}
	return f, nil
}

// Subjects are the OIDC subjects of every staff member of s.
func Subjects(s benchdata.Spec) []string {
	var out []string
	for _, c := range s.Clinics() {
		for _, st := range c.Staff() {
			out = append(out, c.Subject(st.Login))
		}
	}
	return out
}

// Token is the bearer token of login in clinic c.
func (f *Fixture) Token(c benchdata.Clinic, login string) string { return f.tokens[c.Subject(login)] }

// LoadCandidates reads up to perClinic patients without an open visit of
// each clinic, through a superuser pool, for check-ins.
func (f *Fixture) LoadCandidates(ctx context.Context, su *pgxpool.Pool, clinics []benchdata.Clinic, perClinic int) error {
	for _, c := range clinics {
		rows, err := su.Query(ctx, benchdata.Q("OpenVisitFree"), f.Spec.ClinicID(c.Slug), perClinic)
		if err != nil {
			return fmt.Errorf("candidates: %w", err)
		}
		var ids []uuid.UUID
		for rows.Next() {
			var id uuid.UUID
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		f.mu.Lock()
		f.candidates[c.Slug] = ids
		f.mu.Unlock()
	}
	return nil
}

func (f *Fixture) takeCandidate(slug string) (uuid.UUID, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ids := f.candidates[slug]
	if len(ids) == 0 {
		return uuid.Nil, false
	}
	f.candidates[slug] = ids[1:]
	return ids[0], true
}

// Set names the clinics a phase draws from.
type Set string

// The sets.
const (
	SetWide  Set = "wide"
	SetDeep  Set = "deep"
	SetSmall Set = "small"
)

// clinic draws the clinic of one request.
func (f *Fixture) clinic(set Set, r *rand.Rand) benchdata.Clinic {
	switch set {
	case SetDeep:
		return f.Deep
	case SetSmall:
		return f.Small
	default:
		return f.Wide[r.IntN(len(f.Wide))]
	}
}

// Request is one request a targeter made, for checks of its response.
type Request struct {
	Clinic benchdata.Clinic
	Body   []byte
}

// Targeter makes at most max requests of e against clinics of set, drawn
// with seed. The load generator calls it from several workers; it locks.
func (f *Fixture) Targeter(e Endpoint, set Set, seed uint64, max int) vegeta.Targeter {
	var mu sync.Mutex
	r := rand.New(rand.NewPCG(seed, 7))
	n := 0
	return func(t *vegeta.Target) error {
		mu.Lock()
		defer mu.Unlock()
		if n >= max {
			return vegeta.ErrNoTargets
		}
		c := f.clinic(set, r)
		var body []byte
		if e.Body != nil {
			b, ok := e.Body(f, r, c)
			if !ok {
				return vegeta.ErrNoTargets
			}
			body = b
		}
		n++
		t.Method = e.Method
		t.URL = f.BaseURL + e.path(f, r, c)
		t.Body = body
		t.Header = http.Header{"Authorization": {"Bearer " + f.Token(c, e.Login)}}
		if body != nil {
			t.Header.Set("Content-Type", "application/json")
		}
		return nil
	}
}
