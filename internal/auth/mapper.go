package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// Mapper maps an identity to its memberships at login: binds invitations
// for a verified email, applies claim rules, stamps the login.
type Mapper struct {
	st          *store.Store
	log         *slog.Logger
	rules       []ClaimRule
	superAdmins map[string]bool // "issuer|subject"
}

// NewMapper builds a mapper; superAdmins is "issuer|subject,…".
func NewMapper(st *store.Store, log *slog.Logger, rules []ClaimRule, superAdmins string) *Mapper {
	m := &Mapper{st: st, log: log, rules: rules, superAdmins: map[string]bool{}}
	for _, s := range strings.Split(superAdmins, ",") {
		if s = strings.TrimSpace(s); s != "" {
			m.superAdmins[s] = true
		}
	}
	return m
}

// IsSuperAdmin reports whether the platform's configuration names id.
func (m *Mapper) IsSuperAdmin(issuer, subject string) bool {
	return m.superAdmins[issuer+"|"+subject]
}

// Map runs at login (and at the first sight of an API identity).
func (m *Mapper) Map(ctx context.Context, id Identity, claims map[string]any) error {
	if id.EmailVerified && id.Email != "" {
		bound, err := m.st.BindInvitations(ctx, id.Issuer, id.Subject, id.Email)
		if err != nil {
			return fmt.Errorf("bind invitations: %w", err)
		}
		for _, u := range bound {
			m.log.InfoContext(ctx, "invitation bound", slog.String("clinic_id", u.ClinicID.String()),
				slog.String("user_id", u.ID.String()), slog.String("role", u.Role))
		}
	}
	for _, rule := range m.rules {
		for _, g := range rule.Grants(claims) {
			if err := m.grant(ctx, id, g); err != nil {
				return err
			}
		}
	}
	if err := m.st.RecordLogin(ctx, id.Issuer, id.Subject); err != nil {
		return fmt.Errorf("record login: %w", err)
	}
	return nil
}

// grant provisions one claimed membership inside its clinic's context; an
// unknown or inactive clinic is skipped.
func (m *Mapper) grant(ctx context.Context, id Identity, g Grant) error {
	clinicID, err := m.st.ClinicIDBySlug(ctx, g.Slug)
	if errors.Is(err, store.ErrNotFound) {
		m.log.InfoContext(ctx, "claim names an unknown clinic", slog.String("slug", g.Slug))
		return nil
	}
	if err != nil {
		return fmt.Errorf("claim rule: %w", err)
	}
	name := id.Name
	if name == "" {
		name = id.Email
	}
	if name == "" {
		name = id.Subject
	}
	iss, sub := id.Issuer, id.Subject
	scope := store.Scope{ClinicID: clinicID, Role: store.RoleAdmin}
	return m.st.Tx(ctx, scope, func(tx dbsqlc.DBTX) error {
		u, err := m.st.Queries().UpsertClaimMembership(ctx, tx, dbsqlc.UpsertClaimMembershipParams{
			DisplayName: name, Email: "", Role: string(g.Role), OIDCIssuer: &iss, OIDCSubject: &sub,
		})
		if err != nil {
			return fmt.Errorf("claim membership in %s: %w", g.Slug, err)
		}
		m.log.InfoContext(ctx, "membership from claim", slog.String("clinic", g.Slug),
			slog.String("user_id", u.ID.String()), slog.String("role", u.Role))
		return nil
	})
}
