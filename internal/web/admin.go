package web

// adminRoutes are the admin pages.
func (s *Site) adminRoutes() []route { return nil }
