package clinic

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// The platform operators' work: clinics themselves. Unlike the rest of
// this package these methods take no acting scope, because an operator is
// a member of no clinic: the HTTP layer admits super admins only, the list
// crosses clinics through SECURITY DEFINER functions that return clinic
// rows and counts (never patient data), and each write runs in the clinic's
// own context with the admin role and no user, touching the clinics and
// users tables only. They live here rather than in a package of their own
// so that the clinic rules (codes, timezones, plan limits, invitations)
// exist once.

// PlatformClinic is a clinic as operators see it: its row and how much it
// holds.
type PlatformClinic struct {
	dbsqlc.Clinic
	Patients        int64
	Staff           int64 // active members other than patients
	VisitsThisMonth int64 // clinic-local month
}

func platformClinic(r dbsqlc.PlatformClinicListRow) PlatformClinic {
	p := PlatformClinic{Clinic: dbsqlc.Clinic{
		ID: r.ID, Name: r.Name, Slug: r.Slug, Code: r.Code, Address: r.Address, City: r.City, State: r.State,
		PostalCode: r.PostalCode, Phone: r.Phone, Email: r.Email, RegistrationNumber: r.RegistrationNumber,
		Timezone: r.Timezone, SubscriptionStatus: r.SubscriptionStatus, SubscriptionEndsOn: r.SubscriptionEndsOn,
		MaxDoctors: r.MaxDoctors, MaxPatients: r.MaxPatients, MaxReceptionists: r.MaxReceptionists,
		Active: r.Active, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, ClinicID: r.ClinicID,
	}}
	if len(r.Counts) == 3 {
		p.Patients, p.Staff, p.VisitsThisMonth = r.Counts[0], r.Counts[1], r.Counts[2]
	}
	return p
}

// SubscriptionStatuses are a clinic's subscription states; suspended
// clinics are closed to their members.
var SubscriptionStatuses = []string{"trial", "active", "expired", "suspended"}

// SlugRe is a clinic's URL name.
var SlugRe = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// The plan a new clinic gets unless the operator says otherwise.
const (
	DefaultMaxDoctors       = 10
	DefaultMaxPatients      = 10000
	DefaultMaxReceptionists = 5
	DefaultTimezone         = "Asia/Kolkata"
	maxPlanLimit            = 1_000_000
)

// PlatformClinics lists clinics by name with their counts.
func (s *Service) PlatformClinics(ctx context.Context, cursor string, n int) (Page[PlatformClinic], error) {
	key, after, err := decodeCursor(cursor)
	if err != nil {
		return Page[PlatformClinic]{}, FieldErrors{"cursor": "This cursor is not valid; start from the first page."}
	}
	p := dbsqlc.PlatformClinicListParams{MaxRows: limit(n, DefaultPageSize, MaxPageSize)}
	if after {
		p.AfterName, p.AfterID = &key.S, &key.ID
	}
	rows, err := s.st.PlatformClinicList(ctx, p)
	if err != nil {
		return Page[PlatformClinic]{}, err
	}
	out := Page[PlatformClinic]{Items: make([]PlatformClinic, len(rows))}
	for i, r := range rows {
		out.Items[i] = platformClinic(r)
	}
	if len(rows) == int(p.MaxRows) {
		last := rows[len(rows)-1]
		out.Next = encodeCursor(cursorKey{S: last.Name, ID: last.ID})
	}
	return out, nil
}

// PlatformClinicBySlug returns one clinic, suspended or not;
// store.ErrNotFound when there is none.
func (s *Service) PlatformClinicBySlug(ctx context.Context, slug string) (PlatformClinic, error) {
	if !SlugRe.MatchString(slug) {
		return PlatformClinic{}, &store.Error{Kind: store.ErrNotFound, Err: fmt.Errorf("malformed clinic slug")}
	}
	rows, err := s.st.PlatformClinicList(ctx, dbsqlc.PlatformClinicListParams{Slug: &slug, MaxRows: 1})
	if err != nil {
		return PlatformClinic{}, err
	}
	if len(rows) == 0 {
		return PlatformClinic{}, &store.Error{Kind: store.ErrNotFound, Err: fmt.Errorf("no clinic %q", slug)}
	}
	return platformClinic(rows[0]), nil
}

// NewClinicInput is a new clinic and its first admin, who is invited by
// email. Limits, subscription and timezone are optional (the defaults
// above; a trial).
type NewClinicInput struct {
	Name               string
	Slug               string
	Code               string
	City               string
	State              string
	Timezone           string
	AdminName          string
	AdminEmail         string
	MaxDoctors         *int32
	MaxPatients        *int32
	MaxReceptionists   *int32
	SubscriptionStatus string
	SubscriptionEndsOn *time.Time
}

func (in *NewClinicInput) normalize() {
	for _, f := range []*string{&in.Name, &in.Slug, &in.Code, &in.City, &in.State, &in.Timezone,
		&in.AdminName, &in.AdminEmail, &in.SubscriptionStatus} {
		*f = strings.TrimSpace(*f)
	}
	in.Code = strings.ToUpper(in.Code)
	if in.Timezone == "" {
		in.Timezone = DefaultTimezone
	}
	if in.SubscriptionStatus == "" {
		in.SubscriptionStatus = "trial"
	}
	if in.AdminName == "" {
		in.AdminName = in.AdminEmail
	}
	for _, d := range []struct {
		p **int32
		v int32
	}{{&in.MaxDoctors, DefaultMaxDoctors}, {&in.MaxPatients, DefaultMaxPatients}, {&in.MaxReceptionists, DefaultMaxReceptionists}} {
		if *d.p == nil {
			v := d.v
			*d.p = &v
		}
	}
}

// Check returns what is wrong with in, as PlatformCreateClinic would, so a
// form whose other fields failed to parse can show every message at once.
func (in NewClinicInput) Check() error {
	in.normalize()
	return in.validate()
}

func (in NewClinicInput) validate() error {
	c := newChecker()
	if in.Name == "" {
		c.fail("name", "Enter the clinic's name.")
	}
	c.text("name", in.Name, 200, true)
	if !SlugRe.MatchString(in.Slug) {
		c.fail("slug", "Use lower-case letters, digits and hyphens, starting and ending with a letter or digit (at most 63).")
	}
	if !ClinicCodeRe.MatchString(in.Code) {
		c.fail("code", "Use 2 to 12 capital letters or digits, such as SKC.")
	}
	c.text("city", in.City, 100, false)
	c.text("state", in.State, 100, false)
	checkTimezone(c, "timezone", in.Timezone)
	c.text("admin_name", in.AdminName, 200, false)
	c.email("admin_email", in.AdminEmail, true)
	checkPlan(c, in.MaxDoctors, in.MaxPatients, in.MaxReceptionists, in.SubscriptionStatus)
	return c.errs.orNil()
}

func checkPlan(c *checker, doctors, patients, receptionists *int32, status string) {
	c.intRange("max_doctors", doctors, 0, maxPlanLimit)
	c.intRange("max_patients", patients, 0, maxPlanLimit)
	c.intRange("max_receptionists", receptionists, 0, maxPlanLimit)
	c.oneOf("subscription_status", status, SubscriptionStatuses...)
}

// PlatformCreateClinic creates a clinic and invites its first admin, in
// one transaction. A slug already taken is a store.ErrConflict.
func (s *Service) PlatformCreateClinic(ctx context.Context, in NewClinicInput) (PlatformClinic, dbsqlc.User, error) {
	in.normalize()
	if err := in.validate(); err != nil {
		return PlatformClinic{}, dbsqlc.User{}, err
	}
	var cl dbsqlc.Clinic
	var admin dbsqlc.User
	err := s.st.Tx(ctx, store.Scope{ClinicID: uuid.New(), Role: store.RoleAdmin}, func(tx dbsqlc.DBTX) error {
		var err error
		cl, err = s.q.PlatformCreateClinic(ctx, tx, dbsqlc.PlatformCreateClinicParams{
			Name: in.Name, Slug: in.Slug, Code: in.Code, City: in.City, State: in.State, Timezone: in.Timezone,
			SubscriptionStatus: in.SubscriptionStatus, SubscriptionEndsOn: in.SubscriptionEndsOn,
			MaxDoctors: *in.MaxDoctors, MaxPatients: *in.MaxPatients, MaxReceptionists: *in.MaxReceptionists,
		})
		if err != nil {
			return err
		}
		admin, err = s.q.InviteUser(ctx, tx, dbsqlc.InviteUserParams{
			DisplayName: in.AdminName, Email: in.AdminEmail, Role: string(store.RoleAdmin),
		})
		return err
	})
	if err != nil {
		return PlatformClinic{}, dbsqlc.User{}, err
	}
	return PlatformClinic{Clinic: cl, Staff: 1}, admin, nil
}

// ClinicPlanInput is what an operator edits of a clinic: its name, plan
// limits and subscription.
type ClinicPlanInput struct {
	Name               string
	MaxDoctors         int32
	MaxPatients        int32
	MaxReceptionists   int32
	SubscriptionStatus string
	SubscriptionEndsOn *time.Time
}

// Check returns what is wrong with in, as PlatformUpdateClinic would.
func (in ClinicPlanInput) Check() error { return in.validate() }

func (in ClinicPlanInput) validate() error {
	c := newChecker()
	if strings.TrimSpace(in.Name) == "" {
		c.fail("name", "Enter the clinic's name.")
	}
	c.text("name", in.Name, 200, true)
	checkPlan(c, &in.MaxDoctors, &in.MaxPatients, &in.MaxReceptionists, in.SubscriptionStatus)
	return c.errs.orNil()
}

// PlatformUpdateClinic edits a clinic's name, limits and subscription when
// still at version (else ErrStale). Lowering a limit below what the clinic
// holds keeps everyone; it only stops new ones.
func (s *Service) PlatformUpdateClinic(ctx context.Context, slug, version string, in ClinicPlanInput) (PlatformClinic, error) {
	in.Name = strings.TrimSpace(in.Name)
	in.SubscriptionStatus = strings.TrimSpace(in.SubscriptionStatus)
	if err := in.validate(); err != nil {
		return PlatformClinic{}, err
	}
	at, ok := ParseVersion(version)
	if !ok {
		return PlatformClinic{}, ErrStale
	}
	cur, err := s.PlatformClinicBySlug(ctx, slug)
	if err != nil {
		return PlatformClinic{}, err
	}
	var cl dbsqlc.Clinic
	err = s.st.Tx(ctx, store.Scope{ClinicID: cur.ID, Role: store.RoleAdmin}, func(tx dbsqlc.DBTX) error {
		var err error
		cl, err = s.q.PlatformUpdateClinic(ctx, tx, dbsqlc.PlatformUpdateClinicParams{
			Version: at, Name: in.Name, MaxDoctors: in.MaxDoctors, MaxPatients: in.MaxPatients,
			MaxReceptionists: in.MaxReceptionists, SubscriptionStatus: in.SubscriptionStatus,
			SubscriptionEndsOn: in.SubscriptionEndsOn,
		})
		if isNoRows(err) {
			return ErrStale // the clinic exists: it was just read
		}
		return err
	})
	if err != nil {
		return PlatformClinic{}, err
	}
	cur.Clinic = cl
	return cur, nil
}

// PlatformSuspendClinic closes a clinic to its members (at their next
// request); its data stays. Suspending a suspended clinic is a *StateError.
func (s *Service) PlatformSuspendClinic(ctx context.Context, slug string) (PlatformClinic, error) {
	return s.platformSetSuspended(ctx, slug, true)
}

// PlatformReactivateClinic reopens a suspended clinic (subscription
// active); any other clinic is a *StateError.
func (s *Service) PlatformReactivateClinic(ctx context.Context, slug string) (PlatformClinic, error) {
	return s.platformSetSuspended(ctx, slug, false)
}

func (s *Service) platformSetSuspended(ctx context.Context, slug string, suspend bool) (PlatformClinic, error) {
	cur, err := s.PlatformClinicBySlug(ctx, slug)
	if err != nil {
		return PlatformClinic{}, err
	}
	var cl dbsqlc.Clinic
	err = s.st.Tx(ctx, store.Scope{ClinicID: cur.ID, Role: store.RoleAdmin}, func(tx dbsqlc.DBTX) error {
		var err error
		if suspend {
			cl, err = s.q.PlatformSuspendClinic(ctx, tx)
		} else {
			cl, err = s.q.PlatformReactivateClinic(ctx, tx)
		}
		if isNoRows(err) {
			if suspend {
				return &StateError{Detail: "This clinic is already suspended."}
			}
			return &StateError{Detail: "This clinic is not suspended."}
		}
		return err
	})
	if err != nil {
		return PlatformClinic{}, err
	}
	cur.Clinic = cl
	return cur, nil
}
