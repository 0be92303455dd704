package web

import (
	"fmt"
	"html"
	"net/http"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
)

// The prescription form works without JavaScript: a fixed number of line
// rows, an "add line" button that posts the form back with more rows, and
// a medicine field whose suggestions (a datalist) come from the catalog;
// with htmx, typing in it searches the whole catalog.

const (
	rxFormRows = 4 // line rows of a new form
	rxMoreRows = 2 // rows "add line" adds
)

type doctorRxLine struct {
	Medicine, Dose, Schedule, DurationDays, Quantity, FoodInstruction, Route, Instructions string
	PRN                                                                                    bool
	Num                                                                                    int // 1-based, for the legend
}

func (l doctorRxLine) blank() bool {
	return l.Medicine == "" && l.Dose == "" && l.Schedule == "" && l.DurationDays == "" && l.Quantity == "" &&
		l.Instructions == "" && !l.PRN
}

type doctorRxFormData struct {
	clinic.PrescriptionContext
	Diagnosis, Advice, AdmissionReason, FollowUpDate string
	AdmissionRecommended                             bool
	Lines                                            []doctorRxLine
	Errors                                           map[string]string
	Foods, Routes                                    []string
}

// Labels are the catalog's pickable names, for the datalist.
func (d doctorRxFormData) Labels() []string {
	out := make([]string, len(d.Medicines))
	for i, m := range d.Medicines {
		out[i] = clinic.MedicineLabel(m)
	}
	return out
}

func (s *Site) doctorRxForm(w http.ResponseWriter, r *http.Request) error {
	d := doctorRxFormData{Lines: make([]doctorRxLine, rxFormRows)}
	return s.renderDoctorRxForm(w, r, http.StatusOK, d, true)
}

func (s *Site) renderDoctorRxForm(w http.ResponseWriter, r *http.Request, status int, d doctorRxFormData, prefill bool) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if d.PrescriptionContext, err = s.Clinic.PrescriptionFormContext(r.Context(), a.Scope, id); err != nil {
		return err
	}
	if prefill { // the diagnosis of the visit's latest note
		for _, n := range d.Notes {
			if n.Diagnosis != "" {
				d.Diagnosis = n.Diagnosis
			}
		}
	}
	for i := range d.Lines {
		d.Lines[i].Num = i + 1
		if d.Lines[i].FoodInstruction == "" {
			d.Lines[i].FoodInstruction = "any"
		}
		if d.Lines[i].Route == "" {
			d.Lines[i].Route = "oral"
		}
	}
	d.Foods, d.Routes = clinic.FoodInstructions, clinic.Routes
	return s.render(w, r, status, "doctor_rx_form", d)
}

// doctorRxCreate saves the prescription as a draft and opens it; "add
// line" posts here too and only shows the form again with more rows.
func (s *Site) doctorRxCreate(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	visitID, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(w, r, 0)
	if err != nil {
		return err
	}
	d := doctorRxFormData{Diagnosis: f.str("diagnosis"), Advice: f.str("advice"),
		AdmissionRecommended: f.bool("admission_recommended"), AdmissionReason: f.str("admission_reason"),
		FollowUpDate: f.str("follow_up_date")}
	meds := f.all("medicine")
	if len(meds) > clinic.MaxPrescriptionLines {
		meds = meds[:clinic.MaxPrescriptionLines]
	}
	prn := map[string]bool{}
	for _, v := range f.all("prn") {
		prn[v] = true
	}
	at := func(name string, i int) string {
		if vs := f.all(name); i < len(vs) {
			return strings.TrimSpace(vs[i])
		}
		return ""
	}
	for i := range meds {
		d.Lines = append(d.Lines, doctorRxLine{Medicine: at("medicine", i), Dose: at("dose", i), Schedule: at("schedule", i),
			DurationDays: at("duration_days", i), Quantity: at("quantity", i), FoodInstruction: at("food_instruction", i),
			Route: at("route", i), Instructions: at("instructions", i), PRN: prn[strconv.Itoa(i)]})
	}
	if f.str("add_line") != "" {
		n := len(d.Lines) + rxMoreRows
		for len(d.Lines) < n && len(d.Lines) < clinic.MaxPrescriptionLines {
			d.Lines = append(d.Lines, doctorRxLine{})
		}
		return s.renderDoctorRxForm(w, r, http.StatusOK, d, false)
	}

	// The visit's patient and the catalog (to resolve picked labels).
	fc, err := s.Clinic.PrescriptionFormContext(r.Context(), a.Scope, visitID)
	if err != nil {
		return err
	}
	byLabel := make(map[string]uuid.UUID, len(fc.Medicines))
	for _, m := range fc.Medicines {
		byLabel[strings.ToLower(clinic.MedicineLabel(m))] = m.ID
	}
	in := clinic.PrescriptionInput{VisitID: &visitID, Diagnosis: d.Diagnosis, Advice: d.Advice,
		AdmissionRecommended: d.AdmissionRecommended, AdmissionReason: d.AdmissionReason,
		FollowUpDate: f.optDate("follow_up_date")}
	var rows []int // the form row of each submitted line
	for i, l := range d.Lines {
		if l.blank() {
			continue
		}
		li := clinic.PrescriptionLineInput{MedicineName: l.Medicine, Dose: l.Dose, Schedule: l.Schedule,
			DurationDays: parseOptInt(f, fmt.Sprintf("lines[%d].duration_days", i), l.DurationDays),
			Quantity:     l.Quantity, FoodInstruction: l.FoodInstruction, Route: l.Route, PRN: l.PRN, Instructions: l.Instructions}
		if id, ok := byLabel[strings.ToLower(l.Medicine)]; ok {
			li.MedicineID = &id
		}
		in.Lines = append(in.Lines, li)
		rows = append(rows, i)
	}
	in.PatientID = fc.Patient.ID
	var rx clinic.PrescriptionDetail
	if len(f.Errs) == 0 {
		rx, err = s.Clinic.CreatePrescription(r.Context(), a.Scope, in)
		if fe, ok := doctorFieldErrors(err); ok {
			for k, v := range fe {
				f.fail(rxFormField(k, rows), v)
			}
		} else if err != nil {
			return err
		}
	}
	if len(f.Errs) > 0 {
		d.Errors = f.Errs
		if len(d.Lines) == 0 {
			d.Lines = make([]doctorRxLine, rxFormRows)
		}
		return s.renderDoctorRxForm(w, r, http.StatusUnprocessableEntity, d, false)
	}
	http.Redirect(w, r, doctorBase(r)+"prescriptions/"+rx.ID.String()+"/", http.StatusSeeOther)
	return nil
}

// rxFormField maps a domain field name (lines[i].x, i counting submitted
// lines) to the form's (lines[row].x, row counting form rows; medicine_id
// and medicine_name are both the "medicine" field).
func rxFormField(k string, rows []int) string {
	var i int
	var field string
	if n, _ := fmt.Sscanf(k, "lines[%d].%s", &i, &field); n != 2 || i < 0 || i >= len(rows) {
		if k == "patient_id" || k == "visit_id" {
			return "lines"
		}
		return k
	}
	if field == "medicine_id" || field == "medicine_name" {
		field = "medicine"
	}
	return fmt.Sprintf("lines[%d].%s", rows[i], field)
}

// doctorMedicineOptions answers the medicine search with datalist options
// (htmx swaps them in); without htmx nothing calls it.
func (s *Site) doctorMedicineOptions(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	ms, err := s.Clinic.MedicineCatalog(r.Context(), a.Scope, r.URL.Query().Get("medicine"))
	if _, ok := doctorFieldErrors(err); ok {
		ms = nil // a search too long to match anything
	} else if err != nil {
		return err
	}
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&b, "<option value=\"%s\"></option>\n", html.EscapeString(clinic.MedicineLabel(m)))
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write([]byte(b.String()))
	return err
}

// doctorRxView shows a prescription, with finalise, print and PDF.
func (s *Site) doctorRxView(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Clinic.PrescriptionPrint(r.Context(), a.Scope, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "doctor_rx", p)
}

// doctorRxFinalize signs the prescription off.
func (s *Site) doctorRxFinalize(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.Clinic.FinalizePrescription(r.Context(), a.Scope, id); err != nil {
		return err
	}
	http.Redirect(w, r, doctorBase(r)+"prescriptions/"+id.String()+"/", http.StatusSeeOther)
	return nil
}

func (s *Site) doctorRxPrint(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Clinic.PrescriptionPrint(r.Context(), a.Scope, id)
	if err != nil {
		return err
	}
	return s.RenderPrescriptionPrint(w, r, p)
}

func (s *Site) doctorRxPDF(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Clinic.PrescriptionPrint(r.Context(), a.Scope, id)
	if err != nil {
		return err
	}
	return WritePrescriptionPDF(w, p)
}
