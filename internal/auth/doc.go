// Package auth turns a verified OIDC identity into an actor: one users row
// of one clinic with one role. Browsers log in with the authorization-code
// flow (PKCE, state, nonce) and keep a server-side session; API clients
// send a bearer JWT access token. Either way the identity is (issuer,
// subject), mapped to memberships through invitations and claim rules, and
// the clinic in the URL chooses which membership acts.
package auth
