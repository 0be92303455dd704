package clinic

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"
	// The zone database travels in the binary, so a timezone valid here does
	// not depend on the host's /usr/share/zoneinfo.
	_ "time/tzdata"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// Clinic settings: the clinic's name and letterhead (printed on
// prescriptions), its timezone (which decides "today" for the queue and the
// dashboard) and the code in its patient numbers.

// ClinicCodeRe is a patient-number code: PT-{CODE}-{YEAR}-{SEQ}.
var ClinicCodeRe = regexp.MustCompile(`^[A-Z0-9]{2,12}$`)

// SettingsInput is what an admin edits of their clinic.
type SettingsInput struct {
	Name               string
	Code               string
	Address            string
	City               string
	State              string
	PostalCode         string
	Phone              string
	Email              string
	RegistrationNumber string
	Timezone           string
}

func (in *SettingsInput) normalize() {
	for _, f := range []*string{&in.Name, &in.Code, &in.Address, &in.City, &in.State, &in.PostalCode,
		&in.Phone, &in.Email, &in.RegistrationNumber, &in.Timezone} {
		*f = strings.TrimSpace(*f)
	}
	in.Code = strings.ToUpper(in.Code)
}

func (in SettingsInput) validate() error {
	c := newChecker()
	if in.Name == "" {
		c.fail("name", "Enter the clinic's name.")
	}
	c.text("name", in.Name, 200, true)
	if !ClinicCodeRe.MatchString(in.Code) {
		c.fail("code", "Use 2 to 12 capital letters or digits, such as SKC.")
	}
	c.text("address", in.Address, 500, false)
	c.text("city", in.City, 100, false)
	c.text("state", in.State, 100, false)
	c.text("postal_code", in.PostalCode, 20, false)
	c.phone("phone", in.Phone)
	c.email("email", in.Email, false)
	c.text("registration_number", in.RegistrationNumber, 100, false)
	checkTimezone(c, "timezone", in.Timezone)
	return c.errs.orNil()
}

// checkTimezone accepts IANA zone names such as Asia/Kolkata.
func checkTimezone(c *checker, field, tz string) {
	if tz == "" || tz == "Local" || len(tz) > 64 {
		c.fail(field, "Enter a timezone such as Asia/Kolkata.")
		return
	}
	if _, err := time.LoadLocation(tz); err != nil {
		c.fail(field, "Enter a timezone such as Asia/Kolkata.")
	}
}

// ClinicSettings returns the acting clinic's row.
func (s *Service) ClinicSettings(ctx context.Context, sc store.Scope) (dbsqlc.Clinic, error) {
	var cl dbsqlc.Clinic
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		cl, err = s.q.GetCurrentClinic(ctx, tx)
		return err
	})
	return cl, err
}

// UpdateClinicSettings edits the acting clinic when still at version (else
// ErrStale). A new code applies to patients registered from now on;
// existing patient numbers keep theirs.
func (s *Service) UpdateClinicSettings(ctx context.Context, sc store.Scope, version string, in SettingsInput) (dbsqlc.Clinic, error) {
	in.normalize()
	if err := in.validate(); err != nil {
		return dbsqlc.Clinic{}, err
	}
	at, ok := ParseVersion(version)
	if !ok {
		return dbsqlc.Clinic{}, ErrStale
	}
	var cl dbsqlc.Clinic
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		cl, err = s.q.AdminUpdateClinicSettings(ctx, tx, dbsqlc.AdminUpdateClinicSettingsParams{
			Version: at, Name: in.Name, Code: in.Code, Address: in.Address, City: in.City, State: in.State,
			PostalCode: in.PostalCode, Phone: in.Phone, Email: in.Email,
			RegistrationNumber: in.RegistrationNumber, Timezone: in.Timezone,
		})
		if isNoRows(err) {
			if _, gerr := s.q.GetCurrentClinic(ctx, tx); gerr != nil {
				return gerr
			}
			return ErrStale
		}
		return err
	})
	var se *store.Error
	if errors.As(err, &se) && se.Kind == store.ErrInvalid {
		// Everything else was checked above: the database's zone list
		// lacks this one.
		return dbsqlc.Clinic{}, FieldErrors{"timezone": "The database does not know this timezone; choose another name for it."}
	}
	if err == nil {
		// The timezone may have changed: this server shows it at once.
		s.today.Forget(sc.ClinicID)
		s.zones.Forget(sc.ClinicID)
	}
	return cl, err
}

// Pages show times in the clinic's own timezone. The zone is looked up
// once per clinic and kept a few minutes, so a page costs no extra database
// round trip; a setting changed through another server shows within that
// time.
const zoneTTL = 5 * time.Minute

// ClinicZone is the acting clinic's timezone, remembered for zoneTTL; UTC
// for a name this binary's zone database lacks.
func (s *Service) ClinicZone(ctx context.Context, sc store.Scope) (*time.Location, error) {
	now := time.Now()
	if loc, ok := s.zones.Get(sc.ClinicID, now); ok {
		return loc, nil
	}
	c, err := s.ClinicSettings(ctx, sc)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		loc = time.UTC
	}
	s.zones.Put(sc.ClinicID, loc, now.Add(zoneTTL), now)
	return loc, nil
}
