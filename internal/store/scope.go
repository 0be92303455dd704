package store

import (
	"fmt"

	"github.com/google/uuid"
)

// Role is a clinic role: what a users row may do in its clinic.
type Role string

// The clinic roles. The platform's super_admin is not one of them: it acts
// on a clinic only by taking that clinic's admin role for the operation.
const (
	RoleAdmin        Role = "admin"
	RoleDoctor       Role = "doctor"
	RoleReceptionist Role = "receptionist"
	RoleLabTech      Role = "lab_tech"
	RolePatient      Role = "patient"
)

// Roles lists every clinic role.
var Roles = []Role{RoleAdmin, RoleDoctor, RoleReceptionist, RoleLabTech, RolePatient}

// Valid reports whether r is one of the clinic roles.
func (r Role) Valid() bool {
	for _, known := range Roles {
		if r == known {
			return true
		}
	}
	return false
}

// Scope is who a transaction acts for: a clinic, the users row acting in it
// (uuid.Nil for system work such as seeding) and that row's role.
type Scope struct {
	ClinicID uuid.UUID
	UserID   uuid.UUID
	Role     Role
	// Confirm asks the database to confirm, in the round trip of each
	// transaction's first statement, that UserID is still an active member
	// of ClinicID with Role (app.confirm_membership). Set it when the
	// membership was remembered from an earlier request rather than just
	// looked up; when the database no longer agrees, the transaction does
	// nothing and fails with ErrMembershipEnded.
	Confirm bool
}

func (s Scope) validate() error {
	if s.ClinicID == uuid.Nil {
		return fmt.Errorf("store: scope has no clinic")
	}
	if !s.Role.Valid() {
		return fmt.Errorf("store: scope has unknown role %q", s.Role)
	}
	if s.Confirm && s.UserID == uuid.Nil {
		return fmt.Errorf("store: scope asks to confirm a membership but names no user")
	}
	return nil
}

// userSetting is the acting user as the setting holds it: ” for none,
// which the policy functions read as NULL.
func (s Scope) userSetting() string {
	if s.UserID == uuid.Nil {
		return ""
	}
	return s.UserID.String()
}
