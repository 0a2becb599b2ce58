package opencity

import "time"

// DataVersion identifies the state of the data OpenCity serves. Number grows by one with every
// change of data (a changed default dataset, an import, a write); Modified is when that change
// was made, in UTC, to the second. A database never changed has Number 0 and a zero Modified.
//
// Every representation the API serves derives its validators from it: the ETag from Number,
// Last-Modified from Modified.
type DataVersion struct {
	Number   int64
	Modified time.Time
}
