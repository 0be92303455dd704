package legacy

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The tracker ran on SQLite or PostgreSQL, and database/sql hands the same
// column back differently from each: a Django BooleanField is an int64 0/1
// from SQLite and a bool from PostgreSQL; a DateTimeField is text
// ("2026-10-16 10:00:00.000000", UTC by Django's USE_TZ) or a time.Time; a
// FloatField may be float32. The reader scans every column into an any and
// converts it here, so one reader serves both dialects.

// str is a text column; NULL is "".
func str(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case []byte:
		return string(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case time.Time:
		return x.UTC().Format("2006-01-02 15:04:05"), nil
	}
	return "", fmt.Errorf("text expected, got %T", v)
}

// optStr is a nullable text column: nil for NULL.
func optStr(v any) (*string, error) {
	if v == nil {
		return nil, nil
	}
	s, err := str(v)
	return &s, err
}

// integer is an integer column; NULL is an error.
func integer(v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case int32:
		return int64(x), nil
	case int:
		return int64(x), nil
	case float64:
		if x != math.Trunc(x) {
			return 0, fmt.Errorf("integer expected, got %v", x)
		}
		return int64(x), nil
	case string:
		return strconv.ParseInt(strings.TrimSpace(x), 10, 64)
	case []byte:
		return strconv.ParseInt(strings.TrimSpace(string(x)), 10, 64)
	case nil:
		return 0, fmt.Errorf("integer expected, got NULL")
	}
	return 0, fmt.Errorf("integer expected, got %T", v)
}

// optInt is a nullable integer column (foreign keys, clinic_id).
func optInt(v any) (*int64, error) {
	if v == nil {
		return nil, nil
	}
	n, err := integer(v)
	return &n, err
}

// boolean is a BooleanField: 0/1 in SQLite, bool in PostgreSQL.
func boolean(v any) (bool, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case int64:
		return x != 0, nil
	case string:
		return strconv.ParseBool(x)
	case []byte:
		return strconv.ParseBool(string(x))
	}
	return false, fmt.Errorf("boolean expected, got %T", v)
}

// optFloat is a nullable FloatField. On PostgreSQL Django makes it a real
// (float4), which pgx hands back widened to float64 (83.8 reads as
// 83.80000305175781); a real holds seven significant digits, so every value
// is rounded to seven, which leaves SQLite's doubles as they were.
func optFloat(v any) (*float64, error) {
	var f float64
	switch x := v.(type) {
	case nil:
		return nil, nil
	case float64:
		f = x
	case float32:
		f = float64(x)
	case int64:
		f = float64(x)
	case string, []byte:
		s, _ := str(x)
		p, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil, fmt.Errorf("number expected, got %q", s)
		}
		f = p
	default:
		return nil, fmt.Errorf("number expected, got %T", v)
	}
	f, _ = strconv.ParseFloat(strconv.FormatFloat(f, 'g', 7, 64), 64)
	return &f, nil
}

// Layouts Django and SQLite write datetimes in; naive ones are UTC.
var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
}

// instant is a DateTimeField. Django stores UTC (USE_TZ = True), so a naive
// value is read as UTC; a value with an offset keeps it.
func instant(v any) (time.Time, error) {
	switch x := v.(type) {
	case time.Time:
		return x.UTC(), nil
	case string, []byte:
		s, _ := str(x)
		s = strings.TrimSpace(s)
		for _, layout := range timeLayouts {
			if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
				return t.UTC(), nil
			}
		}
		return time.Time{}, fmt.Errorf("datetime expected, got %q", s)
	case nil:
		return time.Time{}, fmt.Errorf("datetime expected, got NULL")
	}
	return time.Time{}, fmt.Errorf("datetime expected, got %T", v)
}

// Date is a calendar day (a DateField): no time, no zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// String is the ISO form.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// In is midnight of the day in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// day is a DateField. A time.Time from the driver already stands for the
// calendar day in its own fields (SQLite and PostgreSQL both give UTC
// midnight), so they are read as they are, never converted.
func day(v any) (Date, error) {
	switch x := v.(type) {
	case time.Time:
		return Date{x.Year(), x.Month(), x.Day()}, nil
	case string, []byte:
		s, _ := str(x)
		s = strings.TrimSpace(s)
		if len(s) >= 10 {
			if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
				return Date{t.Year(), t.Month(), t.Day()}, nil
			}
		}
		return Date{}, fmt.Errorf("date expected, got %q", s)
	case nil:
		return Date{}, fmt.Errorf("date expected, got NULL")
	}
	return Date{}, fmt.Errorf("date expected, got %T", v)
}

// optDay is a nullable DateField.
func optDay(v any) (*Date, error) {
	if v == nil {
		return nil, nil
	}
	if s, ok := v.(string); ok && strings.TrimSpace(s) == "" {
		return nil, nil
	}
	d, err := day(v)
	return &d, err
}
