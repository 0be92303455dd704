package web

// adminRoutes are the clinic administrator's pages.
func (s *Site) adminRoutes() []route {
	return []route{
		{"GET", "/admin-dashboard/", admins, s.adminDashboard},
		{"GET", "/admin/staff/", admins, s.adminStaff},
		{"POST", "/admin/staff/invite", admins, s.adminInvite},
		{"POST", "/admin/staff/{id}/role", admins, s.adminChangeRole},
		{"POST", "/admin/staff/{id}/deactivate", admins, s.adminSetActive(false)},
		{"POST", "/admin/staff/{id}/activate", admins, s.adminSetActive(true)},
		{"GET", "/admin/staff/{id}/doctor", admins, s.adminDoctor},
		{"POST", "/admin/staff/{id}/doctor", admins, s.adminSaveDoctor},
		{"GET", "/admin/medicines/", admins, s.adminMedicines},
		{"POST", "/admin/medicines/", admins, s.adminCreateMedicine},
		{"GET", "/admin/medicines/{id}/", admins, s.adminMedicine},
		{"POST", "/admin/medicines/{id}/", admins, s.adminUpdateMedicine},
		{"POST", "/admin/medicines/{id}/deactivate", admins, s.adminSetMedicineActive(false)},
		{"POST", "/admin/medicines/{id}/activate", admins, s.adminSetMedicineActive(true)},
		{"GET", "/admin/test-catalog/", admins, s.adminTestCatalog},
		{"POST", "/admin/test-catalog/", admins, s.adminCreateCatalogTest},
		{"GET", "/admin/test-catalog/{id}/", admins, s.adminCatalogTest},
		{"POST", "/admin/test-catalog/{id}/", admins, s.adminUpdateCatalogTest},
		{"POST", "/admin/test-catalog/{id}/deactivate", admins, s.adminSetCatalogTestActive(false)},
		{"POST", "/admin/test-catalog/{id}/activate", admins, s.adminSetCatalogTestActive(true)},
		{"GET", "/admin/settings/", admins, s.adminSettings},
		{"POST", "/admin/settings/", admins, s.adminSaveSettings},
	}
}
