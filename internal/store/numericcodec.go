package store

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"

	"github.com/jackc/pgx/v5/pgtype"
)

// numericCodec is pgx's numeric codec with a direct binary scan into
// float64 (weight_kg and the lab values are numeric). pgx builds a big.Int
// from the digits, formats it as text and parses that: about half a
// microsecond and four allocations per value. scanNumericFloat64 writes the
// decimal digits into a stack buffer and parses them with the same
// strconv.ParseFloat, so the float is the same, correctly rounded one
// (TestNumericScan compares the two on the database's values).
type numericCodec struct{ pgtype.NumericCodec }

func (c numericCodec) PlanScan(m *pgtype.Map, oid uint32, format int16, target any) pgtype.ScanPlan {
	if _, ok := target.(*float64); ok && format == pgtype.BinaryFormatCode {
		return scanNumericFloat64{}
	}
	return c.NumericCodec.PlanScan(m, oid, format, target)
}

// The sign word of PostgreSQL's binary numeric.
const (
	numericPositive = 0x0000
	numericNegative = 0x4000
	numericNaN      = 0xC000
	numericPosInf   = 0xD000
	numericNegInf   = 0xF000
)

type scanNumericFloat64 struct{}

// Scan reads the binary numeric: ndigits, weight, sign and dscale (int16
// each), then ndigits base-10000 digits, the first worth 10000^weight.
func (scanNumericFloat64) Scan(src []byte, dst any) error {
	f := dst.(*float64)
	if src == nil {
		return fmt.Errorf("cannot scan NULL into *float64")
	}
	if len(src) < 8 {
		return fmt.Errorf("numeric: %d bytes, want at least 8", len(src))
	}
	ndigits := int(binary.BigEndian.Uint16(src[0:]))
	weight := int(int16(binary.BigEndian.Uint16(src[2:])))
	sign := binary.BigEndian.Uint16(src[4:])
	switch sign {
	case numericNaN:
		*f = math.NaN()
		return nil
	case numericPosInf:
		*f = math.Inf(1)
		return nil
	case numericNegInf:
		*f = math.Inf(-1)
		return nil
	case numericPositive, numericNegative:
	default:
		return fmt.Errorf("numeric: unknown sign %#x", sign)
	}
	if len(src) != 8+2*ndigits {
		return fmt.Errorf("numeric: %d bytes for %d digits", len(src), ndigits)
	}
	if ndigits == 0 {
		*f = 0
		return nil
	}
	// The digits as one integer, then its power of ten: 123.45 is {1,
	// 2345} with weight 0, written "00012345e-4".
	var stack [48]byte
	s := stack[:0]
	if sign == numericNegative {
		s = append(s, '-')
	}
	for i := range ndigits {
		d := binary.BigEndian.Uint16(src[8+2*i:])
		if d > 9999 {
			return fmt.Errorf("numeric: digit %d out of range", d)
		}
		s = append(s, byte('0'+d/1000), byte('0'+d/100%10), byte('0'+d/10%10), byte('0'+d%10))
	}
	s = append(s, 'e')
	s = strconv.AppendInt(s, int64(4*(weight-ndigits+1)), 10)
	// A value beyond float64 is an error, as it is on pgx's own path.
	v, err := strconv.ParseFloat(string(s), 64)
	if err != nil {
		return fmt.Errorf("numeric: %w", err)
	}
	*f = v
	return nil
}

// registerNumeric puts numericCodec in a connection's type map.
func registerNumeric(m *pgtype.Map) {
	m.RegisterType(&pgtype.Type{Name: "numeric", OID: pgtype.NumericOID, Codec: numericCodec{}})
}
