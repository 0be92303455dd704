package clinic

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/store"
)

// The clinic's catalogs: the medicines doctors prescribe from and the tests
// they order. Entries are deactivated, never deleted, because prescriptions
// and tests refer to them.

// MedicineForms are the dosage forms the catalog knows.
var MedicineForms = []string{"tablet", "capsule", "syrup", "injection", "ointment", "drops", "inhaler", "powder", "other"}

// (TestTypes, the kinds of test, are in consultation.go.)

// MedicineInput is a catalog medicine as an admin enters it. Active is
// used by updates only (a new medicine is active).
type MedicineInput struct {
	Name                string
	GenericName         string
	Form                string
	Strength            string
	DefaultDose         string
	DefaultSchedule     string // such as 1-0-1
	DefaultDurationDays *int32
	Active              bool
}

func (in *MedicineInput) normalize() {
	for _, f := range []*string{&in.Name, &in.GenericName, &in.Form, &in.Strength, &in.DefaultDose, &in.DefaultSchedule} {
		*f = strings.TrimSpace(*f)
	}
	if in.Form == "" {
		in.Form = "tablet"
	}
}

// Check returns what is wrong with in, as CreateMedicine would.
func (in MedicineInput) Check() error {
	in.normalize()
	return in.validate()
}

func (in MedicineInput) validate() error {
	c := newChecker()
	if in.Name == "" {
		c.fail("name", "Enter the medicine's name.")
	}
	c.text("name", in.Name, 200, true)
	c.text("generic_name", in.GenericName, 200, false)
	c.oneOf("form", in.Form, MedicineForms...)
	c.text("strength", in.Strength, 64, false)
	c.text("default_dose", in.DefaultDose, 64, false)
	c.text("default_schedule", in.DefaultSchedule, 32, false)
	c.intRange("default_duration_days", in.DefaultDurationDays, 1, 365)
	return c.errs.orNil()
}

// MedicineQuery lists the catalog by name: all of it, or the names
// starting with NamePrefix; Active filters (nil: both).
type MedicineQuery struct {
	NamePrefix string
	Active     *bool
	Cursor     string
	Limit      int
}

// ListMedicines runs a MedicineQuery.
func (s *Service) ListMedicines(ctx context.Context, sc store.Scope, q MedicineQuery) (Page[dbsqlc.Medicine], error) {
	q.NamePrefix = strings.TrimSpace(q.NamePrefix)
	c := newChecker()
	c.text("name_prefix", q.NamePrefix, MaxSearchLen, false)
	key, after, err := decodeCursor(q.Cursor)
	if err != nil {
		c.fail("cursor", "This cursor is not valid; start from the first page.")
	}
	if err := c.errs.orNil(); err != nil {
		return Page[dbsqlc.Medicine]{}, err
	}
	p := dbsqlc.AdminListMedicinesParams{Prefix: q.NamePrefix, Active: q.Active, MaxRows: limit(q.Limit, DefaultPageSize, MaxPageSize)}
	if after {
		p.AfterName, p.AfterID = &key.S, &key.ID
	}
	var rows []dbsqlc.Medicine
	err = s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		rows, err = s.q.AdminListMedicines(ctx, tx, p)
		return err
	})
	if err != nil {
		return Page[dbsqlc.Medicine]{}, err
	}
	out := Page[dbsqlc.Medicine]{Items: rows}
	if len(rows) == int(p.MaxRows) {
		last := rows[len(rows)-1]
		out.Next = encodeCursor(cursorKey{S: deref(last.NameSearch), ID: last.ID})
	}
	return out, nil
}

// GetMedicine returns one catalog medicine.
func (s *Service) GetMedicine(ctx context.Context, sc store.Scope, id uuid.UUID) (dbsqlc.Medicine, error) {
	var m dbsqlc.Medicine
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		m, err = s.q.GetMedicine(ctx, tx, id)
		return err
	})
	return m, err
}

// CreateMedicine adds a medicine to the catalog; the same name, form and
// strength twice is a store.ErrConflict.
func (s *Service) CreateMedicine(ctx context.Context, sc store.Scope, in MedicineInput) (dbsqlc.Medicine, error) {
	in.normalize()
	if err := in.validate(); err != nil {
		return dbsqlc.Medicine{}, err
	}
	var m dbsqlc.Medicine
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		m, err = s.q.CreateMedicine(ctx, tx, dbsqlc.CreateMedicineParams{
			Name: in.Name, GenericName: in.GenericName, Form: in.Form, Strength: in.Strength,
			DefaultDose: in.DefaultDose, DefaultSchedule: in.DefaultSchedule,
			DefaultDurationDays: int16p(in.DefaultDurationDays),
		})
		return err
	})
	return m, err
}

// UpdateMedicine edits a medicine when still at version (else ErrStale).
func (s *Service) UpdateMedicine(ctx context.Context, sc store.Scope, id uuid.UUID, version string, in MedicineInput) (dbsqlc.Medicine, error) {
	in.normalize()
	if err := in.validate(); err != nil {
		return dbsqlc.Medicine{}, err
	}
	at, ok := ParseVersion(version)
	if !ok {
		return dbsqlc.Medicine{}, ErrStale
	}
	var m dbsqlc.Medicine
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		m, err = s.q.AdminUpdateMedicine(ctx, tx, dbsqlc.AdminUpdateMedicineParams{
			ID: id, Version: at, Name: in.Name, GenericName: in.GenericName, Form: in.Form,
			Strength: in.Strength, DefaultDose: in.DefaultDose, DefaultSchedule: in.DefaultSchedule,
			DefaultDurationDays: int16p(in.DefaultDurationDays), Active: in.Active,
		})
		if isNoRows(err) {
			if _, gerr := s.q.GetMedicine(ctx, tx, id); gerr != nil {
				return gerr
			}
			return ErrStale
		}
		return err
	})
	return m, err
}

// SetMedicineActive takes a medicine off the catalog (doctors no longer
// find it; prescriptions that name it keep it) or puts it back.
func (s *Service) SetMedicineActive(ctx context.Context, sc store.Scope, id uuid.UUID, active bool) (dbsqlc.Medicine, error) {
	var m dbsqlc.Medicine
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		m, err = s.q.AdminSetMedicineActive(ctx, tx, dbsqlc.AdminSetMedicineActiveParams{ID: id, Active: active})
		return err
	})
	return m, err
}

// CatalogTestInput is an orderable test as an admin enters it. Active is
// used by updates only.
type CatalogTestInput struct {
	Name        string
	TestType    string
	Description string
	Active      bool
}

func (in *CatalogTestInput) normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.TestType = strings.TrimSpace(in.TestType)
	in.Description = strings.TrimSpace(in.Description)
}

func (in CatalogTestInput) validate() error {
	c := newChecker()
	if in.Name == "" {
		c.fail("name", "Enter the test's name.")
	}
	c.text("name", in.Name, 200, true)
	c.oneOf("test_type", in.TestType, TestTypes...)
	c.text("description", in.Description, 2000, false)
	return c.errs.orNil()
}

// CatalogTestQuery lists the test catalog by name; Active filters (nil:
// both).
type CatalogTestQuery struct {
	Active *bool
	Cursor string
	Limit  int
}

// ListTestCatalog runs a CatalogTestQuery.
func (s *Service) ListTestCatalog(ctx context.Context, sc store.Scope, q CatalogTestQuery) (Page[dbsqlc.TestCatalog], error) {
	key, after, err := decodeCursor(q.Cursor)
	if err != nil {
		return Page[dbsqlc.TestCatalog]{}, FieldErrors{"cursor": "This cursor is not valid; start from the first page."}
	}
	p := dbsqlc.AdminListCatalogTestsParams{Active: q.Active, MaxRows: limit(q.Limit, DefaultPageSize, MaxPageSize)}
	if after {
		p.AfterName, p.AfterID = &key.S, &key.ID
	}
	var rows []dbsqlc.TestCatalog
	err = s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		rows, err = s.q.AdminListCatalogTests(ctx, tx, p)
		return err
	})
	if err != nil {
		return Page[dbsqlc.TestCatalog]{}, err
	}
	out := Page[dbsqlc.TestCatalog]{Items: rows}
	if len(rows) == int(p.MaxRows) {
		last := rows[len(rows)-1]
		out.Next = encodeCursor(cursorKey{S: last.Name, ID: last.ID})
	}
	return out, nil
}

// GetCatalogTest returns one catalog test.
func (s *Service) GetCatalogTest(ctx context.Context, sc store.Scope, id uuid.UUID) (dbsqlc.TestCatalog, error) {
	var t dbsqlc.TestCatalog
	err := s.st.Read(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		t, err = s.q.AdminGetCatalogTest(ctx, tx, id)
		return err
	})
	return t, err
}

// CreateCatalogTest adds an orderable test; a name already in the catalog
// is a store.ErrConflict.
func (s *Service) CreateCatalogTest(ctx context.Context, sc store.Scope, in CatalogTestInput) (dbsqlc.TestCatalog, error) {
	in.normalize()
	if err := in.validate(); err != nil {
		return dbsqlc.TestCatalog{}, err
	}
	var t dbsqlc.TestCatalog
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		t, err = s.q.CreateCatalogTest(ctx, tx, dbsqlc.CreateCatalogTestParams{
			Name: in.Name, TestType: in.TestType, Description: in.Description,
		})
		return err
	})
	return t, err
}

// UpdateCatalogTest edits a catalog test when still at version (else
// ErrStale).
func (s *Service) UpdateCatalogTest(ctx context.Context, sc store.Scope, id uuid.UUID, version string, in CatalogTestInput) (dbsqlc.TestCatalog, error) {
	in.normalize()
	if err := in.validate(); err != nil {
		return dbsqlc.TestCatalog{}, err
	}
	at, ok := ParseVersion(version)
	if !ok {
		return dbsqlc.TestCatalog{}, ErrStale
	}
	var t dbsqlc.TestCatalog
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		t, err = s.q.AdminUpdateCatalogTest(ctx, tx, dbsqlc.AdminUpdateCatalogTestParams{
			ID: id, Version: at, Name: in.Name, TestType: in.TestType, Description: in.Description, Active: in.Active,
		})
		if isNoRows(err) {
			if _, gerr := s.q.AdminGetCatalogTest(ctx, tx, id); gerr != nil {
				return gerr
			}
			return ErrStale
		}
		return err
	})
	return t, err
}

// SetCatalogTestActive takes a test off the catalog or puts it back.
func (s *Service) SetCatalogTestActive(ctx context.Context, sc store.Scope, id uuid.UUID, active bool) (dbsqlc.TestCatalog, error) {
	var t dbsqlc.TestCatalog
	err := s.st.Tx(ctx, sc, func(tx dbsqlc.DBTX) error {
		var err error
		t, err = s.q.AdminSetCatalogTestActive(ctx, tx, dbsqlc.AdminSetCatalogTestActiveParams{ID: id, Active: active})
		return err
	})
	return t, err
}
