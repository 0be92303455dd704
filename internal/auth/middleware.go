package auth

import (
	"net/http"
	"net/url"

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
func Clinic(st *store.Store, errs ErrorWriter) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			id, ok := IdentityFrom(r.Context())
			if !ok {
				errs(w, r, httperr.Unauthorized("Please sign in.", ""))
				return
			}
			slug := r.PathValue("slug")
			u, err := st.ClinicMembership(r.Context(), slug, id.Issuer, id.Subject)
			if err != nil {
				errs(w, r, notMember(r, st, slug, id, err))
				return
			}
			a := Actor{Identity: id, Slug: slug, User: u,
				Scope: store.Scope{ClinicID: u.ClinicID, UserID: u.ID, Role: store.Role(u.Role)}, st: st}
			reqlog.From(r.Context()).SetActor(slug, u.ID.String(), u.Role)
			next.ServeHTTP(w, r.WithContext(withActor(r.Context(), a)))
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
