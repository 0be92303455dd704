package legacy

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalisers take one legacy value and return what Santkrupa stores, plus
// a change when the stored value differs from what the tracker held in a
// way a person should know about. A nil change means "the same value",
// even when the representation moved (a week is seven days). Flagged
// changes keep the value as written but mark it as suspicious.

// change is one field of one row that the import altered, dropped or
// flagged; the report lists each.
type change struct {
	Field   string
	From    string
	To      string
	Reason  string
	Flagged bool // kept as written, but worth a look
}

// placeholders are what people type when there is nothing to type.
var placeholders = map[string]bool{
	"-": true, "--": true, "---": true, ".": true, "na": true, "n/a": true, "n.a.": true, "nil": true,
	"none": true, "null": true, "nan": true, "not available": true, "not done": true, "nd": true,
	"unknown": true, "?": true, "x": true,
}

func isPlaceholder(s string) bool { return placeholders[strings.ToLower(strings.TrimSpace(s))] }

// cleanText is NFC-normalised, trimmed text with runs of white space
// collapsed to one space and control characters removed. Devanagari (and
// every other script) is kept as it is; only its Unicode composition is
// made canonical, so the same name typed on two keyboards compares equal.
// Zero-width joiners, which change how Devanagari conjuncts render, stay.
// Composition comes last: a dropped control character may have stood
// between a letter and its accent.
func cleanText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '\u200c' || r == '\u200d':
			b.WriteRune(r)
			space = false
		case unicode.IsSpace(r):
			space = true
		case unicode.IsControl(r) || r == utf8.RuneError:
			// dropped
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// cleanMultiline is cleanText for notes: line breaks are kept, trailing
// white space is not.
func cleanMultiline(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(strings.Map(func(r rune) rune {
			if r == '\t' || r == '\u200c' || r == '\u200d' {
				return r
			}
			if unicode.IsControl(r) || r == utf8.RuneError {
				return -1
			}
			return r
		}, l), unicode.IsSpace)
	}
	return norm.NFC.String(strings.TrimSpace(strings.Join(lines, "\n")))
}

// normName is a person's name: cleanText; a change is reported when that
// altered more than surrounding white space.
func normName(field, raw string) (string, *change) {
	out := cleanText(raw)
	if out == strings.TrimSpace(raw) || out == raw {
		return out, nil
	}
	return out, &change{Field: field, From: raw, To: out, Reason: "white space or Unicode composition normalised"}
}

// clip shortens s to at most n characters (PostgreSQL counts varchar
// length in characters), reporting the cut.
func clip(field, s string, n int) (string, *change) {
	if utf8.RuneCountInString(s) <= n {
		return s, nil
	}
	r := []rune(s)
	out := string(r[:n-1]) + "…"
	return out, &change{Field: field, From: fmt.Sprintf("%d characters", len(r)), To: fmt.Sprintf("%d characters", n),
		Reason: "longer than Santkrupa's column; cut"}
}

var (
	phoneSeparators = regexp.MustCompile(`[\s\-.()/]+`)
	indianMobile    = regexp.MustCompile(`^(?:\+?91|0)?([6-9][0-9]{9})$`)
	plausiblePhone  = regexp.MustCompile(`^\+?[0-9]{6,15}$`)
	allZeros        = regexp.MustCompile(`^\+?0+$`)
)

// normPhone stores an Indian mobile number as its ten national digits (as
// the tracker mostly did, and as reception types it when searching):
// "+91 98220-12345", "098220 12345" and "9822012345" are all 9822012345.
// Placeholders ("N/A", "0000000000") become empty. Anything else (a
// landline, a foreign number, two numbers in one field) is kept as written
// and flagged.
func normPhone(field, raw string) (string, *change) {
	s := cleanText(raw) // what is kept as written must still be storable text
	if s == "" {
		return "", nil
	}
	compact := phoneSeparators.ReplaceAllString(s, "")
	if isPlaceholder(s) || allZeros.MatchString(compact) {
		return "", &change{Field: field, From: raw, To: "", Reason: "placeholder, not a phone number; left empty"}
	}
	if m := indianMobile.FindStringSubmatch(compact); m != nil {
		if m[1] == raw {
			return m[1], nil
		}
		return m[1], &change{Field: field, From: raw, To: m[1], Reason: "Indian mobile number written as its 10 digits"}
	}
	reason := "not a recognisable phone number; kept as written"
	if plausiblePhone.MatchString(compact) {
		reason = "not an Indian mobile number (landline or foreign?); kept as written"
	}
	return s, &change{Field: field, From: raw, To: s, Reason: reason, Flagged: true}
}

// Vitals: the tracker stored them as free text, Santkrupa as numbers in
// checked ranges. A value that cannot be read, or is out of range, is not
// guessed: the number is left empty and the text is kept in the visit's
// notes ("Vitals as recorded: …"), and the report says so.

var (
	bpRe    = regexp.MustCompile(`(?i)^(\d{2,3})\s*/\s*(\d{2,3})\s*(?:mm\s*of\s*hg|mm\s*hg|mmhg)?$`)
	pulseRe = regexp.MustCompile(`(?i)^(\d{2,3})\s*(?:bpm|b/min|/\s*min|per\s*min(?:ute)?|beats/min)?$`)
	tempRe  = regexp.MustCompile(`(?i)^(\d{2,3}(?:\.\d+)?)\s*(?:°|º|deg(?:rees?)?)?\s*([fc])?$`)
	spo2Re  = regexp.MustCompile(`(?i)^(\d{2,3})\s*%?$`)
	sugarRe = regexp.MustCompile(`(?i)^(\d{1,4}(?:\.\d+)?)\s*(mg\s*/?\s*dl|mmol\s*/?\s*l)?$`)
)

// vital is one parsed vital sign: the numbers to store (nil when none),
// what happened, and the text to keep in the notes when it was not read.
type vital[T any] struct {
	Value  *T
	Change *change
	Keep   string // original text for the notes, when not stored
}

func blankVital[T any](field string, raw *string) (vital[T], string, bool) {
	if raw == nil || strings.TrimSpace(*raw) == "" {
		return vital[T]{}, "", true
	}
	s := strings.TrimSpace(*raw)
	if isPlaceholder(s) {
		return vital[T]{Change: &change{Field: field, From: *raw, To: "", Reason: "placeholder; no value"}}, "", true
	}
	return vital[T]{}, s, false
}

func unreadable[T any](field, raw, why string) vital[T] {
	return vital[T]{Change: &change{Field: field, From: raw, To: "", Reason: why + "; kept in the visit notes"}, Keep: raw}
}

// BP is a blood pressure, systolic over diastolic.
type BP struct{ Systolic, Diastolic int16 }

// normBP reads "120/80", "120 / 80 mmHg".
func normBP(raw *string) vital[BP] {
	v, s, done := blankVital[BP]("bp", raw)
	if done {
		return v
	}
	m := bpRe.FindStringSubmatch(s)
	if m == nil {
		return unreadable[BP]("bp", s, "not a blood pressure")
	}
	sys, _ := strconv.Atoi(m[1])
	dia, _ := strconv.Atoi(m[2])
	if sys < 30 || sys > 300 || dia < 10 || dia > 200 || dia >= sys {
		return unreadable[BP]("bp", s, "blood pressure out of range")
	}
	out := vital[BP]{Value: &BP{int16(sys), int16(dia)}}
	return out
}

// normPulse reads "72", "72 bpm", "72/min".
func normPulse(raw *string) vital[int16] {
	return smallInt("pulse", raw, pulseRe, 10, 300, "pulse")
}

// normSpO2 reads "98", "98%".
func normSpO2(raw *string) vital[int16] {
	return smallInt("spo2", raw, spo2Re, 0, 100, "SpO2")
}

func smallInt(field string, raw *string, re *regexp.Regexp, lo, hi int, what string) vital[int16] {
	v, s, done := blankVital[int16](field, raw)
	if done {
		return v
	}
	m := re.FindStringSubmatch(s)
	if m == nil {
		return unreadable[int16](field, s, "not a "+what)
	}
	n, _ := strconv.Atoi(m[1])
	if n < lo || n > hi {
		return unreadable[int16](field, s, what+" out of range")
	}
	x := int16(n)
	return vital[int16]{Value: &x}
}

// normTemp reads a temperature and stores Celsius. The tracker's users
// wrote Fahrenheit ("98.6", "99.1F", "101 °F"), sometimes Celsius ("37.2",
// "37.2 C"): an explicit unit decides, and without one a value between 80
// and 115 can only be Fahrenheit and one between 25 and 45 only Celsius.
// Every conversion is reported, with the original.
func normTemp(raw *string) vital[float64] {
	v, s, done := blankVital[float64]("temp", raw)
	if done {
		return v
	}
	m := tempRe.FindStringSubmatch(strings.ReplaceAll(s, " ", ""))
	if m == nil {
		return unreadable[float64]("temp", s, "not a temperature")
	}
	x, _ := strconv.ParseFloat(m[1], 64)
	unit := strings.ToLower(m[2])
	if unit == "" {
		switch {
		case x >= 80 && x <= 115:
			unit = "f"
		case x >= 25 && x <= 45:
			unit = "c"
		default:
			return unreadable[float64]("temp", s, "temperature out of range")
		}
	}
	c := x
	if unit == "f" {
		c = math.Round((x-32)*5/9*10) / 10
	}
	if c < 25 || c > 45 {
		return unreadable[float64]("temp", s, "temperature out of range")
	}
	out := vital[float64]{Value: &c}
	if unit == "f" {
		out.Change = &change{Field: "temp", From: s, To: fmt.Sprintf("%.1f °C", c), Reason: "Fahrenheit converted to Celsius"}
	}
	return out
}

// normSugar reads a blood sugar and stores mg/dL; mmol/L is converted.
func normSugar(raw *string) vital[float64] {
	v, s, done := blankVital[float64]("sugar", raw)
	if done {
		return v
	}
	m := sugarRe.FindStringSubmatch(s)
	if m == nil {
		return unreadable[float64]("sugar", s, "not a blood sugar")
	}
	x, _ := strconv.ParseFloat(m[1], 64)
	out := vital[float64]{}
	if strings.HasPrefix(strings.ToLower(m[2]), "mmol") {
		x = math.Round(x*18.016*10) / 10
		out.Change = &change{Field: "sugar", From: s, To: fmt.Sprintf("%.1f mg/dL", x), Reason: "mmol/L converted to mg/dL"}
	}
	if x < 0 || x > 2000 {
		return unreadable[float64]("sugar", s, "blood sugar out of range")
	}
	out.Value = &x
	return out
}

var durationRe = regexp.MustCompile(`(?i)^(\d{1,3})\s*(days?|d|weeks?|wks?|w|months?|mon|mths?)?$`)

// normDuration reads "5 days", "1 week", "2 weeks", "1 month" into days.
// Weeks are exact; a month is counted as 30 days and reported. Anything
// else stores no number and keeps the text (the caller puts it in the
// line's instructions).
func normDuration(field, raw string) (days *int16, ch *change, keep string) {
	s := strings.TrimSpace(raw)
	if s == "" || isPlaceholder(s) {
		return nil, nil, ""
	}
	m := durationRe.FindStringSubmatch(s)
	if m == nil {
		return nil, &change{Field: field, From: raw, To: "", Reason: "not a duration in days; kept in the instructions"}, s
	}
	n, _ := strconv.Atoi(m[1])
	unit := strings.ToLower(m[2])
	switch {
	case unit == "" || strings.HasPrefix(unit, "d"):
		if unit == "" {
			ch = &change{Field: field, From: raw, To: fmt.Sprintf("%d days", n), Reason: "bare number read as days"}
		}
	case strings.HasPrefix(unit, "w"):
		n *= 7
	default:
		n *= 30
		ch = &change{Field: field, From: raw, To: fmt.Sprintf("%d days", n), Reason: "a month counted as 30 days"}
	}
	if n < 1 || n > 365 {
		return nil, &change{Field: field, From: raw, To: "", Reason: "duration outside 1–365 days; kept in the instructions"}, s
	}
	d := int16(n)
	return &d, ch, ""
}

// schedules maps the tracker's schedule choices onto the
// morning-afternoon-night notation Santkrupa's catalog uses. Choices with
// an evening dose have no place in that notation and keep their words.
var schedules = map[string]string{
	"morning":                 "1-0-0",
	"afternoon":               "0-1-0",
	"night":                   "0-0-1",
	"morning_night":           "1-0-1",
	"afternoon_night":         "0-1-1",
	"morning_afternoon_night": "1-1-1",
	"sos":                     "SOS",
	"evening":                 "evening",
	"morning_evening":         "morning & evening",
}

// normSchedule maps a schedule; an unknown one is kept as written.
func normSchedule(raw string) string {
	s := strings.TrimSpace(raw)
	if out, ok := schedules[strings.ToLower(s)]; ok {
		return out
	}
	return s
}

// normFood maps the tracker's food instruction (before, after, anytime).
func normFood(field, raw string) (string, *change) {
	switch s := strings.ToLower(strings.TrimSpace(raw)); s {
	case "before", "after", "with":
		return s, nil
	case "", "anytime", "any":
		return "any", nil
	default:
		return "any", &change{Field: field, From: raw, To: "any", Reason: "unknown food instruction; kept in the instructions"}
	}
}

// frequency words frequency_per_day; 0 (unset) is empty.
func frequency(n int64) string {
	switch {
	case n <= 0:
		return ""
	case n == 1:
		return "once daily"
	case n == 2:
		return "twice daily"
	case n == 3:
		return "thrice daily"
	}
	return fmt.Sprintf("%d times daily", n)
}

// catalogForms are the medicine forms the catalog's CHECK allows.
var catalogForms = map[string]bool{
	"tablet": true, "capsule": true, "syrup": true, "injection": true, "ointment": true, "drops": true,
	"inhaler": true, "powder": true, "other": true,
}

// normForm maps a medicine type for the catalog; lotion, soap and
// anything unknown become "other", reported.
func normForm(field, raw string) (string, *change) {
	s := strings.ToLower(strings.TrimSpace(raw))
	if s == "" {
		return "tablet", &change{Field: field, From: raw, To: "tablet", Reason: "no medicine type; the tracker's default (tablet) used"}
	}
	if catalogForms[s] {
		return s, nil
	}
	return "other", &change{Field: field, From: raw, To: "other", Reason: "medicine type not in Santkrupa's list"}
}

// routeOf is the route a medicine form implies, or "" when the form does
// not say (an injection may be IV or IM; drops may be for eye or ear).
func routeOf(form string) string {
	switch strings.ToLower(strings.TrimSpace(form)) {
	case "tablet", "capsule", "syrup", "powder":
		return "oral"
	case "ointment", "lotion", "soap", "gel", "cream":
		return "topical"
	case "inhaler":
		return "inhalation"
	}
	return ""
}

// normTestType maps the tracker's test types (xray, ct_scan) onto
// Santkrupa's.
func normTestType(field, raw string) (string, *change) {
	s := strings.ToLower(strings.TrimSpace(raw))
	switch s {
	case "blood", "urine", "ultrasound", "ecg", "mri", "other":
		return s, nil
	case "xray", "x-ray", "x_ray":
		return "x-ray", nil
	case "ct_scan", "ct", "ct scan":
		return "ct", nil
	}
	return "other", &change{Field: field, From: raw, To: "other", Reason: "test type not in Santkrupa's list"}
}

// normReportType maps a medical report's free-text type onto Santkrupa's
// kinds; a type that fits none is "other", its words kept in the
// description.
func normReportType(raw string) (string, *change) {
	s := strings.ToLower(strings.TrimSpace(raw))
	if s == "" {
		return "other", nil
	}
	for _, k := range []struct{ kind, words string }{
		{"lab", "lab blood urine test pathology"},
		{"imaging", "x-ray xray scan mri ct ultrasound usg sonography imaging radiology ecg echo"},
		{"discharge", "discharge"},
		{"referral", "referral refer"},
		{"prescription", "prescription rx"},
		{"other", "other"},
	} {
		for _, w := range strings.Fields(k.words) {
			if strings.Contains(s, w) {
				return k.kind, nil
			}
		}
	}
	return "other", &change{Field: "report_type", From: raw, To: "other", Reason: "report type not in Santkrupa's list; kept in the description"}
}

// normGender maps the tracker's gender (male, female, other, blank).
func normGender(raw string) (string, *change) {
	switch s := strings.ToLower(strings.TrimSpace(raw)); s {
	case "male", "female", "other":
		return s, nil
	case "":
		return "unknown", nil
	case "m":
		return "male", &change{Field: "gender", From: raw, To: "male", Reason: "abbreviation expanded"}
	case "f":
		return "female", &change{Field: "gender", From: raw, To: "female", Reason: "abbreviation expanded"}
	}
	return "unknown", &change{Field: "gender", From: raw, To: "unknown", Reason: "unknown gender value"}
}

// normPatientStatus keeps the tracker's four statuses, which Santkrupa
// shares.
func normPatientStatus(raw string) (string, *change) {
	switch s := strings.ToLower(strings.TrimSpace(raw)); s {
	case "registered", "in_diagnosis", "treatment_started", "discharged":
		return s, nil
	}
	return "registered", &change{Field: "status", From: raw, To: "registered", Reason: "unknown patient status"}
}

// normPrescriptionStatus: pending is a draft, completed is final.
func normPrescriptionStatus(raw string) (string, *change) {
	switch strings.ToLower(strings.TrimSpace(raw)) {
	case "pending":
		return "draft", nil
	case "completed":
		return "final", nil
	case "cancelled":
		return "cancelled", nil
	}
	return "draft", &change{Field: "status", From: raw, To: "draft", Reason: "unknown prescription status"}
}

// normVisitStatus keeps the tracker's four visit statuses, which Santkrupa
// shares; an unknown one closes the visit as cancelled with the legacy
// status as the reason.
func normVisitStatus(raw string) (string, *change) {
	switch s := strings.ToLower(strings.TrimSpace(raw)); s {
	case "checked_in", "in_consultation", "completed", "cancelled":
		return s, nil
	}
	return "cancelled", &change{Field: "status", From: raw, To: "cancelled", Reason: "unknown visit status"}
}

// normSubscription keeps the tracker's subscription statuses.
func normSubscription(raw string) (string, *change) {
	switch s := strings.ToLower(strings.TrimSpace(raw)); s {
	case "trial", "active", "expired", "suspended":
		return s, nil
	}
	return "trial", &change{Field: "subscription_status", From: raw, To: "trial", Reason: "unknown subscription status"}
}

var testResultRe = regexp.MustCompile(`(?i)^([A-Za-z][A-Za-z0-9 .,_/-]{0,60}?)\s*[:=]?\s+(-?\d+(?:\.\d+)?)\s*([^\s()]{1,32})?\s*(?:\((low|high|normal|critical|abnormal)\))?$`)

// resultValue is one analyte read from a free-text result.
type resultValue struct {
	Analyte, Value, Unit, Flag string
}

// parseResult reads a result written as one analyte with its flag, "Hb
// 11.2 g/dL (low)", into a structured value. Without a flag it returns
// false, because Santkrupa's values always carry one and "normal" would be
// a guess; the text is kept in the report's notes either way.
func parseResult(raw string) (resultValue, bool) {
	m := testResultRe.FindStringSubmatch(strings.TrimSpace(raw))
	if m == nil || m[4] == "" {
		return resultValue{}, false
	}
	return resultValue{Analyte: strings.TrimSpace(m[1]), Value: m[2], Unit: m[3], Flag: strings.ToLower(m[4])}, true
}
