package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/httperr"
)

// pathUUID is the {id} of the path; a malformed one is a 404 like an
// unknown one.
func pathUUID(r *http.Request) (uuid.UUID, error) {
	id, err := uuid.Parse(chi.URLParam(r, "id"))
	if err != nil {
		return uuid.Nil, httperr.NotFound()
	}
	return id, nil
}
