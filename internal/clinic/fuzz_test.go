package clinic

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

// The parsers of outside input: cursors and versions come back from
// clients, uploads and demographics are typed by them. None may panic, and
// what they accept must be what they mean.

func FuzzDecodeCursor(f *testing.F) {
	f.Add(encodeCursor(cursorKey{S: "ram", ID: [16]byte{1}}))
	f.Add(encodeCursor(cursorKey{T: time.Unix(1700000000, 123000).UTC(), ID: [16]byte{2}}))
	f.Add("")
	f.Add("e30")
	f.Add("!!!")
	f.Fuzz(func(t *testing.T, s string) {
		k, ok, err := decodeCursor(s)
		if err != nil {
			if !errors.Is(err, ErrBadCursor) || ok {
				t.Fatalf("decodeCursor(%q) = %v, %v", s, ok, err)
			}
			return
		}
		if s == "" {
			if ok {
				t.Fatal("the empty cursor is the first page")
			}
			return
		}
		// An accepted cursor names a row and survives a round trip.
		again, ok2, err := decodeCursor(encodeCursor(k))
		if err != nil || !ok2 || again.ID != k.ID || again.S != k.S || !again.T.Equal(k.T) || again.N != k.N {
			t.Fatalf("cursor %q does not round-trip: %+v vs %+v (%v)", s, k, again, err)
		}
	})
}

func FuzzParseVersion(f *testing.F) {
	f.Add(Version(time.Now()))
	f.Add("")
	f.Add("zzzzzzzzzzzzzzzzzzzzzz")
	f.Add("-1")
	f.Fuzz(func(t *testing.T, s string) {
		at, ok := ParseVersion(s)
		if !ok {
			return
		}
		if at.UnixMicro() <= 0 {
			t.Fatalf("ParseVersion(%q) accepted a time before 1970: %v", s, at)
		}
	})
}

func FuzzSniff(f *testing.F) {
	f.Add([]byte("%PDF-1.7\n"))
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00"))
	f.Add([]byte("\xff\xd8\xff\xe0"))
	f.Add([]byte("MZ\x90\x00"))
	f.Add([]byte("<svg onload=alert(1)>"))
	f.Add([]byte("GIF89a/*"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ct, err := Sniff("file", data)
		if err != nil {
			var fe FieldErrors
			if !errors.As(err, &fe) || fe["file"] == "" {
				t.Fatalf("refusal is not a field message: %v", err)
			}
			return
		}
		for _, s := range signatures {
			if s.contentType == ct && bytes.HasPrefix(data, s.magic) {
				return
			}
		}
		t.Fatalf("accepted %q as %s without its signature", data, ct)
	})
}

func FuzzPatientInput(f *testing.F) {
	f.Add("Ravi Kumar", "+91 98450 12345", "ravi@example.com", "A+", "male", int32(40), 72.5)
	f.Add("", "abc", "not an email", "Z", "x", int32(-1), -3.0)
	f.Add("a\x00b", "\xff", "a@b", "", "", int32(151), 1e9)
	f.Fuzz(func(t *testing.T, name, phone, email, blood, sex string, age int32, weight float64) {
		in := PatientInput{Name: name, Phone: phone, Email: email, BloodGroup: blood, Sex: sex,
			AgeYears: &age, WeightKg: &weight}
		in.normalize()
		err := in.validate(time.Now())
		if err == nil {
			// What validation accepts, the schema must accept too.
			if len([]rune(in.Name)) > 200 || in.Name == "" || len(in.Phone) > 30 || age < 0 || age > 150 {
				t.Fatalf("accepted %+v", in)
			}
			return
		}
		var fe FieldErrors
		if !errors.As(err, &fe) || len(fe) == 0 {
			t.Fatalf("validation error is not field messages: %v", err)
		}
	})
}
