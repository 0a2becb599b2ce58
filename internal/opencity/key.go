package opencity

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Scope names one thing an API key allows. Scopes are independent: admin does not imply write.
type Scope string

// The scopes a key can hold.
const (
	ScopeReadPrivate Scope = "read:private" // read records that are not public
	ScopeWrite       Scope = "write"        // create, change and delete records
	ScopeImport      Scope = "import"       // run bulk imports
	ScopeAdmin       Scope = "admin"        // administer keys, read the audit log
)

// Scopes lists every scope, in the order help texts show them.
var Scopes = []Scope{ScopeReadPrivate, ScopeWrite, ScopeImport, ScopeAdmin}

// Key is an API key as the service knows it: never the key itself, only its public prefix.
type Key struct {
	ID         int64      // internal identifier, for the audit log
	Prefix     string     // public part of the key that identifies it (8 characters)
	Name       string     // what the key is for, chosen by whoever created it
	Scopes     []Scope    // what the key allows, sorted, without duplicates
	CreatedAt  time.Time  // when it was created (UTC)
	LastUsedAt *time.Time // when it last authenticated a request, to the minute; nil if never
	RevokedAt  *time.Time // when it was revoked; nil while it is valid
}

// Has reports whether the key holds scope.
func (k Key) Has(scope Scope) bool { return slices.Contains(k.Scopes, scope) }

// Revoked reports whether the key has been revoked.
func (k Key) Revoked() bool { return k.RevokedAt != nil }

// ParseScopes checks names against the known scopes and returns them sorted, without
// duplicates. It returns EINVALID for an unknown scope or an empty list.
func ParseScopes(names []string) ([]Scope, error) {
	if len(names) == 0 {
		return nil, Errorf(EINVALID, "a key needs at least one scope (%s)", scopeNames())
	}
	out := make([]Scope, 0, len(names))
	for _, n := range names {
		s := Scope(strings.TrimSpace(n))
		if !slices.Contains(Scopes, s) {
			return nil, Errorf(EINVALID, "unknown scope %q (want one of %s)", n, scopeNames())
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func scopeNames() string {
	names := make([]string, len(Scopes))
	for i, s := range Scopes {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// MaxKeyNameLen is the longest key name, in characters.
const MaxKeyNameLen = 100

// ValidateKeyName returns EINVALID unless name is 1 to MaxKeyNameLen characters of valid UTF-8
// text without control characters and without leading or trailing space.
func ValidateKeyName(name string) error {
	switch {
	case name == "":
		return Errorf(EINVALID, "a key needs a name (--name), e.g. the office or person it is for")
	case !utf8.ValidString(name):
		return Errorf(EINVALID, "the key name is not valid UTF-8")
	case utf8.RuneCountInString(name) > MaxKeyNameLen:
		return Errorf(EINVALID, "the key name is longer than %d characters", MaxKeyNameLen)
	case strings.TrimSpace(name) != name:
		return Errorf(EINVALID, "the key name has leading or trailing space")
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return Errorf(EINVALID, "the key name contains control characters")
	}
	return nil
}

// The text form of a key: "oc_" + 8-character prefix + "_" + base64url (no padding) of 32
// random bytes. The prefix is public (it names the key in lists and logs); the rest is secret.
const (
	keyTag       = "oc_"
	keyPrefixLen = 8
	keySecretLen = 43 // base64.RawURLEncoding of 32 bytes
	keyLen       = len(keyTag) + keyPrefixLen + 1 + keySecretLen
)

// prefixEncoding writes prefixes in lower-case letters and digits 2 to 7.
var prefixEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewKeyText returns a new random key and its prefix.
func NewKeyText() (text, prefix string, err error) {
	buf := make([]byte, 5+32)
	if _, err := rand.Read(buf); err != nil {
		return "", "", fmt.Errorf("random key: %w", err)
	}
	prefix = prefixEncoding.EncodeToString(buf[:5])
	return keyTag + prefix + "_" + base64.RawURLEncoding.EncodeToString(buf[5:]), prefix, nil
}

// KeyPrefix returns the prefix of a presented key, and false when text does not have the form
// of a key. It looks only at the form; whether the key exists is the store's question.
func KeyPrefix(text string) (string, bool) {
	if len(text) != keyLen || !strings.HasPrefix(text, keyTag) || text[len(keyTag)+keyPrefixLen] != '_' {
		return "", false
	}
	prefix := text[len(keyTag) : len(keyTag)+keyPrefixLen]
	if _, err := prefixEncoding.DecodeString(prefix); err != nil {
		return "", false
	}
	if _, err := base64.RawURLEncoding.Strict().DecodeString(text[len(text)-keySecretLen:]); err != nil {
		return "", false
	}
	return prefix, true
}

// ValidKeyPrefix reports whether prefix has the form of a key prefix.
func ValidKeyPrefix(prefix string) bool {
	if len(prefix) != keyPrefixLen {
		return false
	}
	_, err := prefixEncoding.DecodeString(prefix)
	return err == nil
}

// HashKey returns what is stored of a key: the SHA-256 of its whole text, in hex. A key has
// 256 random bits, so a fast hash is enough; a slow password hash would add nothing but
// latency to every authenticated request.
func HashKey(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}
