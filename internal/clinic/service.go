package clinic

import (
	"time"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/expiring"
	"github.com/santkrupa/santkrupa/internal/store"
)

// DefaultMaxUpload is the upload limit when none is configured (10 MiB).
const DefaultMaxUpload = 10 << 20

// Options configure a Service.
type Options struct {
	// MaxUploadBytes bounds an uploaded file (default DefaultMaxUpload).
	MaxUploadBytes int64
}

// Service runs the clinic's operations on a store.
type Service struct {
	st        *store.Store
	q         *dbsqlc.Queries
	maxUpload int64
	// today remembers each clinic's date for today's queue (ListVisits),
	// zones its timezone for the pages (ClinicZone).
	today expiring.Map[uuid.UUID, time.Time]
	zones expiring.Map[uuid.UUID, *time.Location]
}

// New returns a Service on st.
func New(st *store.Store, opt Options) *Service {
	if opt.MaxUploadBytes <= 0 {
		opt.MaxUploadBytes = DefaultMaxUpload
	}
	return &Service{st: st, q: st.Queries(), maxUpload: opt.MaxUploadBytes}
}

// MaxUploadBytes is the configured upload limit.
func (s *Service) MaxUploadBytes() int64 { return s.maxUpload }
