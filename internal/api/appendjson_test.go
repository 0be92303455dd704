package api

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/clinic"
)

// patientFrom builds a receptionPatient whose every field comes from the
// arguments, nil pointers included (nils picks which pointers are nil).
func patientFrom(s string, f float64, secs int64, zone int, nils uint8) receptionPatient {
	at := time.Unix(secs, secs%1e9).In(time.FixedZone("z", zone))
	id := uuid.NewSHA1(uuid.NameSpaceURL, []byte(s))
	age := int16(secs)
	p := receptionPatient{ID: id, ClinicID: uuid.UUID{0xff, 0x0a}, PatientNumber: "PT-" + s, Name: s,
		Sex: s, Phone: s + "\x00", Email: "<" + s + ">", Address: s + "\u2028\u2029", BloodGroup: "&",
		Allergies: s + "\"\\\b\f\n\r\t\x1f", EmergencyContactName: s, EmergencyContactPhone: "\xff" + s,
		Status: "active", CreatedAt: at, UpdatedAt: at.Add(time.Duration(secs % 1e6))}
	if nils&1 == 0 {
		p.LegacyID = &s
	}
	if nils&2 == 0 {
		p.DateOfBirth = &s
	}
	if nils&4 == 0 {
		p.AgeYears = &age
	}
	if nils&8 == 0 {
		p.WeightKg = &f
	}
	if nils&16 == 0 {
		p.UserID = &id
	}
	if nils&32 == 0 {
		p.RegisteredBy = &p.ClinicID
	}
	return p
}

// checkSame fails unless appendJSON and encoding/json agree: the same
// bytes, or both an error.
func checkSame(t *testing.T, v interface {
	jsonAppender
}, viaReflection any) {
	t.Helper()
	want, wantErr := json.Marshal(viaReflection)
	got, gotErr := v.appendJSON(nil)
	if (wantErr != nil) != (gotErr != nil) {
		t.Fatalf("encoding/json error %v, appendJSON error %v", wantErr, gotErr)
	}
	if wantErr == nil && !bytes.Equal(got, want) {
		t.Fatalf("appendJSON:\n%s\nencoding/json:\n%s", got, want)
	}
}

func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	strs := []string{"", "Sunita Deshpande", "सुनीता", "a\x80b", "\xed\xa0\x80", "x\U0001F600y", "<script>&amp;", "\u2028", "\x7f"}
	floats := []float64{0, math.Copysign(0, -1), 61.5, -3, 1e-6, 9.99e-7, 1e21, 1e20, 123456789.125, 5e-324,
		math.MaxFloat64, math.NaN(), math.Inf(1), math.Inf(-1)}
	times := []int64{0, 1764237600, 1764237600123456789, -62167219200, 253402300799, 253402300800, -62167219201}
	zones := []int{0, 19800, -12600, 23*3600 + 3599, 24 * 3600, -24 * 3600}
	r := rand.New(rand.NewPCG(7, 7))
	for _, s := range strs {
		for _, f := range floats {
			for _, secs := range times {
				for _, z := range zones {
					p := patientFrom(s, f, secs, z, uint8(r.IntN(64)))
					checkSame(t, p, p)
					checkSame(t, &p, p)
				}
			}
		}
	}
	// The list envelope, on its last page and with a next page.
	next := "/api/v1/clinics/x/patients?cursor=a%26b<c>"
	items := []receptionPatient{patientFrom("a", 1, 2, 3, 0), patientFrom("b", 4, 5, 6, 63)}
	for _, l := range []list[receptionPatient]{{Items: []receptionPatient{}}, {Items: items}, {Items: items, Next: &next}} {
		checkSame(t, appended(l), l)
	}
}

// appended is l as writeList writes it, items converted by identity.
func appended[T any](l list[T]) appendedList[T, T] {
	return appendedList[T, T]{items: l.Items, conv: func(t T) T { return t }, next: l.Next}
}

// FuzzAppendJSON: for any text, number and time, the hand-written encoder
// writes what encoding/json writes.
func FuzzAppendJSON(f *testing.F) {
	f.Add("Ravi", 61.5, int64(1764237600), 19800, uint8(0))
	f.Add("a\xffb\u2028<&>", 1e-7, int64(-62167219201), 86400, uint8(63))
	f.Fuzz(func(t *testing.T, s string, fl float64, secs int64, zone int, nils uint8) {
		p := patientFrom(s, fl, secs, zone%(48*3600), nils)
		checkSame(t, p, p)
	})
}

// TestWriteJSONRefusesBeforeWriting: a value the encoder refuses leaves the
// response untouched, so the caller can still answer with a problem.
func TestWriteJSONRefusesBeforeWriting(t *testing.T) {
	nan := math.NaN()
	w := httptest.NewRecorder()
	if err := writeJSON(w, 200, receptionPatient{WeightKg: &nan}); err == nil {
		t.Fatal("writeJSON accepted NaN")
	}
	if w.Body.Len() != 0 || len(w.Header()) != 0 {
		t.Fatalf("wrote %d bytes, headers %v", w.Body.Len(), w.Header())
	}
	w = httptest.NewRecorder()
	p := patientFrom("Ravi", 61.5, 1764237600, 19800, 0)
	if err := writeJSON(w, 201, p); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(p)
	if w.Code != 201 || w.Body.String() != string(want)+"\n" || w.Header().Get("Content-Type") != "application/json" ||
		w.Header().Get("Content-Length") != strconv.Itoa(len(want)+1) {
		t.Fatalf("%d %q %v", w.Code, w.Body.String(), w.Header())
	}
}

// TestWriteJSONAnswersStayApart: the encoding buffer is reused from one
// response to the next (bodyBuffers), and no answer sees another's bytes,
// a long page followed by a short one included.
func TestWriteJSONAnswersStayApart(t *testing.T) {
	long := list[receptionPatient]{}
	for i := range 60 {
		long.Items = append(long.Items, patientFrom("Patient "+strconv.Itoa(i), float64(i), 1764237600+int64(i), 19800, uint8(i)))
	}
	short := list[receptionPatient]{Items: long.Items[:1]}
	answers := []list[receptionPatient]{long, short, long, short, short}
	recs := make([]*httptest.ResponseRecorder, len(answers))
	for i, a := range answers {
		recs[i] = httptest.NewRecorder()
		if err := writeJSON(recs[i], 200, appended(a)); err != nil {
			t.Fatal(err)
		}
	}
	for i, a := range answers {
		want, _ := json.Marshal(a)
		if got := recs[i].Body.String(); got != string(want)+"\n" {
			t.Errorf("answer %d: %d bytes, want %d: %.80q", i, len(got), len(want)+1, got)
		}
	}
}

// BenchmarkPatientPageJSON: a page of 50 patients through encoding/json and
// through appendJSON.
func BenchmarkPatientPageJSON(b *testing.B) {
	l := list[receptionPatient]{}
	w, age, dob, at := 61.5, int16(40), "1985-03-02", time.Date(2026, 11, 27, 10, 0, 0, 123456000, time.UTC)
	for i := range 50 {
		id := uuid.NewSHA1(uuid.NameSpaceURL, []byte{byte(i)})
		l.Items = append(l.Items, receptionPatient{ID: id, ClinicID: uuid.NameSpaceURL, PatientNumber: "PT-SKC-2026-000123",
			Name: "Sunita Deshpande", DateOfBirth: &dob, AgeYears: &age, Sex: "female", Phone: "+91 98765 43210",
			Email: "sunita@example.com", Address: "12 MG Road, Pune", WeightKg: &w, BloodGroup: "B+", Allergies: "penicillin",
			EmergencyContactName: "Ravi Deshpande", EmergencyContactPhone: "+91 98123 45678", Status: "active",
			RegisteredBy: &id, CreatedAt: at, UpdatedAt: at})
	}
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(l); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("append", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := appended(l).appendJSON(make([]byte, 0, 4096)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestWriteListConvertsEachItem: writeList converts the items one at a time
// into the same value as it writes them; no field of one patient may show
// in the next, a nil after a set one included, and the next link is the
// request's URL with the cursor replaced.
func TestWriteListConvertsEachItem(t *testing.T) {
	dob, legacy, w, age := time.Date(1985, 3, 2, 0, 0, 0, 0, time.UTC), "L-7", 61.5, int16(40)
	id := uuid.NewSHA1(uuid.NameSpaceURL, []byte("u"))
	at := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	full := clinic.Patient{ID: uuid.New(), Name: "Sunita", LegacyID: &legacy, DateOfBirth: &dob, AgeYears: &age,
		WeightKg: &w, UserID: &id, RegisteredBy: &id, Phone: "+91 98765 43210", Allergies: "penicillin",
		Status: "active", CreatedAt: at, UpdatedAt: at}
	bare := clinic.Patient{ID: uuid.New(), Name: "Ravi", Status: "active", CreatedAt: at.Add(time.Hour), UpdatedAt: at}
	page := clinic.Page[clinic.Patient]{Items: []clinic.Patient{full, bare, full, bare}, Next: "c/1"}

	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/api/v1/clinics/x/patients?limit=4&cursor=old", nil)
	if err := writeList(rec, req, page, receptionPatientOf); err != nil {
		t.Fatal(err)
	}
	next := "/api/v1/clinics/x/patients?cursor=c%2F1&limit=4"
	want := list[receptionPatient]{Next: &next}
	for _, p := range page.Items {
		want.Items = append(want.Items, receptionPatientOf(p))
	}
	wantJSON, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.Body.String(); got != string(wantJSON)+"\n" {
		t.Fatalf("writeList wrote\n%s\nwant\n%s", got, wantJSON)
	}
}
