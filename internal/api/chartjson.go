package api

import (
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/clinic"
)

// The chart writes its own JSON, byte for byte what encoding/json writes
// for chartJSON (TestChartJSONMatchesEncodingJSON, which fills every field
// by reflection, so a field added to a chart type and not here fails it).
// encoding/json's reflection was a third of the server's CPU for a chart
// of 200 visits (docs/scaling.md, item 14).

// jsonWriter appends JSON values and keeps the first error: the writers
// below then read as the field lists they are.
type jsonWriter struct {
	b   []byte
	err error
}

func (w *jsonWriter) raw(s string)       { w.b = append(w.b, s...) }
func (w *jsonWriter) str(s string)       { w.b = appendJSONString(w.b, s) }
func (w *jsonWriter) strPtr(s *string)   { w.b = appendJSONStringPtr(w.b, s) }
func (w *jsonWriter) id(u uuid.UUID)     { w.b = appendJSONUUID(w.b, u) }
func (w *jsonWriter) idPtr(u *uuid.UUID) { w.b = appendJSONUUIDPtr(w.b, u) }
func (w *jsonWriter) int(n int64)        { w.b = strconv.AppendInt(w.b, n, 10) }
func (w *jsonWriter) bool(v bool)        { w.b = strconv.AppendBool(w.b, v) }
func (w *jsonWriter) int16Ptr(n *int16)  { w.b = appendJSONInt16Ptr(w.b, n) }
func (w *jsonWriter) intPtr(n *int) {
	if n == nil {
		w.raw("null")
		return
	}
	w.int(int64(*n))
}

func (w *jsonWriter) floatPtr(f *float64) {
	if w.err == nil {
		w.b, w.err = appendJSONFloatPtr(w.b, f)
	}
}

func (w *jsonWriter) time(t time.Time) {
	if w.err == nil {
		w.b, w.err = appendJSONTime(w.b, t)
	}
}

func (w *jsonWriter) timePtr(t *time.Time) {
	if t == nil {
		w.raw("null")
		return
	}
	w.time(*t)
}

// array writes items as a JSON array, a nil slice as null (as
// encoding/json does).
func array[T any](w *jsonWriter, items []T, item func(*jsonWriter, *T)) {
	if items == nil {
		w.raw("null")
		return
	}
	w.raw("[")
	for i := range items {
		if i > 0 {
			w.raw(",")
		}
		item(w, &items[i])
	}
	w.raw("]")
}

func (c chartJSON) appendJSON(b []byte) ([]byte, error) {
	w := &jsonWriter{b: b}
	w.raw(`{"id":`)
	w.id(c.ID)
	w.raw(`,"clinic_id":`)
	w.id(c.ClinicID)
	w.raw(`,"patient":`)
	chartPatient(w, &c.Patient)
	n := c.Counts
	w.raw(`,"counts":{"visits":`)
	w.int(n.Visits)
	w.raw(`,"notes":`)
	w.int(n.Notes)
	w.raw(`,"prescriptions":`)
	w.int(n.Prescriptions)
	w.raw(`,"tests":`)
	w.int(n.Tests)
	w.raw(`,"reports":`)
	w.int(n.Reports)
	w.raw(`},"visits":`)
	array(w, c.Visits, chartVisit)
	w.raw(`,"notes":`)
	array(w, c.Notes, chartNote)
	w.raw(`,"prescriptions":`)
	array(w, c.Prescriptions, chartPrescription)
	w.raw(`,"tests":`)
	array(w, c.Tests, chartTest)
	w.raw(`,"reports":`)
	array(w, c.Reports, chartReport)
	w.raw(`}`)
	return w.b, w.err
}

func chartPatient(w *jsonWriter, p *chartPatientJSON) {
	w.raw(`{"id":`)
	w.id(p.ID)
	w.raw(`,"clinic_id":`)
	w.id(p.ClinicID)
	w.raw(`,"patient_number":`)
	w.str(p.PatientNumber)
	w.raw(`,"name":`)
	w.str(p.Name)
	w.raw(`,"date_of_birth":`)
	w.strPtr(p.DateOfBirth)
	w.raw(`,"age_years":`)
	w.int16Ptr(p.AgeYears)
	w.raw(`,"sex":`)
	w.str(p.Sex)
	w.raw(`,"phone":`)
	w.str(p.Phone)
	w.raw(`,"email":`)
	w.str(p.Email)
	w.raw(`,"address":`)
	w.str(p.Address)
	w.raw(`,"weight_kg":`)
	w.floatPtr(p.WeightKg)
	w.raw(`,"blood_group":`)
	w.str(p.BloodGroup)
	w.raw(`,"allergies":`)
	w.str(p.Allergies)
	w.raw(`,"emergency_contact_name":`)
	w.str(p.EmergencyContactName)
	w.raw(`,"emergency_contact_phone":`)
	w.str(p.EmergencyContactPhone)
	w.raw(`,"status":`)
	w.str(p.Status)
	w.raw(`,"created_at":`)
	w.time(p.CreatedAt)
	w.raw(`,"updated_at":`)
	w.time(p.UpdatedAt)
	w.raw(`}`)
}

func chartVisit(w *jsonWriter, v *clinic.ChartVisit) {
	w.raw(`{"id":`)
	w.id(v.ID)
	w.raw(`,"visit_date":`)
	w.str(v.VisitDate)
	w.raw(`,"token":`)
	w.int(int64(v.Token))
	w.raw(`,"purpose":`)
	w.str(v.Purpose)
	w.raw(`,"priority":`)
	w.str(v.Priority)
	w.raw(`,"status":`)
	w.str(v.Status)
	w.raw(`,"doctor_id":`)
	w.idPtr(v.DoctorID)
	w.raw(`,"doctor_name":`)
	w.str(v.DoctorName)
	w.raw(`,"checked_in_at":`)
	w.time(v.CheckedInAt)
	w.raw(`,"completed_at":`)
	w.timePtr(v.CompletedAt)
	w.raw(`,"bp_systolic":`)
	w.intPtr(v.BpSystolic)
	w.raw(`,"bp_diastolic":`)
	w.intPtr(v.BpDiastolic)
	w.raw(`,"pulse":`)
	w.intPtr(v.Pulse)
	w.raw(`,"temperature_c":`)
	w.floatPtr(v.TemperatureC)
	w.raw(`,"spo2":`)
	w.intPtr(v.SpO2)
	w.raw(`,"blood_sugar":`)
	w.floatPtr(v.BloodSugar)
	w.raw(`,"weight_kg":`)
	w.floatPtr(v.WeightKg)
	w.raw(`}`)
}

func chartNote(w *jsonWriter, n *clinic.ChartNote) {
	w.raw(`{"id":`)
	w.id(n.ID)
	if n.VisitID != uuid.Nil { // omitzero
		w.raw(`,"visit_id":`)
		w.id(n.VisitID)
	}
	w.raw(`,"chief_complaint":`)
	w.str(n.ChiefComplaint)
	w.raw(`,"observations":`)
	w.str(n.Observations)
	w.raw(`,"diagnosis":`)
	w.str(n.Diagnosis)
	w.raw(`,"treatment_plan":`)
	w.str(n.TreatmentPlan)
	w.raw(`,"notes":`)
	w.str(n.Notes)
	w.raw(`,"signed_at":`)
	w.timePtr(n.SignedAt)
	w.raw(`,"created_at":`)
	w.time(n.CreatedAt)
	w.raw(`,"author_name":`)
	w.str(n.AuthorName)
	w.raw(`}`)
}

func chartPrescription(w *jsonWriter, p *clinic.ChartPrescription) {
	w.raw(`{"id":`)
	w.id(p.ID)
	w.raw(`,"visit_id":`)
	w.idPtr(p.VisitID)
	w.raw(`,"doctor_id":`)
	w.id(p.DoctorID)
	w.raw(`,"doctor_name":`)
	w.str(p.DoctorName)
	w.raw(`,"status":`)
	w.str(p.Status)
	w.raw(`,"diagnosis":`)
	w.str(p.Diagnosis)
	w.raw(`,"advice":`)
	w.str(p.Advice)
	w.raw(`,"admission_recommended":`)
	w.bool(p.AdmissionRecommended)
	w.raw(`,"admission_reason":`)
	w.str(p.AdmissionReason)
	w.raw(`,"follow_up_date":`)
	w.strPtr(p.FollowUpDate)
	w.raw(`,"finalized_at":`)
	w.timePtr(p.FinalizedAt)
	w.raw(`,"created_at":`)
	w.time(p.CreatedAt)
	w.raw(`,"lines":`)
	array(w, p.Lines, chartLine)
	w.raw(`}`)
}

func chartLine(w *jsonWriter, l *clinic.ChartLine) {
	w.raw(`{"position":`)
	w.int(int64(l.Position))
	w.raw(`,"medicine_name":`)
	w.str(l.MedicineName)
	w.raw(`,"form":`)
	w.str(l.Form)
	w.raw(`,"dose":`)
	w.str(l.Dose)
	w.raw(`,"schedule":`)
	w.str(l.Schedule)
	w.raw(`,"duration_days":`)
	w.intPtr(l.DurationDays)
	w.raw(`,"quantity":`)
	w.str(l.Quantity)
	w.raw(`,"food_instruction":`)
	w.str(l.FoodInstruction)
	w.raw(`,"route":`)
	w.str(l.Route)
	w.raw(`,"prn":`)
	w.bool(l.PRN)
	w.raw(`,"instructions":`)
	w.str(l.Instructions)
	w.raw(`}`)
}

func chartTest(w *jsonWriter, t *clinic.ChartTest) {
	w.raw(`{"id":`)
	w.id(t.ID)
	w.raw(`,"visit_id":`)
	w.idPtr(t.VisitID)
	w.raw(`,"name":`)
	w.str(t.Name)
	w.raw(`,"test_type":`)
	w.str(t.TestType)
	w.raw(`,"urgency":`)
	w.str(t.Urgency)
	w.raw(`,"status":`)
	w.str(t.Status)
	if t.Description != "" { // omitempty
		w.raw(`,"description":`)
		w.str(t.Description)
	}
	w.raw(`,"ordered_at":`)
	w.time(t.OrderedAt)
	w.raw(`,"completed_at":`)
	w.timePtr(t.CompletedAt)
	w.raw(`,"report":`)
	if r := t.Report; r == nil {
		w.raw("null")
	} else {
		w.raw(`{"id":`)
		w.id(r.ID)
		w.raw(`,"status":`)
		w.str(r.Status)
		w.raw(`,"performed_at":`)
		w.time(r.PerformedAt)
		w.raw(`,"verified_at":`)
		w.timePtr(r.VerifiedAt)
		w.raw(`,"notes":`)
		w.str(r.Notes)
		w.raw(`,"file_name":`)
		w.strPtr(r.FileName)
		w.raw(`,"values":`)
		array(w, r.Values, chartValue)
		w.raw(`}`)
	}
	w.raw(`}`)
}

func chartValue(w *jsonWriter, v *clinic.ChartValue) {
	w.raw(`{"analyte":`)
	w.str(v.Analyte)
	w.raw(`,"value":`)
	w.str(v.Value)
	w.raw(`,"unit":`)
	w.str(v.Unit)
	w.raw(`,"reference_range":`)
	w.str(v.ReferenceRange)
	w.raw(`,"abnormal_flag":`)
	w.str(v.AbnormalFlag)
	w.raw(`}`)
}

func chartReport(w *jsonWriter, r *clinic.ChartReport) {
	w.raw(`{"id":`)
	w.id(r.ID)
	w.raw(`,"report_type":`)
	w.str(r.ReportType)
	w.raw(`,"description":`)
	w.str(r.Description)
	w.raw(`,"content_type":`)
	w.str(r.ContentType)
	w.raw(`,"size_bytes":`)
	w.int(r.SizeBytes)
	w.raw(`,"original_filename":`)
	w.str(r.OriginalFilename)
	w.raw(`,"created_at":`)
	w.time(r.CreatedAt)
	w.raw(`}`)
}
