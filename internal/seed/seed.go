// Package seed fills a database with demo clinics — every role, catalogs,
// patients and a day's worth of clinical records — through the store, as
// the application role, so the demo data passes the same policies as real
// work. Clinics that already exist are left alone, so seeding twice is safe.
package seed

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// Clinic describes one demo clinic.
type Clinic struct {
	Slug, Name, Code, City, State string
	Patients                      int
}

// Demo is the default demo set: two clinics, so isolation can be seen.
var Demo = []Clinic{
	{Slug: "santkrupa", Name: "Santkrupa Clinic", Code: "SKC", City: "Pune", State: "Maharashtra", Patients: 24},
	{Slug: "apollo", Name: "Apollo Family Clinic", Code: "APL", City: "Nashik", State: "Maharashtra", Patients: 18},
}

// Run seeds every clinic of clinics that does not exist yet.
func Run(ctx context.Context, st *store.Store, clinics []Clinic, log io.Writer) error {
	for _, c := range clinics {
		_, err := st.ClinicIDBySlug(ctx, c.Slug)
		if err == nil {
			fmt.Fprintf(log, "seed: clinic %s exists, left as it is\n", c.Slug)
			continue
		}
		if !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("seed %s: %w", c.Slug, err)
		}
		if _, err := Clinic1(ctx, st, c); err != nil {
			return fmt.Errorf("seed %s: %w", c.Slug, err)
		}
		fmt.Fprintf(log, "seed: clinic %s created with %d patients\n", c.Slug, c.Patients)
	}
	return nil
}

// Clinic1 creates one demo clinic with all its records in one transaction
// and returns its id.
func Clinic1(ctx context.Context, st *store.Store, c Clinic) (uuid.UUID, error) {
	id := uuid.New()
	scope := store.Scope{ClinicID: id, Role: store.RoleAdmin}
	err := st.Tx(ctx, scope, func(tx dbsqlc.DBTX) error {
		b := &builder{ctx: ctx, tx: tx, q: st.Queries(), c: c, rnd: rand.New(rand.NewPCG(uint64(len(c.Slug)), 42))}
		return b.build()
	})
	return id, err
}

type builder struct {
	ctx context.Context
	tx  dbsqlc.DBTX
	q   *dbsqlc.Queries
	c   Clinic
	rnd *rand.Rand

	users     map[string]dbsqlc.User // by demo login name
	doctors   []dbsqlc.Doctor
	medicines []dbsqlc.Medicine
	catalog   []dbsqlc.TestCatalog
}

func (b *builder) build() error {
	steps := []func() error{b.clinic, b.staff, b.catalogs, b.patients}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) clinic() error {
	_, err := b.q.CreateClinic(b.ctx, b.tx, dbsqlc.CreateClinicParams{
		Name: b.c.Name, Slug: b.c.Slug, Code: b.c.Code,
		Address: "12 Station Road", City: b.c.City, State: b.c.State, PostalCode: "411001",
		Phone: "+91 20 5555 0100", Email: "desk@" + b.c.Slug + ".example",
		RegistrationNumber: "MH-REG-" + b.c.Code + "-2019", Timezone: "Asia/Kolkata",
		SubscriptionStatus: "active", MaxDoctors: 10, MaxPatients: 50000, MaxReceptionists: 5,
	})
	if err != nil {
		return fmt.Errorf("create clinic: %w", err)
	}
	return nil
}

// Person is a demo user of every demo clinic. Their users rows are
// invitations (an email, no identity yet): the first login with that
// verified email binds them, exactly as for real staff.
type Person struct {
	Login string
	Name  string
	Role  store.Role
}

// Email is the person's address in clinic slug.
func (p Person) Email(slug string) string { return p.Login + "@" + slug + ".example" }

// DemoPeople lists the demo users of each clinic, one or more per role.
func DemoPeople() []Person {
	return []Person{
		{"admin", "Asha Kulkarni", store.RoleAdmin},
		{"doctor", "Dr. Rohan Deshpande", store.RoleDoctor},
		{"doctor2", "Dr. Meera Joshi", store.RoleDoctor},
		{"reception", "Sunita Pawar", store.RoleReceptionist},
		{"lab", "Vikram Shinde", store.RoleLabTech},
		{"patient", "Anil Patil", store.RolePatient},
	}
}

func (b *builder) staff() error {
	b.users = map[string]dbsqlc.User{}
	people := DemoPeople()
	for _, p := range people {
		u, err := b.q.CreateUser(b.ctx, b.tx, dbsqlc.CreateUserParams{
			DisplayName: p.Name, Email: p.Email(b.c.Slug),
			Phone: "+91 98" + fmt.Sprintf("%08d", b.rnd.IntN(1e8)), Role: string(p.Role),
		})
		if err != nil {
			return fmt.Errorf("create user %s: %w", p.Login, err)
		}
		b.users[p.Login] = u
	}
	specs := []struct{ login, spec, qual string }{
		{"doctor", "General Medicine", "MBBS, MD"},
		{"doctor2", "Paediatrics", "MBBS, DCH"},
	}
	for i, s := range specs {
		d, err := b.q.CreateDoctor(b.ctx, b.tx, dbsqlc.CreateDoctorParams{
			UserID: b.users[s.login].ID, Specialization: s.spec, Qualification: s.qual,
			LicenseNumber: fmt.Sprintf("MMC-%s-%05d", b.c.Code, 1001+i),
		})
		if err != nil {
			return fmt.Errorf("create doctor: %w", err)
		}
		b.doctors = append(b.doctors, d)
	}
	return nil
}

func i16(n int16) *int16 { return &n }

func (b *builder) catalogs() error {
	meds := []struct {
		name, generic, form, strength, dose, sched string
		days                                       int16
	}{
		{"Paracetamol", "Paracetamol", "tablet", "500 mg", "1 tablet", "1-1-1", 3},
		{"Amoxicillin", "Amoxicillin", "capsule", "500 mg", "1 capsule", "1-0-1", 5},
		{"Azithromycin", "Azithromycin", "tablet", "500 mg", "1 tablet", "1-0-0", 3},
		{"Cetirizine", "Cetirizine", "tablet", "10 mg", "1 tablet", "0-0-1", 5},
		{"Pantoprazole", "Pantoprazole", "tablet", "40 mg", "1 tablet", "1-0-0", 14},
		{"Metformin", "Metformin", "tablet", "500 mg", "1 tablet", "1-0-1", 30},
		{"Amlodipine", "Amlodipine", "tablet", "5 mg", "1 tablet", "1-0-0", 30},
		{"ORS", "Oral rehydration salts", "powder", "21 g", "1 sachet", "SOS", 3},
		{"Salbutamol", "Salbutamol", "inhaler", "100 mcg", "2 puffs", "SOS", 30},
		{"Cough syrup", "Dextromethorphan", "syrup", "10 mg/5 ml", "5 ml", "1-1-1", 5},
	}
	for _, m := range meds {
		med, err := b.q.CreateMedicine(b.ctx, b.tx, dbsqlc.CreateMedicineParams{
			Name: m.name, GenericName: m.generic, Form: m.form, Strength: m.strength,
			DefaultDose: m.dose, DefaultSchedule: m.sched, DefaultDurationDays: i16(m.days),
		})
		if err != nil {
			return fmt.Errorf("create medicine %s: %w", m.name, err)
		}
		b.medicines = append(b.medicines, med)
	}
	tests := []struct{ name, typ string }{
		{"Complete blood count", "blood"}, {"Fasting blood sugar", "blood"}, {"Lipid profile", "blood"},
		{"Urine routine", "urine"}, {"Chest X-ray", "x-ray"}, {"ECG", "ecg"},
	}
	for _, t := range tests {
		ct, err := b.q.CreateCatalogTest(b.ctx, b.tx, dbsqlc.CreateCatalogTestParams{Name: t.name, TestType: t.typ})
		if err != nil {
			return fmt.Errorf("create catalog test %s: %w", t.name, err)
		}
		b.catalog = append(b.catalog, ct)
	}
	return nil
}

var (
	firstNames = []string{"Aarav", "Priya", "Kiran", "Sneha", "Rahul", "Pooja", "Sanjay", "Neha", "Amit", "Kavita", "Rajesh", "Lata", "Vijay", "Anjali", "Suresh", "Deepa"}
	lastNames  = []string{"Patil", "Joshi", "Kulkarni", "Deshmukh", "Jadhav", "Gaikwad", "More", "Chavan", "Bhosale", "Shinde", "Pawar", "Sawant"}
	purposes   = []string{"Fever and cough", "Follow-up", "Diabetes review", "Blood pressure check", "Stomach ache", "Headache", "Skin rash", "Vaccination"}
	bloodGroup = []string{"A+", "B+", "O+", "AB+", "O-", "unknown"}
)

func (b *builder) patients() error {
	reception := b.users["reception"].ID
	for i := 0; i < b.c.Patients; i++ {
		name := firstNames[b.rnd.IntN(len(firstNames))] + " " + lastNames[b.rnd.IntN(len(lastNames))]
		var userID *uuid.UUID
		if i == 0 { // the demo patient login sees this record
			name = b.users["patient"].DisplayName
			id := b.users["patient"].ID
			userID = &id
		}
		sex := []string{"male", "female"}[b.rnd.IntN(2)]
		dob := time.Date(1950+b.rnd.IntN(60), time.Month(1+b.rnd.IntN(12)), 1+b.rnd.IntN(28), 0, 0, 0, 0, time.UTC)
		w := float64(40 + b.rnd.IntN(50))
		p, err := b.q.RegisterPatient(b.ctx, b.tx, dbsqlc.RegisterPatientParams{
			Name: name, DateOfBirth: &dob, Sex: sex,
			Phone: fmt.Sprintf("+91 9%09d", b.rnd.IntN(1e9)), Email: "",
			Address: fmt.Sprintf("%d MG Road, %s", 1+b.rnd.IntN(200), b.c.City), WeightKg: &w,
			BloodGroup: bloodGroup[b.rnd.IntN(len(bloodGroup))], Allergies: []string{"", "", "Penicillin", "Sulfa drugs"}[b.rnd.IntN(4)],
			EmergencyContactName: "Family", EmergencyContactPhone: "+91 90000 00000",
			RegisteredBy: &reception, UserID: userID,
		})
		if err != nil {
			return fmt.Errorf("register patient: %w", err)
		}
		if err := b.history(p, i); err != nil {
			return err
		}
	}
	return nil
}

// history gives a patient a completed visit with notes, a prescription, a
// test with its report and a document; every third patient also waits in
// today's queue.
func (b *builder) history(p dbsqlc.Patient, i int) error {
	doc := b.doctors[i%len(b.doctors)]
	docUser := b.users[[]string{"doctor", "doctor2"}[i%2]].ID
	reception := b.users["reception"].ID
	lab := b.users["lab"].ID
	sys, dia, pulse := int16(110+b.rnd.IntN(40)), int16(70+b.rnd.IntN(20)), int16(60+b.rnd.IntN(40))
	temp := 36.5 + float64(b.rnd.IntN(20))/10
	v, err := b.q.CheckInPatient(b.ctx, b.tx, dbsqlc.CheckInPatientParams{
		PatientID: p.ID, DoctorID: &doc.ID, CheckedInBy: &reception,
		Purpose: purposes[b.rnd.IntN(len(purposes))], Priority: "normal",
		BpSystolic: &sys, BpDiastolic: &dia, Pulse: &pulse, TemperatureC: &temp,
	})
	if err != nil {
		return fmt.Errorf("check in: %w", err)
	}
	if _, err := b.q.StartConsultation(b.ctx, b.tx, v.ID); err != nil {
		return fmt.Errorf("start consultation: %w", err)
	}
	now := time.Now()
	if _, err := b.q.CreateDoctorNote(b.ctx, b.tx, dbsqlc.CreateDoctorNoteParams{
		VisitID: v.ID, PatientID: p.ID, AuthorID: docUser, ChiefComplaint: v.Purpose,
		Observations: "Alert, oriented. Chest clear.", Diagnosis: "Viral fever",
		TreatmentPlan: "Symptomatic treatment, fluids, review in 5 days.", SignedAt: &now,
	}); err != nil {
		return fmt.Errorf("doctor note: %w", err)
	}
	rx, err := b.q.CreatePrescription(b.ctx, b.tx, dbsqlc.CreatePrescriptionParams{
		PatientID: p.ID, DoctorID: doc.ID, VisitID: &v.ID, Diagnosis: "Viral fever",
		Advice: "Plenty of fluids. Rest.",
	})
	if err != nil {
		return fmt.Errorf("prescription: %w", err)
	}
	for n := 0; n < 3; n++ {
		m := b.medicines[(i+n)%len(b.medicines)]
		if _, err := b.q.AddPrescriptionLine(b.ctx, b.tx, dbsqlc.AddPrescriptionLineParams{
			PrescriptionID: rx.ID, Position: int16(n + 1), MedicineID: &m.ID, MedicineName: m.Name,
			Form: m.Form, Dose: m.DefaultDose, Schedule: m.DefaultSchedule,
			DurationDays: m.DefaultDurationDays, Quantity: "10", FoodInstruction: []string{"after", "before", "any"}[n],
			Route: "oral",
		}); err != nil {
			return fmt.Errorf("prescription line: %w", err)
		}
	}
	if _, err := b.q.FinalizePrescription(b.ctx, b.tx, rx.ID); err != nil {
		return fmt.Errorf("finalise prescription: %w", err)
	}
	ct := b.catalog[i%len(b.catalog)]
	t, err := b.q.OrderTest(b.ctx, b.tx, dbsqlc.OrderTestParams{
		PatientID: p.ID, VisitID: &v.ID, PrescriptionID: &rx.ID, CatalogID: &ct.ID,
		OrderedBy: &docUser, TestType: ct.TestType, Name: ct.Name, Urgency: "routine",
	})
	if err != nil {
		return fmt.Errorf("order test: %w", err)
	}
	if _, err := b.q.SetTestStatus(b.ctx, b.tx, dbsqlc.SetTestStatusParams{ID: t.ID, Status: "completed"}); err != nil {
		return fmt.Errorf("complete test: %w", err)
	}
	rep, err := b.q.CreateTestReport(b.ctx, b.tx, dbsqlc.CreateTestReportParams{
		TestID: t.ID, PatientID: p.ID, Status: "preliminary", PerformedBy: &lab, Notes: "Sample adequate.",
	})
	if err != nil {
		return fmt.Errorf("test report: %w", err)
	}
	hb := 10 + float64(b.rnd.IntN(60))/10
	flag := "normal"
	if hb < 12 {
		flag = "low"
	}
	if _, err := b.q.AddTestReportValue(b.ctx, b.tx, dbsqlc.AddTestReportValueParams{
		TestReportID: rep.ID, PatientID: p.ID, Position: 1, Analyte: "Haemoglobin",
		Value: fmt.Sprintf("%.1f", hb), Unit: "g/dL", ReferenceRange: "12.0-16.0", AbnormalFlag: flag,
	}); err != nil {
		return fmt.Errorf("report value: %w", err)
	}
	if _, err := b.q.VerifyTestReport(b.ctx, b.tx, dbsqlc.VerifyTestReportParams{ID: rep.ID, VerifiedBy: &docUser}); err != nil {
		return fmt.Errorf("verify report: %w", err)
	}
	pdf := demoPDF(p.Name)
	sum := sha256.Sum256(pdf)
	if _, err := b.q.CreateMedicalReport(b.ctx, b.tx, dbsqlc.CreateMedicalReportParams{
		PatientID: p.ID, UploadedBy: &lab, ReportType: "lab", Description: ct.Name + " report",
		Content: pdf, ContentType: "application/pdf", SizeBytes: int32(len(pdf)), SHA256: sum[:],
		OriginalFilename: "report.pdf",
	}); err != nil {
		return fmt.Errorf("medical report: %w", err)
	}
	if _, err := b.q.CompleteVisit(b.ctx, b.tx, v.ID); err != nil {
		return fmt.Errorf("complete visit: %w", err)
	}
	if i%3 == 1 { // waiting in today's queue
		if _, err := b.q.CheckInPatient(b.ctx, b.tx, dbsqlc.CheckInPatientParams{
			PatientID: p.ID, DoctorID: &doc.ID, CheckedInBy: &reception,
			Purpose: "Follow-up", Priority: []string{"normal", "urgent"}[b.rnd.IntN(2)],
		}); err != nil {
			return fmt.Errorf("queue check-in: %w", err)
		}
	}
	return nil
}

// demoPDF is a minimal one-page PDF naming the patient.
func demoPDF(name string) []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
		"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
		"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n" +
		"4 0 obj<</Length 60>>stream\nBT /F1 12 Tf 20 100 Td (Lab report: " + pdfEscape(name) + ") Tj ET\nendstream endobj\n" +
		"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
}

func pdfEscape(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '(' || r == ')' || r == '\\' {
			out = append(out, '\\')
		}
		out = append(out, r)
	}
	return string(out)
}
