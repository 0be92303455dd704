package loadgen

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/santkrupa/santkrupa/internal/devidp"
)

// IdP is the development identity provider serving the benchmark's staff
// on its own port, as an external issuer would.
type IdP struct {
	Provider     *devidp.Provider
	ClientID     string
	ClientSecret string
	srv          *http.Server
	tokens       map[string]string
}

// APIAudience is the audience of the access tokens (the server's default).
const APIAudience = "santkrupa-api"

// StartIdP serves a provider with issuer (http://host:port/path) for
// subjects, whose web client redirects to publicURL.
func StartIdP(issuer, publicURL string, subjects []string) (*IdP, error) {
	users := make([]devidp.User, len(subjects))
	for i, s := range subjects {
		// No email: the identities are bound already, so the server maps
		// them by (issuer, subject) and binds no invitation.
		users[i] = devidp.User{Subject: s, Name: s}
	}
	secret := make([]byte, 24)
	_, _ = rand.Read(secret)
	idp := &IdP{ClientID: "santkrupa-web", ClientSecret: base64.RawURLEncoding.EncodeToString(secret),
		tokens: map[string]string{}}
	p, err := devidp.New(devidp.Config{
		Issuer: issuer, Users: users, APIAudience: APIAudience, TokenTTL: 2 * time.Hour,
		Clients: []devidp.Client{{ID: idp.ClientID, Secret: idp.ClientSecret,
			RedirectURIs: []string{publicURL + "/auth/callback"}, PostLogoutRedirectURIs: []string{publicURL + "/"}}},
	})
	if err != nil {
		return nil, err
	}
	idp.Provider = p
	u, _ := url.Parse(issuer)
	ln, err := net.Listen("tcp", u.Host)
	if err != nil {
		return nil, fmt.Errorf("identity provider: %w", err)
	}
	idp.srv = &http.Server{Handler: p.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := idp.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			panic(err) // the listener was ours a moment ago
		}
	}()
	return idp, nil
}

// Token is a bearer token for subject, minted once and reused.
func (i *IdP) Token(subject string) (string, error) {
	if t, ok := i.tokens[subject]; ok {
		return t, nil
	}
	t, err := i.Provider.AccessToken(subject, 0)
	if err != nil {
		return "", err
	}
	i.tokens[subject] = t
	return t, nil
}

// Close stops serving.
func (i *IdP) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = i.srv.Shutdown(ctx)
}
