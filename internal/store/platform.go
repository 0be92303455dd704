package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
)

// The platform side of the store: browser sessions and the identity
// lookups, which need no clinic context. Identity lookups go through the
// SECURITY DEFINER functions listed in policies/zz_security_definer.sql;
// they are the only reads that cross clinics.

// FindSession returns a live session's data; found is false for a missing
// or expired token.
func (s *Store) FindSession(ctx context.Context, token string) (data []byte, found bool, err error) {
	data, err = s.q.FindSession(ctx, s.db, token)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, translate(fmt.Errorf("find session: %w", err))
	}
	return data, true, nil
}

// CommitSession stores a session until expiry.
func (s *Store) CommitSession(ctx context.Context, token string, data []byte, expiry time.Time) error {
	err := s.q.CommitSession(ctx, s.db, dbsqlc.CommitSessionParams{Token: token, Data: data, Expiry: expiry})
	return translate(err)
}

// DeleteSession removes a session (logout, token renewal).
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	return translate(s.q.DeleteSession(ctx, s.db, token))
}

// DeleteExpiredSessions removes expired sessions and says how many.
func (s *Store) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	n, err := s.q.DeleteExpiredSessions(ctx, s.db)
	return n, translate(err)
}

// IdentityMemberships lists an identity's users rows in active clinics.
func (s *Store) IdentityMemberships(ctx context.Context, issuer, subject string) ([]dbsqlc.User, error) {
	us, err := s.q.IdentityMemberships(ctx, s.db, dbsqlc.IdentityMembershipsParams{Issuer: issuer, Subject: subject})
	return us, translate(err)
}

// IdentityClinics lists the clinics an identity may work in now.
func (s *Store) IdentityClinics(ctx context.Context, issuer, subject string) ([]dbsqlc.Clinic, error) {
	cs, err := s.q.IdentityClinics(ctx, s.db, dbsqlc.IdentityClinicsParams{Issuer: issuer, Subject: subject})
	return cs, translate(err)
}

// ClinicMembership returns the users row that acts for an identity in the
// clinic with slug, or ErrNotFound when there is none it may use.
func (s *Store) ClinicMembership(ctx context.Context, slug, issuer, subject string) (dbsqlc.User, error) {
	us, err := s.q.ClinicMembership(ctx, s.db, dbsqlc.ClinicMembershipParams{Slug: slug, Issuer: issuer, Subject: subject})
	if err != nil {
		return dbsqlc.User{}, translate(fmt.Errorf("clinic membership: %w", err))
	}
	if len(us) != 1 {
		return dbsqlc.User{}, &Error{Kind: ErrNotFound, Err: fmt.Errorf("no membership in %q", slug)}
	}
	return us[0], nil
}

// BindInvitations binds an identity to the pending invitations for email.
// Call it only with an email its provider verified.
func (s *Store) BindInvitations(ctx context.Context, issuer, subject, email string) ([]dbsqlc.User, error) {
	us, err := s.q.BindInvitations(ctx, s.db, dbsqlc.BindInvitationsParams{Issuer: issuer, Subject: subject, Email: email})
	return us, translate(err)
}

// RecordLogin stamps last_login_at on the identity's memberships.
func (s *Store) RecordLogin(ctx context.Context, issuer, subject string) error {
	_, err := s.q.RecordLogin(ctx, s.db, dbsqlc.RecordLoginParams{Issuer: issuer, Subject: subject})
	return translate(err)
}

// PlatformClinicList is a page of clinics with their counts (patients,
// active staff, visits this month), or the one clinic with arg.Slug, for
// the platform operators. It reads across clinics through the SECURITY
// DEFINER app.platform_clinic_page and app.platform_clinic_counts, which
// return clinic rows and counts only.
func (s *Store) PlatformClinicList(ctx context.Context, arg dbsqlc.PlatformClinicListParams) ([]dbsqlc.PlatformClinicListRow, error) {
	rows, err := s.q.PlatformClinicList(ctx, s.db, arg)
	if err != nil {
		return nil, translate(fmt.Errorf("platform clinic list: %w", err))
	}
	return rows, nil
}
