package benchdata

import (
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"
)

// table is one COPY target: its columns and the rows a clinic's plan has
// for it. Tables are listed parents first, as foreign keys would need.
type table struct {
	name string
	cols []string
	rows func(p *plan) iter.Seq[[]any]
}

var tables = []table{
	{"clinics", []string{"id", "name", "slug", "code", "address", "city", "state", "postal_code", "phone",
		"email", "registration_number", "subscription_status", "max_doctors", "max_patients", "max_receptionists",
		"created_at", "updated_at"}, clinicRows},
	{"users", []string{"clinic_id", "id", "display_name", "email", "phone", "role", "oidc_issuer", "oidc_subject",
		"created_at", "updated_at"}, userRows},
	{"doctors", []string{"clinic_id", "id", "user_id", "specialization", "qualification", "license_number",
		"created_at", "updated_at"}, doctorRows},
	{"medicines", []string{"clinic_id", "id", "name", "generic_name", "form", "strength", "default_dose",
		"default_schedule", "default_duration_days", "created_at", "updated_at"}, medicineRows},
	{"test_catalog", []string{"clinic_id", "id", "name", "test_type", "description", "created_at", "updated_at"},
		catalogRows},
	{"patients", []string{"clinic_id", "id", "patient_number", "name", "date_of_birth", "age_years", "sex", "phone",
		"email", "address", "weight_kg", "blood_group", "allergies", "emergency_contact_name",
		"emergency_contact_phone", "status", "registered_by", "created_at", "updated_at"}, patientRows},
	{"clinic_counters", []string{"clinic_id", "counter", "period", "value"}, counterRows},
	{"patient_visits", []string{"clinic_id", "id", "patient_id", "doctor_id", "checked_in_by", "checked_in_at",
		"visit_date", "token", "purpose", "priority", "status", "started_at", "completed_at", "cancelled_at",
		"cancel_reason", "bp_systolic", "bp_diastolic", "pulse", "temperature_c", "spo2", "weight_kg", "notes",
		"created_at", "updated_at"}, visitRows},
	{"doctor_notes", []string{"clinic_id", "id", "visit_id", "patient_id", "author_id", "chief_complaint",
		"observations", "diagnosis", "treatment_plan", "signed_at", "created_at", "updated_at"}, noteRows},
	{"prescriptions", []string{"clinic_id", "id", "patient_id", "doctor_id", "visit_id", "status", "diagnosis",
		"advice", "follow_up_date", "finalized_at", "created_at", "updated_at"}, prescriptionRows},
	{"prescription_lines", []string{"clinic_id", "id", "prescription_id", "position", "medicine_id",
		"medicine_name", "form", "dose", "schedule", "duration_days", "food_instruction", "created_at",
		"updated_at"}, lineRows},
	{"tests", []string{"clinic_id", "id", "patient_id", "visit_id", "prescription_id", "catalog_id", "ordered_by",
		"test_type", "name", "urgency", "status", "ordered_at", "collected_at", "completed_at", "cancelled_at",
		"created_at", "updated_at"}, testRows},
	{"test_reports", []string{"clinic_id", "id", "test_id", "patient_id", "status", "performed_by", "performed_at",
		"verified_by", "verified_at", "notes", "created_at", "updated_at"}, reportRows},
}

// one yields a single row.
func one(row ...any) iter.Seq[[]any] {
	return func(yield func([]any) bool) { yield(row) }
}

func clinicRows(p *plan) iter.Seq[[]any] {
	c, s := p.c, p.spec
	ct := cities[c.Index%len(cities)]
	maxPatients := max(10000, 2*c.Patients)
	return one(pg(s.ClinicID(c.Slug)), c.Name, c.Slug, c.Code, fmt.Sprintf("%d Station Road", 1+c.Index%90), ct.name,
		ct.state, "411001", "+91 20 5555 0100", "desk@"+c.Slug+".example", "REG-"+c.Code,
		"active", 50, maxPatients, 20, p.start, p.start)
}

func userRows(p *plan) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		c, s := p.c, p.spec
		cid := pg(s.ClinicID(c.Slug))
		r := p.rng("users", 0)
		for _, st := range c.Staff() {
			name := personName(r, st.Role == "doctor")
			if st.Role == "doctor" {
				name = "Dr. " + name
			}
			iss, sub := Issuer, c.Subject(st.Login)
			if !yield([]any{cid, pg(s.UserID(c, st.Login)), name, st.Login + "@" + c.Slug + ".example",
				phone(r), st.Role, iss, sub, p.start, p.start}) {
				return
			}
		}
	}
}

func doctorRows(p *plan) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		c, s := p.c, p.spec
		cid := pg(s.ClinicID(c.Slug))
		specs := []string{"General medicine", "Paediatrics", "Family medicine", "Internal medicine", "Orthopaedics"}
		for d := range c.Doctors {
			if !yield([]any{cid, pg(s.DoctorID(c, d)), pg(s.UserID(c, fmt.Sprintf("doctor%d", d+1))), specs[d%len(specs)],
				"MBBS", fmt.Sprintf("MMC-%s-%03d", c.Code, d+1), p.start, p.start}) {
				return
			}
		}
	}
}

func medicineRows(p *plan) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		c, s := p.c, p.spec
		cid := pg(s.ClinicID(c.Slug))
		for m, med := range medicines {
			if !yield([]any{cid, pg(s.MedicineID(c, m)), med.name, med.generic, med.form, med.strength, med.dose,
				med.schedule, med.days, p.start, p.start}) {
				return
			}
		}
	}
}

func catalogRows(p *plan) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		c, s := p.c, p.spec
		cid := pg(s.ClinicID(c.Slug))
		for t, lt := range labTests {
			if !yield([]any{cid, pg(s.ID("catalog", c.Slug, t)), lt.name, lt.kind, "", p.start, p.start}) {
				return
			}
		}
	}
}

func patientRows(p *plan) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		c, s := p.c, p.spec
		cid := pg(s.ClinicID(c.Slug))
		reception := pg(s.UserID(c, "reception"))
		year, seq := 0, 0
		row := make([]any, 19)
		for i := range p.patients {
			pp := p.patients[i]
			created := p.at(pp.day, pp.minute)
			if created.Year() != year {
				year, seq = created.Year(), 0
			}
			seq++
			r := p.rng("patient", i)
			female := r.IntN(2) == 0
			name := personName(r, !female)
			sex := "male"
			if female {
				sex = "female"
			}
			age := 1 + r.IntN(85)
			var dob, ageYears any
			if r.Float64() < 0.7 {
				dob = time.Date(created.Year()-age, time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
			} else {
				ageYears = int16(age)
			}
			ph := ""
			if r.Float64() < 0.92 {
				ph = phone(r)
			}
			var weight any
			if r.Float64() < 0.6 {
				weight = float64(20+r.IntN(70)) + float64(r.IntN(10))/10
			}
			status := "discharged"
			if r.Float64() < 0.1 {
				status = "treatment_started"
			}
			row = append(row[:0], cid, pg(s.PatientID(c.Slug, i)),
				fmt.Sprintf("PT-%s-%d-%05d", c.Code, year, seq), name, dob, ageYears, sex, ph, "",
				fmt.Sprintf("%d, %s Nagar, %s", 1+r.IntN(300), surnames[r.IntN(len(surnames))],
					cities[c.Index%len(cities)].name),
				weight, bloodGroups[r.IntN(len(bloodGroups))], allergies[r.IntN(len(allergies))],
				"", "", status, reception, created, created)
			if !yield(row) {
				return
			}
		}
	}
}

func counterRows(p *plan) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		cid := p.spec.ClinicID(p.c.Slug)
		for _, yc := range p.counterYears() {
			if !yield([]any{cid, "patient_number", fmt.Sprint(yc.year), int64(yc.count)}) {
				return
			}
		}
	}
}

func visitRows(p *plan) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		c, s := p.c, p.spec
		cid := pg(s.ClinicID(c.Slug))
		reception := pg(s.UserID(c, "reception"))
		row := make([]any, 24)
		for i := range p.visits {
			v := &p.visits[i]
			r := p.rng("visit", i)
			in := p.at(v.day, v.minute)
			status := "completed"
			var started, completed, cancelled any
			reason := ""
			if v.cancelled {
				status, cancelled, reason = "cancelled", in.Add(time.Duration(5+r.IntN(60))*time.Minute), "left"
			} else {
				st := in.Add(time.Duration(5+r.IntN(55)) * time.Minute)
				started, completed = st, st.Add(time.Duration(5+r.IntN(15))*time.Minute)
			}
			priority := "normal"
			if x := r.Float64(); x < 0.01 {
				priority = "emergency"
			} else if x < 0.06 {
				priority = "urgent"
			}
			var sys, dia, pulse, temp, spo2, weight any
			if r.Float64() < 0.8 {
				sys, dia = int16(100+r.IntN(60)), int16(60+r.IntN(35))
				pulse, spo2 = int16(60+r.IntN(50)), int16(92+r.IntN(9))
				temp = 36.5 + float64(r.IntN(30))/10
				weight = float64(20+r.IntN(70)) + float64(r.IntN(10))/10
			}
			row = append(row[:0], cid, pg(s.ID("visit", c.Slug, i)), pg(s.PatientID(c.Slug, int(v.patient))),
				pg(s.DoctorID(c, int(v.doctor))), reception, in, p.date(v.day), int32(v.token),
				purposes[r.IntN(len(purposes))], priority, status, started, completed, cancelled, reason,
				sys, dia, pulse, temp, spo2, weight, "", in, in)
			if !yield(row) {
				return
			}
		}
	}
}

func noteRows(p *plan) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		c, s := p.c, p.spec
		cid := pg(s.ClinicID(c.Slug))
		for i := range p.visits {
			v := &p.visits[i]
			if !v.note {
				continue
			}
			r := p.rng("note", i)
			at := p.at(v.day, v.minute).Add(30 * time.Minute)
			dx := diagnoses[r.IntN(len(diagnoses))]
			if !yield([]any{cid, pg(s.ID("note", c.Slug, i)), pg(s.ID("visit", c.Slug, i)), pg(s.PatientID(c.Slug, int(v.patient))),
				pg(s.UserID(c, fmt.Sprintf("doctor%d", v.doctor+1))), purposes[r.IntN(len(purposes))],
				"Conscious, oriented. Chest clear. Abdomen soft.", dx, "Medication as prescribed; review if symptoms persist.",
				at, at, at}) {
				return
			}
		}
	}
}

func prescriptionRows(p *plan) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		c, s := p.c, p.spec
		cid := pg(s.ClinicID(c.Slug))
		for i := range p.visits {
			v := &p.visits[i]
			if v.rx < 0 {
				continue
			}
			r := p.rng("rx", int(v.rx))
			at := p.at(v.day, v.minute).Add(35 * time.Minute)
			var follow any
			if r.Float64() < 0.3 {
				follow = p.date(v.day + int32(7+r.IntN(21)))
			}
			if !yield([]any{cid, pg(s.ID("rx", c.Slug, int(v.rx))), pg(s.PatientID(c.Slug, int(v.patient))),
				pg(s.DoctorID(c, int(v.doctor))), pg(s.ID("visit", c.Slug, i)), "final", diagnoses[r.IntN(len(diagnoses))],
				"Plenty of fluids. Rest.", follow, at, at, at}) {
				return
			}
		}
	}
}

func lineRows(p *plan) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		c, s := p.c, p.spec
		cid := pg(s.ClinicID(c.Slug))
		row := make([]any, 13)
		for i := range p.visits {
			v := &p.visits[i]
			if v.rx < 0 {
				continue
			}
			r := p.rng("lines", int(v.rx))
			at := p.at(v.day, v.minute).Add(35 * time.Minute)
			for k := range int(v.lines) {
				m := r.IntN(len(medicines))
				med := medicines[m]
				row = append(row[:0], cid, pg(s.ID("line", c.Slug, int(v.line0)+k)), pg(s.ID("rx", c.Slug, int(v.rx))),
					int16(k+1), pg(s.MedicineID(c, m)), med.name, med.form, med.dose, med.schedule, med.days,
					foodInstructions[r.IntN(len(foodInstructions))], at, at)
				if !yield(row) {
					return
				}
			}
		}
	}
}

func testRows(p *plan) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		c, s := p.c, p.spec
		cid := pg(s.ClinicID(c.Slug))
		row := make([]any, 17)
		for i := range p.visits {
			v := &p.visits[i]
			for k := range int(v.tests) {
				t := int(v.test0) + k
				r := p.rng("test", t)
				lt := r.IntN(len(labTests))
				ordered := p.at(v.day, v.minute).Add(40 * time.Minute)
				status := "cancelled"
				var collected, completed, cancelled, rx any
				if p.testCompleted(t) {
					status = "completed"
					collected, completed = ordered.Add(20*time.Minute), ordered.Add(time.Duration(2+r.IntN(24))*time.Hour)
				} else {
					cancelled = ordered.Add(time.Hour)
				}
				if v.rx >= 0 {
					rx = pg(s.ID("rx", c.Slug, int(v.rx)))
				}
				urgency := "routine"
				if r.Float64() < 0.1 {
					urgency = "urgent"
				}
				row = append(row[:0], cid, pg(s.ID("test", c.Slug, t)), pg(s.PatientID(c.Slug, int(v.patient))),
					pg(s.ID("visit", c.Slug, i)), rx, pg(s.ID("catalog", c.Slug, lt)),
					pg(s.UserID(c, fmt.Sprintf("doctor%d", v.doctor+1))), labTests[lt].kind, labTests[lt].name, urgency,
					status, ordered, collected, completed, cancelled, ordered, ordered)
				if !yield(row) {
					return
				}
			}
		}
	}
}

func reportRows(p *plan) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		c, s := p.c, p.spec
		cid := pg(s.ClinicID(c.Slug))
		lab := pg(s.UserID(c, "lab"))
		for i := range p.visits {
			v := &p.visits[i]
			for k := range int(v.tests) {
				t := int(v.test0) + k
				if !p.testCompleted(t) {
					continue
				}
				r := p.rng("report", t)
				at := p.at(v.day, v.minute).Add(time.Duration(3+r.IntN(24)) * time.Hour)
				if !yield([]any{cid, pg(s.ID("report", c.Slug, t)), pg(s.ID("test", c.Slug, t)),
					pg(s.PatientID(c.Slug, int(v.patient))), "final", lab, at, lab, at,
					"Values within the reference range unless marked.", at, at}) {
					return
				}
			}
		}
	}
}

// pg hands an id to COPY in the form pgx encodes directly (a
// uuid.UUID would go through its String method and be parsed back).
func pg(id uuid.UUID) pgtype.UUID { return pgtype.UUID{Bytes: id, Valid: true} }

// personName draws "First Surname"; male picks the first-name list.
func personName(r interface{ IntN(int) int }, male bool) string {
	first := femaleNames
	if male {
		first = maleNames
	}
	var b strings.Builder
	b.WriteString(first[r.IntN(len(first))])
	b.WriteByte(' ')
	b.WriteString(surnames[r.IntN(len(surnames))])
	return b.String()
}

// phone draws a ten-digit mobile number with a common prefix.
func phone(r interface{ IntN(int) int }) string {
	return fmt.Sprintf("%s%05d", phonePrefixes[r.IntN(len(phonePrefixes))], r.IntN(100000))
}

// PatientPhone is the phone number generated for patient n of clinic c
// ("" for the few without one): it replays patientRows' draws.
func PatientPhone(s Spec, c Clinic, n int) string {
	p := &plan{spec: s, c: c}
	r := p.rng("patient", n)
	female := r.IntN(2) == 0
	_ = personName(r, !female)
	_ = r.IntN(85)
	if r.Float64() < 0.7 {
		_, _ = r.IntN(12), r.IntN(28)
	}
	if r.Float64() < 0.92 {
		return phone(r)
	}
	return ""
}
