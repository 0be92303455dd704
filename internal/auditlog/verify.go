package auditlog

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/google/uuid"

	"github.com/santkrupa/santkrupa/internal/dbsqlc"
)

// ChainResult is the verdict on one clinic's chain.
type ChainResult struct {
	ClinicID   uuid.UUID `json:"clinic_id"`
	ClinicSlug string    `json:"clinic_slug"`
	Events     int64     `json:"events"`
	// HeadSeq and HeadHash name the last event: record them somewhere the
	// database's owner cannot write, and a later verify that finds an
	// older head shows that events were cut off the end.
	HeadSeq  int64  `json:"head_seq"`
	HeadHash string `json:"head_hash"`
	// Broken is the first bad link, nil for an intact chain.
	Broken *BrokenLink `json:"broken,omitempty"`
}

// BrokenLink is where a chain first fails to verify, and why.
type BrokenLink struct {
	Seq     int64     `json:"seq"`
	EventID uuid.UUID `json:"event_id"`
	Reason  string    `json:"reason"`
}

// OK reports whether the chain verified.
func (c ChainResult) OK() bool { return c.Broken == nil }

var genesis = make([]byte, sha256.Size)

// verifyPage is how many events Verify reads per round trip.
const verifyPage = 5000

// Verify recomputes the hash chain of the clinic with slug (every clinic
// when slug is ""), reading through app.audit_chain, which only the schema
// owner may execute: db must connect as the owner (or a superuser). Each
// event's hash must be sha256(prev_hash || canonical text), its prev_hash
// the previous event's hash (32 zero bytes for the first) and its seq one
// more than the previous. The first failure of each clinic is reported.
func Verify(ctx context.Context, db dbsqlc.DBTX, slug string) ([]ChainResult, error) {
	q := dbsqlc.New()
	var slugArg *string
	if slug != "" {
		slugArg = &slug
	}
	var out []ChainResult
	var cur *ChainResult
	var prev []byte
	after := dbsqlc.AuditChainParams{Slug: slugArg, MaxRows: verifyPage}
	for {
		rows, err := q.AuditChain(ctx, db, after)
		if err != nil {
			return nil, fmt.Errorf("read audit chain: %w", err)
		}
		for _, e := range rows {
			if cur == nil || cur.ClinicID != e.ClinicID {
				out = append(out, ChainResult{ClinicID: e.ClinicID, ClinicSlug: e.ClinicSlug})
				cur = &out[len(out)-1]
				prev = genesis
			}
			cur.Events++
			if cur.Broken == nil {
				if reason := checkLink(cur.HeadSeq, prev, e); reason != "" {
					cur.Broken = &BrokenLink{Seq: e.Seq, EventID: e.ID, Reason: reason}
				}
			}
			cur.HeadSeq, cur.HeadHash = e.Seq, hex.EncodeToString(e.Hash)
			prev = e.Hash
		}
		if len(rows) < verifyPage {
			return out, nil
		}
		last := rows[len(rows)-1]
		after.AfterClinic, after.AfterSeq = last.ClinicID, last.Seq
	}
}

// checkLink says what is wrong with event e following an event with
// sequence number prevSeq and hash prevHash ("" when nothing is).
func checkLink(prevSeq int64, prevHash []byte, e dbsqlc.AuditChainRow) string {
	if e.Seq != prevSeq+1 {
		return fmt.Sprintf("sequence gap: seq %d follows seq %d (events missing or reordered)", e.Seq, prevSeq)
	}
	if !bytes.Equal(e.PrevHash, prevHash) {
		return "prev_hash does not match the previous event's hash (an event before it was changed or removed)"
	}
	sum := sha256.New()
	sum.Write(e.PrevHash)
	sum.Write([]byte(e.Canonical))
	if !bytes.Equal(sum.Sum(nil), e.Hash) {
		return "hash does not match the event's contents (the event was changed)"
	}
	return ""
}
