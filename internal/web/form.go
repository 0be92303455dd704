package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/bodylimit"
	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/httperr"
)

// formReader reads typed values from a posted form. A value that does not
// parse records a message for its field (and reads as empty), so a handler
// can re-render the form with the user's input and every message at once.
type formReader struct {
	r    *http.Request
	Errs clinic.FieldErrors
}

// maxUploadOverhead is the room a multipart form needs besides its file.
const maxUploadOverhead = 1 << 20

// readForm parses a urlencoded or multipart form. maxFile > 0 admits one
// file of that size (the body limit is raised to fit it); 0 refuses files.
func readForm(w http.ResponseWriter, r *http.Request, maxFile int64) (*formReader, error) {
	var err error
	if maxFile > 0 && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		bodylimit.Raise(w, r, maxFile+maxUploadOverhead)
		err = r.ParseMultipartForm(maxUploadOverhead)
	} else {
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, httperr.New(http.StatusRequestEntityTooLarge, "too-large",
			"What you sent is larger than this server accepts. Nothing was saved.")
	case err != nil:
		return nil, httperr.New(http.StatusBadRequest, "bad-form", "The form could not be read. Nothing was saved.")
	}
	return &formReader{r: r, Errs: clinic.FieldErrors{}}, nil
}

func (f *formReader) fail(name, msg string) {
	if _, seen := f.Errs[name]; !seen {
		f.Errs[name] = msg
	}
}

// str is the trimmed value of a field.
func (f *formReader) str(name string) string { return strings.TrimSpace(f.r.PostFormValue(name)) }

// all is every value of a repeated field, untrimmed (positions matter).
func (f *formReader) all(name string) []string {
	if f.r.PostForm == nil {
		return nil
	}
	return f.r.PostForm[name]
}

func (f *formReader) bool(name string) bool {
	switch f.str(name) {
	case "on", "true", "1", "yes":
		return true
	}
	return false
}

// optDate reads YYYY-MM-DD; empty is nil.
func (f *formReader) optDate(name string) *time.Time {
	return parseOptDate(f, name, f.str(name))
}

func parseOptDate(f *formReader, name, v string) *time.Time {
	if v == "" {
		return nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		f.fail(name, "Enter a date such as 2026-01-31.")
		return nil
	}
	return &t
}

// optInt reads a whole number; empty is nil.
func (f *formReader) optInt(name string) *int32 {
	return parseOptInt(f, name, f.str(name))
}

func parseOptInt(f *formReader, name, v string) *int32 {
	if v == "" {
		return nil
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil {
		f.fail(name, "Enter a whole number.")
		return nil
	}
	m := int32(n)
	return &m
}

// optFloat reads a decimal number; empty is nil.
func (f *formReader) optFloat(name string) *float64 {
	v := f.str(name)
	if v == "" {
		return nil
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || n != n { // NaN
		f.fail(name, "Enter a number such as 72.5.")
		return nil
	}
	return &n
}

// optUUID reads an id chosen from a list; empty is nil.
func (f *formReader) optUUID(name string) *uuid.UUID {
	v := f.str(name)
	if v == "" {
		return nil
	}
	id, err := uuid.Parse(v)
	if err != nil {
		f.fail(name, "Choose one of the listed options.")
		return nil
	}
	return &id
}

// file reads an uploaded file; ok is false when none was chosen.
func (f *formReader) file(name string) (clinic.Upload, bool) {
	file, hdr, err := f.r.FormFile(name)
	if err != nil {
		return clinic.Upload{}, false
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		f.fail(name, "The file could not be read. Please try again.")
		return clinic.Upload{}, false
	}
	return clinic.Upload{Name: hdr.Filename, Data: data}, true
}

// merge adds domain field messages to the form's own.
func (f *formReader) merge(err error) bool {
	var fe clinic.FieldErrors
	if !errors.As(err, &fe) {
		return false
	}
	for k, v := range fe {
		f.fail(k, v)
	}
	return true
}

// pathID is the {name} path value as a uuid; a malformed id is a 404,
// like an unknown one.
func pathID(r *http.Request, name string) (uuid.UUID, error) {
	id, err := uuid.Parse(r.PathValue(name))
	if err != nil {
		return uuid.Nil, httperr.NotFound()
	}
	return id, nil
}

func formatDate(t any) string {
	switch v := t.(type) {
	case time.Time:
		return v.Format("2 Jan 2006")
	case *time.Time:
		if v != nil {
			return v.Format("2 Jan 2006")
		}
	}
	return ""
}

func formatDateTime(t any) string { return formatDateTimeIn(t, time.UTC) }

// formatDateTimeIn shows a moment in loc (the clinic's timezone).
func formatDateTimeIn(t any, loc *time.Location) string {
	switch v := t.(type) {
	case time.Time:
		return v.In(loc).Format("2 Jan 2006 15:04")
	case *time.Time:
		if v != nil {
			return v.In(loc).Format("2 Jan 2006 15:04")
		}
	}
	return ""
}
