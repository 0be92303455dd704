package legacy

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
)

// Visits with their vitals, prescriptions with their lines, doctor notes.
//
// The tracker never linked a prescription to a visit (it tried, and
// removed the field: migrations 0007/0008); Santkrupa keeps vitals and
// notes on the visit. The import links a prescription to the visit of the
// same patient on the same clinic-local day when there is exactly one such
// visit, and to none otherwise. That is the whole rule: a link is never
// made across patients or across days.

// rxVisits links each in-scope prescription to its visit by that rule. It
// also returns the prescriptions whose day had several visits.
func (r *run) rxVisits() (link map[int64]int64, ambiguous map[int64]int) {
	type key struct {
		patient int64
		day     string
	}
	byDay := map[key][]int64{}
	for _, v := range r.src.Visits {
		if r.inScope(v.ClinicID) {
			k := key{v.PatientID, v.CheckIn.In(r.loc).Format(time.DateOnly)}
			byDay[k] = append(byDay[k], v.ID)
		}
	}
	link = map[int64]int64{}
	ambiguous = map[int64]int{}
	for _, p := range r.src.Prescriptions {
		if !r.inScope(p.ClinicID) {
			continue
		}
		vs := byDay[key{p.PatientID, p.Date.In(r.loc).Format(time.DateOnly)}]
		switch len(vs) {
		case 0:
		case 1:
			link[p.ID] = vs[0]
		default:
			ambiguous[p.ID] = len(vs)
		}
	}
	return link, ambiguous
}

// importVisits brings the visits, each with the vitals of the prescription
// linked to it. Santkrupa allows one open visit per patient (checked in or
// in consultation); the tracker did not, and left visits open for months.
// The latest open visit of a patient stays open; earlier ones are closed
// as cancelled, with the legacy status in the reason, and reported. When
// the patient already has an open visit in Santkrupa, all are closed.
func (r *run) importVisits() error {
	c := r.rep.counts("hospital_patientvisit", "patient_visits")
	vc := r.rep.counts("hospital_vitals", "patient_visits (vitals)")
	link, _ := r.rxVisits()

	// The vitals each visit carries: those of its first linked prescription.
	vitalsOf := map[int64]Vitals{} // legacy visit → vitals
	vitalsLog := map[int64]*rowLog{}
	rxVitals := map[int64]Vitals{}
	for _, v := range r.src.Vitals {
		l := r.take(vc, lid(v.ID), v.ClinicID)
		if l == nil || l.done {
			continue
		}
		visit, ok := link[v.PrescriptionID]
		switch {
		case !ok:
			l.skip("prescription %d has no single visit of its patient on the same day to hold its vitals", v.PrescriptionID)
		case vitalsOf[visit].ID != 0:
			l.skip("visit %d already holds the vitals of another prescription of the same day (vitals %d)", visit, vitalsOf[visit].ID)
		default:
			vitalsOf[visit] = v
			vitalsLog[visit] = l
			rxVitals[v.PrescriptionID] = v
		}
	}

	open, err := r.q.LegacyOpenVisitPatients(r.ctx, r.tx)
	if err != nil {
		return fmt.Errorf("read open visits: %w", err)
	}
	hasOpen := map[uuid.UUID]bool{}
	for _, p := range open {
		hasOpen[p] = true
	}
	// The latest open legacy visit of each patient.
	latestOpen := map[int64]Visit{}
	for _, v := range r.src.Visits {
		st, _ := normVisitStatus(v.Status)
		if !r.inScope(v.ClinicID) || (st != "checked_in" && st != "in_consultation") {
			continue
		}
		if cur, ok := latestOpen[v.PatientID]; !ok || v.CheckIn.After(cur.CheckIn) ||
			(v.CheckIn.Equal(cur.CheckIn) && v.ID > cur.ID) {
			latestOpen[v.PatientID] = v
		}
	}

	for _, v := range r.src.Visits {
		l := r.take(c, lid(v.ID), v.ClinicID)
		if l == nil || l.done {
			continue
		}
		vl := vitalsLog[v.ID]
		if id, ok := r.existing("patient_visits", lid(v.ID)); ok {
			r.visits[v.ID] = id
			l.already("")
			if vl != nil {
				vl.already("")
			}
			continue
		}
		patient, ok := r.patients[v.PatientID]
		if !ok {
			l.skip("patient %d was not imported", v.PatientID)
			if vl != nil {
				vl.skip("its visit %d was not imported", v.ID)
			}
			continue
		}
		status, ch := normVisitStatus(v.Status)
		l.fix(ch)
		reason := ""
		if ch != nil {
			reason = "legacy status " + v.Status
		}
		if status == "checked_in" || status == "in_consultation" {
			if hasOpen[patient] || latestOpen[v.PatientID].ID != v.ID {
				reason = fmt.Sprintf("left open in the tracker (%s) while a later visit of the patient is open; closed by the import", status)
				l.fix(&change{Field: "status", From: v.Status, To: "cancelled",
					Reason: "only one open visit per patient: an earlier open visit is closed"})
				status = "cancelled"
			} else {
				hasOpen[patient] = true
			}
		}
		purpose, ch := clip("purpose", cleanText(v.Purpose), 500)
		l.fix(ch)
		p := dbsqlc.ImportVisitParams{
			LegacyID: ptr(lid(v.ID)), PatientID: patient, CheckedInAt: v.CheckIn, Purpose: purpose,
			Status: status, CheckedInBy: r.userRef(l, "checked_in_by_id", v.CheckedInBy),
		}
		if reason != "" {
			p.CancelReason, ch = clip("cancel_reason", reason, 500)
			l.fix(ch)
		}
		notes := cleanMultiline(v.Notes)
		if vt, ok := vitalsOf[v.ID]; ok {
			if kept := r.vitals(vl, vt, &p); kept != "" {
				if notes != "" {
					notes += "\n"
				}
				notes += "Vitals as recorded: " + kept
			}
		}
		p.Notes, ch = clip("notes", notes, 2000)
		l.fix(ch)
		row, err := r.q.ImportVisit(r.ctx, r.tx, p)
		if err != nil {
			return fmt.Errorf("import visit %d: %w", v.ID, err)
		}
		r.visits[v.ID] = row.ID
		l.imported()
		if vl != nil {
			vl.imported()
		}
	}
	return nil
}

// vitals parses one vitals row onto a visit and returns the text of the
// values it could not read, for the visit's notes.
func (r *run) vitals(l *rowLog, v Vitals, p *dbsqlc.ImportVisitParams) string {
	var kept []string
	keep := func(name, text string) {
		if text != "" {
			kept = append(kept, name+" "+text)
		}
	}
	bp := normBP(v.BP)
	l.fix(bp.Change)
	keep("BP", bp.Keep)
	if bp.Value != nil {
		p.BpSystolic, p.BpDiastolic = &bp.Value.Systolic, &bp.Value.Diastolic
	}
	pulse := normPulse(v.Pulse)
	l.fix(pulse.Change)
	keep("pulse", pulse.Keep)
	p.Pulse = pulse.Value
	temp := normTemp(v.Temp)
	l.fix(temp.Change)
	keep("temp", temp.Keep)
	p.TemperatureC = temp.Value
	spo2 := normSpO2(v.SpO2)
	l.fix(spo2.Change)
	keep("SpO2", spo2.Keep)
	p.SpO2 = spo2.Value
	sugar := normSugar(v.Sugar)
	l.fix(sugar.Change)
	keep("sugar", sugar.Keep)
	p.BloodSugar = sugar.Value
	return strings.Join(kept, "; ")
}

// prescriptionDoctor is the doctor a legacy prescription is attributed to:
// its own, or the placeholder when the tracker lost it.
func (r *run) prescriptionDoctor(l *rowLog, p Prescription) (doctorRef, error) {
	if p.DoctorID != nil {
		if d, ok := r.doctors[*p.DoctorID]; ok {
			return d, nil
		}
	}
	d, err := r.unknownDoctor()
	if err != nil {
		return d, err
	}
	if l != nil {
		if p.DoctorID == nil {
			l.fix(&change{Field: "doctor_id", From: "NULL", To: "placeholder doctor",
				Reason: "the doctor was deleted in the tracker; attributed to the placeholder 'Unknown doctor'"})
		} else {
			l.fix(&change{Field: "doctor_id", From: fmt.Sprint(*p.DoctorID), To: "placeholder doctor",
				Reason: "the doctor was not imported; attributed to the placeholder 'Unknown doctor'"})
		}
	}
	return d, nil
}

// importPrescriptions brings the prescriptions: pending is a draft,
// completed is final (finalised at its legacy date), cancelled stays
// cancelled.
func (r *run) importPrescriptions() error {
	c := r.rep.counts("hospital_prescription", "prescriptions")
	link, ambiguous := r.rxVisits()
	for _, p := range r.src.Prescriptions {
		l := r.take(c, lid(p.ID), p.ClinicID)
		if l == nil || l.done {
			continue
		}
		patient, ok := r.patients[p.PatientID]
		if !ok {
			l.skip("patient %d was not imported", p.PatientID)
			continue
		}
		status, ch := normPrescriptionStatus(p.Status)
		var visit *uuid.UUID
		if v, ok := r.visits[link[p.ID]]; ok {
			visit = &v
		}
		if id, ok := r.existing("prescriptions", lid(p.ID)); ok {
			// Children not imported yet still need the parent.
			d, err := r.prescriptionDoctor(nil, p)
			if err != nil {
				return err
			}
			r.prescriptions[p.ID] = rxRef{id: id, patient: patient, author: d.user, visit: visit,
				final: status == "final", date: p.Date}
			l.already("")
			continue
		}
		l.fix(ch)
		if n := ambiguous[p.ID]; n > 0 {
			l.fix(&change{Field: "visit", Reason: fmt.Sprintf("the patient had %d visits that day: linked to none", n), Flagged: true})
		}
		d, err := r.prescriptionDoctor(l, p)
		if err != nil {
			return err
		}
		var finalized *time.Time
		if status == "final" {
			finalized = &p.Date
		}
		reason, ch := clip("admission_reason", cleanMultiline(p.AdmissionReason), 2000)
		l.fix(ch)
		row, err := r.q.ImportPrescription(r.ctx, r.tx, dbsqlc.ImportPrescriptionParams{
			LegacyID: ptr(lid(p.ID)), PatientID: patient, DoctorID: d.id, VisitID: visit, Status: status,
			AdmissionRecommended: p.AdmissionRecommended, AdmissionReason: reason, FinalizedAt: finalized,
			CreatedAt: p.Date,
		})
		if err != nil {
			return fmt.Errorf("import prescription %d: %w", p.ID, err)
		}
		r.prescriptions[p.ID] = rxRef{id: row.ID, patient: patient, author: d.user, visit: visit,
			final: status == "final", date: p.Date}
		l.imported()
	}
	return nil
}

// importLines brings each prescription's medicines in legacy order (the
// line's position), with schedule, food instruction, quantity, duration
// and dosage. A line names its medicine as written; it is also linked to
// the catalog medicine of the same name when there is exactly one.
func (r *run) importLines() error {
	c := r.rep.counts("hospital_medicine", "prescription_lines")
	seen := map[int64]int{} // lines of each prescription so far: the position
	for _, m := range r.src.Lines {
		l := r.take(c, lid(m.ID), m.ClinicID)
		if l == nil || l.done {
			continue
		}
		seen[m.PrescriptionID]++
		pos := seen[m.PrescriptionID]
		if id, ok := r.existing("prescription_lines", lid(m.ID)); ok && id != uuid.Nil {
			l.already("")
			continue
		}
		rx, ok := r.prescriptions[m.PrescriptionID]
		if !ok {
			l.skip("prescription %d was not imported", m.PrescriptionID)
			continue
		}
		if pos > 50 {
			l.skip("prescription %d has more than 50 medicines; Santkrupa keeps 50", m.PrescriptionID)
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
		var extra []string
		days, ch, keepDuration := normDuration("duration", m.Duration)
		l.fix(ch)
		if keepDuration != "" {
			extra = append(extra, "Duration: "+keepDuration)
		}
		food, ch := normFood("food_instruction", m.Food)
		l.fix(ch)
		if ch != nil {
			extra = append(extra, "Food: "+strings.TrimSpace(m.Food))
		}
		schedule, ch := clip("schedule", normSchedule(m.Schedule), 32)
		l.fix(ch)
		form, ch := clip("medicine_type", strings.ToLower(cleanText(m.Type)), 32)
		l.fix(ch)
		dose, ch := clip("dosage", cleanText(m.Dosage), 64)
		l.fix(ch)
		instructions := cleanMultiline(m.Instructions)
		if len(extra) > 0 {
			if instructions != "" {
				extra = append([]string{instructions}, extra...)
			}
			instructions = strings.Join(extra, "\n")
		}
		instructions, ch = clip("instructions", instructions, 1000)
		l.fix(ch)
		quantity := ""
		if m.Qty > 0 {
			quantity = strconv.FormatInt(m.Qty, 10)
		}
		var medicine *uuid.UUID
		if ids := r.medicines[strings.ToLower(name)]; len(ids) == 1 {
			medicine = &ids[0]
		}
		_, err := r.q.ImportPrescriptionLine(r.ctx, r.tx, dbsqlc.ImportPrescriptionLineParams{
			LegacyID: ptr(lid(m.ID)), PrescriptionID: rx.id, Position: int16(pos), MedicineID: medicine,
			MedicineName: name, Form: form, Dose: dose, Schedule: schedule, Frequency: frequency(m.FrequencyPerDay),
			DurationDays: days, Quantity: quantity, FoodInstruction: food, Route: routeOf(m.Type),
			PRN: schedule == "SOS", Instructions: instructions,
		})
		if err != nil {
			return fmt.Errorf("import prescription line %d: %w", m.ID, err)
		}
		l.imported()
	}
	return nil
}

// importNotes brings the doctors' notes. A note belongs to a visit in
// Santkrupa, so a note whose prescription has no visit cannot be placed
// and is skipped (reported). A note of a final prescription is signed
// (at its last edit): it was the doctor's finished word, and patients see
// signed notes as they saw completed prescriptions.
func (r *run) importNotes() error {
	c := r.rep.counts("hospital_doctornotes", "doctor_notes")
	for _, n := range r.src.Notes {
		l := r.take(c, lid(n.ID), n.ClinicID)
		if l == nil || l.done {
			continue
		}
		if _, ok := r.existing("doctor_notes", lid(n.ID)); ok {
			l.already("")
			continue
		}
		rx, ok := r.prescriptions[n.PrescriptionID]
		if !ok {
			l.skip("prescription %d was not imported", n.PrescriptionID)
			continue
		}
		if rx.visit == nil {
			l.skip("prescription %d has no single visit of its patient on the same day, and a note belongs to a visit", n.PrescriptionID)
			continue
		}
		text := func(field, s string, max int) string {
			out, ch := clip(field, cleanMultiline(s), max)
			l.fix(ch)
			return out
		}
		var signed *time.Time
		if rx.final {
			signed = ptr(n.Updated)
		}
		_, err := r.q.ImportDoctorNote(r.ctx, r.tx, dbsqlc.ImportDoctorNoteParams{
			LegacyID: ptr(lid(n.ID)), VisitID: *rx.visit, PatientID: rx.patient, AuthorID: rx.author,
			ChiefComplaint: text("checkin_purpose", n.Purpose, 2000), Observations: text("observations", n.Observations, 8000),
			Diagnosis: text("diagnosis", n.Diagnosis, 2000), TreatmentPlan: text("treatment_plan", n.TreatmentPlan, 4000),
			Notes: text("notes", n.Notes, 8000), SignedAt: signed, CreatedAt: n.Created,
		})
		if err != nil {
			return fmt.Errorf("import doctor note %d: %w", n.ID, err)
		}
		l.imported()
	}
	return nil
}

// reportUnmapped counts and reports the rows of tables Santkrupa has no
// place for yet (admissions, treatment logs, templates, pharmacies).
func (r *run) reportUnmapped() error {
	for _, u := range unmappedTables {
		rows := r.src.Unmapped[u.table]
		c := r.rep.counts(u.table, "(not imported)")
		sort.Slice(rows, func(i, j int) bool { return rows[i].ID < rows[j].ID })
		for _, row := range rows {
			l := r.take(c, lid(row.ID), row.ClinicID)
			if l == nil || l.done {
				continue
			}
			l.skip("%s", u.reason)
		}
	}
	return nil
}
