package devidp

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
)

// endSession (GET or POST /end_session) is RP-initiated logout (OpenID
// Connect RP-Initiated Logout 1.0). The provider keeps no login session,
// so there is nothing to end here; what matters is that it only ever
// redirects to a post-logout URI registered for the client, which the
// id_token_hint's audience or the client_id parameter names.
func (p *Provider) endSession(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		e := invalidRequest("the logout request could not be read")
		e.err = err
		return e
	}
	v := r.Form
	clientID := v.Get("client_id")
	if hint := v.Get("id_token_hint"); hint != "" {
		c, err := p.verifyIDTokenHint(hint)
		if err != nil {
			e := invalidRequest("id_token_hint was not issued by this provider")
			e.err = err
			return e
		}
		if len(c.Audience) != 1 {
			return invalidRequest("id_token_hint must have exactly one audience")
		}
		if clientID != "" && clientID != c.Audience[0] {
			return invalidRequest("client_id differs from the id_token_hint's audience")
		}
		clientID = c.Audience[0]
	}
	target := v.Get("post_logout_redirect_uri")
	if target == "" {
		p.renderMessage(w, http.StatusOK, message{
			page: page{Title: "Signed out"},
			Text: "You are signed out of the development identity provider. You may close this page.",
		})
		return nil
	}
	if err := p.checkPostLogout(clientID, target); err != nil {
		e := invalidRequest("post_logout_redirect_uri is not registered for this client")
		e.err = err
		return e
	}
	u, _ := url.Parse(target) // registered, so it parses
	if state := v.Get("state"); state != "" {
		q := u.Query()
		q.Set("state", state)
		u.RawQuery = q.Encode()
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
	return nil
}

func (p *Provider) checkPostLogout(clientID, target string) error {
	if clientID == "" {
		return errors.New("neither id_token_hint nor client_id names the client")
	}
	c, ok := p.clients[clientID]
	if !ok {
		return fmt.Errorf("client %q is not registered", clientID)
	}
	if !slices.Contains(c.PostLogoutRedirectURIs, target) {
		return fmt.Errorf("%q is not among client %q's post-logout redirect uris", target, clientID)
	}
	return nil
}
