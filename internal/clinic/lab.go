package clinic

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// The lab's day: tests wait (ordered, then collected), results are entered
// as a preliminary report, someone verifies it (final, released to the
// patient), and a released report is never edited: a correction is a new
// version that supersedes it, and the earlier one stays as history.

// TestListItem is a test in a list, with whose it is.
type TestListItem struct {
	Test
	PatientNumber string
	PatientName   string
}

// TestQuery filters the list of tests; zero values mean "any".
type TestQuery struct {
	Statuses  []string // ordered, collected, completed, cancelled
	Urgency   string   // routine, urgent, stat
	PatientID *uuid.UUID
	Cursor    string
	Limit     int
}

// The values the schema allows.
var (
	TestStatuses  = []string{"ordered", "collected", "completed", "cancelled"}
	Urgencies     = []string{"routine", "urgent", "stat"}
	AbnormalFlags = []string{"normal", "low", "high", "critical", "abnormal"}
	// PendingStatuses are the statuses of tests waiting for the lab.
	PendingStatuses = []string{"ordered", "collected"}
)

// MaxResultValues bounds the values of one report (the schema's positions).
const MaxResultValues = 200

// ListTests lists tests, oldest order first (the lab works as a queue).
func (s *Service) ListTests(ctx context.Context, sc store.Scope, q TestQuery) (Page[TestListItem], error) {
	c := newChecker()
	for _, st := range q.Statuses {
		c.oneOf("status", st, TestStatuses...)
	}
	if q.Urgency != "" {
		c.oneOf("urgency", q.Urgency, Urgencies...)
	}
	key, after, err := decodeCursor(q.Cursor)
	if err != nil {
		c.fail("cursor", "This cursor is not valid; start from the first page.")
	}
	if err := c.errs.orNil(); err != nil {
		return Page[TestListItem]{}, err
	}
	n := limit(q.Limit, DefaultPageSize, MaxPageSize)
	var statuses []string
	if len(q.Statuses) > 0 {
		statuses = q.Statuses
	}
	var items []TestListItem
	err = s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		if owner := ownerOf(sc); q.Urgency != "" && q.Urgency != "routine" && q.PatientID == nil && owner == nil {
			// The lab's urgent worklist: its own statement and index,
			// which a large clinic needs (queries/lab.sql).
			p := FirstUrgentTests(q.Urgency, statuses, n)
			if after {
				p.AfterOrderedAt, p.AfterID = pgtype.Timestamptz{Time: key.T, Valid: true}, key.ID
			}
			items, err = s.listUrgentTests(ctx, tx, p)
		} else {
			p := dbsqlc.LabListTestsParams{Statuses: statuses, PatientID: q.PatientID, OwnerUserID: owner, MaxRows: n}
			if q.Urgency != "" {
				p.Urgency = &q.Urgency
			}
			if after {
				p.AfterOrderedAt, p.AfterID = &key.T, &key.ID
			}
			items, err = s.listTests(ctx, tx, p)
		}
		return err
	})
	if err != nil {
		return Page[TestListItem]{}, err
	}
	out := Page[TestListItem]{Items: items}
	if len(items) == int(n) {
		last := items[len(items)-1]
		out.Next = encodeCursor(cursorKey{T: last.OrderedAt, ID: last.ID})
	}
	return out, nil
}

// FirstUrgentTests is the first page of LabListUrgentTests: the oldest n
// tests of the urgency in the statuses (nil: every status). Its cursor
// is not optional, so the first page starts before every test.
func FirstUrgentTests(urgency string, statuses []string, n int32) dbsqlc.LabListUrgentTestsParams {
	return dbsqlc.LabListUrgentTestsParams{Statuses: statuses, Urgency: urgency, MaxRows: n,
		AfterOrderedAt: pgtype.Timestamptz{InfinityModifier: pgtype.NegativeInfinity, Valid: true}}
}

func (s *Service) listTests(ctx context.Context, tx dbsqlc.DBTX, p dbsqlc.LabListTestsParams) ([]TestListItem, error) {
	rows, err := s.q.LabListTests(ctx, tx, p)
	if err != nil {
		return nil, err
	}
	items := make([]TestListItem, len(rows))
	for i, r := range rows {
		items[i] = TestListItem{Test: dbsqlc.Test{ClinicID: r.ClinicID, ID: r.ID,
			PatientID: r.PatientID, VisitID: r.VisitID, PrescriptionID: r.PrescriptionID, CatalogID: r.CatalogID,
			OrderedBy: r.OrderedBy, TestType: r.TestType, Name: r.Name, Description: r.Description,
			Urgency: r.Urgency, Status: r.Status, OrderedAt: r.OrderedAt, CollectedAt: r.CollectedAt,
			CompletedAt: r.CompletedAt, CancelledAt: r.CancelledAt, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
			LegacyID: r.LegacyID}, PatientNumber: r.PatientNumber, PatientName: r.PatientName}
	}
	return items, nil
}

func (s *Service) listUrgentTests(ctx context.Context, tx dbsqlc.DBTX, p dbsqlc.LabListUrgentTestsParams) ([]TestListItem, error) {
	rows, err := s.q.LabListUrgentTests(ctx, tx, p)
	if err != nil {
		return nil, err
	}
	items := make([]TestListItem, len(rows))
	for i, r := range rows {
		items[i] = TestListItem{Test: r.Test, PatientNumber: r.PatientNumber, PatientName: r.PatientName}
	}
	return items, nil
}

// ResultValue is one measured value of a report. Position is its place in
// the report, from 1; on input the order of the list decides it.
type ResultValue struct {
	Position       int    `json:"position"`
	Analyte        string `json:"analyte"`
	Value          string `json:"value"`
	Unit           string `json:"unit"`
	ReferenceRange string `json:"reference_range"`
	AbnormalFlag   string `json:"abnormal_flag"`
}

// Abnormal reports a value flagged as anything but normal.
func (v ResultValue) Abnormal() bool { return v.AbnormalFlag != "" && v.AbnormalFlag != "normal" }

// ReportVersion is one report of a test as listed with it.
type ReportVersion struct {
	ID              uuid.UUID     `json:"id"`
	Status          string        `json:"status"`
	Supersedes      *uuid.UUID    `json:"supersedes"`
	SupersededBy    *uuid.UUID    `json:"superseded_by"`
	PerformedBy     *uuid.UUID    `json:"performed_by"`
	PerformedAt     time.Time     `json:"performed_at"`
	VerifiedBy      *uuid.UUID    `json:"verified_by"`
	VerifiedAt      *time.Time    `json:"verified_at"`
	Notes           string        `json:"notes"`
	FileName        *string       `json:"file_name"`
	FileContentType *string       `json:"file_content_type"`
	FileSize        *int64        `json:"file_size"`
	CreatedAt       time.Time     `json:"created_at"`
	Values          []ResultValue `json:"values"`
}

// Current reports a version that no correction has replaced.
func (r ReportVersion) Current() bool { return r.SupersededBy == nil }

// TestDetail is a test with its patient and every report of it the caller
// may read, newest first.
type TestDetail struct {
	Test
	PatientNumber string
	PatientName   string
	Reports       []ReportVersion
}

// Pending reports a test still waiting for results.
func (t TestDetail) Pending() bool { return t.Status == "ordered" || t.Status == "collected" }

// GetTest returns a test with its reports; another clinic's, or (for a
// patient login) anyone else's, is store.ErrNotFound. A staff read is
// recorded in the access log.
func (s *Service) GetTest(ctx context.Context, sc store.Scope, id uuid.UUID, req auditlog.Request) (TestDetail, error) {
	var row dbsqlc.LabGetTestRow
	err := s.readAudited(ctx, sc, req, auditlog.ActionRead, func(tx dbsqlc.DBTX) (auditlog.Resource, error) {
		var err error
		row, err = s.q.LabGetTest(ctx, tx, id)
		return auditlog.Resource{Table: "tests", ID: id, PatientID: row.Test.PatientID}, err
	})
	if err != nil {
		return TestDetail{}, err
	}
	d := TestDetail{Test: row.Test, PatientNumber: row.PatientNumber, PatientName: row.PatientName}
	if err := json.Unmarshal(row.Reports, &d.Reports); err != nil {
		return TestDetail{}, fmt.Errorf("decode reports: %w", err)
	}
	return d, nil
}

// MarkCollected records that the sample of an ordered test was taken.
func (s *Service) MarkCollected(ctx context.Context, sc store.Scope, id uuid.UUID) (Test, error) {
	var t Test
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		t, err = s.q.LabMarkCollected(ctx, tx, id)
		if isNoRows(err) {
			cur, gerr := s.q.GetTest(ctx, tx, id)
			if gerr != nil {
				return gerr
			}
			return testStateError(cur.Status, "collected")
		}
		return err
	})
	return t, err
}

func testStateError(status, want string) error {
	switch status {
	case "collected":
		if want == "collected" {
			return &StateError{Detail: "The sample of this test has already been collected."}
		}
	case "completed":
		return &StateError{Detail: "Results for this test have already been entered; correct its report instead."}
	case "cancelled":
		return &StateError{Detail: "This test was cancelled."}
	}
	return &StateError{Detail: "This test is " + status + "; it cannot be " + want + " now."}
}

// ResultsInput is what the lab enters for a test, or for a correction.
type ResultsInput struct {
	Notes  string
	Values []ResultValue
	// File is the report document (PDF, PNG or JPEG), optional.
	File *Upload
	// RemoveFile, for a correction without a new file, drops the earlier
	// version's document instead of keeping it.
	RemoveFile bool
}

func (in *ResultsInput) normalize() {
	in.Notes = strings.TrimSpace(in.Notes)
	for i := range in.Values {
		v := &in.Values[i]
		for _, f := range []*string{&v.Analyte, &v.Value, &v.Unit, &v.ReferenceRange, &v.AbnormalFlag} {
			*f = strings.TrimSpace(*f)
		}
		if v.AbnormalFlag == "" {
			v.AbnormalFlag = "normal"
		}
		v.Position = i + 1
	}
}

// ValueField names a field of the i-th value (from 0) as messages key it.
func ValueField(i int, name string) string { return fmt.Sprintf("values[%d].%s", i, name) }

// validate checks the input; correction tells whether an earlier file may
// be kept (so a report of no values and no new file can still hold one).
func (s *Service) validateResults(in ResultsInput, correction bool) (fileMeta, error) {
	c := newChecker()
	c.text("notes", in.Notes, 4000, false)
	if len(in.Values) > MaxResultValues {
		c.fail("values", "A report holds at most "+itoa(MaxResultValues)+" values.")
	}
	for i, v := range in.Values {
		if i >= MaxResultValues {
			break
		}
		c.text(ValueField(i, "analyte"), v.Analyte, 200, true)
		c.text(ValueField(i, "value"), v.Value, 200, true)
		c.text(ValueField(i, "unit"), v.Unit, 32, false)
		c.text(ValueField(i, "reference_range"), v.ReferenceRange, 100, false)
		c.oneOf(ValueField(i, "abnormal_flag"), v.AbnormalFlag, AbnormalFlags...)
	}
	var fm fileMeta
	if in.File != nil {
		var err error
		if fm, err = s.checkFile("file", *in.File); err != nil {
			c.merge(err)
		}
	}
	if len(in.Values) == 0 && in.File == nil && (!correction || in.RemoveFile) {
		c.fail("values", "Enter at least one result, or attach the report file.")
	}
	return fm, c.errs.orNil()
}

func resultArrays(vs []ResultValue) (analytes, values, units, ranges, flags []string) {
	for _, v := range vs {
		analytes = append(analytes, v.Analyte)
		values = append(values, v.Value)
		units = append(units, v.Unit)
		ranges = append(ranges, v.ReferenceRange)
		flags = append(flags, v.AbnormalFlag)
	}
	return
}

func actor(sc store.Scope) *uuid.UUID {
	if sc.UserID == uuid.Nil {
		return nil
	}
	id := sc.UserID
	return &id
}

// EnterResults records the results of a pending test (ordered or
// collected) as a preliminary report, with its values and document, and
// completes the test; the report is not shown to the patient until it is
// verified.
func (s *Service) EnterResults(ctx context.Context, sc store.Scope, testID uuid.UUID, in ResultsInput) (TestReport, error) {
	in.normalize()
	fm, err := s.validateResults(in, false)
	if err != nil {
		return TestReport{}, err
	}
	a, v, u, r, f := resultArrays(in.Values)
	var rep TestReport
	err = s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		id, err := s.q.LabEnterResults(ctx, tx, dbsqlc.LabEnterResultsParams{
			TestID: testID, PerformedBy: actor(sc), Notes: in.Notes,
			FileContent: fm.data, FileContentType: fm.contentType, FileName: fm.name, FileSize: fm.size, FileSHA256: fm.sha256,
			Analytes: a, ResultValues: v, Units: u, ReferenceRanges: r, AbnormalFlags: f,
		})
		if isNoRows(err) {
			cur, gerr := s.q.GetTest(ctx, tx, testID)
			if gerr != nil {
				return gerr
			}
			return testStateError(cur.Status, "given results")
		}
		if err != nil {
			return err
		}
		rep, err = s.getTestReport(ctx, tx, id)
		return err
	})
	return rep, err
}

// FileInfo describes a stored document.
type FileInfo struct {
	Name        string
	ContentType string
	Size        int64
	SHA256      []byte
}

// ReportRef is one version in a report's history.
type ReportRef struct {
	ID          uuid.UUID  `json:"id"`
	Status      string     `json:"status"`
	Supersedes  *uuid.UUID `json:"supersedes"`
	PerformedAt time.Time  `json:"performed_at"`
	VerifiedAt  *time.Time `json:"verified_at"`
	CreatedAt   time.Time  `json:"created_at"`
}

// TestReport is one version of a test's results, with its values, its
// test and patient, and the history of the test's results (oldest first).
type TestReport struct {
	ID, ClinicID, TestID, PatientID uuid.UUID
	Status                          string // preliminary, final, corrected
	Supersedes, SupersededBy        *uuid.UUID
	PerformedBy                     *uuid.UUID
	PerformedAt                     time.Time
	VerifiedBy                      *uuid.UUID
	VerifiedAt                      *time.Time
	Notes                           string
	File                            *FileInfo
	CreatedAt, UpdatedAt            time.Time

	TestName, TestType, Urgency, TestStatus string
	PatientNumber, PatientName              string

	Values  []ResultValue
	History []ReportRef
}

// Current reports a version that no correction has replaced.
func (r TestReport) Current() bool { return r.SupersededBy == nil }

// Released reports a version the patient may see.
func (r TestReport) Released() bool { return r.Status == "final" || r.Status == "corrected" }

// GetTestReport returns one report version; another clinic's, or for a
// patient login anyone else's or an unreleased one, is store.ErrNotFound.
// A staff read is recorded in the access log.
func (s *Service) GetTestReport(ctx context.Context, sc store.Scope, id uuid.UUID, req auditlog.Request) (TestReport, error) {
	var rep TestReport
	err := s.readAudited(ctx, sc, req, auditlog.ActionRead, func(tx dbsqlc.DBTX) (auditlog.Resource, error) {
		var err error
		rep, err = s.getTestReport(ctx, tx, id)
		return auditlog.Resource{Table: "test_reports", ID: id, PatientID: rep.PatientID}, err
	})
	return rep, err
}

func (s *Service) getTestReport(ctx context.Context, tx dbsqlc.DBTX, id uuid.UUID) (TestReport, error) {
	row, err := s.q.LabGetTestReport(ctx, tx, id)
	if err != nil {
		return TestReport{}, err
	}
	rep := TestReport{
		ID: row.ID, ClinicID: row.ClinicID, TestID: row.TestID, PatientID: row.PatientID, Status: row.Status,
		Supersedes: row.Supersedes, SupersededBy: row.SupersededBy, PerformedBy: row.PerformedBy,
		PerformedAt: row.PerformedAt, VerifiedBy: row.VerifiedBy, VerifiedAt: row.VerifiedAt, Notes: row.Notes,
		CreatedAt: row.CreatedAt, UpdatedAt: row.UpdatedAt, TestName: row.TestName, TestType: row.TestType,
		Urgency: row.Urgency, TestStatus: row.TestStatus, PatientNumber: row.PatientNumber, PatientName: row.PatientName,
	}
	if row.FileContentType != nil {
		rep.File = &FileInfo{Name: deref(row.FileName), ContentType: *row.FileContentType,
			Size: int64(deref(row.FileSize)), SHA256: row.FileSHA256}
	}
	if err := json.Unmarshal(row.Values, &rep.Values); err != nil {
		return TestReport{}, fmt.Errorf("decode values: %w", err)
	}
	if err := json.Unmarshal(row.History, &rep.History); err != nil {
		return TestReport{}, fmt.Errorf("decode history: %w", err)
	}
	return rep, nil
}

// VerifyReport releases a preliminary report: it becomes final, verified
// by the actor, and the patient sees it.
func (s *Service) VerifyReport(ctx context.Context, sc store.Scope, id uuid.UUID) (TestReport, error) {
	var rep TestReport
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		_, err := s.q.LabVerifyReport(ctx, tx, dbsqlc.LabVerifyReportParams{ID: id, VerifiedBy: actor(sc)})
		if isNoRows(err) {
			st, serr := s.q.LabReportState(ctx, tx, id)
			if serr != nil {
				return serr
			}
			return &StateError{Detail: "This report is already " + st.Status + "; only a preliminary report is verified."}
		}
		if err != nil {
			return err
		}
		rep, err = s.getTestReport(ctx, tx, id)
		return err
	})
	return rep, err
}

// CorrectReport replaces the current version of a released report with a
// corrected one (the full set of values, and a new, kept or removed
// document). The corrected version is released at once, verified by the
// actor; the earlier one stays, readable as history. Only the latest
// version is corrected, once: of two corrections at once, one wins.
func (s *Service) CorrectReport(ctx context.Context, sc store.Scope, id uuid.UUID, in ResultsInput) (TestReport, error) {
	in.normalize()
	fm, err := s.validateResults(in, true)
	if err != nil {
		return TestReport{}, err
	}
	if sc.UserID == uuid.Nil {
		return TestReport{}, &StateError{Detail: "A correction needs a person to answer for it."}
	}
	mode := "keep"
	switch {
	case in.File != nil:
		mode = "replace"
	case in.RemoveFile:
		mode = "remove"
	}
	a, v, u, r, f := resultArrays(in.Values)
	var rep TestReport
	err = s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		newID, err := s.q.LabCorrectReport(ctx, tx, dbsqlc.LabCorrectReportParams{
			Supersedes: id, CorrectedBy: sc.UserID, Notes: in.Notes, FileMode: mode,
			FileContent: fm.data, FileContentType: fm.contentType, FileName: fm.name, FileSize: fm.size, FileSHA256: fm.sha256,
			Analytes: a, ResultValues: v, Units: u, ReferenceRanges: r, AbnormalFlags: f,
		})
		if isNoRows(err) {
			st, serr := s.q.LabReportState(ctx, tx, id)
			if serr != nil {
				return serr
			}
			if st.Superseded {
				return &StateError{Detail: "This version has already been corrected; correct the latest version."}
			}
			return &StateError{Detail: "This report is " + st.Status + "; verify it before correcting it."}
		}
		if err != nil {
			return err
		}
		rep, err = s.getTestReport(ctx, tx, newID)
		return err
	})
	return rep, err
}

// TestReportFile returns a report version's document; none is
// store.ErrNotFound. A staff download is recorded as an export.
func (s *Service) TestReportFile(ctx context.Context, sc store.Scope, id uuid.UUID, req auditlog.Request) (File, error) {
	var f File
	err := s.readAudited(ctx, sc, req, auditlog.ActionExport, func(tx dbsqlc.DBTX) (auditlog.Resource, error) {
		row, err := s.q.LabTestReportFile(ctx, tx, id)
		if err != nil {
			return auditlog.Resource{}, err
		}
		f = File{Name: deref(row.FileName), ContentType: deref(row.FileContentType), Data: row.FileContent}
		return auditlog.Resource{Table: "test_reports", ID: id, PatientID: row.PatientID}, nil
	})
	return f, err
}
