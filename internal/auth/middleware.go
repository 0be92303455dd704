package auth

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/httperr"
	"github.com/santkrupa/santkrupa/internal/reqlog"
	"github.com/santkrupa/santkrupa/internal/store"
)

// ErrorWriter renders an error: HTML for pages, problem+json for the API.
type ErrorWriter func(w http.ResponseWriter, r *http.Request, err error)

// RequireLogin sends a browser without a session to the login page (GET)
// or refuses the request (anything else).
func RequireLogin(errs ErrorWriter) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if _, ok := IdentityFrom(r.Context()); ok {
				next.ServeHTTP(w, r)
				return
			}
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			errs(w, r, httperr.Unauthorized("Please sign in.", ""))
		})
	}
}

// Clinic resolves the {slug} of the URL to the identity's membership there
// and puts the actor in the context. No membership — unknown clinic,
// another clinic, deactivated user, suspended clinic — is 404: a clinic's
// existence is not revealed to outsiders.
//
// A membership found is remembered for the identity's next requests
// (memberCache); those skip the lookup and have the database confirm the
// membership in the same round trip as their first statement instead
// (store.Scope.Confirm), or on its own before the answer goes out when the
// handler ran no statement (confirmWriter). A membership the database no
// longer confirms is forgotten and looked up again: none — deactivated,
// suspended — is 404 as above; another role serves a GET or HEAD again
// under that role, and refuses anything else with 409, nothing having been
// written. A deactivation or a role change counts from the next request.
func Clinic(st *store.Store, errs ErrorWriter) func(http.Handler) http.Handler {
	members := &memberCache{}
	return func(next http.Handler) http.Handler {
		// serve runs next as u; remembered asks for the confirmation and
		// reports false when the database refused u (nothing was sent).
		serve := func(w http.ResponseWriter, r *http.Request, id Identity, u dbsqlc.User, remembered bool) (bool, error) {
			a := Actor{Identity: id, Slug: r.PathValue("slug"), User: u, st: st,
				Scope: store.Scope{ClinicID: u.ClinicID, UserID: u.ID, Role: store.Role(u.Role), Confirm: remembered}}
			ctx, log := r.Context(), reqlog.From(r.Context())
			if log == nil { // the server's outermost middleware was left out (tests)
				ctx, log = reqlog.With(ctx)
			}
			log.SetActor(a.Slug, u.ID.String(), u.Role)
			if !remembered {
				next.ServeHTTP(w, r.WithContext(withActor(ctx, a)))
				return true, nil
			}
			ctx, confirmation := store.WithConfirmation(ctx)
			var confirmErr error
			cw := newConfirmWriter(w, func() bool {
				if confirmation.Confirmed() {
					return true
				}
				if !confirmation.Ended() {
					confirmErr = st.ConfirmMembership(ctx, a.Scope)
				}
				return confirmErr == nil && !confirmation.Ended()
			})
			next.ServeHTTP(cw, r.WithContext(withActor(ctx, a)))
			cw.confirmed() // a handler that wrote nothing would answer 200 unconfirmed
			if !cw.refused() {
				return true, nil
			}
			if confirmErr != nil && !errors.Is(confirmErr, store.ErrMembershipEnded) {
				return false, confirmErr // could not ask: the database's error
			}
			return false, nil
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			id, ok := IdentityFrom(r.Context())
			if !ok {
				errs(w, r, httperr.Unauthorized("Please sign in.", ""))
				return
			}
			slug := r.PathValue("slug")
			key := memberKey{slug: slug, issuer: id.Issuer, subject: id.Subject}
			u, remembered := members.Get(key, time.Now())
			if remembered {
				done, err := serve(w, r, id, u, true)
				if done {
					return
				}
				members.Forget(key)
				if err != nil {
					errs(w, r, err)
					return
				}
				// The membership changed since it was remembered: look again.
			}
			u, err := st.ClinicMembership(r.Context(), slug, id.Issuer, id.Subject)
			if err != nil {
				errs(w, r, notMember(r, st, slug, id, err))
				return
			}
			now := time.Now()
			members.Put(key, u, now.Add(memberCacheTTL), now)
			if remembered && r.Method != http.MethodGet && r.Method != http.MethodHead {
				errs(w, r, httperr.New(http.StatusConflict, "membership-changed",
					"Your role in this clinic changed while you were working; nothing was saved. Reload the page and try again."))
				return
			}
			_, _ = serve(w, r, id, u, false)
		})
	}
}

// Allow admits actors whose role is one of roles; others get 403 (they are
// members, so the clinic's existence is no secret to them).
func Allow(errs ErrorWriter, roles ...store.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			a, ok := ActorFrom(r.Context())
			if !ok {
				errs(w, r, httperr.Forbidden())
				return
			}
			if !hasRole(roles, a.Scope.Role) {
				errs(w, r, roleDenied(r, a))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func hasRole(roles []store.Role, r store.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

// superAdminRole is how the access log names a platform operator.
const superAdminRole = "super_admin"

// RequireSuperAdmin admits platform operators only; to anyone else the
// platform pages do not exist.
func RequireSuperAdmin(errs ErrorWriter) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if id, ok := IdentityFrom(r.Context()); !ok || !id.SuperAdmin {
				reqlog.From(r.Context()).Deny(reqlog.DenyRole)
				errs(w, r, httperr.NotFound())
				return
			}
			reqlog.From(r.Context()).SetActor("", "", superAdminRole)
			next.ServeHTTP(w, r)
		})
	}
}
