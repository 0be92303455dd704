package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// The clinic administrator's resources: members and invitations, doctor
// profiles, the medicine and test catalogs, the clinic's settings and its
// dashboard. Staff read the catalogs, doctors and settings (reception
// picks a doctor, doctors pick medicines); only admins change them.

// adminRoutes mounts the admin resources.
func (a *API) adminRoutes(r chi.Router) {
	admin := auth.Allow(a.Error, store.RoleAdmin)
	staff := auth.Allow(a.Error, store.RoleAdmin, store.RoleDoctor, store.RoleReceptionist, store.RoleLabTech)
	r.With(admin).Get("/dashboard", a.handle(a.adminDashboard))
	r.With(admin).Get("/users", a.handle(a.adminListUsers))
	r.With(admin).Get("/users/{id}", a.handle(a.adminGetUser))
	r.With(admin).Patch("/users/{id}", a.handle(a.adminPatchUser))
	r.With(admin).Post("/invitations", a.handle(a.idempotent(a.adminInvite)))
	r.With(staff).Get("/doctors", a.handle(a.adminListDoctors))
	r.With(admin).Post("/doctors", a.handle(a.idempotent(a.adminCreateDoctor)))
	r.With(staff).Get("/doctors/{id}", a.handle(a.adminGetDoctor))
	r.With(admin).Patch("/doctors/{id}", a.handle(a.adminPatchDoctor))
	r.With(staff).Get("/medicines", a.handle(a.adminListMedicines))
	r.With(admin).Post("/medicines", a.handle(a.idempotent(a.adminCreateMedicine)))
	r.With(staff).Get("/medicines/{id}", a.handle(a.adminGetMedicine))
	r.With(admin).Patch("/medicines/{id}", a.handle(a.adminPatchMedicine))
	r.With(staff).Get("/test-catalog", a.handle(a.adminListTestCatalog))
	r.With(admin).Post("/test-catalog", a.handle(a.idempotent(a.adminCreateCatalogTest)))
	r.With(staff).Get("/test-catalog/{id}", a.handle(a.adminGetCatalogTest))
	r.With(admin).Patch("/test-catalog/{id}", a.handle(a.adminPatchCatalogTest))
	r.With(staff).Get("/clinic", a.handle(a.adminGetClinic))
	r.With(admin).Patch("/clinic", a.handle(a.adminPatchClinic))
}

// adminOpt is a PATCH field that may be absent, null or a value.
type adminOpt[T any] struct {
	Set   bool
	Value *T
}

// UnmarshalJSON records that the field was sent; null leaves Value nil.
func (o *adminOpt[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Value = nil
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	o.Value = &v
	return nil
}

// adminBool reads a true/false query parameter; absent is nil.
func adminBool(r *http.Request, name string, fields map[string]string) *bool {
	switch r.URL.Query().Get(name) {
	case "":
		return nil
	case "true":
		v := true
		return &v
	case "false":
		v := false
		return &v
	}
	fields[name] = "must be true or false"
	return nil
}

// adminStale answers 412 before a merge when If-Match is not the version
// just read.
func adminStale(ifMatch string, updatedAt time.Time) error {
	if ifMatch != clinic.Version(updatedAt) {
		return clinic.ErrStale
	}
	return nil
}

func adminCreated(w http.ResponseWriter, location, version string, v any) error {
	w.Header().Set("Location", location)
	setETag(w, version)
	return writeJSON(w, http.StatusCreated, v)
}

func adminWithETag(w http.ResponseWriter, version string, v any) error {
	setETag(w, version)
	return writeJSON(w, http.StatusOK, v)
}

// Dashboard.

type adminDashboardBody struct {
	ClinicID          uuid.UUID        `json:"clinic_id"`
	Today             string           `json:"today"`
	Timezone          string           `json:"timezone"`
	VisitsToday       map[string]int64 `json:"visits_today"`
	PatientsThisMonth int64            `json:"patients_this_month"`
	PatientsTotal     int64            `json:"patients_total"`
	TestsPending      int64            `json:"tests_pending"`
	ActiveStaff       map[string]int64 `json:"active_staff"`
	Invited           int64            `json:"invited"`
	Limits            map[string]int32 `json:"limits"`
}

func (a *API) adminDashboard(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	d, err := a.Clinic.Dashboard(r.Context(), act.Scope)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, adminDashboardBody{
		ClinicID: act.Scope.ClinicID, Today: d.Today.Format(time.DateOnly), Timezone: d.Timezone,
		VisitsToday: map[string]int64{"checked_in": d.CheckedIn, "in_consultation": d.InConsultation,
			"completed": d.Completed, "cancelled": d.Cancelled},
		PatientsThisMonth: d.PatientsThisMonth, PatientsTotal: d.PatientsTotal, TestsPending: d.TestsPending,
		ActiveStaff: map[string]int64{"admin": d.Admins, "doctor": d.Doctors, "receptionist": d.Receptionists,
			"lab_tech": d.LabTechs},
		Invited: d.Invited,
		Limits:  map[string]int32{"max_doctors": d.MaxDoctors, "max_receptionists": d.MaxReceptionists, "max_patients": d.MaxPatients},
	})
}

// Users and invitations.

type adminUser struct {
	ID          uuid.UUID  `json:"id"`
	ClinicID    uuid.UUID  `json:"clinic_id"`
	DisplayName string     `json:"display_name"`
	Email       string     `json:"email"`
	Phone       string     `json:"phone"`
	Role        string     `json:"role"`
	Active      bool       `json:"active"`
	Status      string     `json:"status"`
	LastLoginAt *time.Time `json:"last_login_at"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

func adminUserJSON(u dbsqlc.User) adminUser {
	status := "active"
	switch {
	case !u.Active:
		status = "deactivated"
	case u.OIDCSubject == nil:
		status = "invited"
	}
	return adminUser{ID: u.ID, ClinicID: u.ClinicID, DisplayName: u.DisplayName, Email: u.Email, Phone: u.Phone,
		Role: u.Role, Active: u.Active, Status: status, LastLoginAt: u.LastLoginAt, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}

func (a *API) adminListUsers(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	fields := map[string]string{}
	q := clinic.UserQuery{Role: r.URL.Query().Get("role"), Active: adminBool(r, "active", fields)}
	if q.Role != "" && !store.Role(q.Role).Valid() {
		fields["role"] = "must be one of admin, doctor, receptionist, lab_tech, patient"
	}
	q.Limit, q.Cursor = pageParams(r, fields)
	if len(fields) > 0 {
		return queryInvalid(fields)
	}
	page, err := a.Clinic.ListUsers(r.Context(), act.Scope, q)
	if err != nil {
		return err
	}
	return writeList(w, r, page, adminUserJSON)
}

func (a *API) adminGetUser(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	u, err := a.Clinic.GetUser(r.Context(), act.Scope, id)
	if err != nil {
		return err
	}
	return adminWithETag(w, clinic.Version(u.UpdatedAt), adminUserJSON(u))
}

type adminUserPatch struct {
	Role   *string `json:"role"`
	Active *bool   `json:"active"`
}

func (a *API) adminPatchUser(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	var p adminUserPatch
	if err := decodeJSON(w, r, &p); err != nil {
		return err
	}
	u, err := a.Clinic.UpdateStaff(r.Context(), act.Scope, id, version, clinic.StaffChange{Role: p.Role, Active: p.Active})
	if err != nil {
		return err
	}
	return adminWithETag(w, clinic.Version(u.UpdatedAt), adminUserJSON(u))
}

type adminInvitationBody struct {
	Email       string `json:"email"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	Phone       string `json:"phone"`
}

func (a *API) adminInvite(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	var b adminInvitationBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	u, err := a.Clinic.InviteStaff(r.Context(), act.Scope, clinic.InviteInput{
		DisplayName: b.DisplayName, Email: b.Email, Phone: b.Phone, Role: b.Role,
	})
	if err != nil {
		return err
	}
	return adminCreated(w, "/api/v1/clinics/"+act.Slug+"/users/"+u.ID.String(), clinic.Version(u.UpdatedAt), adminUserJSON(u))
}

// Doctors.

type adminDoctor struct {
	ID             uuid.UUID `json:"id"`
	ClinicID       uuid.UUID `json:"clinic_id"`
	UserID         uuid.UUID `json:"user_id"`
	DisplayName    string    `json:"display_name"`
	Email          string    `json:"email"`
	UserActive     bool      `json:"user_active"`
	Specialization string    `json:"specialization"`
	Qualification  string    `json:"qualification"`
	LicenseNumber  string    `json:"license_number"`
	Active         bool      `json:"active"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

func adminDoctorJSON(d clinic.DoctorProfile) adminDoctor {
	return adminDoctor{ID: d.ID, ClinicID: d.ClinicID, UserID: d.UserID, DisplayName: d.DisplayName, Email: d.Email,
		UserActive: d.UserActive, Specialization: d.Specialization, Qualification: d.Qualification,
		LicenseNumber: d.LicenseNumber, Active: d.Active, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt}
}

func (a *API) adminListDoctors(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	fields := map[string]string{}
	n, cursor := pageParams(r, fields)
	if len(fields) > 0 {
		return queryInvalid(fields)
	}
	page, err := a.Clinic.ListDoctorProfiles(r.Context(), act.Scope, cursor, n)
	if err != nil {
		return err
	}
	return writeList(w, r, page, adminDoctorJSON)
}

type adminDoctorBody struct {
	UserID         string `json:"user_id"`
	Specialization string `json:"specialization"`
	Qualification  string `json:"qualification"`
	LicenseNumber  string `json:"license_number"`
}

func (a *API) adminCreateDoctor(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	var b adminDoctorBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	userID, err := uuid.Parse(b.UserID)
	if err != nil {
		return clinic.FieldErrors{"user_id": "Give the id of a member whose role is doctor."}
	}
	d, err := a.Clinic.CreateDoctorProfile(r.Context(), act.Scope, userID, clinic.DoctorInput{
		Specialization: b.Specialization, Qualification: b.Qualification, LicenseNumber: b.LicenseNumber,
	})
	if err != nil {
		return err
	}
	return adminCreated(w, "/api/v1/clinics/"+act.Slug+"/doctors/"+d.ID.String(), clinic.Version(d.UpdatedAt), adminDoctorJSON(d))
}

func (a *API) adminGetDoctor(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	d, err := a.Clinic.GetDoctorProfile(r.Context(), act.Scope, id)
	if err != nil {
		return err
	}
	return adminWithETag(w, clinic.Version(d.UpdatedAt), adminDoctorJSON(d))
}

type adminDoctorPatch struct {
	Specialization *string `json:"specialization"`
	Qualification  *string `json:"qualification"`
	LicenseNumber  *string `json:"license_number"`
	Active         *bool   `json:"active"`
}

func (a *API) adminPatchDoctor(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	var p adminDoctorPatch
	if err := decodeJSON(w, r, &p); err != nil {
		return err
	}
	cur, err := a.Clinic.GetDoctorProfile(r.Context(), act.Scope, id)
	if err != nil {
		return err
	}
	if err := adminStale(version, cur.UpdatedAt); err != nil {
		return err
	}
	in := clinic.DoctorInput{Specialization: adminOr(p.Specialization, cur.Specialization), Qualification: adminOr(p.Qualification, cur.Qualification),
		LicenseNumber: adminOr(p.LicenseNumber, cur.LicenseNumber), Active: adminOr(p.Active, cur.Active)}
	d, err := a.Clinic.UpdateDoctorProfile(r.Context(), act.Scope, id, version, in)
	if err != nil {
		return err
	}
	return adminWithETag(w, clinic.Version(d.UpdatedAt), adminDoctorJSON(d))
}

// or is *p when sent, else the current value.
func adminOr[T any](p *T, cur T) T {
	if p != nil {
		return *p
	}
	return cur
}

// Medicines.

type adminMedicine struct {
	ID                  uuid.UUID `json:"id"`
	ClinicID            uuid.UUID `json:"clinic_id"`
	Name                string    `json:"name"`
	GenericName         string    `json:"generic_name"`
	Form                string    `json:"form"`
	Strength            string    `json:"strength"`
	DefaultDose         string    `json:"default_dose"`
	DefaultSchedule     string    `json:"default_schedule"`
	DefaultDurationDays *int16    `json:"default_duration_days"`
	Active              bool      `json:"active"`
	CreatedAt           time.Time `json:"created_at"`
	UpdatedAt           time.Time `json:"updated_at"`
}

func adminMedicineJSON(m dbsqlc.Medicine) adminMedicine {
	return adminMedicine{ID: m.ID, ClinicID: m.ClinicID, Name: m.Name, GenericName: m.GenericName, Form: m.Form,
		Strength: m.Strength, DefaultDose: m.DefaultDose, DefaultSchedule: m.DefaultSchedule,
		DefaultDurationDays: m.DefaultDurationDays, Active: m.Active, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
}

func (a *API) adminListMedicines(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	fields := map[string]string{}
	q := clinic.MedicineQuery{NamePrefix: r.URL.Query().Get("name_prefix"), Active: adminBool(r, "active", fields)}
	q.Limit, q.Cursor = pageParams(r, fields)
	if len(fields) > 0 {
		return queryInvalid(fields)
	}
	page, err := a.Clinic.ListMedicines(r.Context(), act.Scope, q)
	if err != nil {
		return err
	}
	return writeList(w, r, page, adminMedicineJSON)
}

type adminMedicineBody struct {
	Name                string `json:"name"`
	GenericName         string `json:"generic_name"`
	Form                string `json:"form"`
	Strength            string `json:"strength"`
	DefaultDose         string `json:"default_dose"`
	DefaultSchedule     string `json:"default_schedule"`
	DefaultDurationDays *int32 `json:"default_duration_days"`
}

func (a *API) adminCreateMedicine(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	var b adminMedicineBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	m, err := a.Clinic.CreateMedicine(r.Context(), act.Scope, clinic.MedicineInput{
		Name: b.Name, GenericName: b.GenericName, Form: b.Form, Strength: b.Strength, DefaultDose: b.DefaultDose,
		DefaultSchedule: b.DefaultSchedule, DefaultDurationDays: b.DefaultDurationDays,
	})
	if err != nil {
		return err
	}
	return adminCreated(w, "/api/v1/clinics/"+act.Slug+"/medicines/"+m.ID.String(), clinic.Version(m.UpdatedAt), adminMedicineJSON(m))
}

func (a *API) adminGetMedicine(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	m, err := a.Clinic.GetMedicine(r.Context(), act.Scope, id)
	if err != nil {
		return err
	}
	return adminWithETag(w, clinic.Version(m.UpdatedAt), adminMedicineJSON(m))
}

type adminMedicinePatch struct {
	Name                *string         `json:"name"`
	GenericName         *string         `json:"generic_name"`
	Form                *string         `json:"form"`
	Strength            *string         `json:"strength"`
	DefaultDose         *string         `json:"default_dose"`
	DefaultSchedule     *string         `json:"default_schedule"`
	DefaultDurationDays adminOpt[int32] `json:"default_duration_days"`
	Active              *bool           `json:"active"`
}

func (a *API) adminPatchMedicine(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	var p adminMedicinePatch
	if err := decodeJSON(w, r, &p); err != nil {
		return err
	}
	cur, err := a.Clinic.GetMedicine(r.Context(), act.Scope, id)
	if err != nil {
		return err
	}
	if err := adminStale(version, cur.UpdatedAt); err != nil {
		return err
	}
	in := clinic.MedicineInput{Name: adminOr(p.Name, cur.Name), GenericName: adminOr(p.GenericName, cur.GenericName),
		Form: adminOr(p.Form, cur.Form), Strength: adminOr(p.Strength, cur.Strength), DefaultDose: adminOr(p.DefaultDose, cur.DefaultDose),
		DefaultSchedule: adminOr(p.DefaultSchedule, cur.DefaultSchedule), Active: adminOr(p.Active, cur.Active)}
	if p.DefaultDurationDays.Set {
		in.DefaultDurationDays = p.DefaultDurationDays.Value
	} else if cur.DefaultDurationDays != nil {
		d := int32(*cur.DefaultDurationDays)
		in.DefaultDurationDays = &d
	}
	m, err := a.Clinic.UpdateMedicine(r.Context(), act.Scope, id, version, in)
	if err != nil {
		return err
	}
	return adminWithETag(w, clinic.Version(m.UpdatedAt), adminMedicineJSON(m))
}

// The test catalog.

type adminCatalogTest struct {
	ID          uuid.UUID `json:"id"`
	ClinicID    uuid.UUID `json:"clinic_id"`
	Name        string    `json:"name"`
	TestType    string    `json:"test_type"`
	Description string    `json:"description"`
	Active      bool      `json:"active"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func adminCatalogTestJSON(t dbsqlc.TestCatalog) adminCatalogTest {
	return adminCatalogTest{ID: t.ID, ClinicID: t.ClinicID, Name: t.Name, TestType: t.TestType, Description: t.Description,
		Active: t.Active, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt}
}

func (a *API) adminListTestCatalog(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	fields := map[string]string{}
	q := clinic.CatalogTestQuery{Active: adminBool(r, "active", fields)}
	q.Limit, q.Cursor = pageParams(r, fields)
	if len(fields) > 0 {
		return queryInvalid(fields)
	}
	page, err := a.Clinic.ListTestCatalog(r.Context(), act.Scope, q)
	if err != nil {
		return err
	}
	return writeList(w, r, page, adminCatalogTestJSON)
}

type adminCatalogTestBody struct {
	Name        string `json:"name"`
	TestType    string `json:"test_type"`
	Description string `json:"description"`
}

func (a *API) adminCreateCatalogTest(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	var b adminCatalogTestBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	t, err := a.Clinic.CreateCatalogTest(r.Context(), act.Scope, clinic.CatalogTestInput{Name: b.Name, TestType: b.TestType, Description: b.Description})
	if err != nil {
		return err
	}
	return adminCreated(w, "/api/v1/clinics/"+act.Slug+"/test-catalog/"+t.ID.String(), clinic.Version(t.UpdatedAt), adminCatalogTestJSON(t))
}

func (a *API) adminGetCatalogTest(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	t, err := a.Clinic.GetCatalogTest(r.Context(), act.Scope, id)
	if err != nil {
		return err
	}
	return adminWithETag(w, clinic.Version(t.UpdatedAt), adminCatalogTestJSON(t))
}

type adminCatalogTestPatch struct {
	Name        *string `json:"name"`
	TestType    *string `json:"test_type"`
	Description *string `json:"description"`
	Active      *bool   `json:"active"`
}

func (a *API) adminPatchCatalogTest(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	var p adminCatalogTestPatch
	if err := decodeJSON(w, r, &p); err != nil {
		return err
	}
	cur, err := a.Clinic.GetCatalogTest(r.Context(), act.Scope, id)
	if err != nil {
		return err
	}
	if err := adminStale(version, cur.UpdatedAt); err != nil {
		return err
	}
	t, err := a.Clinic.UpdateCatalogTest(r.Context(), act.Scope, id, version, clinic.CatalogTestInput{
		Name: adminOr(p.Name, cur.Name), TestType: adminOr(p.TestType, cur.TestType),
		Description: adminOr(p.Description, cur.Description), Active: adminOr(p.Active, cur.Active),
	})
	if err != nil {
		return err
	}
	return adminWithETag(w, clinic.Version(t.UpdatedAt), adminCatalogTestJSON(t))
}

// The clinic's settings.

type adminClinic struct {
	ID                 uuid.UUID `json:"id"`
	ClinicID           uuid.UUID `json:"clinic_id"`
	Name               string    `json:"name"`
	Slug               string    `json:"slug"`
	Code               string    `json:"code"`
	Address            string    `json:"address"`
	City               string    `json:"city"`
	State              string    `json:"state"`
	PostalCode         string    `json:"postal_code"`
	Phone              string    `json:"phone"`
	Email              string    `json:"email"`
	RegistrationNumber string    `json:"registration_number"`
	Timezone           string    `json:"timezone"`
	SubscriptionStatus string    `json:"subscription_status"`
	SubscriptionEndsOn *string   `json:"subscription_ends_on"`
	MaxDoctors         int32     `json:"max_doctors"`
	MaxPatients        int32     `json:"max_patients"`
	MaxReceptionists   int32     `json:"max_receptionists"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
}

func adminDate(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

func adminClinicJSON(c dbsqlc.Clinic) adminClinic {
	return adminClinic{ID: c.ID, ClinicID: c.ID, Name: c.Name, Slug: c.Slug, Code: c.Code, Address: c.Address, City: c.City,
		State: c.State, PostalCode: c.PostalCode, Phone: c.Phone, Email: c.Email, RegistrationNumber: c.RegistrationNumber,
		Timezone: c.Timezone, SubscriptionStatus: c.SubscriptionStatus, SubscriptionEndsOn: adminDate(c.SubscriptionEndsOn),
		MaxDoctors: c.MaxDoctors, MaxPatients: c.MaxPatients, MaxReceptionists: c.MaxReceptionists,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

func (a *API) adminGetClinic(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	c, err := a.Clinic.ClinicSettings(r.Context(), act.Scope)
	if err != nil {
		return err
	}
	return adminWithETag(w, clinic.Version(c.UpdatedAt), adminClinicJSON(c))
}

type adminClinicPatch struct {
	Name               *string `json:"name"`
	Code               *string `json:"code"`
	Address            *string `json:"address"`
	City               *string `json:"city"`
	State              *string `json:"state"`
	PostalCode         *string `json:"postal_code"`
	Phone              *string `json:"phone"`
	Email              *string `json:"email"`
	RegistrationNumber *string `json:"registration_number"`
	Timezone           *string `json:"timezone"`
}

func (a *API) adminPatchClinic(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	var p adminClinicPatch
	if err := decodeJSON(w, r, &p); err != nil {
		return err
	}
	cur, err := a.Clinic.ClinicSettings(r.Context(), act.Scope)
	if err != nil {
		return err
	}
	if err := adminStale(version, cur.UpdatedAt); err != nil {
		return err
	}
	c, err := a.Clinic.UpdateClinicSettings(r.Context(), act.Scope, version, clinic.SettingsInput{
		Name: adminOr(p.Name, cur.Name), Code: adminOr(p.Code, cur.Code), Address: adminOr(p.Address, cur.Address),
		City: adminOr(p.City, cur.City), State: adminOr(p.State, cur.State), PostalCode: adminOr(p.PostalCode, cur.PostalCode),
		Phone: adminOr(p.Phone, cur.Phone), Email: adminOr(p.Email, cur.Email),
		RegistrationNumber: adminOr(p.RegistrationNumber, cur.RegistrationNumber), Timezone: adminOr(p.Timezone, cur.Timezone),
	})
	if err != nil {
		return err
	}
	return adminWithETag(w, clinic.Version(c.UpdatedAt), adminClinicJSON(c))
}
