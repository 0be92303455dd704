// Package devidp is a small but real OpenID Connect provider that
// Santkrupa serves in-process under /dev-idp/ when no external issuer is
// configured, and that the tests use to run the real login flow.
//
// The application talks to it exactly as it would to Keycloak or Auth0 —
// discovery, the authorization-code flow with PKCE, signed JWTs verified
// by go-oidc against the published key set — so nothing in the
// application knows, or needs to know, that the provider is a development
// one. What it leaves out is what a development tool does not need:
// passwords (a page lists the demo users and anyone may pick one), a
// login session at the provider (every authorization shows the page), and
// persistence (keys, codes and refresh tokens live in memory and die with
// the process).
//
// Every cryptographic operation is go-jose's or the standard library's.
package devidp
