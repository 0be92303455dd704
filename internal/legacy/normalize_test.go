package legacy

import (
	"testing"
	"time"
)

func TestNormPhone(t *testing.T) {
	t.Parallel()
	cases := []struct {
		raw, want string
		changed   bool
		flagged   bool
	}{
		{"9440268599", "9440268599", false, false},
		{"", "", false, false},
		{"+91 98220-12345", "9822012345", true, false},
		{"+919822012345", "9822012345", true, false},
		{"919822012345", "9822012345", true, false},
		{"098220 12345", "9822012345", true, false},
		{" 98220.12345 ", "9822012345", true, false},
		{"(982) 201-2345", "9822012345", true, false},
		{"N/A", "", true, false},
		{"0000000000", "", true, false},
		{"-", "", true, false},
		{"020-2612 3456", "020-2612 3456", true, true},     // a Pune landline: kept, flagged
		{"+1 415 555 0100", "+1 415 555 0100", true, true}, // foreign
		{"call son", "call son", true, true},
		{"98220", "98220", true, true}, // too short
	}
	for _, tc := range cases {
		got, ch := normPhone("phone", tc.raw)
		if got != tc.want || (ch != nil) != tc.changed || (ch != nil && ch.Flagged != tc.flagged) {
			t.Errorf("normPhone(%q) = %q, %+v; want %q, changed %v, flagged %v", tc.raw, got, ch, tc.want, tc.changed, tc.flagged)
		}
	}
}

func sp(s string) *string { return &s }

func TestVitals(t *testing.T) {
	t.Parallel()
	t.Run("bp", func(t *testing.T) {
		t.Parallel()
		for _, tc := range []struct {
			raw       *string
			sys, dia  int16
			ok, kept  bool
			changeNil bool
		}{
			{sp("120/80"), 120, 80, true, false, true},
			{sp("120/80 mmHg"), 120, 80, true, false, true},
			{sp(" 130 / 85 mm Hg"), 130, 85, true, false, true},
			{nil, 0, 0, false, false, true},
			{sp(""), 0, 0, false, false, true},
			{sp("N/A"), 0, 0, false, false, false},
			{sp("normal"), 0, 0, false, true, false},
			{sp("80/120"), 0, 0, false, true, false}, // diastolic above systolic
			{sp("400/90"), 0, 0, false, true, false},
		} {
			v := normBP(tc.raw)
			if (v.Value != nil) != tc.ok || (v.Keep != "") != tc.kept || (v.Change == nil) != tc.changeNil {
				t.Errorf("normBP(%v) = %+v", deref(tc.raw), v)
				continue
			}
			if tc.ok && (v.Value.Systolic != tc.sys || v.Value.Diastolic != tc.dia) {
				t.Errorf("normBP(%v) = %+v, want %d/%d", deref(tc.raw), *v.Value, tc.sys, tc.dia)
			}
		}
	})
	t.Run("temperature", func(t *testing.T) {
		t.Parallel()
		for _, tc := range []struct {
			raw     string
			want    float64 // 0: no value
			changed bool
		}{
			{"98.6", 37.0, true}, // Fahrenheit without a unit
			{"99.1F", 37.3, true},
			{"101 °F", 38.3, true},
			{"37.2", 37.2, false},
			{"37.2 C", 37.2, false},
			{"36", 36, false},
			{"N/A", 0, true},
			{"200", 0, true},
			{"hot", 0, true},
		} {
			v := normTemp(&tc.raw)
			got := 0.0
			if v.Value != nil {
				got = *v.Value
			}
			if got != tc.want || (v.Change != nil) != tc.changed {
				t.Errorf("normTemp(%q) = %v, %+v; want %v, changed %v", tc.raw, got, v.Change, tc.want, tc.changed)
			}
		}
	})
	t.Run("pulse, spo2, sugar", func(t *testing.T) {
		t.Parallel()
		if v := normPulse(sp("72 bpm")); v.Value == nil || *v.Value != 72 || v.Change != nil {
			t.Errorf("pulse 72 bpm: %+v", v)
		}
		if v := normPulse(sp("72/min")); v.Value == nil || *v.Value != 72 {
			t.Errorf("pulse 72/min: %+v", v)
		}
		if v := normPulse(sp("irregular")); v.Value != nil || v.Keep != "irregular" {
			t.Errorf("pulse irregular: %+v", v)
		}
		if v := normSpO2(sp("98%")); v.Value == nil || *v.Value != 98 {
			t.Errorf("spo2 98%%: %+v", v)
		}
		if v := normSpO2(sp("120")); v.Value != nil || v.Keep == "" {
			t.Errorf("spo2 120: %+v", v)
		}
		if v := normSugar(sp("122")); v.Value == nil || *v.Value != 122 || v.Change != nil {
			t.Errorf("sugar 122: %+v", v)
		}
		if v := normSugar(sp("6.5 mmol/L")); v.Value == nil || *v.Value != 117.1 || v.Change == nil {
			t.Errorf("sugar 6.5 mmol/L: %+v", v)
		}
		if v := normSugar(sp("NA")); v.Value != nil || v.Change == nil || v.Keep != "" {
			t.Errorf("sugar NA: %+v", v)
		}
	})
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func TestNames(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		raw, want string
		changed   bool
	}{
		{"Aditya Kulkarni", "Aditya Kulkarni", false},
		{"सुनीता पाटील", "सुनीता पाटील", false}, // Devanagari, kept byte for byte
		{"  Asha   Kale ", "Asha Kale", true},
		{"अनिल\u00a0पाटील", "अनिल पाटील", true},                  // no-break space
		{"\u0928\u093c\u093e\u092e", "\u0929\u093e\u092e", true}, // न + nukta composed to ऩ (NFC)
		{"क्\u200dष", "क्\u200dष", false},                        // the zero-width joiner shapes the conjunct: kept
		{"Ravi\x00 Patil", "Ravi Patil", true},
	} {
		got, ch := normName("name", tc.raw)
		if got != tc.want || (ch != nil) != tc.changed {
			t.Errorf("normName(%q) = %q, %+v; want %q, changed %v", tc.raw, got, ch, tc.want, tc.changed)
		}
	}
	if got, ch := clip("name", "सुनीता पाटील", 6); got != "सुनीत…" || ch == nil {
		t.Errorf("clip = %q, %+v", got, ch)
	}
	if got, _ := clip("name", "सुनीता", 200); got != "सुनीता" {
		t.Errorf("clip counts bytes, not characters: %q", got)
	}
}

func TestDurationsSchedulesFood(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		raw     string
		days    int16 // 0: none
		changed bool
		keep    bool
	}{
		{"5 days", 5, false, false},
		{"1 week", 7, false, false},
		{"2 weeks", 14, false, false},
		{"1 month", 30, true, false},
		{"5", 5, true, false},
		{"", 0, false, false},
		{"till next visit", 0, true, true},
		{"2 years", 0, true, true},
		{"24 months", 0, true, true}, // 720 days: over the column's range
	} {
		d, ch, keep := normDuration("duration", tc.raw)
		got := int16(0)
		if d != nil {
			got = *d
		}
		if got != tc.days || (ch != nil) != tc.changed || (keep != "") != tc.keep {
			t.Errorf("normDuration(%q) = %d, %+v, %q", tc.raw, got, ch, keep)
		}
	}
	for raw, want := range map[string]string{
		"morning_afternoon_night": "1-1-1", "morning_night": "1-0-1", "sos": "SOS", "morning": "1-0-0",
		"morning_evening": "morning & evening", "as directed": "as directed",
	} {
		if got := normSchedule(raw); got != want {
			t.Errorf("normSchedule(%q) = %q, want %q", raw, got, want)
		}
	}
	for raw, want := range map[string]string{"before": "before", "after": "after", "anytime": "any", "": "any", "bedtime": "any"} {
		if got, _ := normFood("food", raw); got != want {
			t.Errorf("normFood(%q) = %q, want %q", raw, got, want)
		}
	}
	if _, ch := normFood("food", "bedtime"); ch == nil {
		t.Error("an unknown food instruction is not reported")
	}
}

func TestEnums(t *testing.T) {
	t.Parallel()
	check := func(name string, f func(string) (string, *change), raw, want string, changed bool) {
		t.Helper()
		if got, ch := f(raw); got != want || (ch != nil) != changed {
			t.Errorf("%s(%q) = %q, %+v; want %q, changed %v", name, raw, got, ch, want, changed)
		}
	}
	check("gender", normGender, "female", "female", false)
	check("gender", normGender, "", "unknown", false)
	check("gender", normGender, "M", "male", true)
	check("gender", normGender, "trans", "unknown", true)
	check("rx status", normPrescriptionStatus, "pending", "draft", false)
	check("rx status", normPrescriptionStatus, "completed", "final", false)
	check("rx status", normPrescriptionStatus, "cancelled", "cancelled", false)
	check("rx status", normPrescriptionStatus, "on hold", "draft", true)
	check("visit status", normVisitStatus, "in_consultation", "in_consultation", false)
	check("visit status", normVisitStatus, "no_show", "cancelled", true)
	check("patient status", normPatientStatus, "treatment_started", "treatment_started", false)
	check("patient status", normPatientStatus, "admitted", "registered", true)
	tt := func(raw string) (string, *change) { return normTestType("test_type", raw) }
	check("test type", tt, "xray", "x-ray", false)
	check("test type", tt, "ct_scan", "ct", false)
	check("test type", tt, "biopsy", "other", true)
	ff := func(raw string) (string, *change) { return normForm("medicine_type", raw) }
	check("form", ff, "capsule", "capsule", false)
	check("form", ff, "lotion", "other", true)
	check("report type", normReportType, "Blood test", "lab", false)
	check("report type", normReportType, "X-Ray chest", "imaging", false)
	check("report type", normReportType, "insurance form", "other", true)
}

func TestParseResult(t *testing.T) {
	t.Parallel()
	v, ok := parseResult("Hb 11.2 g/dL (low)")
	if !ok || v != (resultValue{Analyte: "Hb", Value: "11.2", Unit: "g/dL", Flag: "low"}) {
		t.Errorf("parseResult(Hb) = %+v, %v", v, ok)
	}
	v, ok = parseResult("Fasting glucose: 132 mg/dL (HIGH)")
	if !ok || v.Analyte != "Fasting glucose" || v.Value != "132" || v.Flag != "high" {
		t.Errorf("parseResult(glucose) = %+v, %v", v, ok)
	}
	for _, raw := range []string{"", "Normal study", "TSH: 2.5 mIU/L", "Hb 11.2 g/dL (low); WBC 9000 (normal)"} {
		if v, ok := parseResult(raw); ok {
			t.Errorf("parseResult(%q) = %+v: guessed a structure", raw, v)
		}
	}
}

// The dialect differences: the same column as SQLite's and as PostgreSQL's
// database/sql drivers hand it back.
func TestValuesFromBothDrivers(t *testing.T) {
	t.Parallel()
	for _, v := range []any{int64(1), true, "1", "true"} {
		if b, err := boolean(v); err != nil || !b {
			t.Errorf("boolean(%#v) = %v, %v", v, b, err)
		}
	}
	for _, v := range []any{int64(0), false} {
		if b, err := boolean(v); err != nil || b {
			t.Errorf("boolean(%#v) = %v, %v", v, b, err)
		}
	}
	want := time.Date(2026, 10, 16, 10, 0, 0, 0, time.UTC)
	for _, v := range []any{"2026-10-16 10:00:00.000000", "2026-10-16 10:00:00", "2026-10-16T15:30:00+05:30",
		[]byte("2026-10-16 10:00:00"), want, want.In(time.FixedZone("IST", 19800))} {
		got, err := instant(v)
		if err != nil || !got.Equal(want) {
			t.Errorf("instant(%#v) = %v, %v", v, got, err)
		}
	}
	if _, err := instant("yesterday"); err == nil {
		t.Error("instant accepted text that is no time")
	}
	wantDay := Date{2026, time.June, 10}
	for _, v := range []any{"2026-06-10", time.Date(2026, 6, 10, 0, 0, 0, 0, time.UTC), []byte("2026-06-10")} {
		if got, err := day(v); err != nil || got != wantDay {
			t.Errorf("day(%#v) = %v, %v", v, got, err)
		}
	}
	if d, err := optDay(nil); d != nil || err != nil {
		t.Errorf("optDay(nil) = %v, %v", d, err)
	}
	for _, v := range []any{float64(83.8), float32(83.8), float64(float32(83.8)), "83.8"} {
		if f, err := optFloat(v); err != nil || f == nil || *f != 83.8 {
			t.Errorf("optFloat(%#v) = %v, %v", v, f, err)
		}
	}
	for _, v := range []any{int64(42), int32(42), "42", float64(42)} {
		if n, err := integer(v); err != nil || n != 42 {
			t.Errorf("integer(%#v) = %v, %v", v, n, err)
		}
	}
	if _, err := integer(nil); err == nil {
		t.Error("integer(NULL) accepted")
	}
	if s, err := str([]byte("Talegaon")); err != nil || s != "Talegaon" {
		t.Errorf("str(bytes) = %q, %v", s, err)
	}
}

func TestSourceQueriesNamed(t *testing.T) {
	t.Parallel()
	q := sourceQueries()
	for _, key := range []string{"clinics", "users", "doctors", "patients", "visits", "prescriptions", "vitals",
		"lines", "master_medicines", "master_tests", "tests", "notes", "medical_reports", "test_reports",
		"admissions", "treatment_logs", "templates", "associated_medicals"} {
		if q[key] == "" {
			t.Errorf("source.sql has no section %q", key)
		}
	}
	if len(q) != 18 {
		t.Errorf("source.sql has %d sections, want 18", len(q))
	}
}
