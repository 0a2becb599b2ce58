package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/opencity/opencity/internal/opencity"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

// runCmd runs the program with args and returns its stdout and stderr.
func runCmd(t *testing.T, vars map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, env(vars), &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

func TestKeysCommands(t *testing.T) {
	for _, backend := range []string{storetest.SQLite, storetest.Postgres} {
		t.Run(backend, func(t *testing.T) {
			db := storetest.DSN(t, backend)
			out, errOut, err := runCmd(t, nil, "keys", "create", "--name", "Operations", "--scope", "admin", "--scope", "write", "--database", db)
			if err != nil {
				t.Fatalf("keys create: %v\n%s", err, errOut)
			}
			text := strings.TrimSpace(out)
			prefix, ok := opencity.KeyPrefix(text)
			if !ok || strings.Count(out, "\n") != 1 {
				t.Fatalf("keys create printed %q, want the key alone on one line", out)
			}
			if !strings.Contains(errOut, "only time the key is shown") || strings.Contains(errOut, text) {
				t.Errorf("keys create: stderr %q, want the warning and not the key", errOut)
			}
			// The database from the environment; flags after the subcommand in any order.
			vars := map[string]string{"OPENCITY_DATABASE": db}
			if _, errOut, err := runCmd(t, vars, "keys", "create", "--scope", "import,read:private", "--name", "Statistics office"); err != nil {
				t.Fatalf("keys create from the environment: %v\n%s", err, errOut)
			}

			s, err := store.Open(context.Background(), db, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if k, err := s.Authenticate(context.Background(), text); err != nil || !k.Has(opencity.ScopeWrite) {
				t.Fatalf("the printed key does not authenticate: %+v, %v", k, err)
			}

			list, _, err := runCmd(t, vars, "keys", "list")
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"PREFIX", "LAST USED", prefix, "Operations", "admin write", "Statistics office", "import read:private", "never"} {
				if !strings.Contains(list, want) {
					t.Errorf("keys list lacks %q:\n%s", want, list)
				}
			}
			if strings.Contains(list, text[12:]) || strings.Contains(list, opencity.HashKey(text)) {
				t.Errorf("keys list shows a key or a hash:\n%s", list)
			}

			if out, _, err := runCmd(t, vars, "keys", "revoke", prefix); err != nil || !strings.Contains(out, "Revoked key "+prefix) {
				t.Errorf("keys revoke: %q, %v", out, err)
			}
			if out, _, err := runCmd(t, vars, "keys", "revoke", "--database", db, "oc_"+prefix); err != nil || !strings.Contains(out, "already revoked") {
				t.Errorf("keys revoke again: %q, %v", out, err)
			}
			if _, err := s.Authenticate(context.Background(), text); opencity.ErrorCode(err) != opencity.EUNAUTHORIZED {
				t.Errorf("a revoked key authenticates: %v", err)
			}
			list, _, _ = runCmd(t, vars, "keys", "list")
			for _, line := range strings.Split(list, "\n") {
				// The revoked key's line ends with when it was revoked, the other's with "-".
				if revoked := strings.HasSuffix(line, "Z"); strings.Contains(line, prefix) != revoked && line != "" {
					t.Errorf("keys list after revoke:\n%s", list)
				}
			}
		})
	}
}

func TestKeysCommandErrors(t *testing.T) {
	vars := map[string]string{"OPENCITY_DATABASE": storetest.DSN(t, storetest.SQLite)}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no subcommand", []string{"keys"}, "name a subcommand"},
		{"unknown subcommand", []string{"keys", "rotate"}, "unknown subcommand"},
		{"no name", []string{"keys", "create", "--scope", "admin"}, "needs a name"},
		{"no scope", []string{"keys", "create", "--name", "x"}, "at least one scope"},
		{"unknown scope", []string{"keys", "create", "--name", "x", "--scope", "root"}, "unknown scope"},
		{"extra argument", []string{"keys", "create", "--name", "x", "--scope", "admin", "more"}, "unexpected argument"},
		{"revoke without prefix", []string{"keys", "revoke"}, "name one key prefix"},
		{"revoke unknown", []string{"keys", "revoke", "aaaaaaaa"}, "no key has the prefix"},
		{"revoke not a prefix", []string{"keys", "revoke", "drop table"}, "is not a key prefix"},
		{"list with argument", []string{"keys", "list", "all"}, "unexpected argument"},
		{"unknown flag", []string{"keys", "list", "--addr", ":1"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCmd(t, vars, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run %q: %v, want an error containing %q", tt.args, err, tt.want)
			}
		})
	}
	if err := run(context.Background(), []string{"keys", "--help"}, env(nil), io.Discard, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("keys --help: %v, want flag.ErrHelp", err)
	}
}
