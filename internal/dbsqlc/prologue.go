package dbsqlc

// The store pipelines the context prologue into the same round trip as a
// transaction's first statement, so it needs the statements' text rather
// than the methods that run them. (Hand-written; sqlc leaves this file be.)
const (
	// SetContextSQL is the SetContext statement.
	SetContextSQL = setContext
	// SetReadContextSQL is the SetReadContext statement.
	SetReadContextSQL = setReadContext
	// SetContextConfirmSQL is the SetContextConfirm statement.
	SetContextConfirmSQL = setContextConfirm
	// SetReadContextConfirmSQL is the SetReadContextConfirm statement.
	SetReadContextConfirmSQL = setReadContextConfirm
)
