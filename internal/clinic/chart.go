package clinic

import (
	"context"
	"fmt"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// A patient's chart is read in one statement (see DoctorChart in
// queries/doctor.sql): the record, and JSON lists built by PostgreSQL.
// The types below decode those lists; their JSON names are the API's.
// They are decoded with github.com/go-json-experiment/json (the upstream
// of Go's encoding/json/v2), twice as fast as encoding/json on a chart of
// 200 items a list, where decoding was 70 % of the server's CPU for the
// request (docs/benchmarks-go.md). PostgreSQL's JSON meets its stricter
// rules: valid UTF-8, no repeated names, names exactly as the tags spell
// them.

// ChartItems is how many of each list a chart holds (the newest); the
// counts tell how many exist.
const ChartItems = 500

// Chart is a patient's clinical record at a glance.
type Chart struct {
	Patient       Patient             `json:"-"`
	Counts        ChartCounts         `json:"counts"`
	Visits        []ChartVisit        `json:"visits"`
	Notes         []ChartNote         `json:"notes"`
	Prescriptions []ChartPrescription `json:"prescriptions"`
	Tests         []ChartTest         `json:"tests"`
	Reports       []ChartReport       `json:"reports"`
}

// ChartCounts are the full sizes of the chart's lists.
type ChartCounts struct {
	Visits        int64 `json:"visits"`
	Notes         int64 `json:"notes"`
	Prescriptions int64 `json:"prescriptions"`
	Tests         int64 `json:"tests"`
	Reports       int64 `json:"reports"`
}

// ChartVisit is one visit with its vitals.
type ChartVisit struct {
	ID           uuid.UUID  `json:"id"`
	VisitDate    string     `json:"visit_date"`
	Token        int        `json:"token"`
	Purpose      string     `json:"purpose"`
	Priority     string     `json:"priority"`
	Status       string     `json:"status"`
	DoctorID     *uuid.UUID `json:"doctor_id"`
	DoctorName   string     `json:"doctor_name"`
	CheckedInAt  time.Time  `json:"checked_in_at"`
	CompletedAt  *time.Time `json:"completed_at"`
	BpSystolic   *int       `json:"bp_systolic"`
	BpDiastolic  *int       `json:"bp_diastolic"`
	Pulse        *int       `json:"pulse"`
	TemperatureC *float64   `json:"temperature_c"`
	SpO2         *int       `json:"spo2"`
	BloodSugar   *float64   `json:"blood_sugar"`
	WeightKg     *float64   `json:"weight_kg"`
}

// ChartNote is a doctor's note.
type ChartNote struct {
	ID             uuid.UUID  `json:"id"`
	VisitID        uuid.UUID  `json:"visit_id,omitzero"`
	ChiefComplaint string     `json:"chief_complaint"`
	Observations   string     `json:"observations"`
	Diagnosis      string     `json:"diagnosis"`
	TreatmentPlan  string     `json:"treatment_plan"`
	Notes          string     `json:"notes"`
	SignedAt       *time.Time `json:"signed_at"`
	CreatedAt      time.Time  `json:"created_at"`
	AuthorName     string     `json:"author_name"`
}

// ChartPrescription is a prescription with its lines.
type ChartPrescription struct {
	ID                   uuid.UUID   `json:"id"`
	VisitID              *uuid.UUID  `json:"visit_id"`
	DoctorID             uuid.UUID   `json:"doctor_id"`
	DoctorName           string      `json:"doctor_name"`
	Status               string      `json:"status"`
	Diagnosis            string      `json:"diagnosis"`
	Advice               string      `json:"advice"`
	AdmissionRecommended bool        `json:"admission_recommended"`
	AdmissionReason      string      `json:"admission_reason"`
	FollowUpDate         *string     `json:"follow_up_date"`
	FinalizedAt          *time.Time  `json:"finalized_at"`
	CreatedAt            time.Time   `json:"created_at"`
	Lines                []ChartLine `json:"lines"`
}

// ChartLine is one medicine of a prescription.
type ChartLine struct {
	Position        int    `json:"position"`
	MedicineName    string `json:"medicine_name"`
	Form            string `json:"form"`
	Dose            string `json:"dose"`
	Schedule        string `json:"schedule"`
	DurationDays    *int   `json:"duration_days"`
	Quantity        string `json:"quantity"`
	FoodInstruction string `json:"food_instruction"`
	Route           string `json:"route"`
	PRN             bool   `json:"prn"`
	Instructions    string `json:"instructions"`
}

// ChartTest is an ordered test and its latest report.
type ChartTest struct {
	ID          uuid.UUID        `json:"id"`
	VisitID     *uuid.UUID       `json:"visit_id"`
	Name        string           `json:"name"`
	TestType    string           `json:"test_type"`
	Urgency     string           `json:"urgency"`
	Status      string           `json:"status"`
	Description string           `json:"description,omitempty"`
	OrderedAt   time.Time        `json:"ordered_at"`
	CompletedAt *time.Time       `json:"completed_at"`
	Report      *ChartTestReport `json:"report"`
}

// ChartTestReport is a test's latest report with its values.
type ChartTestReport struct {
	ID          uuid.UUID    `json:"id"`
	Status      string       `json:"status"`
	PerformedAt time.Time    `json:"performed_at"`
	VerifiedAt  *time.Time   `json:"verified_at"`
	Notes       string       `json:"notes"`
	FileName    *string      `json:"file_name"`
	Values      []ChartValue `json:"values"`
}

// Abnormal reports whether any value is flagged.
func (r *ChartTestReport) Abnormal() bool {
	for _, v := range r.Values {
		if v.Abnormal() {
			return true
		}
	}
	return false
}

// ChartValue is one analyte of a report.
type ChartValue struct {
	Analyte        string `json:"analyte"`
	Value          string `json:"value"`
	Unit           string `json:"unit"`
	ReferenceRange string `json:"reference_range"`
	AbnormalFlag   string `json:"abnormal_flag"`
}

// Abnormal reports a value flagged anything but normal.
func (v ChartValue) Abnormal() bool { return v.AbnormalFlag != "" && v.AbnormalFlag != "normal" }

// ChartReport is an uploaded document's description (never its bytes).
type ChartReport struct {
	ID               uuid.UUID `json:"id"`
	ReportType       string    `json:"report_type"`
	Description      string    `json:"description"`
	ContentType      string    `json:"content_type"`
	SizeBytes        int64     `json:"size_bytes"`
	OriginalFilename string    `json:"original_filename"`
	CreatedAt        time.Time `json:"created_at"`
}

// Chart reads a patient's chart in one statement. Another clinic's patient
// is store.ErrNotFound; notes are empty for roles that may not read them.
func (s *Service) Chart(ctx context.Context, sc store.Scope, patientID uuid.UUID) (Chart, error) {
	var r dbsqlc.DoctorChartRow
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		r, err = s.q.DoctorChart(ctx, tx, dbsqlc.DoctorChartParams{MaxItems: ChartItems, ID: patientID})
		return err
	})
	if err != nil {
		return Chart{}, err
	}
	c := Chart{Patient: r.Patient, Counts: ChartCounts{Visits: r.VisitCount, Notes: r.NoteCount,
		Prescriptions: r.PrescriptionCount, Tests: r.TestCount, Reports: r.ReportCount}}
	var doctors []struct {
		ID   uuid.UUID `json:"id"`
		Name string    `json:"name"`
	}
	for _, j := range []struct {
		raw []byte
		dst any
	}{{r.Doctors, &doctors}, {r.Visits, &c.Visits}, {r.Notes, &c.Notes}, {r.Prescriptions, &c.Prescriptions},
		{r.Tests, &c.Tests}, {r.Reports, &c.Reports}} {
		if err := json.Unmarshal(j.raw, j.dst); err != nil {
			return Chart{}, fmt.Errorf("chart: decode: %w", err)
		}
	}
	names := make(map[uuid.UUID]string, len(doctors))
	for _, d := range doctors {
		names[d.ID] = d.Name
	}
	for i := range c.Visits {
		if id := c.Visits[i].DoctorID; id != nil {
			c.Visits[i].DoctorName = names[*id]
		}
	}
	for i := range c.Prescriptions {
		if c.Prescriptions[i].DoctorName == "" { // written before the name was kept
			c.Prescriptions[i].DoctorName = names[c.Prescriptions[i].DoctorID]
		}
	}
	return c, nil
}

// Partial reports a chart that does not hold every item of some list.
func (c Chart) Partial() bool {
	return c.Counts.Visits > int64(len(c.Visits)) || c.Counts.Notes > int64(len(c.Notes)) ||
		c.Counts.Prescriptions > int64(len(c.Prescriptions)) || c.Counts.Tests > int64(len(c.Tests)) ||
		c.Counts.Reports > int64(len(c.Reports))
}
