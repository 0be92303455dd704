package store

import (
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"
)

// sqlc scans a nullable column into a pointer (*string, *time.Time, …).
// pgx does that through reflection for any pointer type: a new value and
// two reflect.Value calls per column per row, about 0.3 ms of a page of 50
// patients. ptrScan does the same for the pointer types the queries use,
// without reflection: NULL leaves a nil pointer, anything else a new value
// scanned by pgx's own plan for the element type.
type ptrScan[T any] struct{ next pgtype.ScanPlan }

func (p *ptrScan[T]) SetNext(next pgtype.ScanPlan) { p.next = next }

func (p *ptrScan[T]) Scan(src []byte, dst any) error {
	pp := dst.(**T)
	if src == nil {
		*pp = nil
		return nil
	}
	v := new(T)
	if err := p.next.Scan(src, v); err != nil {
		return err
	}
	*pp = v
	return nil
}

func tryPtrScan(target any) (pgtype.WrappedScanPlanNextSetter, any, bool) {
	switch target.(type) {
	case **string:
		return &ptrScan[string]{}, new(string), true
	case **uuid.UUID:
		return &ptrScan[uuid.UUID]{}, new(uuid.UUID), true
	case **time.Time:
		return &ptrScan[time.Time]{}, new(time.Time), true
	case **int16:
		return &ptrScan[int16]{}, new(int16), true
	case **int32:
		return &ptrScan[int32]{}, new(int32), true
	case **int64:
		return &ptrScan[int64]{}, new(int64), true
	case **float64:
		return &ptrScan[float64]{}, new(float64), true
	case **bool:
		return &ptrScan[bool]{}, new(bool), true
	}
	return nil, nil, false
}

// registerTypes adapts a connection's type map: uuidCodec, numericCodec,
// and ptrScan ahead of pgx's reflective pointer plan.
func registerTypes(m *pgtype.Map) {
	registerUUID(m)
	registerNumeric(m)
	m.TryWrapScanPlanFuncs = append([]pgtype.TryWrapScanPlanFunc{tryPtrScan}, m.TryWrapScanPlanFuncs...)
}
