package api

import "github.com/go-chi/chi/v5"

// doctorRoutes mounts the doctor resources.
func (a *API) doctorRoutes(r chi.Router) {}
