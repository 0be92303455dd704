package legacy_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/dbtest"
	"github.com/santkrupa/santkrupa/internal/legacy"
	"github.com/santkrupa/santkrupa/internal/store"
)

// entry finds the report's entry for a legacy row (and field, if given).
func entry(rep *legacy.Report, table, id, field, action string) (legacy.Entry, bool) {
	for _, e := range rep.Entries(table, action) {
		if e.LegacyID == id && (field == "" || e.Field == field) {
			return e, true
		}
	}
	return legacy.Entry{}, false
}

func patientByLegacy(t *testing.T, st *store.Store, rep *legacy.Report, legacyID string) dbsqlc.Patient {
	t.Helper()
	var p dbsqlc.Patient
	read(t, st, rep.ClinicID, func(q *dbsqlc.Queries, tx dbsqlc.DBTX) (err error) {
		p, err = q.PatientByLegacyID(context.Background(), tx, legacyID)
		return err
	})
	return p
}

// Messy legacy data is imported faithfully, normalised where that is
// clear, and every change is reported.
func TestMessyData(t *testing.T) {
	t.Parallel()
	st := dbtest.Store(t)
	path := fixtureCopy(t)
	edit(t, path,
		`UPDATE hospital_patient SET patient_name = 'सुनीता पाटील', phone_number = '+91 98220-12345' WHERE id = 2`,
		`UPDATE hospital_patient SET phone_number = 'N/A' WHERE id = 3`,
		`UPDATE hospital_patient SET phone_number = '020-2612 3456', patient_name = '  Asha   Kale ' WHERE id = 7`,
		// Rows from before the tracker had clinics, one of them with a
		// patient number an older patient already has.
		`UPDATE hospital_patient SET clinic_id = NULL WHERE id = 5`,
		`UPDATE hospital_patient SET clinic_id = NULL, patient_id = 'PT1-2026-29830' WHERE id = 6`,
		`UPDATE hospital_vitals SET bp = '120/80 mmHg', temp = 'N/A', pulse = 'irregular' WHERE id = 2`,
		// The doctor of prescription 4 was deleted (on_delete=SET_NULL).
		`UPDATE hospital_prescription SET doctor_id = NULL WHERE id = 4`,
	)
	rep := run(t, st, load(t, path), legacy.Options{Clinic: newSlug()})
	checkInvariant(t, rep)
	if c := rep.Table("hospital_patient"); c.Imported != 300 || c.Skipped != 0 {
		t.Errorf("patients: %+v", *c)
	}

	// Devanagari kept byte for byte, searchable by prefix; phone to 10 digits.
	p2 := patientByLegacy(t, st, rep, "PT1-2026-80984")
	if p2.Name != "सुनीता पाटील" || p2.Phone != "9822012345" || p2.PhoneDigits == nil || *p2.PhoneDigits != "9822012345" {
		t.Errorf("patient 2: name %q phone %q", p2.Name, p2.Phone)
	}
	read(t, st, rep.ClinicID, func(q *dbsqlc.Queries, tx dbsqlc.DBTX) error {
		found, err := q.SearchPatientsByNamePrefix(context.Background(), tx, dbsqlc.SearchPatientsByNamePrefixParams{Prefix: "सुनी", MaxRows: 5})
		if len(found) != 1 || found[0].ID != p2.ID {
			t.Errorf("search by a Devanagari prefix found %d patients", len(found))
		}
		return err
	})
	if e, ok := entry(rep, "hospital_patient", "2", "phone_number", legacy.ActNormalised); !ok || e.From != "+91 98220-12345" || e.To != "9822012345" {
		t.Errorf("phone change of patient 2 not reported: %+v", e)
	}
	if _, ok := entry(rep, "hospital_patient", "2", "patient_name", ""); ok {
		t.Error("a Devanagari name is reported as changed")
	}
	// A placeholder phone is emptied; a landline is kept and flagged.
	if p := patientByLegacy(t, st, rep, "PT1-2026-88101"); p.Phone != "" {
		t.Errorf("patient 3 phone %q, want empty", p.Phone)
	}
	if _, ok := entry(rep, "hospital_patient", "3", "phone_number", legacy.ActNormalised); !ok {
		t.Error("emptied phone of patient 3 not reported")
	}
	p7 := patientByLegacy(t, st, rep, "PT1-2026-47247")
	if p7.Phone != "020-2612 3456" || p7.Name != "Asha Kale" {
		t.Errorf("patient 7: %q %q", p7.Name, p7.Phone)
	}
	if _, ok := entry(rep, "hospital_patient", "7", "phone_number", legacy.ActFlagged); !ok {
		t.Error("landline of patient 7 not flagged")
	}
	if c := rep.Table("hospital_patient"); c.Flagged != 1 {
		t.Errorf("%d patients flagged, want 1", c.Flagged)
	}

	// NULL clinic rows belong to the only legacy clinic, reported; the
	// duplicate number keeps both patients apart.
	if _, ok := entry(rep, "hospital_patient", "5", "clinic_id", legacy.ActNormalised); !ok {
		t.Error("NULL clinic of patient 5 not reported")
	}
	first, dup := patientByLegacy(t, st, rep, "PT1-2026-29830"), patientByLegacy(t, st, rep, "PT1-2026-29830#6")
	if first.Name != "Aditya Kulkarni" || dup.ID == first.ID || dup.Name == first.Name {
		t.Errorf("duplicate legacy number: %q / %q", first.Name, dup.Name)
	}
	if e, ok := entry(rep, "hospital_patient", "6", "patient_id", legacy.ActNormalised); !ok || e.To != "PT1-2026-29830#6" {
		t.Errorf("duplicate legacy number not reported: %+v", e)
	}

	// Free-text vitals: what can be read is stored, the rest kept in notes.
	rxs := legacyIDs(t, st, rep.ClinicID, "prescriptions")
	read(t, st, rep.ClinicID, func(q *dbsqlc.Queries, tx dbsqlc.DBTX) error {
		rx, err := q.GetPrescription(context.Background(), tx, rxs["5"])
		if err != nil {
			return err
		}
		v, err := q.GetVisit(context.Background(), tx, ptrID(rx.VisitID))
		if err != nil {
			return err
		}
		if v.BpSystolic == nil || *v.BpSystolic != 120 || *v.BpDiastolic != 80 || v.TemperatureC != nil || v.Pulse != nil ||
			!strings.Contains(v.Notes, "Vitals as recorded: pulse irregular") || v.SpO2 == nil {
			t.Errorf("visit with vitals 2: %+v", v)
		}
		return nil
	})
	if _, ok := entry(rep, "hospital_vitals", "2", "pulse", legacy.ActNormalised); !ok {
		t.Error("unreadable pulse not reported")
	}
	if _, ok := entry(rep, "hospital_vitals", "2", "temp", legacy.ActNormalised); !ok {
		t.Error("N/A temperature not reported")
	}

	// The deleted doctor's prescription goes to the placeholder doctor.
	var doctors []dbsqlc.ListDoctorsRow
	read(t, st, rep.ClinicID, func(q *dbsqlc.Queries, tx dbsqlc.DBTX) (err error) {
		doctors, err = q.ListDoctors(context.Background(), tx)
		return err
	})
	var placeholder dbsqlc.ListDoctorsRow
	for _, d := range doctors {
		if d.LegacyID != nil && *d.LegacyID == "deleted-doctor" {
			placeholder = d
		}
	}
	if placeholder.Active || placeholder.DisplayName == "" || len(doctors) != 4 {
		t.Fatalf("placeholder doctor: %+v (of %d doctors)", placeholder, len(doctors))
	}
	read(t, st, rep.ClinicID, func(q *dbsqlc.Queries, tx dbsqlc.DBTX) error {
		rx, err := q.GetPrescription(context.Background(), tx, rxs["4"])
		if rx.DoctorID != placeholder.ID {
			t.Errorf("prescription 4 by %s, want the placeholder", rx.DoctorID)
		}
		return err
	})
	if _, ok := entry(rep, "hospital_prescription", "4", "doctor_id", legacy.ActNormalised); !ok {
		t.Error("prescription of a deleted doctor not reported")
	}
	if _, ok := entry(rep, "hospital_doctor", "deleted-doctor", "", legacy.ActCreated); !ok {
		t.Error("placeholder doctor not reported")
	}
}

// Several legacy clinics: one is chosen, rows of the others are never
// read, NULL-clinic rows are never guessed into it, and references into
// another clinic are not followed.
func TestSeveralLegacyClinics(t *testing.T) {
	t.Parallel()
	st := dbtest.Store(t)
	path := fixtureCopy(t)
	edit(t, path,
		`INSERT INTO hospital_clinic (id, name, slug, address, city, state, zip_code, phone_number, email,
			registration_number, subscription_status, max_doctors, max_patients, max_receptionists,
			created_at, updated_at, is_active)
		 VALUES (2, 'Other Hospital', 'other', 'Station Road', 'Karjat', 'Maharashtra', '410201', '9000000000',
			'desk@other.example', 'REG-MH-0002', 'trial', 5, 500, 2, '2026-01-01', '2026-01-01', 1)`,
		`UPDATE hospital_patient SET clinic_id = 2 WHERE id BETWEEN 1 AND 10`,
		`UPDATE hospital_patient SET clinic_id = NULL WHERE id = 11`,
		`UPDATE hospital_user SET clinic_id = NULL WHERE id = 7`,
	)
	src := load(t, path)
	crossVisits := count(t, path, `SELECT count(*) FROM hospital_patientvisit WHERE patient_id BETWEEN 1 AND 11`)

	slug := newSlug()
	if _, err := legacy.Import(context.Background(), st, src, legacy.Options{Clinic: slug}); !errors.Is(err, legacy.ErrChooseClinic) {
		t.Fatalf("import without --legacy-clinic: %v, want ErrChooseClinic", err)
	}
	clinicAbsent(t, st, slug)

	rep := run(t, st, src, legacy.Options{Clinic: slug, LegacyClinic: 1})
	checkInvariant(t, rep)
	pc := rep.Table("hospital_patient")
	if pc.OtherClinics != 10 || pc.Read != 290 || pc.Imported != 289 || pc.Skipped != 1 {
		t.Errorf("patients: %+v", *pc)
	}
	if e, ok := entry(rep, "hospital_patient", "11", "", legacy.ActSkipped); !ok || !strings.Contains(e.Reason, "NULL") {
		t.Errorf("NULL-clinic patient: %+v", e)
	}
	if e, ok := entry(rep, "hospital_user", "7", "", legacy.ActSkipped); !ok || !strings.Contains(e.Reason, "guessing") {
		t.Errorf("NULL-clinic user: %+v", e)
	}
	if vc := rep.Table("hospital_patientvisit"); vc.Skipped != crossVisits || vc.Imported+vc.Skipped != vc.Read {
		t.Errorf("visits of other clinics' patients: %+v, want %d skipped", *vc, crossVisits)
	}
	got := imported(t, st, rep.ClinicID)
	if got["patients"] != 289 {
		t.Errorf("%d patients imported, want 289", got["patients"])
	}
	read(t, st, rep.ClinicID, func(q *dbsqlc.Queries, tx dbsqlc.DBTX) error {
		if _, err := q.PatientByLegacyID(context.Background(), tx, "PT1-2026-29830"); err == nil {
			t.Error("a patient of legacy clinic 2 was imported into clinic 1's")
		}
		return nil
	})

	// The other legacy clinic into its own Santkrupa clinic: ten patients
	// and nothing of clinic 1.
	other := run(t, st, src, legacy.Options{Clinic: newSlug(), LegacyClinic: 2})
	checkInvariant(t, other)
	if c := other.Table("hospital_patient"); c.Imported != 10 || c.OtherClinics != 289 {
		t.Errorf("legacy clinic 2 patients: %+v", *c)
	}
	if c := other.Table("hospital_patientvisit"); c.Imported != 0 || c.Read != 0 {
		t.Errorf("legacy clinic 2 took visits of clinic 1: %+v", *c)
	}
}

// Uploaded files from --media: sniffed, hashed and stored; a missing or
// escaping path is reported, not fatal.
func TestMediaFiles(t *testing.T) {
	t.Parallel()
	st := dbtest.Store(t)
	path := fixtureCopy(t)
	media := t.TempDir()
	pdf := []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)
	for name, b := range map[string][]byte{"medical_reports/chest.pdf": pdf, "test_reports/cbc.png": png} {
		if err := os.MkdirAll(filepath.Join(media, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(media, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit(t, path,
		`INSERT INTO hospital_medicalreport (id, report_file, report_type, description, uploaded_at, patient_id, clinic_id) VALUES
			(1, 'medical_reports/chest.pdf', 'X-Ray', 'Chest PA view', '2026-09-01 10:00:00', 1, 1),
			(2, 'medical_reports/gone.pdf', 'Lab', '', '2026-09-02 10:00:00', 2, 1),
			(3, '../../etc/passwd', 'other', '', '2026-09-03 10:00:00', 3, 1)`,
		`INSERT INTO hospital_testreport (id, test_type, report_file, uploaded_at, test_date, notes, patient_id, uploaded_by_id, clinic_id) VALUES
			(1, 'Blood Test', 'test_reports/cbc.png', '2026-09-04 10:00:00', '2026-09-04', 'CBC normal', 1, 7, 1),
			(2, 'Urine', 'test_reports/gone.pdf', '2026-09-05 10:00:00', NULL, '', 2, 7, 1)`,
	)
	src := load(t, path)

	rep := run(t, st, src, legacy.Options{Clinic: newSlug(), MediaDir: media})
	checkInvariant(t, rep)
	if c := rep.Table("hospital_medicalreport"); c.Imported != 1 || c.Skipped != 2 {
		t.Errorf("medical reports: %+v", *c)
	}
	if e, ok := entry(rep, "hospital_medicalreport", "2", "", legacy.ActSkipped); !ok || !strings.Contains(e.Reason, "missing") {
		t.Errorf("missing file: %+v", e)
	}
	if _, ok := entry(rep, "hospital_medicalreport", "3", "", legacy.ActSkipped); !ok {
		t.Error("a path outside the media directory was not refused")
	}
	if c := rep.Table("hospital_testreport"); c.Imported != 2 || c.Flagged != 1 {
		t.Errorf("test reports: %+v", *c)
	}
	if _, ok := entry(rep, "hospital_testreport", "2", "report_file", legacy.ActFlagged); !ok {
		t.Error("test report without its file not flagged")
	}
	patients := legacyIDs(t, st, rep.ClinicID, "patients")
	users := legacyIDs(t, st, rep.ClinicID, "users")
	read(t, st, rep.ClinicID, func(q *dbsqlc.Queries, tx dbsqlc.DBTX) error {
		ctx := context.Background()
		docs, err := q.ListPatientMedicalReports(ctx, tx, patients["PT1-2026-29830"])
		if err != nil {
			return err
		}
		sum := sha256.Sum256(pdf)
		if len(docs) != 1 || docs[0].ContentType != "application/pdf" || int(docs[0].SizeBytes) != len(pdf) ||
			!bytes.Equal(docs[0].SHA256, sum[:]) || docs[0].ReportType != "imaging" || docs[0].OriginalFilename != "chest.pdf" ||
			docs[0].Description != "Chest PA view" {
			t.Errorf("medical report: %+v", docs)
		}
		reports, err := q.ListPatientTestReports(ctx, tx, patients["PT1-2026-29830"])
		if err != nil {
			return err
		}
		found := false
		for _, r := range reports {
			if r.Notes == "CBC normal" {
				found = true
				if r.FileContentType == nil || *r.FileContentType != "image/png" || r.FileSize == nil ||
					int(*r.FileSize) != len(png) || ptrID(r.PerformedBy) != users["7"] || r.Status != "final" {
					t.Errorf("test report with file: %+v", r)
				}
			}
		}
		if !found {
			t.Error("uploaded test report not imported")
		}
		return nil
	})

	// Without --media nothing can hold a medical report's content.
	bare := run(t, st, src, legacy.Options{Clinic: newSlug(), DryRun: true})
	if c := bare.Table("hospital_medicalreport"); c.Skipped != 3 {
		t.Errorf("without --media: %+v", *c)
	}
}
