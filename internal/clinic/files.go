package clinic

import (
	"context"
	"errors"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// Files are stored in PostgreSQL, in the row they belong to, under the same
// policies as the row. An upload is accepted only when its first bytes are
// those of a PDF, PNG or JPEG (Sniff); the client's name and content type
// are never trusted. The stored name is kept for people to recognise, and
// a download is always named with the extension of the sniffed type
// (DownloadName), so a file that arrived as "x.html" can only ever be
// saved and opened as what it is.

// File is a stored document, ready to serve.
type File struct {
	Name        string
	ContentType string
	Data        []byte
}

// fileMeta is a checked upload in the shape the queries take.
type fileMeta struct {
	data        []byte
	contentType *string
	name        *string
	size        *int32
	sha256      []byte
}

// checkFile validates an upload (size, type by content) and returns what
// is stored of it.
func (s *Service) checkFile(field string, u Upload) (fileMeta, error) {
	ct, sum, err := s.checkUpload(field, u)
	if err != nil {
		return fileMeta{}, err
	}
	name := cleanFileName(u.Name)
	size := int32(len(u.Data))
	return fileMeta{data: u.Data, contentType: &ct, name: &name, size: &size, sha256: sum}, nil
}

// cleanFileName keeps the last path element of a client's file name (some
// browsers send "C:\fakepath\scan.pdf"), without control characters, at
// most 255 characters.
func cleanFileName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = path.Base(name)
	name = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || r == '/' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "." || name == "" {
		name = "document"
	}
	if r := []rune(name); len(r) > 255 {
		name = string(r[:255])
	}
	return name
}

var extensions = map[string]string{"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}

// DownloadName is the name a stored file is served under: its stored name
// reduced to letters, digits, spaces and . - _ ( ), at most 100
// characters, with the extension of its content type in place of whatever
// it had ("results.html" stored as a PDF is served as "results.pdf").
func DownloadName(name, contentType string) string {
	ext, ok := extensions[contentType]
	if !ok {
		ext = ".bin"
	}
	base := cleanFileName(name)
	if e := path.Ext(base); e != "" {
		base = strings.TrimSuffix(base, e)
	}
	base = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), strings.ContainsRune(" .-_()", r):
			return r
		}
		return '_'
	}, base)
	base = strings.Trim(base, " .")
	if r := []rune(base); len(r) > 100 {
		base = string(r[:100])
	}
	if base == "" {
		base = "document"
	}
	return base + ext
}

// MedicalReport is an uploaded document's description (not its bytes).
// UploaderName is nil when the reader may not read the uploader's users
// row: for a patient, any staff member.
type MedicalReport = dbsqlc.FilesGetMedicalReportRow

// ReportTypes are the kinds of uploaded document.
var ReportTypes = []string{"lab", "imaging", "discharge", "referral", "prescription", "other"}

// MedicalReportInput is an upload of a document to a patient's record.
// A patient login's upload goes to their own record: PatientID nil means
// that, and any other id is refused as not found.
type MedicalReportInput struct {
	PatientID   *uuid.UUID
	ReportType  string // "" is other
	Description string
	File        Upload
}

// UploadMedicalReport stores a document in a patient's record.
func (s *Service) UploadMedicalReport(ctx context.Context, sc store.Scope, in MedicalReportInput) (MedicalReport, error) {
	in.Description = strings.TrimSpace(in.Description)
	if in.ReportType == "" {
		in.ReportType = "other"
	}
	c := newChecker()
	if in.PatientID == nil && sc.Role != store.RolePatient {
		c.fail("patient_id", "Choose the patient.")
	}
	c.oneOf("report_type", in.ReportType, ReportTypes...)
	c.text("description", in.Description, 2000, false)
	fm, err := s.checkFile("file", in.File)
	if err != nil {
		c.merge(err)
	}
	if err := c.errs.orNil(); err != nil {
		return MedicalReport{}, err
	}
	var m MedicalReport
	err = s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		var id uuid.UUID
		var err error
		if in.PatientID == nil {
			id, err = s.q.FilesUploadOwnMedicalReport(ctx, tx, dbsqlc.FilesUploadOwnMedicalReportParams{
				UserID: sc.UserID, ReportType: in.ReportType, Description: in.Description, Content: fm.data,
				ContentType: *fm.contentType, SizeBytes: *fm.size, SHA256: fm.sha256, OriginalFilename: *fm.name,
			})
			if isNoRows(err) {
				return &StateError{Detail: "Your login is not linked to a patient record yet; ask the clinic's reception."}
			}
		} else {
			id, err = s.q.FilesUploadMedicalReport(ctx, tx, dbsqlc.FilesUploadMedicalReportParams{
				PatientID: *in.PatientID, UploadedBy: actor(sc), ReportType: in.ReportType,
				Description: in.Description, Content: fm.data, ContentType: *fm.contentType,
				SizeBytes: *fm.size, SHA256: fm.sha256, OriginalFilename: *fm.name,
			})
			if isNoRows(err) {
				return FieldErrors{"patient_id": "There is no such patient in this clinic."}
			}
		}
		if err != nil {
			return err
		}
		m, err = s.q.FilesGetMedicalReport(ctx, tx, id)
		return err
	})
	return m, err
}

// MedicalReportQuery filters the documents list; a nil PatientID is every
// document the caller may read (for a patient login, their own).
type MedicalReportQuery struct {
	PatientID *uuid.UUID
	Cursor    string
	Limit     int
}

// ListMedicalReports lists documents, newest first.
func (s *Service) ListMedicalReports(ctx context.Context, sc store.Scope, q MedicalReportQuery) (Page[MedicalReport], error) {
	key, after, err := decodeCursor(q.Cursor)
	if err != nil {
		return Page[MedicalReport]{}, FieldErrors{"cursor": "This cursor is not valid; start from the first page."}
	}
	n := limit(q.Limit, DefaultPageSize, MaxPageSize)
	p := dbsqlc.FilesListMedicalReportsParams{PatientID: q.PatientID, OwnerUserID: ownerOf(sc), MaxRows: n}
	if after {
		p.AfterCreatedAt, p.AfterID = &key.T, &key.ID
	}
	var rows []dbsqlc.FilesListMedicalReportsRow
	err = s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		rows, err = s.q.FilesListMedicalReports(ctx, tx, p)
		return err
	})
	if err != nil {
		return Page[MedicalReport]{}, err
	}
	out := Page[MedicalReport]{Items: make([]MedicalReport, 0, len(rows))}
	for _, r := range rows {
		out.Items = append(out.Items, MedicalReport(r))
	}
	if len(rows) == int(n) {
		last := rows[len(rows)-1]
		out.Next = encodeCursor(cursorKey{T: last.CreatedAt, ID: last.ID})
	}
	return out, nil
}

// ownerOf is, for a patient login, the login whose own record a list is
// limited to (the policies limit it anyway; saying so lets the query find
// the rows by index); nil for staff.
func ownerOf(sc store.Scope) *uuid.UUID {
	if sc.Role != store.RolePatient {
		return nil
	}
	id := sc.UserID
	return &id
}

// GetMedicalReport describes one document (a staff read is recorded).
func (s *Service) GetMedicalReport(ctx context.Context, sc store.Scope, id uuid.UUID, req auditlog.Request) (MedicalReport, error) {
	var m MedicalReport
	err := s.readAudited(ctx, sc, req, auditlog.ActionRead, func(tx dbsqlc.DBTX) (auditlog.Resource, error) {
		var err error
		m, err = s.q.FilesGetMedicalReport(ctx, tx, id)
		return auditlog.Resource{Table: "medical_reports", ID: id, PatientID: m.PatientID}, err
	})
	return m, err
}

// MedicalReportFile returns a document's bytes; a staff member's download
// is recorded in the access log as an export.
func (s *Service) MedicalReportFile(ctx context.Context, sc store.Scope, id uuid.UUID, req auditlog.Request) (File, error) {
	var f File
	err := s.readAudited(ctx, sc, req, auditlog.ActionExport, func(tx dbsqlc.DBTX) (auditlog.Resource, error) {
		row, err := s.q.FilesMedicalReportFile(ctx, tx, id)
		if err != nil {
			return auditlog.Resource{}, err
		}
		f = File{Name: row.OriginalFilename, ContentType: row.ContentType, Data: row.Content}
		return auditlog.Resource{Table: "medical_reports", ID: id, PatientID: row.PatientID}, nil
	})
	return f, err
}

// readAudited runs read and, for staff, records in the access log that
// they read (or exported) the resource it names, in the same transaction:
// a record is never shown without its event. A patient's reads of their
// own record are not recorded (the log tells them who else opened it) and
// run read-only, in one round trip.
func (s *Service) readAudited(ctx context.Context, sc store.Scope, req auditlog.Request, action auditlog.Action,
	read func(tx dbsqlc.DBTX) (auditlog.Resource, error)) error {
	if sc.Role == store.RolePatient {
		return s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
			_, err := read(tx)
			return err
		})
	}
	return s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		res, err := read(tx)
		if err != nil {
			return err
		}
		return auditlog.Record(ctx, tx, auditlog.Event{Action: action, Resource: res, Request: req})
	})
}

// merge adds the messages of a validation helper's FieldErrors to the
// checker's (those helpers return no other error).
func (c *checker) merge(err error) {
	var fe FieldErrors
	if errors.As(err, &fe) {
		for k, v := range fe {
			c.fail(k, v)
		}
	}
}
