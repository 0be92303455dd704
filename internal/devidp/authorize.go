package devidp

import (
	"net/http"
	"net/url"
	"strings"
)

// maxFormBytes bounds the forms this provider reads; its own forms are a
// few hundred bytes.
const maxFormBytes = 64 << 10

// authorize (GET /authorize) validates the request and shows the picker.
func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) error {
	ar, err := p.parseAuthRequest(r.URL.Query())
	if err != nil {
		return err
	}
	data := pickerPage{
		page:        page{Title: "Sign in"},
		ClientID:    ar.client.ID,
		RedirectURI: ar.redirectURI,
		Action:      p.endpoint(pathAuthorize),
		Hidden:      ar.hidden(),
	}
	for _, u := range p.users {
		data.Users = append(data.Users, pickerUser{
			Subject: u.Subject, Name: u.Name, Email: u.Email, Hint: u.Hint,
			Suggested: ar.loginHint != "" && (ar.loginHint == u.Subject || strings.EqualFold(ar.loginHint, u.Email)),
		})
	}
	return p.renderPicker(w, data)
}

// approve (POST /authorize) is the picker's submission: it issues a
// one-time code for the chosen user, bound to everything the token
// request must repeat, and sends the browser back to the client.
func (p *Provider) approve(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		e := invalidRequest("the form could not be read")
		e.err = err
		return e
	}
	ar, err := p.parseAuthRequest(r.PostForm)
	if err != nil {
		return err
	}
	if r.PostForm.Has("cancel") {
		return ar.errBack("access_denied", "the user cancelled the sign-in")
	}
	u, ok := p.user(r.PostForm.Get("subject"))
	if !ok {
		return invalidRequest("choose one of the listed users")
	}
	now := p.now()
	code := p.grants.issueCode(authCode{
		grant: grant{
			subject: u.Subject, clientID: ar.client.ID, scope: ar.scope,
			nonce: ar.nonce, authTime: now,
		},
		redirectURI: ar.redirectURI,
		challenge:   ar.challenge,
	}, now)

	target, _ := url.Parse(ar.redirectURI) // validated: registered, absolute
	q := target.Query()
	q.Set("code", code)
	q.Set("state", ar.state)
	q.Set("iss", p.issuer)
	target.RawQuery = q.Encode()
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	http.Redirect(w, r, target.String(), http.StatusSeeOther)
	return nil
}
