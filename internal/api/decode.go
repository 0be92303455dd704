package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/santkrupa/santkrupa/internal/httperr"
)

// maxJSONBody bounds a JSON request body.
const maxJSONBody = 256 << 10

// decodeJSON reads one JSON object into dst, strictly: the content type
// must be application/json (415), the body at most maxJSONBody (413), no
// unknown fields, no wrong types, no trailing data (400 or 422 with the
// field named).
func decodeJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return httperr.New(http.StatusUnsupportedMediaType, "unsupported-media-type",
			"Send the body as application/json.")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return httperr.New(http.StatusBadRequest, "malformed-json", "The body must hold exactly one JSON object.")
	}
	return nil
}

// jsonError says what is wrong with a body, without echoing internals.
func jsonError(err error) error {
	var tooBig *http.MaxBytesError
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return httperr.New(http.StatusRequestEntityTooLarge, "too-large",
			fmt.Sprintf("The body is larger than %d KiB.", maxJSONBody>>10))
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return httperr.New(http.StatusBadRequest, "malformed-json", "The body is not valid JSON.")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return httperr.Invalid("A field has the wrong type.", map[string]string{field: "must be " + jsonKind(typ.Type.Kind().String())})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return httperr.Invalid("The body has a field this endpoint does not know.", map[string]string{name: "unknown field"})
	}
	return httperr.New(http.StatusBadRequest, "malformed-json", "The body could not be read as the expected JSON object.")
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "struct", "map":
		return "an object"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "an integer"
	case "float32", "float64":
		return "a number"
	}
	return "of another type"
}
