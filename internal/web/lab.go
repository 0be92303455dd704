package web

// labRoutes are the lab pages.
func (s *Site) labRoutes() []route { return nil }
