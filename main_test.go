package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opencity/opencity/internal/opencity"
	"github.com/opencity/opencity/internal/store"
	"github.com/opencity/opencity/internal/store/storetest"
)

// env is a getenv that sees only the given variables.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// started is a run of the program in the background.
type started struct {
	addr    string
	done    chan error    // run's result
	drained chan struct{} // closed when stdout is read to its end
	badLogs []string      // stdout lines that are not JSON; read after drained
}

// start runs the program with args and env until ctx ends, and waits for its "listening" log
// line. Its stdout is read through a pipe, line by line, as a log collector would.
func start(t *testing.T, ctx context.Context, args []string, vars map[string]string) *started {
	t.Helper()
	pr, pw := io.Pipe()
	s := &started{done: make(chan error, 1), drained: make(chan struct{})}
	var stderr bytes.Buffer
	go func() {
		err := run(ctx, args, env(vars), pw, &stderr)
		pw.Close()
		if err != nil {
			err = errors.Join(err, errors.New(stderr.String()))
		}
		s.done <- err
	}()
	addrc := make(chan string, 1)
	go func() {
		defer close(s.drained)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			var line struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &line) != nil {
				s.badLogs = append(s.badLogs, sc.Text())
				continue
			}
			if line.Msg == "listening" {
				addrc <- line.Addr
			}
		}
		io.Copy(io.Discard, pr) // keep the program from blocking on a full pipe
	}()
	select {
	case s.addr = <-addrc:
	case err := <-s.done:
		t.Fatalf("run ended before listening: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("no \"listening\" log line within 30s")
	}
	return s
}

// stop cancels the run and requires a clean, graceful exit.
func (s *started) stop(t *testing.T, cancel context.CancelFunc) {
	t.Helper()
	cancel()
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("run after cancel: %v, want nil (graceful shutdown)", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not return within 30s of cancel")
	}
	<-s.drained
	for _, line := range s.badLogs {
		t.Errorf("log line is not JSON: %q", line)
	}
}

// fetch GETs path from the running server and decodes its JSON body into v.
func (s *started) fetch(t *testing.T, path string, v any) {
	t.Helper()
	resp, err := http.Get("http://" + s.addr + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Request-Id") == "" {
		t.Fatalf("GET %s: %s, Request-Id %q", path, resp.Status, resp.Header.Get("Request-Id"))
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

type counts struct{ cities, answers int }

// serveOnce starts the server, checks it answers, stops it and returns how many records it had.
func serveOnce(t *testing.T, args []string, vars map[string]string) counts {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := start(t, ctx, args, vars)
	var city struct {
		Name  string                `json:"name"`
		Mayor struct{ Name string } `json:"mayor"`
	}
	s.fetch(t, "/v1/cities/leipzig", &city)
	if city.Name != "Leipzig" || city.Mayor.Name != "Burkhard Jung" {
		t.Errorf("GET /v1/cities/leipzig: %+v", city)
	}
	var ready struct{ Status string }
	s.fetch(t, "/readyz", &ready)
	var c counts
	for path, n := range map[string]*int{"/v1/cities?limit=500": &c.cities, "/v1/answers?limit=500": &c.answers} {
		var page struct{ Data []any }
		s.fetch(t, path, &page)
		*n = len(page.Data)
	}
	s.stop(t, cancel)
	return c
}

func TestServeMigrateAndRestart(t *testing.T) {
	for _, backend := range []string{storetest.SQLite, storetest.Postgres} {
		t.Run(backend, func(t *testing.T) {
			db := storetest.DSN(t, backend)
			if err := run(context.Background(), []string{"migrate", "--database", db}, env(nil), io.Discard, io.Discard); err != nil {
				t.Fatalf("migrate: %v", err)
			}
			first := serveOnce(t, []string{"--addr", "127.0.0.1:0", "--database", db}, nil)
			if first.cities == 0 || first.answers == 0 {
				t.Fatalf("served %+v records, want the default dataset", first)
			}
			running := leaveImportJobRunning(t, db)
			// Settings from the environment, on the same database: nothing is loaded twice.
			again := serveOnce(t, nil, map[string]string{"OPENCITY_ADDR": "127.0.0.1:0", "OPENCITY_DATABASE": db})
			if again != first {
				t.Errorf("after a restart: %+v records, first start had %+v", again, first)
			}
			if job := running(); job.Status != opencity.JobFailed || job.Message == nil {
				t.Errorf("an import job left running, after a restart: %+v", job)
			}
		})
	}
}

// leaveImportJobRunning records an import job as running in db, as a server that died while
// it ran leaves it, and returns a function that reads it again.
func leaveImportJobRunning(t *testing.T, db string) func() opencity.ImportJob {
	t.Helper()
	job := opencity.ImportJob{ID: "imp_running", KeyPrefix: "cli", Type: opencity.ImportCities}
	withStore(t, db, func(ctx context.Context, st *store.Store) {
		if _, err := st.CreateImportJob(ctx, job); err != nil {
			t.Fatal(err)
		}
		if err := st.StartImportJob(ctx, job.ID); err != nil {
			t.Fatal(err)
		}
	})
	return func() opencity.ImportJob {
		withStore(t, db, func(ctx context.Context, st *store.Store) {
			var err error
			if job, err = st.ImportJob(ctx, job.KeyPrefix, job.ID); err != nil {
				t.Fatal(err)
			}
		})
		return job
	}
}

func TestHelpListsEveryFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"--help"}, env(nil), &stdout, &stderr)
	if !errors.Is(err, flag.ErrHelp) {
		t.Errorf("run --help: %v, want flag.ErrHelp", err)
	}
	out := stdout.String() + stderr.String()
	for _, want := range []string{"-addr", "-database", "-db-max-conns", "-log-level", "-log-format", "-shutdown-timeout",
		"OPENCITY_ADDR", "OPENCITY_DATABASE", "OPENCITY_LOG_LEVEL", "serve", "migrate"} {
		if !strings.Contains(out, want) {
			t.Errorf("--help output lacks %q:\n%s", want, out)
		}
	}
}

func TestBadSettingsFailBeforeTouchingTheDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "never.db")
	cases := []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"log level", []string{"--log-level", "loud"}, nil},
		{"log format", []string{"--log-format", "xml"}, nil},
		{"shutdown timeout zero", []string{"--shutdown-timeout", "0s"}, nil},
		{"shutdown timeout not a duration", []string{"--shutdown-timeout", "soon"}, nil},
		{"negative connections", []string{"--db-max-conns", "-1"}, nil},
		{"unknown flag", []string{"--frobnicate"}, nil},
		{"unexpected argument", []string{"frobnicate"}, nil},
		{"empty database", []string{"--database", ""}, nil},
		{"log level from the environment", nil, map[string]string{"OPENCITY_LOG_LEVEL": "loud"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"--database", db, "--addr", "127.0.0.1:0"}, c.args...)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := run(ctx, args, env(c.env), io.Discard, io.Discard)
			if err == nil || errors.Is(err, flag.ErrHelp) {
				t.Errorf("run %q: %v, want a settings error", args, err)
			}
			if _, statErr := os.Stat(db); statErr == nil {
				t.Errorf("run %q created the database despite bad settings", args)
			}
		})
	}
}
