package web

// receptionRoutes are the reception pages.
func (s *Site) receptionRoutes() []route { return nil }
