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
}

func (s Scope) validate() error {
	if s.ClinicID == uuid.Nil {
		return fmt.Errorf("store: scope has no clinic")
	}
	if !s.Role.Valid() {
		return fmt.Errorf("store: scope has unknown role %q", s.Role)
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
