package api_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/santkrupa/santkrupa/internal/api/apitest"
	"github.com/santkrupa/santkrupa/internal/store"
)

// TestWorkedExample walks the worked example of docs/api.md with its very
// request bodies, every request and response checked against the contract,
// so the example stays true. Change the two together.
func TestWorkedExample(t *testing.T) {
	t.Parallel()
	e := apitest.New(t)
	c := func(rest string) string { return apitest.ClinicPath(e.A, rest) }
	reception, doctor, lab := e.Token(t, e.A, store.RoleReceptionist), e.Token(t, e.A, store.RoleDoctor), e.Token(t, e.A, store.RoleLabTech)
	n := 0
	key := func() string { n++; return "example-" + strconv.Itoa(n) }
	body := func(s string, args ...string) json.RawMessage {
		return json.RawMessage(strings.NewReplacer(args...).Replace(s))
	}
	var got struct {
		ID     string `json:"id"`
		Status string `json:"status"`
		Token  int    `json:"token"`
		Items  []struct {
			ID     string `json:"id"`
			Name   string `json:"name"`
			Status string `json:"status"`
		} `json:"items"`
		Lines []struct {
			MedicineName string `json:"medicine_name"`
			Dose         string `json:"dose"`
		} `json:"lines"`
		Values []struct {
			Analyte      string `json:"analyte"`
			AbnormalFlag string `json:"abnormal_flag"`
		} `json:"values"`
	}
	do := func(method, path, token string, b json.RawMessage, want int, headers ...string) {
		t.Helper()
		got.Items, got.Lines, got.Values = nil, nil, nil
		var res *apitest.Response
		if b == nil {
			res = e.Do(t, method, path, token, nil, headers...)
		} else {
			res = e.Do(t, method, path, token, b, headers...)
		}
		res.Want(t, want).Decode(t, &got)
	}

	// 1–2. Register and check in.
	do("POST", c("patients"), reception, body(`{"name": "Asha Kulkarni", "sex": "female", "date_of_birth": "1988-04-12", "phone": "9822012345"}`),
		http.StatusCreated, "Idempotency-Key", key())
	patient := got.ID
	do("POST", c("visits"), reception, body(`{"patient_id": "$P", "purpose": "Fever for three days", "temperature_c": 38.4}`, "$P", patient),
		http.StatusCreated, "Idempotency-Key", key())
	visit := got.ID
	if got.Status != "checked_in" || got.Token < 1 {
		t.Fatalf("check-in: status %q, token %d", got.Status, got.Token)
	}

	// 3. Consultation and note.
	do("POST", c("visits/"+visit+"/start"), doctor, nil, http.StatusOK)
	if got.Status != "in_consultation" {
		t.Fatalf("start: %q", got.Status)
	}
	do("POST", c("visits/"+visit+"/notes"), doctor,
		body(`{"chief_complaint": "Fever for three days", "diagnosis": "Viral fever, rule out anaemia"}`), http.StatusCreated, "Idempotency-Key", key())

	// 4. Prescription: a catalog medicine and a free-text line.
	do("GET", apitest.Query(c("medicines"), "name_prefix", "paracetamol"), doctor, nil, http.StatusOK)
	if len(got.Items) == 0 {
		t.Fatal("no paracetamol in the catalog")
	}
	med := got.Items[0].ID
	do("POST", c("prescriptions"), doctor, body(`{
  "patient_id": "$P", "visit_id": "$V", "diagnosis": "Viral fever",
  "lines": [{"medicine_id": "$M", "schedule": "1-0-1", "duration_days": 3, "food_instruction": "after"},
            {"medicine_name": "Steam inhalation", "schedule": "BD", "duration_days": 5}]}`, "$P", patient, "$V", visit, "$M", med),
		http.StatusCreated, "Idempotency-Key", key())
	rx := got.ID
	if got.Status != "draft" || len(got.Lines) != 2 || !strings.HasPrefix(got.Lines[0].MedicineName, "Paracetamol") ||
		got.Lines[0].Dose == "" || got.Lines[1].MedicineName != "Steam inhalation" {
		t.Fatalf("prescription: %q, lines %+v", got.Status, got.Lines)
	}

	// 5. Test order, completion (the prescription becomes final), PDF.
	do("GET", apitest.Query(c("test-catalog"), "limit", "200"), doctor, nil, http.StatusOK)
	cbc := ""
	for _, it := range got.Items {
		if it.Name == "Complete blood count" {
			cbc = it.ID
		}
	}
	if cbc == "" {
		t.Fatal("no Complete blood count in the test catalog")
	}
	do("POST", c("visits/"+visit+"/tests"), doctor, body(`{"tests": [{"catalog_id": "$C", "urgency": "routine"}]}`, "$C", cbc),
		http.StatusCreated, "Idempotency-Key", key())
	if len(got.Items) != 1 || got.Items[0].Status != "ordered" {
		t.Fatalf("test order: %+v", got.Items)
	}
	test := got.Items[0].ID
	do("POST", c("visits/"+visit+"/complete"), doctor, nil, http.StatusOK)
	do("GET", c("prescriptions/"+rx), doctor, nil, http.StatusOK)
	if got.Status != "final" {
		t.Errorf("prescription after completion: %q", got.Status)
	}
	e.Do(t, "GET", c("prescriptions/"+rx+"/pdf"), doctor, nil).Want(t, http.StatusOK)

	// 6. The lab: pending, collected, results.
	do("GET", apitest.Query(c("tests"), "status", "ordered", "patient_id", patient), lab, nil, http.StatusOK)
	if len(got.Items) != 1 || got.Items[0].ID != test {
		t.Fatalf("pending tests of the patient: %+v", got.Items)
	}
	do("POST", c("tests/"+test+"/collect"), lab, nil, http.StatusOK)
	do("POST", c("tests/"+test+"/reports"), lab, body(`{
  "notes": "Sample slightly haemolysed",
  "values": [
    {"analyte": "Haemoglobin", "value": "11.2", "unit": "g/dL", "reference_range": "12.0-15.5", "abnormal_flag": "low"},
    {"analyte": "WBC", "value": "7.4", "unit": "10^3/uL", "reference_range": "4.0-11.0"}
  ]}`), http.StatusCreated, "Idempotency-Key", key())
	report := got.ID
	if got.Status != "preliminary" {
		t.Fatalf("results: %q", got.Status)
	}

	// 7–8. Verified, then read by the doctor.
	do("POST", c("test-reports/"+report+"/verify"), lab, nil, http.StatusOK)
	do("GET", c("test-reports/"+report), doctor, nil, http.StatusOK)
	if got.Status != "final" || len(got.Values) != 2 || got.Values[0].AbnormalFlag != "low" || got.Values[1].AbnormalFlag != "normal" {
		t.Errorf("the report: %q, values %+v", got.Status, got.Values)
	}
}
