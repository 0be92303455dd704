package clinic

import (
	"bytes"
	"crypto/sha256"
	"fmt"
)

// Upload is a file as received: its bytes and the name the client gave.
// The content type is decided by Sniff, never taken from the client.
type Upload struct {
	Name string
	Data []byte
}

// The accepted file types, by their first bytes.
var signatures = []struct {
	magic       []byte
	contentType string
}{
	{[]byte("%PDF-"), "application/pdf"},
	{[]byte("\x89PNG\r\n\x1a\n"), "image/png"},
	{[]byte("\xff\xd8\xff"), "image/jpeg"},
}

// Sniff returns the content type of data when it is a PDF, PNG or JPEG by
// content, whatever its name says; anything else (an executable named
// .pdf, an SVG, HTML) is a FieldErrors on field.
func Sniff(field string, data []byte) (string, error) {
	for _, s := range signatures {
		if bytes.HasPrefix(data, s.magic) {
			return s.contentType, nil
		}
	}
	return "", FieldErrors{field: "Upload a PDF, PNG or JPEG file."}
}

// checkUpload validates an upload against the size limit and the accepted
// types, and returns its content type and SHA-256.
func (s *Service) checkUpload(field string, u Upload) (string, []byte, error) {
	if len(u.Data) == 0 {
		return "", nil, FieldErrors{field: "Choose a file to upload."}
	}
	if int64(len(u.Data)) > s.maxUpload {
		return "", nil, FieldErrors{field: fmt.Sprintf("The file is larger than %d MiB.", s.maxUpload>>20)}
	}
	ct, err := Sniff(field, u.Data)
	if err != nil {
		return "", nil, err
	}
	sum := sha256.Sum256(u.Data)
	return ct, sum[:], nil
}
