package web

import (
	"net/http"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
)

// The staff page: everyone who may sign in to the clinic (patients'
// portal logins excepted), invitations, role changes, deactivation, and
// each doctor's license.

type staffRow struct {
	User    dbsqlc.User
	Version string
	Doctor  *clinic.DoctorProfile
	Self    bool
}

type adminStaffData struct {
	Rows    []staffRow
	Next    string
	Roles   []fieldOption
	Invite  []formField
	Notice  string
	Problem string
}

func staffRoleOptions() []fieldOption {
	out := make([]fieldOption, len(clinic.StaffRoles))
	for i, r := range clinic.StaffRoles {
		out[i] = fieldOption{Value: r, Label: roleName(r)}
	}
	return out
}

func inviteFields() []formField {
	return []formField{
		{Name: "display_name", Label: "Name", Type: "text", Required: true, Max: 200},
		{Name: "email", Label: "Email", Type: "email", Required: true, Max: 254,
			Hint: "They sign in with this address; the first sign-in whose provider has verified it joins them to this clinic."},
		{Name: "phone", Label: "Phone", Type: "tel", Max: 30},
		{Name: "role", Label: "Role", Type: "select", Value: "doctor", Options: staffRoleOptions()},
	}
}

func (s *Site) adminStaff(w http.ResponseWriter, r *http.Request) error {
	return s.renderStaff(w, r, http.StatusOK, nil, nil, "")
}

// renderStaff shows the staff page: two reads (members, doctor profiles).
func (s *Site) renderStaff(w http.ResponseWriter, r *http.Request, status int, invite map[string]string, errs map[string]string, problem string) error {
	a, _ := auth.ActorFrom(r.Context())
	cursor := r.URL.Query().Get("cursor")
	users, err := s.Clinic.ListUsers(r.Context(), a.Scope, clinic.UserQuery{StaffOnly: true, Cursor: cursor, Limit: clinic.MaxPageSize})
	if err != nil {
		return err
	}
	doctors, err := s.Clinic.ListDoctorProfiles(r.Context(), a.Scope, "", clinic.MaxPageSize)
	if err != nil {
		return err
	}
	byUser := map[uuid.UUID]*clinic.DoctorProfile{}
	for i := range doctors.Items {
		byUser[doctors.Items[i].UserID] = &doctors.Items[i]
	}
	d := adminStaffData{Roles: staffRoleOptions(), Invite: fill(inviteFields(), invite, errs),
		Notice: doneNotice(r), Problem: problem}
	for _, u := range users.Items {
		d.Rows = append(d.Rows, staffRow{User: u, Version: clinic.Version(u.UpdatedAt), Doctor: byUser[u.ID], Self: u.ID == a.User.ID})
	}
	if users.Next != "" {
		d.Next = "?cursor=" + users.Next
	}
	return s.render(w, r, status, "admin_staff", d)
}

func (s *Site) staffURL(a auth.Actor, done string) string {
	return "/clinic/" + a.Slug + "/admin/staff/?done=" + done
}

func (s *Site) adminInvite(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	f, err := readForm(w, r, 0)
	if err != nil {
		return err
	}
	v := postedValues(f, inviteFields())
	_, err = s.Clinic.InviteStaff(r.Context(), a.Scope, clinic.InviteInput{
		DisplayName: v["display_name"], Email: v["email"], Phone: v["phone"], Role: v["role"],
	})
	if status, msg, fields, ok := formProblem(err); ok {
		return s.renderStaff(w, r, status, v, fields, msg)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, s.staffURL(a, "invited"), http.StatusSeeOther)
	return nil
}

func (s *Site) adminChangeRole(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(w, r, 0)
	if err != nil {
		return err
	}
	role := f.str("role")
	_, err = s.Clinic.UpdateStaff(r.Context(), a.Scope, id, f.str("version"), clinic.StaffChange{Role: &role})
	if status, msg, fields, ok := formProblem(err); ok {
		if m, has := fields["role"]; has {
			msg = m
		}
		return s.renderStaff(w, r, status, nil, nil, msg)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, s.staffURL(a, "role"), http.StatusSeeOther)
	return nil
}

// adminSetActive deactivates or reactivates a member; the person loses (or
// regains) access at their next request.
func (s *Site) adminSetActive(active bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		a, _ := auth.ActorFrom(r.Context())
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		_, err = s.Clinic.SetStaffActive(r.Context(), a.Scope, id, active)
		if status, msg, _, ok := formProblem(err); ok {
			return s.renderStaff(w, r, status, nil, nil, msg)
		}
		if err != nil {
			return err
		}
		done := "deactivated"
		if active {
			done = "activated"
		}
		http.Redirect(w, r, s.staffURL(a, done), http.StatusSeeOther)
		return nil
	}
}
