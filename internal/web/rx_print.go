package web

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/santkrupa/santkrupa/internal/clinic"
	"github.com/santkrupa/santkrupa/internal/rxpdf"
)

// RenderPrescriptionPrint renders the print-friendly prescription page
// (template rx_print). The doctor pages use it, and so can the patient
// portal for a patient's own final prescriptions.
func (s *Site) RenderPrescriptionPrint(w http.ResponseWriter, r *http.Request, p clinic.PrescriptionPrint) error {
	return s.render(w, r, http.StatusOK, "rx_print", p)
}

// WritePrescriptionPDF answers with p as a PDF download (attachment, never
// inline).
func WritePrescriptionPDF(w http.ResponseWriter, p clinic.PrescriptionPrint) error {
	var buf bytes.Buffer
	if err := rxpdf.Write(&buf, p); err != nil {
		return fmt.Errorf("prescription pdf: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="`+rxpdf.FileName(p)+`"`)
	h.Set("Content-Length", fmt.Sprint(buf.Len()))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	_, err := buf.WriteTo(w)
	return err
}
