package api

import "github.com/go-chi/chi/v5"

// platformRoutes mounts the platform resources.
func (a *API) platformRoutes(r chi.Router) {}
