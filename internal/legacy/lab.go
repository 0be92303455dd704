package legacy

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
)

// The catalogs, lab tests with their results, and uploaded reports.

// importMedicines brings the medicine catalog. The tracker's default
// dosage ("500mg") is what Santkrupa calls strength. A medicine the clinic
// already has (same name, form and strength) is linked, not duplicated.
func (r *run) importMedicines() error {
	c := r.rep.counts("hospital_mastermedicine", "medicines")
	existing, err := r.q.LegacyExistingMedicines(r.ctx, r.tx)
	if err != nil {
		return fmt.Errorf("read medicines: %w", err)
	}
	type key struct{ name, form, strength string }
	have := map[key]uuid.UUID{}
	for _, m := range existing {
		have[key{m.Name, m.Form, m.Strength}] = m.ID
		r.medicines[strings.ToLower(m.Name)] = appendOnce(r.medicines[strings.ToLower(m.Name)], m.ID)
	}
	ours := map[uuid.UUID]int64{}
	for _, m := range r.src.MasterMedicines {
		l := r.take(c, lid(m.ID), m.ClinicID)
		if l == nil || l.done {
			continue
		}
		if _, ok := r.existing("medicines", lid(m.ID)); ok {
			l.already("")
			continue
		}
		name, ch := normName("medicine_name", m.Name)
		l.fix(ch)
		if name == "" {
			l.skip("no medicine name")
			continue
		}
		name, ch = clip("medicine_name", name, 200)
		l.fix(ch)
		form, ch := normForm("medicine_type", m.Type)
		l.fix(ch)
		strength, ch := clip("default_dosage", cleanText(m.DefaultDosage), 64)
		l.fix(ch)
		if id, ok := have[key{name, form, strength}]; ok {
			if other, dup := ours[id]; dup {
				l.skip("same name, form and strength as legacy medicine %d; lines link to that one", other)
			} else {
				l.already("the clinic's catalog already has this medicine (same name, form and strength); linked to it")
			}
			continue
		}
		schedule, ch := clip("default_schedule", normSchedule(m.DefaultSchedule), 32)
		l.fix(ch)
		days, ch, _ := normDuration("default_duration", m.DefaultDuration)
		l.fix(ch)
		if d := cleanMultiline(m.Description); d != "" {
			l.fix(&change{Field: "description", From: d, Reason: "Santkrupa's catalog has no description; not carried over"})
		}
		if cd := cleanText(m.CommonDosages); cd != "" && cd != strength {
			l.fix(&change{Field: "common_dosages", From: cd, Reason: "Santkrupa's catalog has one strength per medicine; not carried over"})
		}
		row, err := r.q.ImportMedicine(r.ctx, r.tx, dbsqlc.ImportMedicineParams{
			LegacyID: ptr(lid(m.ID)), Name: name, Form: form, Strength: strength, DefaultSchedule: schedule,
			DefaultDurationDays: days, Active: m.Active, CreatedAt: m.Created,
		})
		if err != nil {
			return fmt.Errorf("import medicine %d: %w", m.ID, err)
		}
		have[key{name, form, strength}] = row.ID
		ours[row.ID] = m.ID
		r.medicines[strings.ToLower(name)] = appendOnce(r.medicines[strings.ToLower(name)], row.ID)
		l.imported()
	}
	// Medicines imported by an earlier run are in existing already.
	return nil
}

func appendOnce(ids []uuid.UUID, id uuid.UUID) []uuid.UUID {
	for _, x := range ids {
		if x == id {
			return ids
		}
	}
	return append(ids, id)
}

// importCatalog brings the test catalog; a name the clinic already has is
// linked, not duplicated (names are unique per clinic).
func (r *run) importCatalog() error {
	c := r.rep.counts("hospital_mastertest", "test_catalog")
	existing, err := r.q.LegacyExistingCatalogTests(r.ctx, r.tx)
	if err != nil {
		return fmt.Errorf("read test catalog: %w", err)
	}
	byName := map[string]uuid.UUID{}
	for _, t := range existing {
		byName[t.Name] = t.ID
		r.catalog[strings.ToLower(t.Name)] = t.ID
	}
	ours := map[uuid.UUID]int64{}
	for _, t := range r.src.MasterTests {
		l := r.take(c, lid(t.ID), t.ClinicID)
		if l == nil || l.done {
			continue
		}
		if _, ok := r.existing("test_catalog", lid(t.ID)); ok {
			l.already("")
			continue
		}
		name, ch := normName("test_name", t.Name)
		l.fix(ch)
		if name == "" {
			l.skip("no test name")
			continue
		}
		name, ch = clip("test_name", name, 200)
		l.fix(ch)
		if id, ok := byName[name]; ok {
			if other, dup := ours[id]; dup {
				l.skip("same name as legacy test %d", other)
			} else {
				l.already("the clinic's catalog already has a test of this name; linked to it")
			}
			continue
		}
		typ, ch := normTestType("test_type", t.Type)
		l.fix(ch)
		desc := cleanMultiline(t.Description)
		if cat := cleanText(t.Category); cat != "" && !strings.EqualFold(cat, t.Type) {
			if desc != "" {
				desc += "\n"
			}
			desc += "Category: " + cat
		}
		desc, ch = clip("description", desc, 2000)
		l.fix(ch)
		row, err := r.q.ImportCatalogTest(r.ctx, r.tx, dbsqlc.ImportCatalogTestParams{
			LegacyID: ptr(lid(t.ID)), Name: name, TestType: typ, Description: desc, Active: t.Active,
			CreatedAt: t.Created,
		})
		if err != nil {
			return fmt.Errorf("import catalog test %d: %w", t.ID, err)
		}
		byName[name] = row.ID
		ours[row.ID] = t.ID
		r.catalog[strings.ToLower(name)] = row.ID
		l.imported()
	}
	return nil
}

// importTests brings the tests ordered on prescriptions. A test's result
// was free text on the test; in Santkrupa results are test reports, so a
// non-empty result becomes a report (final when the test was completed,
// preliminary otherwise) holding the text, plus a structured value when
// the text is one analyte with its flag ("Hb 11.2 g/dL (low)").
func (r *run) importTests() error {
	c := r.rep.counts("hospital_test", "tests")
	rc := r.rep.counts("hospital_test.result", "test_reports")
	for _, t := range r.src.Tests {
		l := r.take(c, lid(t.ID), t.ClinicID)
		if l == nil || l.done {
			continue
		}
		var rl *rowLog
		if strings.TrimSpace(t.Result) != "" {
			rl = r.rep.rowID(rc, "test-"+lid(t.ID))
		}
		rx, ok := r.prescriptions[t.PrescriptionID]
		if !ok {
			l.skip("prescription %d was not imported", t.PrescriptionID)
			if rl != nil {
				rl.skip("its test %d was not imported", t.ID)
			}
			continue
		}
		testID, already := r.existing("tests", lid(t.ID))
		completed := (*time.Time)(nil)
		if t.Completed {
			at := rx.date
			if t.Date != nil {
				at = t.Date.In(r.loc)
			}
			completed = &at
		}
		if already {
			l.already("")
		} else {
			name, ch := normName("test_name", t.Name)
			l.fix(ch)
			typ, ch := normTestType("test_type", t.Type)
			l.fix(ch)
			if name == "" {
				name = typ + " test"
				l.fix(&change{Field: "test_name", To: name, Reason: "no test name; named after its type"})
			}
			name, ch = clip("test_name", name, 200)
			l.fix(ch)
			desc, ch := clip("description", cleanMultiline(t.Description), 2000)
			l.fix(ch)
			var catalog *uuid.UUID
			if id, ok := r.catalog[strings.ToLower(name)]; ok {
				catalog = &id
			}
			status := "ordered"
			if t.Completed {
				status = "completed"
			}
			row, err := r.q.ImportTest(r.ctx, r.tx, dbsqlc.ImportTestParams{
				LegacyID: ptr(lid(t.ID)), PatientID: rx.patient, VisitID: rx.visit, PrescriptionID: &rx.id,
				CatalogID: catalog, OrderedBy: &rx.author, TestType: typ, Name: name, Description: desc,
				Status: status, OrderedAt: rx.date, CompletedAt: completed,
			})
			if err != nil {
				return fmt.Errorf("import test %d: %w", t.ID, err)
			}
			testID = row.ID
			l.imported()
		}
		if rl == nil {
			continue
		}
		if _, ok := r.existing("test_reports", "test-"+lid(t.ID)); ok {
			rl.already("")
			continue
		}
		status, at := "preliminary", rx.date
		if completed != nil {
			status, at = "final", *completed
		}
		notes, ch := clip("result", cleanMultiline(t.Result), 4000)
		rl.fix(ch)
		rep, err := r.q.ImportTestReport(r.ctx, r.tx, dbsqlc.ImportTestReportParams{
			LegacyID: ptr("test-" + lid(t.ID)), TestID: testID, PatientID: rx.patient, Status: status,
			PerformedAt: at, Notes: notes,
		})
		if err != nil {
			return fmt.Errorf("import result of test %d: %w", t.ID, err)
		}
		if v, ok := parseResult(notes); ok {
			_, err := r.q.AddTestReportValue(r.ctx, r.tx, dbsqlc.AddTestReportValueParams{
				TestReportID: rep.ID, PatientID: rx.patient, Position: 1, Analyte: v.Analyte, Value: v.Value,
				Unit: v.Unit, AbnormalFlag: v.Flag,
			})
			if err != nil {
				return fmt.Errorf("import result value of test %d: %w", t.ID, err)
			}
		}
		rl.imported()
	}
	return nil
}

// importTestReports brings the uploaded lab reports. The tracker kept them
// apart from tests; Santkrupa files a report under a test, so each becomes
// a completed test named after its type, with the report and its file.
// A missing file is reported and the report kept without it.
func (r *run) importTestReports() error {
	c := r.rep.counts("hospital_testreport", "tests + test_reports")
	for _, t := range r.src.TestReports {
		l := r.take(c, lid(t.ID), t.ClinicID)
		if l == nil || l.done {
			continue
		}
		key := "testreport-" + lid(t.ID)
		_, testDone := r.existing("tests", key)
		if _, ok := r.existing("test_reports", key); ok && testDone {
			l.already("")
			continue
		}
		patient, ok := r.patients[t.PatientID]
		if !ok {
			l.skip("patient %d was not imported", t.PatientID)
			continue
		}
		at := t.Uploaded
		if t.TestDate != nil {
			at = t.TestDate.In(r.loc)
		}
		name, ch := clip("test_type", cleanText(t.Type), 200)
		l.fix(ch)
		if name == "" {
			name = "Uploaded report"
		}
		testID, ok := r.existing("tests", key)
		if !ok {
			row, err := r.q.ImportTest(r.ctx, r.tx, dbsqlc.ImportTestParams{
				LegacyID: &key, PatientID: patient, TestType: testTypeOf(name), Name: name, Status: "completed",
				OrderedAt: at, CompletedAt: &at,
			})
			if err != nil {
				return fmt.Errorf("import test report %d: %w", t.ID, err)
			}
			testID = row.ID
		}
		p := dbsqlc.ImportTestReportParams{
			LegacyID: &key, TestID: testID, PatientID: patient, Status: "final", PerformedAt: at,
			PerformedBy: r.userRef(l, "uploaded_by_id", t.UploadedBy),
		}
		p.Notes, ch = clip("notes", cleanMultiline(t.Notes), 4000)
		l.fix(ch)
		if f, problem := r.readMedia(t.File); problem != "" {
			l.fix(&change{Field: "report_file", From: t.File, Reason: problem + "; the report is kept without its file", Flagged: true})
		} else {
			p.FileContent, p.FileContentType, p.FileName, p.FileSize, p.FileSHA256 =
				f.content, &f.contentType, &f.name, ptr(int32(len(f.content))), f.sha256[:]
		}
		if _, err := r.q.ImportTestReport(r.ctx, r.tx, p); err != nil {
			return fmt.Errorf("import test report %d: %w", t.ID, err)
		}
		l.imported()
	}
	return nil
}

// testTypeOf reads a test type out of free text ("Blood Test", "X-Ray").
func testTypeOf(text string) string {
	s := strings.ToLower(text)
	for _, k := range []struct{ typ, words string }{
		{"x-ray", "x-ray xray x ray"}, {"ultrasound", "ultrasound usg sonography"}, {"ecg", "ecg ekg"},
		{"mri", "mri"}, {"ct", "ct scan ct-scan"}, {"urine", "urine"}, {"blood", "blood cbc sugar hb"},
	} {
		for _, w := range strings.Split(k.words, " ") {
			if strings.Contains(s, w) {
				return k.typ
			}
		}
	}
	return "other"
}

// importMedicalReports brings the uploaded documents. Santkrupa stores a
// document's content, so a report whose file is missing (or too large, or
// no --media was given) cannot be imported: it is skipped and reported.
func (r *run) importMedicalReports() error {
	c := r.rep.counts("hospital_medicalreport", "medical_reports")
	for _, m := range r.src.MedicalReports {
		l := r.take(c, lid(m.ID), m.ClinicID)
		if l == nil || l.done {
			continue
		}
		if _, ok := r.existing("medical_reports", lid(m.ID)); ok {
			l.already("")
			continue
		}
		patient, ok := r.patients[m.PatientID]
		if !ok {
			l.skip("patient %d was not imported", m.PatientID)
			continue
		}
		f, problem := r.readMedia(m.File)
		if problem != "" {
			l.skip("%s (file %q)", problem, m.File)
			continue
		}
		kind, ch := normReportType(m.Type)
		l.fix(ch)
		desc := cleanMultiline(m.Description)
		if ch != nil {
			desc = strings.TrimSpace("Type: " + cleanText(m.Type) + "\n" + desc)
		}
		desc, ch = clip("description", desc, 2000)
		l.fix(ch)
		_, err := r.q.ImportMedicalReport(r.ctx, r.tx, dbsqlc.ImportMedicalReportParams{
			LegacyID: ptr(lid(m.ID)), PatientID: patient, ReportType: kind, Description: desc,
			Content: f.content, ContentType: f.contentType, SizeBytes: int32(len(f.content)),
			SHA256: f.sha256[:], OriginalFilename: f.name, CreatedAt: m.Uploaded,
		})
		if err != nil {
			return fmt.Errorf("import medical report %d: %w", m.ID, err)
		}
		l.imported()
	}
	return nil
}
