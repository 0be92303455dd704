package api

import (
	"net/http"
	"strings"

	"github.com/santkrupa/santkrupa/internal/httperr"
)

// setETag sends a record's version (clinic.Version) as a strong ETag.
func setETag(w http.ResponseWriter, version string) {
	w.Header().Set("ETag", `"`+version+`"`)
}

// ifMatch returns the version an update expects. Updates must say which
// version they change: without If-Match the answer is 428, so a client
// cannot overwrite someone else's change by accident.
func ifMatch(r *http.Request) (string, error) {
	v := strings.TrimSpace(r.Header.Get("If-Match"))
	if v == "" {
		return "", httperr.New(http.StatusPreconditionRequired, "precondition-required",
			"Send If-Match with the ETag of the record you are changing.")
	}
	v = strings.TrimPrefix(v, "W/")
	return strings.Trim(v, `"`), nil
}
