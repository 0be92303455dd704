package store

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Key is one context-signing key: an id the database looks it up by and a
// secret of at least 32 bytes.
type Key struct {
	ID     string
	Secret []byte
}

// Keys are the configured keys. The first signs; all are installed in the
// database by `santkrupa migrate`, so during a rotation the database
// accepts both the old and the new.
type Keys []Key

// String never shows a secret, whatever prints a Keys.
func (ks Keys) String() string {
	ids := make([]string, len(ks))
	for i, k := range ks {
		ids[i] = k.ID
	}
	return "context keys [" + strings.Join(ids, ", ") + "]"
}

// GoString keeps %#v from printing secrets too.
func (ks Keys) GoString() string { return ks.String() }

// IDs lists the key ids.
func (ks Keys) IDs() []string {
	ids := make([]string, len(ks))
	for i, k := range ks {
		ids[i] = k.ID
	}
	return ids
}

var kidRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// ErrNoKeys is returned when no context key is configured.
var ErrNoKeys = errors.New("no context-signing key configured (SANTKRUPA_CONTEXT_KEYS)")

// ParseKeys reads "kid:base64secret[,kid:base64secret…]"; the first key
// signs. Errors never quote a secret.
func ParseKeys(s string) (Keys, error) {
	var ks Keys
	seen := map[string]bool{}
	for i, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		kid, b64, ok := strings.Cut(part, ":")
		if !ok || !kidRe.MatchString(kid) {
			return nil, fmt.Errorf("context key %d: want kid:base64secret with a kid of letters, digits, _ or -", i+1)
		}
		secret, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			secret, err = base64.RawURLEncoding.DecodeString(b64)
		}
		if err != nil || len(secret) < 32 {
			return nil, fmt.Errorf("context key %q: the secret must be base64 of at least 32 bytes", kid)
		}
		if seen[kid] {
			return nil, fmt.Errorf("context key %q is listed twice", kid)
		}
		seen[kid] = true
		ks = append(ks, Key{ID: kid, Secret: secret})
	}
	if len(ks) == 0 {
		return nil, ErrNoKeys
	}
	return ks, nil
}

// ContextTTL is how long a signed context stays valid after it is made.
// The store signs it just before BEGIN, in the same round trip, and the
// database compares the expiry with the transaction's start, so this need
// only cover clock skew between the server and the database; a captured
// context is worthless soon after.
const ContextTTL = 30 * time.Second

// SignContext makes the value of app.context for one transaction on the
// backend with process id pid (0: on any connection, see
// Store.SetUnboundContext):
//
//	v1.<kid>.<clinic>.<user>.<role>.<pid>.<expiry>.<hex hmac-sha256>
//
// app.verified_context() in the database checks it. The parts are raw
// strings so that tests can sign malformed values; the store signs only
// validated scopes.
func SignContext(k Key, clinic, user, role string, pid uint32, expiry time.Time) string {
	payload := strings.Join([]string{"v1", k.ID, clinic, user, role,
		strconv.FormatUint(uint64(pid), 10), strconv.FormatInt(expiry.Unix(), 10)}, ".")
	mac := hmac.New(sha256.New, k.Secret)
	mac.Write([]byte(payload))
	return payload + "." + hex.EncodeToString(mac.Sum(nil))
}

// sign is the context for scope on backend pid, with the signing key.
func (s *Store) sign(scope Scope, pid uint32) string {
	return SignContext(s.keys[0], scope.ClinicID.String(), scope.userSetting(), string(scope.Role), pid,
		time.Now().Add(ContextTTL))
}
