package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/store"
)

var (
	// receptionDesk registers, edits, invites and checks in.
	receptionDesk = []store.Role{store.RoleAdmin, store.RoleReceptionist}
	// receptionStaff reads patients and visits.
	receptionStaff = []store.Role{store.RoleAdmin, store.RoleReceptionist, store.RoleDoctor, store.RoleLabTech}
	// receptionClinicians start and complete consultations: doctors, as
	// themselves (the visit is assigned to the acting doctor).
	receptionClinicians = []store.Role{store.RoleDoctor}
	// receptionCancellers cancel visits.
	receptionCancellers = []store.Role{store.RoleAdmin, store.RoleReceptionist, store.RoleDoctor}
)

// receptionRoutes mounts the reception resources: patients and visits.
func (a *API) receptionRoutes(r chi.Router) {
	allow := func(roles []store.Role) func(http.Handler) http.Handler { return auth.Allow(a.Error, roles...) }
	r.With(allow(receptionStaff)).Get("/patients", a.handle(a.listPatients))
	r.With(allow(receptionDesk)).Post("/patients", a.handle(a.idempotent(a.createPatient)))
	r.With(allow(receptionStaff)).Get("/patients/{id}", a.handle(a.getPatient))
	r.With(allow(receptionDesk)).Patch("/patients/{id}", a.handle(a.patchPatient))
	r.With(allow(receptionDesk)).Post("/patients/{id}/portal-invitation", a.handle(a.invitePatient))
	r.With(allow(receptionStaff)).Get("/visits", a.handle(a.listVisits))
	r.With(allow(receptionDesk)).Post("/visits", a.handle(a.idempotent(a.checkIn)))
	r.With(allow(receptionStaff)).Get("/visits/{id}", a.handle(a.getVisit))
	r.With(allow(receptionClinicians)).Post("/visits/{id}/start", a.handle(a.startVisit))
	r.With(allow(receptionClinicians)).Post("/visits/{id}/complete", a.handle(a.completeVisit))
	r.With(allow(receptionCancellers)).Post("/visits/{id}/cancel", a.handle(a.cancelVisit))
}

// receptionPatient is a patient in the API.
type receptionPatient struct {
	ID                    uuid.UUID  `json:"id"`
	ClinicID              uuid.UUID  `json:"clinic_id"`
	PatientNumber         string     `json:"patient_number"`
	LegacyID              *string    `json:"legacy_id"`
	Name                  string     `json:"name"`
	DateOfBirth           *string    `json:"date_of_birth"`
	AgeYears              *int16     `json:"age_years"`
	Sex                   string     `json:"sex"`
	Phone                 string     `json:"phone"`
	Email                 string     `json:"email"`
	Address               string     `json:"address"`
	WeightKg              *float64   `json:"weight_kg"`
	BloodGroup            string     `json:"blood_group"`
	Allergies             string     `json:"allergies"`
	EmergencyContactName  string     `json:"emergency_contact_name"`
	EmergencyContactPhone string     `json:"emergency_contact_phone"`
	Status                string     `json:"status"`
	UserID                *uuid.UUID `json:"user_id"`
	RegisteredBy          *uuid.UUID `json:"registered_by"`
	CreatedAt             time.Time  `json:"created_at"`
	UpdatedAt             time.Time  `json:"updated_at"`
}

func receptionDate(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

func receptionPatientOf(p clinic.Patient) receptionPatient {
	return receptionPatient{ID: p.ID, ClinicID: p.ClinicID, PatientNumber: p.PatientNumber, LegacyID: p.LegacyID,
		Name: p.Name, DateOfBirth: receptionDate(p.DateOfBirth), AgeYears: p.AgeYears, Sex: p.Sex, Phone: p.Phone,
		Email: p.Email, Address: p.Address, WeightKg: p.WeightKg, BloodGroup: p.BloodGroup, Allergies: p.Allergies,
		EmergencyContactName: p.EmergencyContactName, EmergencyContactPhone: p.EmergencyContactPhone,
		Status: p.Status, UserID: p.UserID, RegisteredBy: p.RegisteredBy, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

// listPatients (GET /patients) finds patients by exactly one of number,
// name_prefix and phone, or lists them newest first.
func (a *API) listPatients(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	q := r.URL.Query()
	fields := map[string]string{}
	pq := clinic.PatientQuery{Number: q.Get("number"), NamePrefix: q.Get("name_prefix"), Phone: q.Get("phone")}
	pq.Limit, pq.Cursor = pageParams(r, fields)
	given := 0
	for _, v := range []string{pq.Number, pq.NamePrefix, pq.Phone} {
		if v != "" {
			given++
		}
	}
	if given > 1 {
		fields["number"] = "search by one of number, name_prefix and phone at a time"
	}
	if len(fields) > 0 {
		return queryInvalid(fields)
	}
	page, err := a.Clinic.FindPatients(r.Context(), act.Scope, pq)
	if err != nil {
		return err
	}
	return writeList(w, r, page, receptionPatientOf)
}

// receptionPatientCreate is the body of POST /patients.
type receptionPatientCreate struct {
	Name                  string   `json:"name"`
	DateOfBirth           *string  `json:"date_of_birth"`
	AgeYears              *int32   `json:"age_years"`
	Sex                   string   `json:"sex"`
	Phone                 string   `json:"phone"`
	Email                 string   `json:"email"`
	Address               string   `json:"address"`
	WeightKg              *float64 `json:"weight_kg"`
	BloodGroup            string   `json:"blood_group"`
	Allergies             string   `json:"allergies"`
	EmergencyContactName  string   `json:"emergency_contact_name"`
	EmergencyContactPhone string   `json:"emergency_contact_phone"`
	// ConfirmDuplicate registers even when a patient with the same name
	// and phone or date of birth exists.
	ConfirmDuplicate bool `json:"confirm_duplicate"`
}

// receptionParseDate reads an optional YYYY-MM-DD.
func receptionParseDate(v *string, field string, fields map[string]string) *time.Time {
	if v == nil {
		return nil
	}
	t, err := time.Parse(time.DateOnly, *v)
	if err != nil {
		fields[field] = "must be a date such as 1988-04-12"
		return nil
	}
	return &t
}

// createPatient (POST /patients) registers a patient. A likely duplicate
// is 409 with the matches listed, unless confirm_duplicate.
func (a *API) createPatient(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	var body receptionPatientCreate
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	fields := map[string]string{}
	in := clinic.PatientInput{Name: body.Name, DateOfBirth: receptionParseDate(body.DateOfBirth, "date_of_birth", fields),
		AgeYears: body.AgeYears, Sex: body.Sex, Phone: body.Phone, Email: body.Email, Address: body.Address,
		WeightKg: body.WeightKg, BloodGroup: body.BloodGroup, Allergies: body.Allergies,
		EmergencyContactName: body.EmergencyContactName, EmergencyContactPhone: body.EmergencyContactPhone}
	if len(fields) > 0 {
		return receptionInvalid(fields, in.Validate())
	}
	p, err := a.Clinic.RegisterPatient(r.Context(), act.Scope, in, body.ConfirmDuplicate)
	var dup *clinic.DuplicateError
	if errors.As(err, &dup) {
		return a.writeDuplicate(w, r, err, dup)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", receptionClinicPath(act.Slug, "/patients/"+p.ID.String()))
	setETag(w, clinic.Version(p.UpdatedAt))
	return writeJSON(w, http.StatusCreated, receptionPatientOf(p))
}

// receptionClinicPath is the API path of a clinic's resource.
func receptionClinicPath(slug, rest string) string { return "/api/v1/clinics/" + slug + rest }

// receptionInvalid merges the body's own field messages with the domain's.
func receptionInvalid(fields map[string]string, domain error) error {
	var fe clinic.FieldErrors
	if errors.As(domain, &fe) {
		for k, v := range fe {
			if _, seen := fields[k]; !seen {
				fields[k] = v
			}
		}
	}
	return httperr.Invalid("Some fields need attention.", fields)
}

// receptionMatch is a possible duplicate in a 409's "matches" member.
type receptionMatch struct {
	ID            uuid.UUID `json:"id"`
	PatientNumber string    `json:"patient_number"`
	Name          string    `json:"name"`
	DateOfBirth   *string   `json:"date_of_birth"`
	Phone         string    `json:"phone"`
}

// writeDuplicate answers a likely duplicate: the problem document of
// httperr with an extension member listing the matches, so a client can
// offer them before confirming.
func (a *API) writeDuplicate(w http.ResponseWriter, r *http.Request, err error, dup *clinic.DuplicateError) error {
	e := httperr.From(err)
	httperr.Log(a.Log, r, e)
	out := struct {
		problem
		Matches []receptionMatch `json:"matches"`
	}{problem: problem{Type: "https://santkrupa.dev/problems/" + e.Type, Title: e.Title, Status: e.Status,
		Detail: e.Detail + ` Send "confirm_duplicate": true to register anyway.`, Instance: r.URL.Path}}
	for _, m := range dup.Matches {
		out.Matches = append(out.Matches, receptionMatch{ID: m.ID, PatientNumber: m.PatientNumber, Name: m.Name,
			DateOfBirth: receptionDate(m.DateOfBirth), Phone: m.Phone})
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(e.Status)
	return json.NewEncoder(w).Encode(out)
}

// getPatient (GET /patients/{id}) answers the patient with its ETag.
func (a *API) getPatient(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	p, err := a.Clinic.GetPatient(r.Context(), act.Scope, id)
	if err != nil {
		return err
	}
	setETag(w, clinic.Version(p.UpdatedAt))
	return writeJSON(w, http.StatusOK, receptionPatientOf(p))
}

// receptionOpt is a member of a JSON merge patch: absent (Set false), null
// (Null), or a value.
type receptionOpt[T any] struct {
	Set, Null bool
	V         T
}

func (o *receptionOpt[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.V)
}

// apply sets *dst when the member is present; null sets the zero value.
func (o receptionOpt[T]) apply(dst *T) {
	if o.Set {
		*dst = o.V // a null leaves V at its zero value
	}
}

// receptionPatientPatch is the body of PATCH /patients/{id}: a JSON merge
// patch of the demographics; null clears a field.
type receptionPatientPatch struct {
	Name                  receptionOpt[string]  `json:"name"`
	DateOfBirth           receptionOpt[string]  `json:"date_of_birth"`
	AgeYears              receptionOpt[int32]   `json:"age_years"`
	Sex                   receptionOpt[string]  `json:"sex"`
	Phone                 receptionOpt[string]  `json:"phone"`
	Email                 receptionOpt[string]  `json:"email"`
	Address               receptionOpt[string]  `json:"address"`
	WeightKg              receptionOpt[float64] `json:"weight_kg"`
	BloodGroup            receptionOpt[string]  `json:"blood_group"`
	Allergies             receptionOpt[string]  `json:"allergies"`
	EmergencyContactName  receptionOpt[string]  `json:"emergency_contact_name"`
	EmergencyContactPhone receptionOpt[string]  `json:"emergency_contact_phone"`
}

// patchPatient (PATCH /patients/{id}) changes the fields the body names,
// when If-Match names the current version (else 412; without it 428).
func (a *API) patchPatient(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	var body receptionPatientPatch
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	cur, err := a.Clinic.GetPatient(r.Context(), act.Scope, id)
	if err != nil {
		return err
	}
	if clinic.Version(cur.UpdatedAt) != version {
		return clinic.ErrStale
	}
	in := clinic.PatientInput{Name: cur.Name, DateOfBirth: cur.DateOfBirth, Sex: cur.Sex, Phone: cur.Phone,
		Email: cur.Email, Address: cur.Address, WeightKg: cur.WeightKg, BloodGroup: cur.BloodGroup,
		Allergies: cur.Allergies, EmergencyContactName: cur.EmergencyContactName,
		EmergencyContactPhone: cur.EmergencyContactPhone}
	if cur.AgeYears != nil {
		age := int32(*cur.AgeYears)
		in.AgeYears = &age
	}
	fields := map[string]string{}
	for _, t := range []struct {
		o   receptionOpt[string]
		dst *string
	}{{body.Name, &in.Name}, {body.Sex, &in.Sex}, {body.Phone, &in.Phone}, {body.Email, &in.Email},
		{body.Address, &in.Address}, {body.BloodGroup, &in.BloodGroup}, {body.Allergies, &in.Allergies},
		{body.EmergencyContactName, &in.EmergencyContactName}, {body.EmergencyContactPhone, &in.EmergencyContactPhone}} {
		t.o.apply(t.dst)
	}
	if body.DateOfBirth.Set {
		in.DateOfBirth = nil
		if !body.DateOfBirth.Null {
			in.DateOfBirth = receptionParseDate(&body.DateOfBirth.V, "date_of_birth", fields)
		}
	}
	if body.AgeYears.Set {
		in.AgeYears = nil
		if !body.AgeYears.Null {
			in.AgeYears = &body.AgeYears.V
		}
	}
	if body.WeightKg.Set {
		in.WeightKg = nil
		if !body.WeightKg.Null {
			in.WeightKg = &body.WeightKg.V
		}
	}
	if len(fields) > 0 {
		return receptionInvalid(fields, in.Validate())
	}
	p, err := a.Clinic.UpdatePatient(r.Context(), act.Scope, id, version, in)
	if err != nil {
		return err
	}
	setETag(w, clinic.Version(p.UpdatedAt))
	return writeJSON(w, http.StatusOK, receptionPatientOf(p))
}

// receptionInvitation is a patient's portal invitation.
type receptionInvitation struct {
	PatientID uuid.UUID `json:"patient_id"`
	UserID    uuid.UUID `json:"user_id"`
	Email     string    `json:"email"`
	// Status is "invited" until the patient's first sign-in with the email.
	Status string `json:"status"`
}

// invitePatient (POST /patients/{id}/portal-invitation) invites the
// patient to the portal, or corrects a pending invitation's email.
func (a *API) invitePatient(w http.ResponseWriter, r *http.Request) error {
	act, _ := auth.ActorFrom(r.Context())
	id, err := pathUUID(r)
	if err != nil {
		return err
	}
	var body struct {
		Email string `json:"email"`
	}
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	inv, err := a.Clinic.InvitePatientToPortal(r.Context(), act.Scope, id, body.Email)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, receptionInvitation{PatientID: inv.PatientID, UserID: inv.UserID,
		Email: inv.Email, Status: "invited"})
}
