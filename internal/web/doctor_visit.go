package web

import (
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
)

// doctorVisitData is the consultation page: the visit and the note and
// test-order forms, with what the doctor typed when a form comes back.
type doctorVisitData struct {
	clinic.Consultation
	Note       clinic.NoteInput
	NoteErrors map[string]string
	Order      doctorOrderForm
	TestErrors map[string]string
	Urgencies  []string
	TestTypes  []string
}

type doctorOrderForm struct {
	CatalogIDs  map[string]bool
	Name        string
	TestType    string
	Urgency     string
	Description string
}

func (s *Site) doctorVisit(w http.ResponseWriter, r *http.Request) error {
	return s.renderDoctorVisit(w, r, http.StatusOK, doctorVisitData{})
}

func (s *Site) renderDoctorVisit(w http.ResponseWriter, r *http.Request, status int, d doctorVisitData) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if d.Consultation, err = s.Clinic.Consultation(r.Context(), a.Scope, id); err != nil {
		return err
	}
	d.Urgencies, d.TestTypes = clinic.TestUrgencies, clinic.TestTypes
	if d.Order.Urgency == "" {
		d.Order.Urgency = "routine"
	}
	return s.render(w, r, status, "doctor_visit", d)
}

// doctorWriteNote saves a signed note on the visit.
func (s *Site) doctorWriteNote(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(w, r, 0)
	if err != nil {
		return err
	}
	in := clinic.NoteInput{ChiefComplaint: f.str("chief_complaint"), Observations: f.str("observations"),
		Diagnosis: f.str("diagnosis"), TreatmentPlan: f.str("treatment_plan"), Notes: f.str("notes")}
	_, err = s.Clinic.WriteNote(r.Context(), a.Scope, id, in)
	if f.merge(err) {
		return s.renderDoctorVisit(w, r, http.StatusUnprocessableEntity, doctorVisitData{Note: in, NoteErrors: f.Errs})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, doctorBase(r)+"visits/"+id.String()+"/#notes", http.StatusSeeOther)
	return nil
}

// doctorOrderTests orders the ticked catalog tests and, optionally, one
// free-text test, all with one urgency.
func (s *Site) doctorOrderTests(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(w, r, 0)
	if err != nil {
		return err
	}
	form := doctorOrderForm{CatalogIDs: map[string]bool{}, Name: f.str("name"), TestType: f.str("test_type"),
		Urgency: f.str("urgency"), Description: f.str("description")}
	var orders []clinic.TestOrderInput
	for _, v := range f.all("catalog_id") {
		cid, perr := uuid.Parse(v)
		if perr != nil {
			f.fail("tests", "Choose tests from the list.")
			continue
		}
		form.CatalogIDs[v] = true
		orders = append(orders, clinic.TestOrderInput{CatalogID: &cid, Urgency: form.Urgency, Description: form.Description})
	}
	if form.Name != "" {
		orders = append(orders, clinic.TestOrderInput{Name: form.Name, TestType: form.TestType,
			Urgency: form.Urgency, Description: form.Description})
	}
	if len(f.Errs) == 0 {
		_, err = s.Clinic.OrderTests(r.Context(), a.Scope, id, orders)
		if fe, ok := doctorFieldErrors(err); ok {
			// Per-order messages name the order; the form shows one field each.
			for k, v := range fe {
				switch {
				case strings.HasSuffix(k, ".name"):
					f.fail("name", v)
				case strings.HasSuffix(k, ".test_type"):
					f.fail("test_type", v)
				case strings.HasSuffix(k, ".urgency"):
					f.fail("urgency", v)
				case strings.HasSuffix(k, ".description"):
					f.fail("description", v)
				default:
					f.fail("tests", v)
				}
			}
		} else if err != nil {
			return err
		}
	}
	if len(f.Errs) > 0 {
		return s.renderDoctorVisit(w, r, http.StatusUnprocessableEntity, doctorVisitData{Order: form, TestErrors: f.Errs})
	}
	http.Redirect(w, r, doctorBase(r)+"visits/"+id.String()+"/#tests", http.StatusSeeOther)
	return nil
}

// doctorCompleteVisit completes the visit (finalising its draft
// prescriptions) and returns to the queue.
func (s *Site) doctorCompleteVisit(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.Clinic.CompleteConsultation(r.Context(), a.Scope, id); err != nil {
		return err
	}
	http.Redirect(w, r, doctorBase(r)+"queue/", http.StatusSeeOther)
	return nil
}
