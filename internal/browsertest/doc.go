// Package browsertest holds Santkrupa's browser tests: the real application
// (development identity provider, test database as the application role,
// two seeded clinics) served on a loopback port and driven by Debian's
// headless Chromium through chromedp. People sign in by clicking through
// the provider's login page, fill forms by their labels and press buttons
// by their text, as a person would; every page visited gets an
// accessibility smoke check and the main pages a full-page screenshot under
// test-output/screenshots/ (see docs/browser-tests.md).
//
// The tests live in _test.go files; `make test` installs chromium when it
// is missing and passes its path in SANTKRUPA_TEST_CHROMIUM.
package browsertest
