package api

import "github.com/go-chi/chi/v5"

// labRoutes mounts the lab resources.
func (a *API) labRoutes(r chi.Router) {}
