package opencity_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/opencity/opencity/internal/opencity"
)

func TestParseScopes(t *testing.T) {
	tests := []struct {
		in      []string
		want    []opencity.Scope
		wantErr bool
	}{
		{[]string{"admin"}, []opencity.Scope{opencity.ScopeAdmin}, false},
		{[]string{"write", "import", "write"}, []opencity.Scope{opencity.ScopeImport, opencity.ScopeWrite}, false},
		{[]string{"read:private", "admin"}, []opencity.Scope{opencity.ScopeAdmin, opencity.ScopeReadPrivate}, false},
		{nil, nil, true},
		{[]string{"root"}, nil, true},
		{[]string{"ADMIN"}, nil, true},
		{[]string{""}, nil, true},
	}
	for _, tt := range tests {
		got, err := opencity.ParseScopes(tt.in)
		if (err != nil) != tt.wantErr || !slices.Equal(got, tt.want) {
			t.Errorf("ParseScopes(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && opencity.ErrorCode(err) != opencity.EINVALID {
			t.Errorf("ParseScopes(%q): code %s, want EINVALID", tt.in, opencity.ErrorCode(err))
		}
	}
}

func TestValidateKeyName(t *testing.T) {
	for _, ok := range []string{"Statistics office", "Stadt Leipzig – Amt für Statistik", strings.Repeat("é", 100)} {
		if err := opencity.ValidateKeyName(ok); err != nil {
			t.Errorf("ValidateKeyName(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", " lead", "trail ", "tab\there", "nul\x00", "\xff", strings.Repeat("a", 101)} {
		if err := opencity.ValidateKeyName(bad); opencity.ErrorCode(err) != opencity.EINVALID {
			t.Errorf("ValidateKeyName(%q) = %v, want EINVALID", bad, err)
		}
	}
}

func TestKeyText(t *testing.T) {
	text, prefix, err := opencity.NewKeyText()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(text, "oc_"+prefix+"_") || len(text) != 55 {
		t.Fatalf("key %q (prefix %q): want oc_<8>_<43>", text, prefix)
	}
	if got, ok := opencity.KeyPrefix(text); !ok || got != prefix {
		t.Errorf("KeyPrefix(new key) = %q, %v; want %q", got, ok, prefix)
	}
	if !opencity.ValidKeyPrefix(prefix) {
		t.Errorf("ValidKeyPrefix(%q) = false", prefix)
	}
	other, _, _ := opencity.NewKeyText()
	if other == text || opencity.HashKey(other) == opencity.HashKey(text) {
		t.Error("two new keys are equal or hash alike")
	}
	if h := opencity.HashKey(text); len(h) != 64 || strings.Contains(h, text[12:]) {
		t.Errorf("HashKey = %q, want 64 hex characters", h)
	}
	bad := []string{
		"", text[:54], text + "A", "xx" + text[2:], strings.ToUpper(text[:11]) + text[11:],
		text[:11] + "-" + text[12:],         // separator
		text[:3] + "01234567" + text[11:],   // 0 and 1 are not in the prefix alphabet
		text[:12] + strings.Repeat("+", 43), // not base64url
	}
	for _, b := range bad {
		if _, ok := opencity.KeyPrefix(b); ok {
			t.Errorf("KeyPrefix(%q) accepted a malformed key", b)
		}
	}
}
