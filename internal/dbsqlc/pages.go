package dbsqlc

import (
	"context"
	"errors"
)

// The patient pages (the reception list and both searches) run the
// generated statements into a slice made once with room for the page.
// The generated methods grow theirs by appending, and for a page of 50
// patients the copies were 42 KB of the request's 130 KB of garbage
// (docs/benchmarks-go.md). They also leave undecoded the columns no page
// shows: the generated search keys phone_digits and phone_key, form_key,
// and name_search except where the search's cursor is made from it. Those
// fields stay nil; decoding them was about 6 allocations per row.
// The row's text columns become one string a row, cut into the fields
// (rowText), not one string a column.
// (Hand-written; sqlc leaves this file be. TestPatientPagesMatchGenerated
// holds them equal to the generated methods but for those fields, so a
// column added to patients fails there, not in production.)

// ListPatientsPage is ListPatients into a slice sized for arg.MaxRows,
// without NameSearch, PhoneDigits, PhoneKey and FormKey.
func (q *Queries) ListPatientsPage(ctx context.Context, db DBTX, arg ListPatientsParams) ([]Patient, error) {
	return patientPage(ctx, db, listPatients, arg.MaxRows, false, arg.AfterCreatedAt, arg.AfterID, arg.MaxRows)
}

// SearchPatientsByNamePrefixPage is SearchPatientsByNamePrefix into a
// slice sized for arg.MaxRows, without PhoneDigits, PhoneKey and FormKey.
func (q *Queries) SearchPatientsByNamePrefixPage(ctx context.Context, db DBTX, arg SearchPatientsByNamePrefixParams) ([]Patient, error) {
	return patientPage(ctx, db, searchPatientsByNamePrefix, arg.MaxRows, true, arg.Prefix, arg.AfterName, arg.AfterID, arg.MaxRows)
}

// SearchPatientsByPhonePage is SearchPatientsByPhone into a slice sized
// for arg.MaxRows, without PhoneDigits, PhoneKey and FormKey.
func (q *Queries) SearchPatientsByPhonePage(ctx context.Context, db DBTX, arg SearchPatientsByPhoneParams) ([]Patient, error) {
	return patientPage(ctx, db, searchPatientsByPhone, arg.MaxRows, true, arg.Digits, arg.AfterName, arg.AfterID, arg.MaxRows)
}

// maxPresized bounds the room made before any row arrives.
const maxPresized = 500

// patientColumnCount is the number of columns of patients.
const patientColumnCount = 25

func patientPage(ctx context.Context, db DBTX, sql string, maxRows int32, nameSearch bool, args ...any) ([]Patient, error) {
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	items := make([]Patient, 0, min(max(maxRows, 0), maxPresized))
	// One destination list for every row: passing the 25 pointers as
	// arguments made a fresh []any (400 bytes) per row.
	dest := new([patientColumnCount]any)
	text := &rowText{buf: make([]byte, 0, 512)}
	for rows.Next() {
		items = append(items, Patient{})
		patientDest(dest, text, &items[len(items)-1], nameSearch)
		if err := rows.Scan(dest[:]...); err != nil {
			return nil, err
		}
		text.cut()
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return items, nil
}

// patientDest points dest at i's fields, in the table order of the
// columns of patients as the generated methods scan SELECT *. The columns
// no page shows get nil: pgx skips them. The text columns that cannot be
// NULL go through t. (The array types make a list of another length a
// compile error.)
func patientDest(dest *[patientColumnCount]any, t *rowText, i *Patient, nameSearch bool) {
	var ns any // name_search: only a search's cursor needs it
	if nameSearch {
		ns = &i.NameSearch
	}
	t.start()
	*dest = [...]any{
		&i.ClinicID,
		&i.ID,
		t.col(&i.PatientNumber),
		&i.LegacyID,
		t.col(&i.Name),
		ns, // name_search
		&i.DateOfBirth,
		&i.AgeYears,
		t.col(&i.Sex),
		t.col(&i.Phone),
		nil, // phone_digits
		t.col(&i.Email),
		t.col(&i.Address),
		&i.WeightKg,
		t.col(&i.BloodGroup),
		t.col(&i.Allergies),
		t.col(&i.EmergencyContactName),
		t.col(&i.EmergencyContactPhone),
		t.col(&i.Status),
		&i.RegisteredBy,
		&i.UserID,
		&i.CreatedAt,
		&i.UpdatedAt,
		nil, // phone_key
		nil, // form_key
	}
}

// rowText gathers the text columns of one row into one buffer and, once the
// row is scanned, cuts their strings from one copy of it: one allocation a
// row where pgx makes one a column (11 a patient). The strings of a row
// share their memory, as substrings do.
type rowText struct {
	buf  []byte
	cols []*textCol // made on the first row, reused by the others
	n    int        // columns handed out for the current row
}

// textCol is the scan destination of one text column (a pgtype.BytesScanner:
// pgx hands it the value's bytes, valid during the call only).
type textCol struct {
	t          *rowText
	dst        *string
	start, end int
}

var errNullText = errors.New("dbsqlc: NULL in a text column that cannot be NULL")

func (c *textCol) ScanBytes(v []byte) error {
	if v == nil {
		return errNullText
	}
	c.start = len(c.t.buf)
	c.t.buf = append(c.t.buf, v...)
	c.end = len(c.t.buf)
	return nil
}

// start begins a row.
func (t *rowText) start() {
	t.buf = t.buf[:0]
	t.n = 0
}

// col is the destination that scans into dst; the same few are reused
// from row to row.
func (t *rowText) col(dst *string) *textCol {
	if t.n == len(t.cols) {
		t.cols = append(t.cols, &textCol{t: t})
	}
	c := t.cols[t.n]
	t.n++
	c.dst = dst
	return c
}

// cut sets the row's fields, once all of its columns are scanned.
func (t *rowText) cut() {
	s := string(t.buf)
	for _, c := range t.cols[:t.n] {
		*c.dst = s[c.start:c.end]
	}
}
