package web

import (
	"net/http"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/auditlog"
	"github.com/santkrupa/santkrupa/internal/auth"
	"github.com/santkrupa/santkrupa/internal/download"
)

// labReport shows one version of a test's results: values with their
// flags, the document, verification, and the history of versions.
func (s *Site) labReport(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rep, err := s.Clinic.GetTestReport(r.Context(), a.Scope, id, auditlog.FromRequest(r))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "lab_report", rep)
}

func (s *Site) labVerify(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := readForm(w, r, 0); err != nil {
		return err
	}
	if _, err := s.Clinic.VerifyReport(r.Context(), a.Scope, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/clinic/"+a.Slug+"/lab/reports/"+id.String()+"/", http.StatusSeeOther)
	return nil
}

// labCorrectForm offers a correction of a version, pre-filled with its
// values.
func (s *Site) labCorrectForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderLabCorrect(w, r, http.StatusOK, id, nil, "")
}

// renderLabCorrect shows the correction form; form nil is a fresh one.
func (s *Site) renderLabCorrect(w http.ResponseWriter, r *http.Request, status int, id uuid.UUID, form *resultsForm, notice string) error {
	a, _ := auth.ActorFrom(r.Context())
	rep, err := s.Clinic.GetTestReport(r.Context(), a.Scope, id, auditlog.FromRequest(r))
	if err != nil {
		return err
	}
	if form == nil {
		f := s.newResultsForm(rowsFromValues(rep.Values))
		f.Notes = rep.Notes
		form = &f
	}
	return s.render(w, r, status, "lab_form", labFormData{Report: &rep, Form: *form, Notice: notice})
}

func (s *Site) labCorrect(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ActorFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(w, r, s.Clinic.MaxUploadBytes())
	if err != nil {
		return err
	}
	form, in, rowOf := s.readResults(f)
	if f.str("more") != "" {
		return s.renderLabCorrect(w, r, http.StatusOK, id, &form, moreRowsNotice)
	}
	if len(f.Errs) > 0 {
		form.Errors["_summary"] = "Some fields need attention. Nothing was saved."
		return s.renderLabCorrect(w, r, http.StatusUnprocessableEntity, id, &form, "")
	}
	rep, err := s.Clinic.CorrectReport(r.Context(), a.Scope, id, in)
	if form.placeErrors(err, rowOf) {
		return s.renderLabCorrect(w, r, http.StatusUnprocessableEntity, id, &form, "")
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/clinic/"+a.Slug+"/lab/reports/"+rep.ID.String()+"/", http.StatusSeeOther)
	return nil
}

// serveTestReportFile sends a report version's document as an attachment.
func (s *Site) serveTestReportFile(w http.ResponseWriter, r *http.Request, a auth.Actor, id uuid.UUID) error {
	f, err := s.Clinic.TestReportFile(r.Context(), a.Scope, id, auditlog.FromRequest(r))
	if err != nil {
		return err
	}
	return download.Serve(w, f)
}
