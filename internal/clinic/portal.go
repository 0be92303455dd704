package clinic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// The patient portal reads the record linked to the acting login, never
// one named by a request: nothing a patient sends can select another
// patient. Row-level security holds them to their own released rows
// besides (docs/roles.md).

// Date is a calendar day as PostgreSQL's JSON writes it (YYYY-MM-DD).
type Date struct{ time.Time }

// UnmarshalJSON reads "2006-01-02".
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return err
	}
	d.Time = t
	return nil
}

// PortalVisit is one of the patient's visits.
type PortalVisit struct {
	ID                   uuid.UUID  `json:"id"`
	VisitDate            Date       `json:"visit_date"`
	CheckedInAt          time.Time  `json:"checked_in_at"`
	Token                int        `json:"token"`
	Purpose              string     `json:"purpose"`
	Status               string     `json:"status"`
	CompletedAt          *time.Time `json:"completed_at"`
	DoctorSpecialization *string    `json:"doctor_specialization"`
}

// PortalLine is a line of a prescription as the dashboard shows it (the
// printout is PrescriptionPrint's).
type PortalLine struct {
	Position        int    `json:"position"`
	MedicineName    string `json:"medicine_name"`
	Form            string `json:"form"`
	Dose            string `json:"dose"`
	Schedule        string `json:"schedule"`
	Frequency       string `json:"frequency"`
	DurationDays    *int   `json:"duration_days"`
	Quantity        string `json:"quantity"`
	FoodInstruction string `json:"food_instruction"`
	Route           string `json:"route"`
	PRN             bool   `json:"prn"`
	Instructions    string `json:"instructions"`
}

// PortalPrescription is one of the patient's final prescriptions.
type PortalPrescription struct {
	ID           uuid.UUID    `json:"id"`
	Diagnosis    string       `json:"diagnosis"`
	Advice       string       `json:"advice"`
	FollowUpDate *Date        `json:"follow_up_date"`
	FinalizedAt  time.Time    `json:"finalized_at"`
	Lines        []PortalLine `json:"lines"`
}

// PortalTest is one of the patient's tests with its current released
// result, if any (ReportID nil: no result yet).
type PortalTest struct {
	ID              uuid.UUID     `json:"id"`
	Name            string        `json:"name"`
	TestType        string        `json:"test_type"`
	Status          string        `json:"status"`
	OrderedAt       time.Time     `json:"ordered_at"`
	CompletedAt     *time.Time    `json:"completed_at"`
	ReportID        *uuid.UUID    `json:"report_id"`
	ReportStatus    string        `json:"report_status"`
	VerifiedAt      *time.Time    `json:"verified_at"`
	Notes           string        `json:"notes"`
	FileName        string        `json:"file_name"`
	FileContentType string        `json:"file_content_type"`
	Versions        int           `json:"versions"`
	Values          []ResultValue `json:"values"`
}

// AnyAbnormal reports a result with a value flagged abnormal.
func (t PortalTest) AnyAbnormal() bool {
	for _, v := range t.Values {
		if v.Abnormal() {
			return true
		}
	}
	return false
}

// PortalDocument is one of the patient's uploaded documents.
type PortalDocument struct {
	ID               uuid.UUID  `json:"id"`
	ReportType       string     `json:"report_type"`
	Description      string     `json:"description"`
	ContentType      string     `json:"content_type"`
	SizeBytes        int64      `json:"size_bytes"`
	OriginalFilename string     `json:"original_filename"`
	CreatedAt        time.Time  `json:"created_at"`
	UploadedBy       *uuid.UUID `json:"uploaded_by"`
	// Mine is a document the patient uploaded themselves.
	Mine bool `json:"-"`
}

// Portal is the patient's own record: the newest 100 of each list.
type Portal struct {
	// Linked is false for a patient login that no patient record is
	// linked to yet; everything else is then empty.
	Linked        bool
	Patient       Patient
	Visits        []PortalVisit
	Prescriptions []PortalPrescription
	Tests         []PortalTest
	Documents     []PortalDocument
}

// MyRecords returns the acting patient login's own record, in one
// statement.
func (s *Service) MyRecords(ctx context.Context, sc store.Scope) (Portal, error) {
	var row dbsqlc.PortalDashboardRow
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		row, err = s.q.PortalDashboard(ctx, tx, sc.UserID)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return Portal{}, nil
	}
	if err != nil {
		return Portal{}, err
	}
	p := Portal{Linked: true, Patient: row.Patient}
	for _, part := range []struct {
		raw []byte
		dst any
	}{{row.Visits, &p.Visits}, {row.Prescriptions, &p.Prescriptions}, {row.Tests, &p.Tests}, {row.Documents, &p.Documents}} {
		if err := json.Unmarshal(part.raw, part.dst); err != nil {
			return Portal{}, fmt.Errorf("decode portal: %w", err)
		}
	}
	for i, d := range p.Documents {
		p.Documents[i].Mine = d.UploadedBy != nil && *d.UploadedBy == sc.UserID
	}
	return p, nil
}
