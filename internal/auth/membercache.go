package auth

import (
	"time"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
	"github.com/santkrupa/santkrupa/internal/expiring"
)

// memberCache remembers the membership an identity used in a clinic, so
// that its next requests skip the lookup, a database round trip of its
// own. A remembered membership never acts unchecked: the request's scope
// asks the store to have the database confirm it in the round trip of each
// transaction's first statement (store.Scope.Confirm), and a membership
// the database no longer confirms — deactivated, another role, the clinic
// suspended — is forgotten and looked up again. Only memberships found are
// remembered, so an invitation just bound counts at once.
type memberCache = expiring.Map[memberKey, dbsqlc.User]

type memberKey struct{ slug, issuer, subject string }

// memberCacheTTL bounds how long a remembered row (its name, email and the
// like, shown by some pages) can be out of date; its authority is
// confirmed on every request regardless.
const memberCacheTTL = time.Minute
