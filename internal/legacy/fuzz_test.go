package legacy

// Fuzz tests of the normalisers: a tracker's text is outside input, and
// whatever it holds, the import must neither panic nor produce a value
// PostgreSQL refuses (invalid UTF-8, NUL, control characters) or one out
// of its column's range. Seed corpora: testdata/fuzz/<Fuzz name>.

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// storable reports why s cannot go into a text column as clean text, or "".
func storable(s string) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for _, r := range s {
		if r == 0 || (unicode.IsControl(r) && r != '\n' && r != '\t') {
			return "control character"
		}
	}
	return ""
}

func FuzzNormalizeText(f *testing.F) {
	for _, s := range []string{"", "  Ramesh   Kumar ", "राम\u200dकुमार", "e\u0301", "a\x00b", "\xff\xfe", "x\u0007\u0301", "e\u0007\u0301"} {
		f.Add(s, 10)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		ct := cleanText(s)
		if why := storable(ct); why != "" {
			t.Fatalf("cleanText(%q) = %q: %s", s, ct, why)
		}
		if strings.ContainsAny(ct, "\n\t") || ct != strings.TrimSpace(ct) || strings.Contains(ct, "  ") {
			t.Fatalf("cleanText(%q) = %q: not one trimmed line with single spaces", s, ct)
		}
		if !norm.NFC.IsNormalString(ct) {
			t.Fatalf("cleanText(%q) = %q: not NFC", s, ct)
		}
		if again := cleanText(ct); again != ct {
			t.Fatalf("cleanText is not idempotent: %q -> %q -> %q", s, ct, again)
		}
		if name, _ := normName("name", s); name != ct {
			t.Fatalf("normName(%q) = %q, want cleanText's %q", s, name, ct)
		}
		cm := cleanMultiline(s)
		if why := storable(cm); why != "" {
			t.Fatalf("cleanMultiline(%q) = %q: %s", s, cm, why)
		}
		if n < 1 || n > 5000 {
			n = 1 + (n%5000+5000)%5000
		}
		if out, ch := clip("f", s, n); utf8.RuneCountInString(out) > n || (ch == nil) != (out == s) {
			t.Fatalf("clip(%q, %d) = %q, %v", s, n, out, ch)
		}
	})
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"+91 98220-12345", "098220 12345", "N/A", "0000000000", "020 2553 1234", "98220\x0012345",
		"+44 20 7946 0958 / 98220 12345 (home)", strings.Repeat("9", 40)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, ch := normPhone("phone", s)
		if why := storable(out); why != "" {
			t.Fatalf("normPhone(%q) = %q: %s", s, out, why)
		}
		if ch == nil && out != "" && out != s {
			t.Fatalf("normPhone(%q) = %q without a change", s, out)
		}
		if ch != nil && !ch.Flagged && out != "" && (len(out) != 10 || strings.Trim(out, "0123456789") != "") {
			t.Fatalf("normPhone(%q) = %q: read as a mobile number but not ten digits", s, out)
		}
	})
}

func FuzzNormalizeVitals(f *testing.F) {
	for _, s := range []string{"120/80", "120 / 80 mmHg", "72 bpm", "98%", "98.6", "37.2 C", "101 °F", "110 mg/dl",
		"6.1 mmol/l", "N/A", "999/999", "5 days", "2 weeks", "1 month", "400 days", "Hb 11.2 g/dL (low)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		raw := &s
		checkVital(t, "bp", s, normBP(raw), func(v BP) bool {
			return v.Systolic >= 30 && v.Systolic <= 300 && v.Diastolic >= 10 && v.Diastolic < v.Systolic
		})
		checkVital(t, "pulse", s, normPulse(raw), func(v int16) bool { return v >= 10 && v <= 300 })
		checkVital(t, "spo2", s, normSpO2(raw), func(v int16) bool { return v >= 0 && v <= 100 })
		checkVital(t, "temp", s, normTemp(raw), func(v float64) bool { return v >= 25 && v <= 45 })
		checkVital(t, "sugar", s, normSugar(raw), func(v float64) bool { return v >= 0 && v <= 2000 })
		if d, _, keep := normDuration("duration", s); d != nil && (*d < 1 || *d > 365 || keep != "") {
			t.Fatalf("normDuration(%q) = %d days, keep %q", s, *d, keep)
		}
		// The importer reads a result from its cleaned notes.
		if r, ok := parseResult(cleanMultiline(s)); ok {
			for _, part := range []string{r.Analyte, r.Value, r.Unit, r.Flag} {
				if why := storable(part); why != "" {
					t.Fatalf("parseResult(%q) = %+v: %s", s, r, why)
				}
			}
		}
		for _, fn := range []func(string) (string, *change){
			func(s string) (string, *change) { return normFood("food", s) },
			func(s string) (string, *change) { return normForm("form", s) },
			func(s string) (string, *change) { return normTestType("type", s) },
			normReportType, normGender, normPatientStatus, normPrescriptionStatus, normVisitStatus, normSubscription,
		} {
			if out, _ := fn(s); !utf8.ValidString(out) {
				t.Fatalf("a status or kind of %q is not UTF-8: %q", s, out)
			}
		}
		_ = normSchedule(s)
	})
}

func checkVital[T any](t *testing.T, what, s string, v vital[T], inRange func(T) bool) {
	t.Helper()
	if v.Value != nil && !inRange(*v.Value) {
		t.Fatalf("%s(%q) = %v: out of range", what, s, *v.Value)
	}
	if v.Value != nil && v.Keep != "" {
		t.Fatalf("%s(%q) stores %v and keeps %q", what, s, *v.Value, v.Keep)
	}
}
