package clinic

import (
	"context"
	"errors"
	"strings"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// PortalInvitation is a patient's portal login: pending until the patient
// first signs in with the invited, verified email (internal/auth binds it
// then), active after.
type PortalInvitation struct {
	PatientID uuid.UUID
	UserID    uuid.UUID
	Email     string
	Active    bool
}

// InvitePatientToPortal gives a patient a portal login: a users row with
// role patient and the email, linked to the record; the patient's first
// sign-in whose provider has verified that email binds their identity to
// it. A pending invitation's email can be corrected by inviting again; a
// login already in use is a *StateError.
func (s *Service) InvitePatientToPortal(ctx context.Context, sc store.Scope, patientID uuid.UUID, email string) (PortalInvitation, error) {
	email = strings.TrimSpace(email)
	c := newChecker()
	c.email("email", email, true)
	if err := c.errs.orNil(); err != nil {
		return PortalInvitation{}, err
	}
	inv := PortalInvitation{PatientID: patientID, Email: email}
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		cur, err := s.q.PatientPortalLogin(ctx, tx, patientID)
		if err != nil {
			return err
		}
		switch {
		case cur.UserID == nil:
			row, err := s.q.InvitePatientToPortal(ctx, tx, dbsqlc.InvitePatientToPortalParams{PatientID: patientID, Email: email})
			if isNoRows(err) { // linked by someone else in between
				return &StateError{Detail: "Someone else just invited this patient. Reload the page to see the invitation."}
			}
			inv.UserID = row.UserID
			return err
		case cur.LoginActive:
			return &StateError{Detail: "This patient already signs in to the patient portal as " + deref(cur.LoginEmail) + "."}
		default:
			row, err := s.q.ChangePendingPortalEmail(ctx, tx, dbsqlc.ChangePendingPortalEmailParams{ID: *cur.UserID, Email: email})
			if isNoRows(err) { // accepted in between
				return &StateError{Detail: "The patient has just accepted the invitation; it can no longer be changed."}
			}
			inv.UserID = row.UserID
			return err
		}
	})
	var se *store.Error
	if errors.As(err, &se) && se.Kind == store.ErrConflict && se.Constraint == "users_clinic_email_key" {
		return PortalInvitation{}, FieldErrors{"email": "Someone in this clinic already uses that email address."}
	}
	return inv, err
}
