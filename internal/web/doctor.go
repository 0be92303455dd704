package web

import (
	"errors"
	"net/http"
	"sort"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/store"
)

var (
	doctors = []store.Role{store.RoleDoctor}
	// rxReaders may open, print and download a prescription: reception
	// prints it for the patient at the desk.
	rxReaders = []store.Role{store.RoleDoctor, store.RoleAdmin, store.RoleReceptionist}
)

// doctorRoutes are the doctor pages.
func (s *Site) doctorRoutes() []route {
	return []route{
		{"GET", "/doctor/queue/", doctors, s.doctorQueue},
		{"POST", "/doctor/visits/{id}/start", doctors, s.doctorStartVisit},
		{"GET", "/doctor/patients/", doctors, s.doctorPatients},
		{"GET", "/doctor/patients/{id}/", doctors, s.doctorChart},
		{"GET", "/doctor/visits/{id}/", doctors, s.doctorVisit},
		{"POST", "/doctor/visits/{id}/notes", doctors, s.doctorWriteNote},
		{"POST", "/doctor/visits/{id}/tests", doctors, s.doctorOrderTests},
		{"POST", "/doctor/visits/{id}/complete", doctors, s.doctorCompleteVisit},
		{"GET", "/doctor/create-prescription/{id}/", doctors, s.doctorRxForm},
		{"POST", "/doctor/create-prescription/{id}/", doctors, s.doctorRxCreate},
		{"GET", "/doctor/medicines/", doctors, s.doctorMedicineOptions},
		{"GET", "/doctor/prescriptions/{id}/", rxReaders, s.doctorRxView},
		{"POST", "/doctor/prescriptions/{id}/finalize", doctors, s.doctorRxFinalize},
		{"GET", "/doctor/prescriptions/{id}/print", rxReaders, s.doctorRxPrint},
		{"GET", "/doctor/prescriptions/{id}/pdf", rxReaders, s.doctorRxPDF},
	}
}

// doctorBase is the start of every doctor page's URL.
func doctorBase(r *http.Request) string {
	a, _ := auth.ActorFrom(r.Context())
	return "/clinic/" + a.Slug + "/doctor/"
}

// doctorFieldErrors unwraps the domain's field messages.
func doctorFieldErrors(err error) (clinic.FieldErrors, bool) {
	var fe clinic.FieldErrors
	ok := errors.As(err, &fe)
	return fe, ok
}

// doctorFirstMessage is one message of fe (by field name, for stability).
func doctorFirstMessage(fe clinic.FieldErrors) string {
	keys := make([]string, 0, len(fe))
	for k := range fe {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) == 0 {
		return ""
	}
	return fe[keys[0]]
}
