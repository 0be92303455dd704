package web

// doctorRoutes are the doctor pages.
func (s *Site) doctorRoutes() []route { return nil }
