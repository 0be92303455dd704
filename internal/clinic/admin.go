package clinic

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// The clinic administrator's work: the dashboard and the staff — who may
// sign in with which role, within the seats the clinic's plan allows.

// DashboardStats is the admin dashboard: today's visits by status,
// registrations, pending tests and active staff by role ("today" and
// "this month" in the clinic's timezone), beside the plan's limits.
type DashboardStats = dbsqlc.AdminDashboardRow

// Dashboard reads the dashboard in one statement.
func (s *Service) Dashboard(ctx context.Context, sc store.Scope) (DashboardStats, error) {
	var d DashboardStats
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		d, err = s.q.AdminDashboard(ctx, tx)
		return err
	})
	return d, err
}

// StaffRoles are the roles an admin gives. Patient logins belong to a
// patient record and are made from it.
var StaffRoles = []string{string(store.RoleAdmin), string(store.RoleDoctor), string(store.RoleReceptionist), string(store.RoleLabTech)}

// UserQuery lists members: by role, active or not, staff only; Cursor and
// Limit page the result (by name).
type UserQuery struct {
	Role      string
	Active    *bool
	StaffOnly bool
	Cursor    string
	Limit     int
}

// ListUsers runs a UserQuery.
func (s *Service) ListUsers(ctx context.Context, sc store.Scope, q UserQuery) (Page[dbsqlc.User], error) {
	c := newChecker()
	if q.Role != "" {
		c.oneOf("role", q.Role, roleNames()...)
	}
	key, after, err := decodeCursor(q.Cursor)
	if err != nil {
		c.fail("cursor", "This cursor is not valid; start from the first page.")
	}
	if err := c.errs.orNil(); err != nil {
		return Page[dbsqlc.User]{}, err
	}
	n := limit(q.Limit, DefaultPageSize, MaxPageSize)
	p := dbsqlc.AdminListUsersParams{StaffOnly: q.StaffOnly, Active: q.Active, MaxRows: n}
	if q.Role != "" {
		p.Role = &q.Role
	}
	if after {
		p.AfterName, p.AfterID = &key.S, &key.ID
	}
	var rows []dbsqlc.User
	err = s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		rows, err = s.q.AdminListUsers(ctx, tx, p)
		return err
	})
	if err != nil {
		return Page[dbsqlc.User]{}, err
	}
	out := Page[dbsqlc.User]{Items: rows}
	if len(rows) == int(n) {
		last := rows[len(rows)-1]
		out.Next = encodeCursor(cursorKey{S: last.DisplayName, ID: last.ID})
	}
	return out, nil
}

func roleNames() []string {
	out := make([]string, len(store.Roles))
	for i, r := range store.Roles {
		out[i] = string(r)
	}
	return out
}

// GetUser returns one member; another clinic's is store.ErrNotFound.
func (s *Service) GetUser(ctx context.Context, sc store.Scope, id uuid.UUID) (dbsqlc.User, error) {
	var u dbsqlc.User
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		u, err = s.q.GetUser(ctx, tx, id)
		return err
	})
	return u, err
}

// InviteInput is an invitation: the person's name, the email their identity
// provider will vouch for, and their role.
type InviteInput struct {
	DisplayName string
	Email       string
	Phone       string
	Role        string
}

func (in *InviteInput) normalize() {
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	in.Email = strings.TrimSpace(in.Email)
	in.Phone = strings.TrimSpace(in.Phone)
}

func (in InviteInput) validate() error {
	c := newChecker()
	if in.DisplayName == "" {
		c.fail("display_name", "Enter a name.")
	}
	c.text("display_name", in.DisplayName, 200, true)
	c.email("email", in.Email, true)
	c.phone("phone", in.Phone)
	checkStaffRole(c, in.Role)
	return c.errs.orNil()
}

func checkStaffRole(c *checker, role string) {
	for _, r := range StaffRoles {
		if role == r {
			return
		}
	}
	c.fail("role", "Choose one of the roles listed: "+strings.Join(StaffRoles, ", ")+".")
}

// InviteStaff invites a person by email with a role: a member without an
// identity until their first sign-in with that verified email. A doctor or
// receptionist takes one of the plan's seats (*LimitError when none is
// free); an email already in the clinic is a store.ErrConflict.
func (s *Service) InviteStaff(ctx context.Context, sc store.Scope, in InviteInput) (dbsqlc.User, error) {
	in.normalize()
	if err := in.validate(); err != nil {
		return dbsqlc.User{}, err
	}
	var u dbsqlc.User
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		lim, err := s.q.AdminLockStaffing(ctx, tx)
		if err != nil {
			return fmt.Errorf("lock staffing: %w", err)
		}
		u, err = s.q.AdminInviteStaff(ctx, tx, dbsqlc.AdminInviteStaffParams{
			DisplayName: in.DisplayName, Email: in.Email, Phone: in.Phone, Role: in.Role,
		})
		if isNoRows(err) {
			return seatsTaken(in.Role, lim.MaxDoctors, lim.MaxReceptionists)
		}
		return err
	})
	return u, err
}

// seatsTaken is the *LimitError for a role whose seats are all taken.
func seatsTaken(role string, maxDoctors, maxReceptionists int32) error {
	n, what := maxDoctors, "doctors"
	if role == string(store.RoleReceptionist) {
		n, what = maxReceptionists, "receptionists"
	}
	return &LimitError{Detail: fmt.Sprintf("This clinic's plan allows %d %s, and all of those places are taken "+
		"(active members and pending invitations count). Deactivate someone first, or ask the platform "+
		"operator to raise the limit.", n, what)}
}

// StaffChange is a change of a member's role, active flag, or both (nil
// keeps the value).
type StaffChange struct {
	Role   *string
	Active *bool
}

// UpdateStaff changes a member's role and/or active flag when the record is
// still at version (else ErrStale). Refused with a *StateError: changing
// yourself, giving a patient login a staff role, leaving the clinic without
// an active admin; with a *LimitError: a doctor's or receptionist's seat
// the plan does not have.
func (s *Service) UpdateStaff(ctx context.Context, sc store.Scope, id uuid.UUID, version string, ch StaffChange) (dbsqlc.User, error) {
	at, ok := ParseVersion(version)
	if !ok {
		return dbsqlc.User{}, ErrStale
	}
	return s.changeStaff(ctx, sc, id, &at, ch)
}

// SetStaffActive deactivates or reactivates a member whatever their
// record's version: the person loses or regains access at their next
// request. The rules of UpdateStaff apply.
func (s *Service) SetStaffActive(ctx context.Context, sc store.Scope, id uuid.UUID, active bool) (dbsqlc.User, error) {
	return s.changeStaff(ctx, sc, id, nil, StaffChange{Active: &active})
}

func (s *Service) changeStaff(ctx context.Context, sc store.Scope, id uuid.UUID, version *time.Time, ch StaffChange) (dbsqlc.User, error) {
	c := newChecker()
	if ch.Role == nil && ch.Active == nil {
		c.fail("role", "Send a new role, a new active flag, or both.")
	}
	if ch.Role != nil {
		checkStaffRole(c, *ch.Role)
	}
	if err := c.errs.orNil(); err != nil {
		return dbsqlc.User{}, err
	}
	if id == sc.UserID {
		return dbsqlc.User{}, &StateError{Detail: "You cannot change your own role or deactivate yourself; another administrator can."}
	}
	var u dbsqlc.User
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		if _, err := s.q.AdminLockStaffing(ctx, tx); err != nil {
			return fmt.Errorf("lock staffing: %w", err)
		}
		var err error
		u, err = s.q.AdminUpdateStaff(ctx, tx, dbsqlc.AdminUpdateStaffParams{
			ID: id, Role: ch.Role, Active: ch.Active, Version: version,
		})
		if !isNoRows(err) {
			return err
		}
		// Refused: missing, changed since read, or a rule. The lock is
		// still held, so the seats read now are the ones that refused.
		st, err := s.q.AdminStaffState(ctx, tx, id)
		if err != nil {
			return err
		}
		return staffRefusal(st, version, ch)
	})
	return u, err
}

// staffRefusal says why AdminUpdateStaff changed nothing.
func staffRefusal(st dbsqlc.AdminStaffStateRow, version *time.Time, ch StaffChange) error {
	u := st.User
	if version != nil && !u.UpdatedAt.Equal(*version) {
		return ErrStale
	}
	role, active := u.Role, u.Active
	if ch.Role != nil {
		role = *ch.Role
	}
	if ch.Active != nil {
		active = *ch.Active
	}
	if ch.Role != nil && u.Role == string(store.RolePatient) {
		return &StateError{Detail: "A patient's portal login keeps the patient role; invite staff with their own email instead."}
	}
	if u.Active && u.Role == string(store.RoleAdmin) && !(active && role == string(store.RoleAdmin)) && st.OtherAdmins == 0 {
		return &StateError{Detail: "This is the clinic's last active administrator. Make someone else an administrator first."}
	}
	if active && !(u.Active && u.Role == role) {
		switch {
		case role == string(store.RoleDoctor) && st.OtherDoctors >= int64(st.MaxDoctors),
			role == string(store.RoleReceptionist) && st.OtherReceptionists >= int64(st.MaxReceptionists):
			return seatsTaken(role, st.MaxDoctors, st.MaxReceptionists)
		}
	}
	// Only a writer that does not take the staffing lock (a sign-in
	// stamping the row) can get here: the row moved under us.
	return ErrStale
}

// DoctorProfile is a doctor's professional record (specialization,
// qualification, license number) with their member's name and status.
type DoctorProfile dbsqlc.AdminGetDoctorRow

// DoctorInput is what an admin enters for a doctor's profile.
type DoctorInput struct {
	Specialization string
	Qualification  string
	LicenseNumber  string
	Active         bool
}

func (in *DoctorInput) normalize() {
	in.Specialization = strings.TrimSpace(in.Specialization)
	in.Qualification = strings.TrimSpace(in.Qualification)
	in.LicenseNumber = strings.TrimSpace(in.LicenseNumber)
}

func (in DoctorInput) validate() error {
	c := newChecker()
	c.text("specialization", in.Specialization, 200, false)
	c.text("qualification", in.Qualification, 200, false)
	if in.LicenseNumber == "" {
		c.fail("license_number", "Enter the doctor's registration (license) number.")
	}
	c.text("license_number", in.LicenseNumber, 64, true)
	return c.errs.orNil()
}

// ListDoctorProfiles lists the clinic's doctor profiles by name.
func (s *Service) ListDoctorProfiles(ctx context.Context, sc store.Scope, cursor string, n int) (Page[DoctorProfile], error) {
	key, after, err := decodeCursor(cursor)
	if err != nil {
		return Page[DoctorProfile]{}, FieldErrors{"cursor": "This cursor is not valid; start from the first page."}
	}
	p := dbsqlc.AdminListDoctorsParams{MaxRows: limit(n, DefaultPageSize, MaxPageSize)}
	if after {
		p.AfterName, p.AfterID = &key.S, &key.ID
	}
	var rows []dbsqlc.AdminListDoctorsRow
	err = s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		rows, err = s.q.AdminListDoctors(ctx, tx, p)
		return err
	})
	if err != nil {
		return Page[DoctorProfile]{}, err
	}
	out := Page[DoctorProfile]{Items: make([]DoctorProfile, len(rows))}
	for i, r := range rows {
		out.Items[i] = DoctorProfile(r)
	}
	if len(rows) == int(p.MaxRows) {
		last := rows[len(rows)-1]
		out.Next = encodeCursor(cursorKey{S: last.DisplayName, ID: last.ID})
	}
	return out, nil
}

// GetDoctorProfile returns one profile by its id.
func (s *Service) GetDoctorProfile(ctx context.Context, sc store.Scope, id uuid.UUID) (DoctorProfile, error) {
	var d dbsqlc.AdminGetDoctorRow
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		d, err = s.q.AdminGetDoctor(ctx, tx, id)
		return err
	})
	return DoctorProfile(d), err
}

// DoctorProfileByUser returns the profile of a member (store.ErrNotFound
// when they have none yet).
func (s *Service) DoctorProfileByUser(ctx context.Context, sc store.Scope, userID uuid.UUID) (DoctorProfile, error) {
	var d dbsqlc.AdminDoctorByUserRow
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		d, err = s.q.AdminDoctorByUser(ctx, tx, userID)
		return err
	})
	return DoctorProfile(d), err
}

// CreateDoctorProfile makes the profile of a member whose role is doctor.
// A member of no such id in this clinic is a FieldErrors on user_id; one
// with another role a *StateError; a second profile for the member, or a
// license number another doctor has, a store.ErrConflict.
func (s *Service) CreateDoctorProfile(ctx context.Context, sc store.Scope, userID uuid.UUID, in DoctorInput) (DoctorProfile, error) {
	in.normalize()
	if err := in.validate(); err != nil {
		return DoctorProfile{}, err
	}
	var d dbsqlc.AdminCreateDoctorRow
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		d, err = s.q.AdminCreateDoctor(ctx, tx, dbsqlc.AdminCreateDoctorParams{
			UserID: userID, Specialization: in.Specialization, Qualification: in.Qualification,
			LicenseNumber: in.LicenseNumber,
		})
		if !isNoRows(err) {
			return err
		}
		u, err := s.q.GetUser(ctx, tx, userID)
		if isNoRows(err) {
			return FieldErrors{"user_id": "No member of this clinic has this id."}
		}
		if err != nil {
			return err
		}
		return &StateError{Detail: fmt.Sprintf("%s's role is %s; only a member whose role is doctor has a doctor profile.", u.DisplayName, u.Role)}
	})
	return DoctorProfile(d), err
}

// UpdateDoctorProfile edits a profile when still at version (else
// ErrStale).
func (s *Service) UpdateDoctorProfile(ctx context.Context, sc store.Scope, id uuid.UUID, version string, in DoctorInput) (DoctorProfile, error) {
	in.normalize()
	if err := in.validate(); err != nil {
		return DoctorProfile{}, err
	}
	at, ok := ParseVersion(version)
	if !ok {
		return DoctorProfile{}, ErrStale
	}
	var d dbsqlc.AdminUpdateDoctorRow
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		d, err = s.q.AdminUpdateDoctor(ctx, tx, dbsqlc.AdminUpdateDoctorParams{
			ID: id, Version: at, Specialization: in.Specialization, Qualification: in.Qualification,
			LicenseNumber: in.LicenseNumber, Active: in.Active,
		})
		if isNoRows(err) {
			if _, gerr := s.q.GetDoctor(ctx, tx, id); gerr != nil {
				return gerr
			}
			return ErrStale
		}
		return err
	})
	return DoctorProfile(d), err
}
