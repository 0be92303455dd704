// Package download serves stored documents inertly: whatever bytes a file
// holds, the browser saves it rather than rendering it, under a name whose
// extension matches its checked type, and never sniffs, runs or caches it.
// Pages and the API serve files the same way through Serve.
package download

import (
	"mime"
	"net/http"
	"strconv"

	"github.com/santkrupa/santkrupa/internal/clinic"
)

// servable are the content types a stored file is served as; anything
// else (a row written before uploads were checked, say) goes out as
// application/octet-stream.
var servable = map[string]bool{"application/pdf": true, "image/png": true, "image/jpeg": true}

// CSP is the Content-Security-Policy of every download: should a browser
// render one anyway, it runs in a sandbox with nothing allowed.
const CSP = "sandbox; default-src 'none'"

// Serve writes f as an attachment.
func Serve(w http.ResponseWriter, f clinic.File) error {
	ct := f.ContentType
	if !servable[ct] {
		ct = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{
		"filename": clinic.DownloadName(f.Name, ct)}))
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", CSP)
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(f.Data)
	return err
}
