package clinic

import (
	"net/mail"
	"strings"
	"unicode/utf8"
)

// checker collects field messages; each check records the first problem of
// its field only.
type checker struct{ errs FieldErrors }

func newChecker() *checker { return &checker{errs: FieldErrors{}} }

func (c *checker) fail(field, msg string) {
	if _, seen := c.errs[field]; !seen {
		c.errs[field] = msg
	}
}

// text checks a trimmed text's length in characters (the schema's varchar
// limits) and that it is valid UTF-8 without NUL bytes, which PostgreSQL
// refuses.
func (c *checker) text(field, v string, max int, required bool) {
	switch {
	case !utf8.ValidString(v) || strings.ContainsRune(v, 0):
		c.fail(field, "Contains characters that cannot be stored.")
	case required && strings.TrimSpace(v) == "":
		c.fail(field, "This is required.")
	case utf8.RuneCountInString(v) > max:
		c.fail(field, "Must be at most "+itoa(max)+" characters.")
	}
}

func (c *checker) oneOf(field, v string, allowed ...string) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	c.fail(field, "Must be one of: "+strings.Join(allowed, ", ")+".")
}

// email accepts an empty address unless required.
func (c *checker) email(field, v string, required bool) {
	if v == "" {
		if required {
			c.fail(field, "This is required.")
		}
		return
	}
	addr, err := mail.ParseAddress(v)
	if err != nil || addr.Address != v || len(v) > 254 {
		c.fail(field, "Enter an email address such as name@example.com.")
	}
}

// phone accepts digits with common separators, 6–15 digits.
func (c *checker) phone(field, v string) {
	if v == "" {
		return
	}
	digits := 0
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("+-() .", r):
		default:
			c.fail(field, "Use digits, spaces and + - ( ) only.")
			return
		}
	}
	if digits < 6 || digits > 15 || len(v) > 30 {
		c.fail(field, "Enter a phone number of 6 to 15 digits.")
	}
}

func (c *checker) intRange(field string, v *int32, lo, hi int32) {
	if v != nil && (*v < lo || *v > hi) {
		c.fail(field, "Must be between "+itoa(int(lo))+" and "+itoa(int(hi))+".")
	}
}

func (c *checker) floatRange(field string, v *float64, lo, hi float64) {
	if v != nil && (*v < lo || *v > hi) {
		c.fail(field, "Out of the plausible range.")
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
