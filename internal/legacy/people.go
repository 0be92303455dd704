package legacy

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// Staff, patients' logins, doctors and patients.

// importUsers brings every legacy user of the clinic over as an invitation:
// a users row with the email and no identity, which the person's first
// sign-in with that verified email binds. No password, hash or username is
// carried over. A user whose email the clinic already has is the same
// person: the legacy row is linked to that user, not duplicated.
func (r *run) importUsers() error {
	c := r.rep.counts("hospital_user", "users")
	existing, err := r.q.LegacyExistingUsers(r.ctx, r.tx)
	if err != nil {
		return fmt.Errorf("read users: %w", err)
	}
	byEmail := map[string]uuid.UUID{}
	for _, u := range existing {
		byEmail[u.Email] = u.ID
	}
	ours := map[uuid.UUID]bool{}
	for _, id := range r.ids["users"] {
		ours[id] = true
	}
	taken := map[string]int64{} // email → legacy user that has it in this run
	for _, u := range r.src.Users {
		l := r.take(c, lid(u.ID), u.ClinicID)
		if l == nil || l.done {
			continue
		}
		if id, ok := r.existing("users", lid(u.ID)); ok {
			r.users[u.ID] = id
			l.already("")
			continue
		}
		role := strings.ToLower(strings.TrimSpace(u.Role))
		if role == "super_admin" {
			l.skip("a platform operator (super_admin) is not a clinic member; operators are named in SANTKRUPA_SUPER_ADMINS")
			continue
		}
		if !store.Role(role).Valid() {
			l.skip("unknown role %q", u.Role)
			continue
		}
		email := strings.ToLower(strings.TrimSpace(u.Email))
		if email != "" && (!strings.Contains(email, "@") || strings.ContainsAny(email, " \t,;")) {
			l.fix(&change{Field: "email", From: u.Email, To: "", Reason: "not an email address; left empty"})
			email = ""
		}
		if email != "" {
			if id, ok := byEmail[email]; ok && !ours[id] {
				r.users[u.ID] = id
				l.already(fmt.Sprintf("the clinic already has a user with email %s; linked to it", email))
				continue
			}
			if other, ok := taken[email]; ok {
				l.fix(&change{Field: "email", From: u.Email, To: "",
					Reason: fmt.Sprintf("legacy user %d has the same email; imported without it", other)})
				email = ""
			}
		}
		if email != "" && email != u.Email {
			l.fix(&change{Field: "email", From: u.Email, To: email, Reason: "trimmed and lower-cased"})
		}
		name := cleanText(u.FirstName + " " + u.LastName)
		if name == "" {
			name = cleanText(u.Username)
			l.fix(&change{Field: "name", To: name, Reason: "no first or last name; the legacy username is used"})
		}
		if name == "" {
			name = fmt.Sprintf("Legacy user %d", u.ID)
			l.fix(&change{Field: "name", To: name, Reason: "no name and no username"})
		}
		name, ch := clip("name", name, 200)
		l.fix(ch)
		phone, ch := normPhone("mobile_number", u.Mobile)
		l.fix(ch)
		phone, ch = clip("mobile_number", phone, 30)
		l.fix(ch)
		if email == "" {
			l.fix(&change{Field: "email", Reason: "no email: the invitation cannot be accepted until an admin adds one", Flagged: true})
		}
		email, ch = clip("email", email, 254)
		l.fix(ch)
		row, err := r.q.ImportUser(r.ctx, r.tx, dbsqlc.ImportUserParams{
			LegacyID: ptr(lid(u.ID)), DisplayName: name, Email: email, Phone: phone, Role: role,
			Active: u.Active, CreatedAt: u.DateJoined,
		})
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("import user %d: legacy id taken concurrently", u.ID)
		}
		if err != nil {
			return fmt.Errorf("import user %d: %w", u.ID, err)
		}
		if email != "" {
			taken[email] = u.ID
		}
		r.users[u.ID] = row.ID
		l.imported()
	}
	return nil
}

// importDoctors brings the doctors with their licence numbers. A licence
// number the clinic already has is the same doctor: linked, not
// duplicated.
func (r *run) importDoctors() error {
	c := r.rep.counts("hospital_doctor", "doctors")
	existing, err := r.q.LegacyExistingDoctors(r.ctx, r.tx)
	if err != nil {
		return fmt.Errorf("read doctors: %w", err)
	}
	byID := map[uuid.UUID]doctorRef{}
	byLicence := map[string]doctorRef{}
	byUser := map[uuid.UUID]doctorRef{}
	for _, d := range existing {
		ref := doctorRef{id: d.ID, user: d.UserID}
		byID[d.ID] = ref
		byLicence[d.LicenseNumber] = ref
		byUser[d.UserID] = ref
	}
	for _, d := range r.src.Doctors {
		l := r.take(c, lid(d.ID), d.ClinicID)
		if l == nil || l.done {
			continue
		}
		if id, ok := r.existing("doctors", lid(d.ID)); ok {
			r.doctors[d.ID] = byID[id]
			l.already("")
			continue
		}
		user, ok := r.users[d.UserID]
		if !ok {
			l.skip("its user %d was not imported; its prescriptions go to the placeholder doctor", d.UserID)
			continue
		}
		if ref, ok := byUser[user]; ok {
			r.doctors[d.ID] = ref
			l.already("its user is already a doctor of the clinic; linked to that doctor")
			continue
		}
		licence := cleanText(d.License)
		if licence == "" {
			licence = fmt.Sprintf("LEGACY-%d", d.ID)
			l.fix(&change{Field: "license_number", From: d.License, To: licence,
				Reason: "no licence number in the tracker; a placeholder to be replaced", Flagged: true})
		} else if licence != d.License {
			l.fix(&change{Field: "license_number", From: d.License, To: licence, Reason: "white space normalised"})
		}
		if ref, ok := byLicence[licence]; ok {
			r.doctors[d.ID] = ref
			l.already(fmt.Sprintf("the clinic already has a doctor with licence %s; linked to that doctor", licence))
			continue
		}
		licence, ch := clip("license_number", licence, 64)
		l.fix(ch)
		spec, ch := clip("specialization", cleanText(d.Specialization), 200)
		l.fix(ch)
		active := true
		for _, u := range r.src.Users {
			if u.ID == d.UserID {
				active = u.Active
			}
		}
		row, err := r.q.ImportDoctor(r.ctx, r.tx, dbsqlc.ImportDoctorParams{
			LegacyID: ptr(lid(d.ID)), UserID: user, Specialization: spec, LicenseNumber: licence, Active: active,
		})
		if err != nil {
			return fmt.Errorf("import doctor %d: %w", d.ID, err)
		}
		ref := doctorRef{id: row.ID, user: user}
		r.doctors[d.ID] = ref
		byLicence[licence] = ref
		byUser[user] = ref
		l.imported()
	}
	return nil
}

// placeholderID is the legacy id of the placeholder doctor and its user.
const placeholderID = "deleted-doctor"

// unknownDoctor is the doctor that prescriptions whose doctor was deleted
// in the tracker (doctor_id NULL) are attributed to: Santkrupa requires a
// prescribing doctor, and dropping the prescription would lose the
// patient's history. It is an inactive user and doctor, made once per
// clinic and reported.
func (r *run) unknownDoctor() (doctorRef, error) {
	if r.placeholder != nil {
		return *r.placeholder, nil
	}
	uid, uok := r.existing("users", placeholderID)
	did, dok := r.existing("doctors", placeholderID)
	if uok && dok {
		r.placeholder = &doctorRef{id: did, user: uid}
		return *r.placeholder, nil
	}
	const why = "placeholder for prescriptions whose doctor was deleted in the tracker"
	if !uok {
		u, err := r.q.ImportUser(r.ctx, r.tx, dbsqlc.ImportUserParams{
			LegacyID: ptr(placeholderID), DisplayName: "Unknown doctor (deleted in the old tracker)",
			Role: string(store.RoleDoctor), Active: false, CreatedAt: time.Now(),
		})
		if err != nil {
			return doctorRef{}, fmt.Errorf("create placeholder doctor's user: %w", err)
		}
		uid = u.ID
		r.rep.Rows = append(r.rep.Rows, Entry{LegacyTable: "hospital_user", LegacyID: placeholderID, Into: "users",
			Action: ActCreated, Reason: why})
	}
	d, err := r.q.ImportDoctor(r.ctx, r.tx, dbsqlc.ImportDoctorParams{
		LegacyID: ptr(placeholderID), UserID: uid, LicenseNumber: "UNKNOWN (legacy import)", Active: false,
	})
	if err != nil {
		return doctorRef{}, fmt.Errorf("create placeholder doctor: %w", err)
	}
	r.rep.Rows = append(r.rep.Rows, Entry{LegacyTable: "hospital_doctor", LegacyID: placeholderID, Into: "doctors",
		Action: ActCreated, Reason: why})
	r.placeholder = &doctorRef{id: d.ID, user: uid}
	return *r.placeholder, nil
}

// patientLegacyIDs gives each legacy patient the legacy id Santkrupa keeps:
// its tracker number (PT1-2026-29830), which staff know and search by.
// The tracker's uniqueness of that number did not hold for rows without a
// clinic, so a number already given to an earlier row gets "#<row id>"
// appended: both patients are imported, neither is merged by guessing.
func (r *run) patientLegacyIDs() map[int64]string {
	out := map[int64]string{}
	seen := map[string]bool{}
	for _, p := range r.src.Patients {
		if !r.inScope(p.ClinicID) {
			continue
		}
		n := strings.TrimSpace(p.PatientID)
		if n == "" || seen[n] {
			n = fmt.Sprintf("%s#%d", n, p.ID)
		}
		seen[n] = true
		out[p.ID] = n
	}
	return out
}

// inScope is take's rule without the report: the row belongs to this
// import.
func (r *run) inScope(clinic *int64) bool {
	if clinic == nil {
		return r.adoptNull
	}
	return r.legacy != nil && *clinic == r.legacy.ID
}

// importPatients registers each patient with a new patient number and its
// legacy number kept, its demographics, status and who registered it.
func (r *run) importPatients() error {
	c := r.rep.counts("hospital_patient", "patients")
	ids := r.patientLegacyIDs()
	today := time.Now().In(r.loc)
	for _, p := range r.src.Patients {
		legacyID, ok := ids[p.ID]
		if !ok {
			legacyID = lid(p.ID)
		}
		l := r.take(c, lid(p.ID), p.ClinicID)
		if l == nil || l.done {
			continue
		}
		if legacyID != strings.TrimSpace(p.PatientID) {
			l.fix(&change{Field: "patient_id", From: p.PatientID, To: legacyID,
				Reason: "legacy patient number empty or used by an earlier patient; the row id is appended to keep both"})
		}
		if id, ok := r.existing("patients", legacyID); ok {
			r.patients[p.ID] = id
			l.already("")
			continue
		}
		name, ch := normName("patient_name", p.Name)
		l.fix(ch)
		if name == "" {
			name = "Unknown patient " + legacyID
			l.fix(&change{Field: "patient_name", From: p.Name, To: name, Reason: "no name in the tracker", Flagged: true})
		}
		name, ch = clip("patient_name", name, 200)
		l.fix(ch)
		var age *int16
		if p.Age >= 0 && p.Age <= 150 {
			age = ptr(int16(p.Age))
		} else {
			l.fix(&change{Field: "age", From: fmt.Sprint(p.Age), Reason: "age out of range 0–150; left empty"})
		}
		var dob *time.Time
		if p.DateOfBirth != nil {
			d := p.DateOfBirth.In(time.UTC)
			if d.After(time.Date(1880, 1, 1, 0, 0, 0, 0, time.UTC)) && !p.DateOfBirth.In(r.loc).After(today) {
				dob = &d
			} else {
				l.fix(&change{Field: "date_of_birth", From: p.DateOfBirth.String(), Reason: "impossible date of birth; left empty"})
			}
		}
		sex, ch := normGender(p.Gender)
		l.fix(ch)
		phone, ch := normPhone("phone_number", p.Phone)
		l.fix(ch)
		phone, ch = clip("phone_number", phone, 30)
		l.fix(ch)
		address, ch := clip("address", cleanText(p.Address), 500)
		l.fix(ch)
		var weight *float64
		if p.Weight != nil {
			if *p.Weight > 0 && *p.Weight < 700 {
				weight = ptr(float64(int64(*p.Weight*100+0.5)) / 100)
			} else {
				l.fix(&change{Field: "weight", From: fmt.Sprint(*p.Weight), Reason: "weight out of range; left empty"})
			}
		}
		status, ch := normPatientStatus(p.Status)
		l.fix(ch)
		registeredBy := r.userRef(l, "registered_by_id", p.RegisteredBy)
		login := r.userRef(l, "user_id", p.UserID)
		row, err := r.q.ImportPatient(r.ctx, r.tx, dbsqlc.ImportPatientParams{
			LegacyID: &legacyID, Name: name, DateOfBirth: dob, AgeYears: age, Sex: sex, Phone: phone,
			Address: address, WeightKg: weight, BloodGroup: "unknown", Status: status,
			RegisteredBy: registeredBy, UserID: login, CreatedAt: p.Registered.In(r.loc),
		})
		if err != nil {
			return fmt.Errorf("import patient %d (%s): %w", p.ID, legacyID, err)
		}
		r.patients[p.ID] = row.ID
		l.imported()
	}
	return nil
}

// userRef resolves an optional reference to a legacy user; one that was
// not imported (another clinic's, a platform operator) is left empty and
// reported, never pointed elsewhere.
func (r *run) userRef(l *rowLog, field string, legacy *int64) *uuid.UUID {
	if legacy == nil {
		return nil
	}
	if id, ok := r.users[*legacy]; ok {
		return &id
	}
	l.fix(&change{Field: field, From: fmt.Sprint(*legacy), Reason: "legacy user not part of this import; left empty"})
	return nil
}
