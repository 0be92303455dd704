// Package rxpdf renders a prescription as a one-document PDF: the clinic's
// letterhead, the prescriber, the patient, the medicines in a table a
// pharmacist reads at a glance, advice, follow-up and a signature line.
// The doctor's pages and the patient portal both use it, from the same
// clinic.PrescriptionPrint.
//
// The PDF uses the standard Helvetica font, so text is limited to the
// Windows-1252 characters; anything else (Devanagari, for instance) prints
// as "?". The HTML print page has no such limit.
package rxpdf

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/santkrupa/santkrupa/internal/clinic"
)

// FileName is the download name of a prescription's PDF.
func FileName(p clinic.PrescriptionPrint) string {
	return "prescription-" + safeName(p.Patient.Number) + "-" + p.Prescription.CreatedAt.Format("2006-01-02") + ".pdf"
}

func safeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '-' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "patient"
	}
	return b.String()
}

// Food and route words as a pharmacist reads them.
var foodWords = map[string]string{"before": "Before food", "after": "After food", "with": "With food", "any": "-"}

// FoodWords is the printed form of a food instruction.
func FoodWords(s string) string {
	if w, ok := foodWords[s]; ok {
		return w
	}
	return s
}

// Write renders p as PDF to w, with dates in the clinic's time zone.
func Write(w io.Writer, p clinic.PrescriptionPrint) error {
	loc := p.Clinic.Location
	if loc == nil {
		loc = time.UTC
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle("Prescription "+p.Patient.Number, true)
	pdf.SetAuthor(p.Doctor.Name, true)
	pdf.SetCreator("Santkrupa", true)
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 20)
	tr := pdf.UnicodeTranslatorFromDescriptor("") // UTF-8 to cp1252
	txt := func(s string) string { return tr(s) }
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "I", 8)
		pdf.SetTextColor(100, 100, 100)
		pdf.CellFormat(0, 5, txt(fmt.Sprintf("%s · page %d of {nb}", p.Clinic.Name, pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AliasNbPages("{nb}")
	pdf.AddPage()
	width, _ := pdf.GetPageSize()
	inner := width - 30

	// Letterhead.
	pdf.SetFont("Helvetica", "B", 16)
	pdf.CellFormat(0, 8, txt(p.Clinic.Name), "", 1, "C", false, 0, "")
	pdf.SetFont("Helvetica", "", 9)
	if a := p.Clinic.AddressLine(); a != "" {
		pdf.CellFormat(0, 5, txt(a), "", 1, "C", false, 0, "")
	}
	var contact []string
	if p.Clinic.Phone != "" {
		contact = append(contact, "Phone "+p.Clinic.Phone)
	}
	if p.Clinic.Email != "" {
		contact = append(contact, p.Clinic.Email)
	}
	if p.Clinic.RegistrationNumber != "" {
		contact = append(contact, "Reg. No. "+p.Clinic.RegistrationNumber)
	}
	if len(contact) > 0 {
		pdf.CellFormat(0, 5, txt(strings.Join(contact, " · ")), "", 1, "C", false, 0, "")
	}
	pdf.Ln(1)
	y := pdf.GetY()
	pdf.Line(15, y, 15+inner, y)
	pdf.Ln(3)

	// Prescriber and patient, side by side.
	half := inner / 2
	pdf.SetFont("Helvetica", "B", 11)
	pdf.CellFormat(half, 6, txt(p.Doctor.Name), "", 0, "L", false, 0, "")
	pdf.CellFormat(half, 6, txt(p.Patient.Name), "", 1, "R", false, 0, "")
	pdf.SetFont("Helvetica", "", 9)
	docLine := strings.TrimSpace(strings.Join(nonEmpty(p.Doctor.Qualification, p.Doctor.Specialization), ", "))
	pat := strings.Join(nonEmpty(p.Patient.Number, strings.TrimSpace(p.Patient.Age+" "+sexWord(p.Patient.Sex))), " · ")
	pdf.CellFormat(half, 5, txt(docLine), "", 0, "L", false, 0, "")
	pdf.CellFormat(half, 5, txt(pat), "", 1, "R", false, 0, "")
	pdf.CellFormat(half, 5, txt("Reg. No. "+p.Doctor.LicenseNumber), "", 0, "L", false, 0, "")
	pdf.CellFormat(half, 5, txt("Date: "+p.Prescription.CreatedAt.In(loc).Format("2 Jan 2006")), "", 1, "R", false, 0, "")
	if p.Patient.Allergies != "" {
		pdf.SetFont("Helvetica", "B", 9)
		pdf.MultiCell(0, 5, txt("Allergies: "+p.Patient.Allergies), "", "L", false)
	}
	if p.Prescription.Status != "final" {
		pdf.SetFont("Helvetica", "B", 10)
		pdf.SetTextColor(164, 22, 26)
		pdf.CellFormat(0, 6, txt("DRAFT - not valid for dispensing"), "", 1, "L", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	}
	pdf.Ln(2)
	if p.Prescription.Diagnosis != "" {
		section(pdf, txt("Diagnosis"))
		pdf.MultiCell(0, 5, txt(p.Prescription.Diagnosis), "", "L", false)
		pdf.Ln(1)
	}

	// The medicines.
	pdf.SetFont("Helvetica", "B", 14)
	pdf.CellFormat(0, 8, "Rx", "", 1, "L", false, 0, "")
	cols := []struct {
		head string
		w    float64
	}{{"#", 7}, {"Medicine", 52}, {"Dose", 22}, {"Schedule", 20}, {"Days", 12}, {"Food", 22}, {"Instructions", inner - 135}}
	pdf.SetFont("Helvetica", "B", 9)
	pdf.SetFillColor(235, 240, 245)
	for _, c := range cols {
		pdf.CellFormat(c.w, 7, c.head, "1", 0, "L", true, 0, "")
	}
	pdf.Ln(-1)
	pdf.SetFont("Helvetica", "", 9)
	for _, l := range p.Lines {
		name := l.MedicineName
		if l.Form != "" {
			name += " (" + l.Form + ")"
		}
		days := ""
		if l.DurationDays != nil {
			days = fmt.Sprint(*l.DurationDays)
		}
		var instr []string
		if l.Route != "" && l.Route != "oral" {
			instr = append(instr, l.Route)
		}
		if l.PRN {
			instr = append(instr, "when needed")
		}
		if l.Quantity != "" {
			instr = append(instr, "qty "+l.Quantity)
		}
		if l.Instructions != "" {
			instr = append(instr, l.Instructions)
		}
		cells := []string{fmt.Sprint(l.Position), name, l.Dose, l.Schedule, days, FoodWords(l.FoodInstruction), strings.Join(instr, "; ")}
		row(pdf, tr, cells, func(i int) float64 { return cols[i].w })
	}
	pdf.Ln(3)

	if p.Prescription.Advice != "" {
		section(pdf, txt("Advice"))
		pdf.MultiCell(0, 5, txt(p.Prescription.Advice), "", "L", false)
		pdf.Ln(1)
	}
	if p.Prescription.AdmissionRecommended {
		section(pdf, txt("Admission recommended"))
		pdf.MultiCell(0, 5, txt(p.Prescription.AdmissionReason), "", "L", false)
		pdf.Ln(1)
	}
	if d := p.Prescription.FollowUpDate; d != nil {
		section(pdf, txt("Follow-up"))
		pdf.CellFormat(0, 5, txt(d.Format("Monday, 2 January 2006")), "", 1, "L", false, 0, "")
	}

	// Signature.
	pdf.Ln(14)
	x := 15 + inner - 70
	pdf.Line(x, pdf.GetY(), 15+inner, pdf.GetY())
	pdf.SetX(x)
	pdf.SetFont("Helvetica", "", 9)
	pdf.CellFormat(70, 5, txt(p.Doctor.Name), "", 1, "C", false, 0, "")
	pdf.SetX(x)
	signed := "Signature"
	if p.Prescription.FinalizedAt != nil {
		signed = "Finalised " + p.Prescription.FinalizedAt.In(loc).Format("2 Jan 2006 15:04")
	}
	pdf.CellFormat(70, 5, txt(signed), "", 1, "C", false, 0, "")
	return pdf.Output(w)
}

func section(pdf *fpdf.Fpdf, title string) {
	pdf.SetFont("Helvetica", "B", 10)
	pdf.CellFormat(0, 6, title, "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 9)
}

// row draws one table row whose cells wrap, all as tall as the tallest.
func row(pdf *fpdf.Fpdf, tr func(string) string, cells []string, w func(int) float64) {
	const lh = 5
	lines := 1
	split := make([][][]byte, len(cells))
	for i, c := range cells {
		split[i] = pdf.SplitLines([]byte(tr(c)), w(i)-2)
		if len(split[i]) > lines {
			lines = len(split[i])
		}
	}
	h := float64(lines) * lh
	_, pageH := pdf.GetPageSize()
	if pdf.GetY()+h > pageH-20 {
		pdf.AddPage()
	}
	x, y := pdf.GetXY()
	for i := range cells {
		pdf.Rect(x, y, w(i), h, "D")
		for j, ln := range split[i] {
			pdf.SetXY(x+1, y+float64(j)*lh)
			pdf.CellFormat(w(i)-2, lh, string(ln), "", 0, "L", false, 0, "")
		}
		x += w(i)
	}
	pdf.SetXY(15, y+h)
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func sexWord(s string) string {
	switch s {
	case "male":
		return "Male"
	case "female":
		return "Female"
	case "other":
		return "Other"
	}
	return ""
}
