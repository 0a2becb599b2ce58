package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/opencity/opencity/internal/opencity"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

func TestKeys(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		admin, adminText, err := s.CreateKey(ctx, "Operations", []string{"admin", "write", "admin"})
		if err != nil {
			t.Fatal(err)
		}
		if got := joinScopes(admin.Scopes); got != "admin write" || admin.Name != "Operations" || admin.LastUsedAt != nil {
			t.Errorf("created %+v", admin)
		}
		if p, _ := opencity.KeyPrefix(adminText); p != admin.Prefix {
			t.Errorf("key text %q does not carry its prefix %q", adminText, admin.Prefix)
		}
		// Only the hash is stored: no column holds the key or its secret part.
		var stored struct{ Hash, Prefix, Name, Scopes string }
		if err := s.DB().Raw("SELECT hash, prefix, name, scopes FROM api_keys WHERE prefix = ?", admin.Prefix).Scan(&stored).Error; err != nil {
			t.Fatal(err)
		}
		if stored.Hash != opencity.HashKey(adminText) {
			t.Errorf("stored hash %q, want the SHA-256 of the key", stored.Hash)
		}
		if row := stored.Hash + stored.Prefix + stored.Name + stored.Scopes; strings.Contains(row, adminText[12:]) {
			t.Error("the key's secret is stored")
		}

		got, err := s.Authenticate(ctx, adminText)
		if err != nil || got.Prefix != admin.Prefix || !got.Has(opencity.ScopeAdmin) || got.LastUsedAt == nil {
			t.Fatalf("Authenticate(valid) = %+v, %v", got, err)
		}
		firstUse := *got.LastUsedAt
		if again, _ := s.Authenticate(ctx, adminText); !again.LastUsedAt.Equal(firstUse) {
			t.Errorf("last_used_at moved from %v to %v within a minute", firstUse, again.LastUsedAt)
		}
		old := time.Now().UTC().Add(-2 * time.Minute).Truncate(time.Second)
		if err := s.DB().Exec("UPDATE api_keys SET last_used_at = ? WHERE prefix = ?", old, admin.Prefix).Error; err != nil {
			t.Fatal(err)
		}
		if again, _ := s.Authenticate(ctx, adminText); again.LastUsedAt == nil || !again.LastUsedAt.After(old) {
			t.Errorf("a stale last_used_at (%v) was not refreshed: %v", old, again.LastUsedAt)
		}

		other, otherText, err := s.CreateKey(ctx, "Statistics office", []string{"import"})
		if err != nil {
			t.Fatal(err)
		}
		wrongSecret := adminText[:12] + otherText[12:]
		unknownPrefix := "oc_aaaaaaaa_" + adminText[12:]
		for name, text := range map[string]string{"wrong secret": wrongSecret, "unknown prefix": unknownPrefix,
			"malformed": "oc_" + admin.Prefix, "empty": "", "hash as key": opencity.HashKey(adminText)} {
			if _, err := s.Authenticate(ctx, text); opencity.ErrorCode(err) != opencity.EUNAUTHORIZED {
				t.Errorf("Authenticate(%s) = %v, want EUNAUTHORIZED", name, err)
			}
		}

		revoked, changed, err := s.RevokeKey(ctx, other.Prefix)
		if err != nil || !changed || revoked.RevokedAt == nil {
			t.Fatalf("RevokeKey = %+v, %v, %v", revoked, changed, err)
		}
		if _, err := s.Authenticate(ctx, otherText); opencity.ErrorCode(err) != opencity.EUNAUTHORIZED {
			t.Errorf("Authenticate(revoked) = %v, want EUNAUTHORIZED", err)
		}
		if again, changed, err := s.RevokeKey(ctx, "oc_"+other.Prefix); err != nil || changed || !again.RevokedAt.Equal(*revoked.RevokedAt) {
			t.Errorf("revoking twice: %+v, %v, %v; want it unchanged", again, changed, err)
		}
		if _, _, err := s.RevokeKey(ctx, "aaaaaaaa"); opencity.ErrorCode(err) != opencity.ENOTFOUND {
			t.Errorf("RevokeKey(unknown) = %v, want ENOTFOUND", err)
		}
		if _, _, err := s.RevokeKey(ctx, "x'; --"); opencity.ErrorCode(err) != opencity.EINVALID {
			t.Errorf("RevokeKey(not a prefix) = %v, want EINVALID", err)
		}

		keys, err := s.ListKeys(ctx)
		if err != nil || len(keys) != 2 || keys[0].Prefix != admin.Prefix || keys[1].Prefix != other.Prefix ||
			keys[0].Revoked() || !keys[1].Revoked() || keys[0].ID >= keys[1].ID {
			t.Errorf("ListKeys = %+v, %v", keys, err)
		}

		for _, bad := range []struct {
			name   string
			scopes []string
		}{{"", []string{"admin"}}, {"x", nil}, {"x", []string{"root"}}} {
			if _, _, err := s.CreateKey(ctx, bad.name, bad.scopes); opencity.ErrorCode(err) != opencity.EINVALID {
				t.Errorf("CreateKey(%q, %q) = %v, want EINVALID", bad.name, bad.scopes, err)
			}
		}
	})
}

func joinScopes(scopes []opencity.Scope) string {
	var b strings.Builder
	for i, s := range scopes {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(string(s))
	}
	return b.String()
}
