package opencity

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
)

// Page sizes of every list: a request outside [1, MaxLimit] is refused, never clamped.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Page asks for one page of a list in keyset order: at most Limit records whose key comes
// after After (the key of the last record of the previous page; nil for the first page).
// A store returns up to Limit+1 records so the caller can tell whether a next page exists.
type Page struct {
	Limit int
	After []string
}

// ParseLimit parses the limit query parameter; "" means DefaultLimit. It returns EINVALID for
// anything that is not an integer in [1, MaxLimit].
func ParseLimit(s string) (int, error) {
	if s == "" {
		return DefaultLimit, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, InvalidParameter("limit", "must be an integer between 1 and 500")
	}
	if n < 1 || n > MaxLimit {
		return 0, InvalidParameter("limit", "must be between 1 and 500")
	}
	return int(n), nil
}

// CursorCodec makes and checks the opaque cursors of keyset paging. A cursor carries the key
// of the last record served and the scope it was made for (the list and its query); it is
// signed with HMAC-SHA256, so a tampered cursor, or one reused on another list or query, is
// refused.
type CursorCodec struct {
	key []byte
}

// NewCursorCodec returns a codec that signs with key (at least 32 random bytes).
func NewCursorCodec(key []byte) *CursorCodec { return &CursorCodec{key: key} }

type cursorPayload struct {
	Scope string   `json:"s"`
	Keys  []string `json:"k"`
}

// Encode returns the cursor for the page after the record with the given keys.
func (c *CursorCodec) Encode(scope string, keys []string) string {
	body, _ := json.Marshal(cursorPayload{Scope: scope, Keys: keys}) // strings always marshal
	enc := base64.RawURLEncoding
	return enc.EncodeToString(body) + "." + enc.EncodeToString(c.sign(body))
}

// Decode checks cursor and returns its keys. It returns EINVALID, naming the cursor
// parameter, when the cursor is malformed, its signature does not match, or it was made for
// another scope.
func (c *CursorCodec) Decode(scope, cursor string) ([]string, error) {
	bad := InvalidParameter("cursor", "is not a cursor this list issued")
	b64, sig64, ok := strings.Cut(cursor, ".")
	if !ok || len(cursor) > 2048 {
		return nil, bad
	}
	enc := base64.RawURLEncoding
	body, err1 := enc.DecodeString(b64)
	sig, err2 := enc.DecodeString(sig64)
	if err1 != nil || err2 != nil || !hmac.Equal(sig, c.sign(body)) {
		return nil, bad
	}
	var p cursorPayload
	if err := json.Unmarshal(body, &p); err != nil || p.Scope != scope || len(p.Keys) == 0 {
		return nil, InvalidParameter("cursor", "was issued for another list, sort or filter")
	}
	return p.Keys, nil
}

func (c *CursorCodec) sign(body []byte) []byte {
	m := hmac.New(sha256.New, c.key)
	m.Write(body)
	return m.Sum(nil)[:16]
}

// ListQuery asks for one page of a list: which records (Filters, Search), in which order
// (Sort, always ending with the unique slug so paging is stable) and where (Page).
type ListQuery struct {
	Page
	Filters []Filter
	Search  string
	Sort    []SortKey
}

// Filter keeps the records whose field compares to Values with Op.
type Filter struct {
	Field  string
	Op     string
	Values []string
}

// SortKey orders a list by one field.
type SortKey struct {
	Field string
	Desc  bool
}
