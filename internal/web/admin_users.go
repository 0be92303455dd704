package web

import (
	"errors"
	"net/http"
	"net/mail"
	"strings"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/store"
)

// invitableRoles are the roles an admin invites from this page; patients
// are invited to the portal from their record, so that the login is linked
// to it.
var invitableRoles = []store.Role{store.RoleAdmin, store.RoleDoctor, store.RoleReceptionist, store.RoleLabTech}

type inviteForm struct{ DisplayName, Email, Role string }

type adminUsersData struct {
	Clinic dbsqlc.Clinic
	Users  []dbsqlc.User
	Roles  []store.Role
	Form   inviteForm
	Errors map[string]string
}

func (s *Site) adminUsers(w http.ResponseWriter, r *http.Request) error {
	return s.renderAdminUsers(w, r, http.StatusOK, inviteForm{Role: string(store.RoleDoctor)}, nil)
}

func (s *Site) renderAdminUsers(w http.ResponseWriter, r *http.Request, status int, f inviteForm, errs map[string]string) error {
	a, _ := auth.ActorFrom(r.Context())
	d := adminUsersData{Roles: invitableRoles, Form: f, Errors: errs}
	err := s.Store.Read(r.Context(), a.Scope, func(tx dbsqlc.DBTX) error {
		var err error
		if d.Clinic, err = s.Store.Queries().GetCurrentClinic(r.Context(), tx); err != nil {
			return err
		}
		d.Users, err = s.Store.Queries().ListUsers(r.Context(), tx)
		return err
	})
	if err != nil {
		return err
	}
	return s.render(w, r, status, "admin_users", d)
}

// validateInvite checks an invitation form and says what is wrong, field
// by field.
func validateInvite(f inviteForm) map[string]string {
	errs := map[string]string{}
	if n := len([]rune(f.DisplayName)); n == 0 || n > 200 {
		errs["display_name"] = "Enter a name of up to 200 characters."
	}
	if addr, err := mail.ParseAddress(f.Email); err != nil || addr.Address != f.Email || len(f.Email) > 254 {
		errs["email"] = "Enter an email address such as name@example.com."
	}
	ok := false
	for _, r := range invitableRoles {
		ok = ok || string(r) == f.Role
	}
	if !ok {
		errs["role"] = "Choose one of the roles listed."
	}
	return errs
}

func (s *Site) inviteUser(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	if err := r.ParseForm(); err != nil {
		return httperr.BadForm(err)
	}
	f := inviteForm{
		DisplayName: strings.TrimSpace(r.PostFormValue("display_name")),
		Email:       strings.TrimSpace(r.PostFormValue("email")),
		Role:        r.PostFormValue("role"),
	}
	if errs := validateInvite(f); len(errs) > 0 {
		return s.renderAdminUsers(w, r, http.StatusUnprocessableEntity, f, errs)
	}
	err := s.Store.Tx(r.Context(), a.Scope, func(tx dbsqlc.DBTX) error {
		_, err := s.Store.Queries().InviteUser(r.Context(), tx, dbsqlc.InviteUserParams{
			DisplayName: f.DisplayName, Email: f.Email, Role: f.Role,
		})
		return err
	})
	if errors.Is(err, store.ErrConflict) {
		return s.renderAdminUsers(w, r, http.StatusConflict, f,
			map[string]string{"email": "Someone in this clinic already uses that email address."})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/clinic/"+a.Slug+"/admin-dashboard/", http.StatusSeeOther)
	return nil
}

// setUserActive deactivates or reactivates a membership; the person loses
// (or regains) access at their next request.
func (s *Site) setUserActive(active bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		a, _ := auth.ActorFrom(r.Context())
		id, err := uuid.Parse(r.PathValue("id"))
		if err != nil {
			return httperr.NotFound()
		}
		if id == a.User.ID {
			return httperr.New(http.StatusConflict, "self", "You cannot deactivate yourself.")
		}
		err = s.Store.Tx(r.Context(), a.Scope, func(tx dbsqlc.DBTX) error {
			_, err := s.Store.Queries().SetUserActive(r.Context(), tx, dbsqlc.SetUserActiveParams{ID: id, Active: active})
			return err
		})
		if err != nil {
			return err
		}
		http.Redirect(w, r, "/clinic/"+a.Slug+"/admin-dashboard/", http.StatusSeeOther)
		return nil
	}
}
