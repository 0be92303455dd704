package api

import "github.com/go-chi/chi/v5"

// receptionRoutes mounts the reception resources.
func (a *API) receptionRoutes(r chi.Router) {}
