package web

// patientRoutes are the patient pages.
func (s *Site) patientRoutes() []route { return nil }
