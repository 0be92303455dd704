package api

import "github.com/go-chi/chi/v5"

// adminRoutes mounts the admin resources.
func (a *API) adminRoutes(r chi.Router) {}
