package clinic

import (
	"strconv"
	"time"
)

// A record's version is its updated_at in microseconds (PostgreSQL's
// precision), written in base 36. Updates compare it in SQL, so two people
// editing the same record cannot silently overwrite each other; the API
// sends it as the ETag, pages as a hidden field.

// Version returns the version string of a record last updated at t.
func Version(t time.Time) string {
	return strconv.FormatInt(t.UnixMicro(), 36)
}

// ParseVersion reads a version string; ok is false for anything else.
func ParseVersion(v string) (time.Time, bool) {
	if v == "" || len(v) > 16 {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(v, 36, 64)
	if err != nil || n <= 0 {
		return time.Time{}, false
	}
	return time.UnixMicro(n), true
}
