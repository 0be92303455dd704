package api

import (
	"errors"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// jsonAppender is a response type that writes its own JSON, byte for byte
// what encoding/json writes for it (TestAppendJSONMatchesEncodingJSON).
// The patients list has one: encoding/json's reflection took 250 µs of
// the server's CPU for a page of 50 patients, the largest part of the
// request (docs/scaling.md).
type jsonAppender interface {
	appendJSON(b []byte) ([]byte, error)
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as encoding/json does: quoted, with <, > and
// & escaped for HTML, U+2028 and U+2029 escaped, and invalid UTF-8
// replaced by U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func appendJSONStringPtr(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendJSONString(b, *s)
}

// appendJSONUUID appends u as its MarshalText does, quoted, without the
// string MarshalText allocates.
func appendJSONUUID(b []byte, u uuid.UUID) []byte {
	b = append(b, '"')
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hexDigits[c>>4], hexDigits[c&0xF])
	}
	return append(b, '"')
}

func appendJSONUUIDPtr(b []byte, u *uuid.UUID) []byte {
	if u == nil {
		return append(b, "null"...)
	}
	return appendJSONUUID(b, *u)
}

// appendJSONTime appends t as time.Time's MarshalJSON does, with the same
// refusal of a time RFC 3339 cannot express.
func appendJSONTime(b []byte, t time.Time) ([]byte, error) {
	if y := t.Year(); y < 0 || y > 9999 {
		return b, errors.New("Time.MarshalJSON: year outside of range [0,9999]")
	}
	if _, off := t.Zone(); off <= -24*3600 || off >= 24*3600 {
		return b, errors.New("Time.MarshalJSON: timezone hour outside of range [0,23]")
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), nil
}

func appendJSONInt16Ptr(b []byte, n *int16) []byte {
	if n == nil {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, int64(*n), 10)
}

// appendJSONFloatPtr appends f as encoding/json does (ES6 number
// formatting); like it, it refuses NaN and infinities.
func appendJSONFloatPtr(b []byte, f *float64) ([]byte, error) {
	if f == nil {
		return append(b, "null"...), nil
	}
	v := *f
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return b, errors.New("json: unsupported value: " + strconv.FormatFloat(v, 'g', -1, 64))
	}
	format := byte('f')
	if abs := math.Abs(v); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, v, format, -1, 64)
	if format == 'e' {
		// e-09 → e-9, as encoding/json writes it.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

// appendJSON writes p as encoding/json writes receptionPatient.
func (p receptionPatient) appendJSON(b []byte) ([]byte, error) {
	var err error
	b = append(b, `{"id":`...)
	b = appendJSONUUID(b, p.ID)
	b = append(b, `,"clinic_id":`...)
	b = appendJSONUUID(b, p.ClinicID)
	b = append(b, `,"patient_number":`...)
	b = appendJSONString(b, p.PatientNumber)
	b = append(b, `,"legacy_id":`...)
	b = appendJSONStringPtr(b, p.LegacyID)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, p.Name)
	b = append(b, `,"date_of_birth":`...)
	b = appendJSONStringPtr(b, p.DateOfBirth)
	b = append(b, `,"age_years":`...)
	b = appendJSONInt16Ptr(b, p.AgeYears)
	b = append(b, `,"sex":`...)
	b = appendJSONString(b, p.Sex)
	b = append(b, `,"phone":`...)
	b = appendJSONString(b, p.Phone)
	b = append(b, `,"email":`...)
	b = appendJSONString(b, p.Email)
	b = append(b, `,"address":`...)
	b = appendJSONString(b, p.Address)
	b = append(b, `,"weight_kg":`...)
	if b, err = appendJSONFloatPtr(b, p.WeightKg); err != nil {
		return b, err
	}
	b = append(b, `,"blood_group":`...)
	b = appendJSONString(b, p.BloodGroup)
	b = append(b, `,"allergies":`...)
	b = appendJSONString(b, p.Allergies)
	b = append(b, `,"emergency_contact_name":`...)
	b = appendJSONString(b, p.EmergencyContactName)
	b = append(b, `,"emergency_contact_phone":`...)
	b = appendJSONString(b, p.EmergencyContactPhone)
	b = append(b, `,"status":`...)
	b = appendJSONString(b, p.Status)
	b = append(b, `,"user_id":`...)
	b = appendJSONUUIDPtr(b, p.UserID)
	b = append(b, `,"registered_by":`...)
	b = appendJSONUUIDPtr(b, p.RegisteredBy)
	b = append(b, `,"created_at":`...)
	if b, err = appendJSONTime(b, p.CreatedAt); err != nil {
		return b, err
	}
	b = append(b, `,"updated_at":`...)
	if b, err = appendJSONTime(b, p.UpdatedAt); err != nil {
		return b, err
	}
	return append(b, '}'), nil
}
