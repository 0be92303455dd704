package dbsqlc

import "context"

// The patient pages (the reception list and both searches) run the
// generated statements into a slice made once with room for the page.
// The generated methods grow theirs by appending, and for a page of 50
// patients the copies were 42 KB of the request's 130 KB of garbage
// (docs/benchmarks-go.md). They also leave undecoded the columns no page
// shows: the generated search keys phone_digits and phone_key, form_key,
// and name_search except where the search's cursor is made from it. Those
// fields stay nil; decoding them was about 6 allocations per row.
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

func patientPage(ctx context.Context, db DBTX, sql string, maxRows int32, nameSearch bool, args ...any) ([]Patient, error) {
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	items := make([]Patient, 0, min(max(maxRows, 0), maxPresized))
	for rows.Next() {
		items = append(items, Patient{})
		i := &items[len(items)-1]
		var ns any // nil: pgx skips the column
		if nameSearch {
			ns = &i.NameSearch
		}
		// The columns of patients in table order, as the generated
		// methods scan SELECT *.
		if err := rows.Scan(
			&i.ClinicID,
			&i.ID,
			&i.PatientNumber,
			&i.LegacyID,
			&i.Name,
			ns, // name_search
			&i.DateOfBirth,
			&i.AgeYears,
			&i.Sex,
			&i.Phone,
			nil, // phone_digits
			&i.Email,
			&i.Address,
			&i.WeightKg,
			&i.BloodGroup,
			&i.Allergies,
			&i.EmergencyContactName,
			&i.EmergencyContactPhone,
			&i.Status,
			&i.RegisteredBy,
			&i.UserID,
			&i.CreatedAt,
			&i.UpdatedAt,
			nil, // phone_key
			nil, // form_key
		); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return items, nil
}
