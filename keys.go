package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/opencity/opencity/internal/config"
	"github.com/opencity/opencity/internal/opencity"
	"github.com/opencity/opencity/internal/store"
)

const keysUsage = `Usage:
  opencity keys create --name NAME --scope SCOPE [--scope SCOPE ...]
  opencity keys list
  opencity keys revoke PREFIX

  create  make a key and print it, once: only its hash is stored
  list    show every key: prefix, name, scopes, created, last used, revoked
  revoke  revoke the key with PREFIX (as list shows it); it stops working at once

Scopes: read:private, write, import, admin. Each command also takes --database (env
OPENCITY_DATABASE), like serve, and migrates the database first.
`

// runKeys runs `opencity keys create|list|revoke`.
func runKeys(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, keysUsage)
		return errors.New("keys: name a subcommand: create, list or revoke")
	}
	switch args[0] {
	case "create":
		return keysCreate(ctx, args[1:], getenv, stdout, stderr)
	case "list":
		return keysList(ctx, args[1:], getenv, stdout, stderr)
	case "revoke":
		return keysRevoke(ctx, args[1:], getenv, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stderr, keysUsage)
		return flag.ErrHelp
	}
	return fmt.Errorf("keys: unknown subcommand %q (want create, list or revoke)", args[0])
}

// keysCreate prints the new key on stdout, alone on its line, so that it can be captured;
// what it is and the warning go to stderr.
func keysCreate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, finish := commandFlags("opencity keys create", getenv, stderr)
	name := fs.String("name", "", "what the key is for, e.g. the office or person that holds it")
	var scopes scopeFlag
	fs.Var(&scopes, "scope", "a scope the key holds: read:private, write, import or admin (repeat for several)")
	st, rest, err := openForCommand(ctx, fs, finish, args, true)
	if err != nil {
		return err
	}
	defer st.Close()
	if len(rest) > 0 {
		return fmt.Errorf("keys create: unexpected argument %q", rest[0])
	}
	key, text, err := st.CreateKey(ctx, *name, scopes)
	if err != nil {
		return commandError("keys create", err)
	}
	fmt.Fprintln(stdout, text)
	fmt.Fprintf(stderr, "Created key %s (%q) with scopes: %s.\n"+
		"This is the only time the key is shown: store it now. OpenCity keeps only its hash and cannot show it again.\n",
		key.Prefix, key.Name, joinScopes(key.Scopes))
	return nil
}

func keysList(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, finish := commandFlags("opencity keys list", getenv, stderr)
	st, rest, err := openForCommand(ctx, fs, finish, args, true)
	if err != nil {
		return err
	}
	defer st.Close()
	if len(rest) > 0 {
		return fmt.Errorf("keys list: unexpected argument %q", rest[0])
	}
	keys, err := st.ListKeys(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "PREFIX\tNAME\tSCOPES\tCREATED\tLAST USED\tREVOKED")
	for _, k := range keys {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", k.Prefix, k.Name, joinScopes(k.Scopes),
			stamp(&k.CreatedAt, "-"), stamp(k.LastUsedAt, "never"), stamp(k.RevokedAt, "-"))
	}
	return w.Flush()
}

func keysRevoke(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, finish := commandFlags("opencity keys revoke", getenv, stderr)
	st, rest, err := openForCommand(ctx, fs, finish, args, true)
	if err != nil {
		return err
	}
	defer st.Close()
	if len(rest) != 1 {
		return errors.New("keys revoke: name one key prefix, as `opencity keys list` shows it")
	}
	key, revoked, err := st.RevokeKey(ctx, rest[0])
	if err != nil {
		return commandError("keys revoke", err)
	}
	if !revoked {
		fmt.Fprintf(stdout, "Key %s (%q) was already revoked at %s.\n", key.Prefix, key.Name, stamp(key.RevokedAt, ""))
		return nil
	}
	fmt.Fprintf(stdout, "Revoked key %s (%q).\n", key.Prefix, key.Name)
	return nil
}

// commandFlags returns a flag set for a command that shares --database (and its environment
// variable) with serve, and the function that reads the settings after parsing.
func commandFlags(name string, getenv func(string) string, stderr io.Writer) (*flag.FlagSet, func() (config.Config, error)) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs, config.Bind(fs, getenv, "database")
}

// openForCommand parses args (flags and positional arguments in any order), opens the
// database and, when migrate is set, migrates it. It returns the positional arguments.
func openForCommand(ctx context.Context, fs *flag.FlagSet, finish func() (config.Config, error), args []string, migrate bool) (*store.Store, []string, error) {
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, nil, err
	}
	cfg, err := finish()
	if err != nil {
		return nil, nil, err
	}
	st, err := store.Open(ctx, cfg.Database, store.Options{MaxOpenConns: cfg.DBMaxConns})
	if err != nil {
		return nil, nil, err
	}
	if migrate {
		if err := st.Migrate(ctx); err != nil {
			st.Close()
			return nil, nil, err
		}
	}
	return st, rest, nil
}

// parseInterspersed parses flags that may come before, between or after positional
// arguments, and returns the positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// commandError words err for the command line: the user-safe message of an opencity error,
// or the whole error of a fault (the operator is the user here).
func commandError(cmd string, err error) error {
	if opencity.ErrorCode(err) == opencity.EINTERNAL {
		return fmt.Errorf("%s: %w", cmd, err)
	}
	return fmt.Errorf("%s: %s", cmd, opencity.ErrorMessage(err))
}

// scopeFlag collects repeated --scope flags; a value may also list scopes separated by commas.
type scopeFlag []string

func (s *scopeFlag) String() string { return strings.Join(*s, ",") }

func (s *scopeFlag) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		*s = append(*s, strings.TrimSpace(part))
	}
	return nil
}

func joinScopes(scopes []opencity.Scope) string {
	names := make([]string, len(scopes))
	for i, s := range scopes {
		names[i] = string(s)
	}
	return strings.Join(names, " ")
}

// stamp writes a time as RFC 3339 UTC to the second, or none when t is nil.
func stamp(t *time.Time, none string) string {
	if t == nil {
		return none
	}
	return t.UTC().Format(time.RFC3339)
}
