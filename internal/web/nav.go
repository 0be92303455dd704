package web

import "github.com/santkrupa/santkrupa/internal/store"

type link struct{ Href, Label string }

// navLinks are the pages a role works in, for the header and the clinic
// home page.
func navLinks(slug string, role string) []link {
	base := "/clinic/" + slug + "/"
	switch store.Role(role) {
	case store.RoleReceptionist:
		return []link{{base + "reception/", "Reception"}, {base + "reception/register/", "Register patient"},
			{base + "reception/patient-checkin/", "Check in"}, {base + "reception/queue/", "Today's queue"}}
	case store.RoleDoctor:
		return []link{{base + "doctor/queue/", "My queue"}, {base + "doctor/patients/", "Patients"}}
	case store.RoleLabTech:
		return []link{{base + "lab/tests/", "Pending tests"}}
	case store.RolePatient:
		return []link{{base + "patient/dashboard/", "My records"}, {base + "patient/access-log/", "Who accessed my record"}}
	case store.RoleAdmin:
		return []link{{base + "admin-dashboard/", "Dashboard"}, {base + "admin/staff/", "Staff"},
			{base + "admin/medicines/", "Medicines"}, {base + "admin/test-catalog/", "Test catalog"},
			{base + "admin/settings/", "Settings"}, {base + "admin/audit/", "Access log"},
			{base + "reception/", "Reception"}}
	}
	return nil
}
