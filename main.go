// Command opencity serves the OpenCity API: open data on cities' capacity to innovate.
//
//	opencity [serve|migrate] [flags]
//	opencity keys create|list|revoke ...
//	opencity backup PATH
//	opencity import --type cities|populations FILE
//
// On first start it creates the database (a SQLite file by default), migrates it and loads the
// default dataset; `opencity --help` lists the settings.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/opencity/opencity/api"
	"github.com/opencity/opencity/internal/config"
	"github.com/opencity/opencity/internal/seed"
	"github.com/opencity/opencity/internal/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "opencity:", err)
		os.Exit(1)
	}
}

// run is the whole program: it parses the command and settings, prepares the database and,
// for serve, serves until ctx is done, then shuts down gracefully. Logs go to stdout.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		switch args[0] {
		case "serve", "migrate":
			cmd, args = args[0], args[1:]
		case "keys":
			return runKeys(ctx, args[1:], getenv, stdout, stderr)
		case "backup":
			return runBackup(ctx, args[1:], getenv, stdout, stderr)
		case "import":
			return runImport(ctx, args[1:], getenv, stdout, stderr)
		}
	}
	cfg, err := config.Load("opencity", args, getenv, stderr)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stdout)
	st, err := prepare(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	if cmd == "migrate" {
		return nil
	}
	return serve(ctx, cfg, st, log)
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// prepare opens the database, migrates it and loads the default dataset.
func prepare(ctx context.Context, cfg config.Config, log *slog.Logger) (*store.Store, error) {
	start := time.Now()
	st, err := store.Open(ctx, cfg.Database, store.Options{MaxOpenConns: cfg.DBMaxConns})
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	if err := seed.Load(ctx, st.DB()); err != nil {
		st.Close()
		return nil, fmt.Errorf("load default dataset: %w", err)
	}
	backend := "sqlite"
	if store.IsPostgres(cfg.Database) {
		backend = "postgres"
	}
	log.Info("database ready", "backend", backend, "duration", time.Since(start))
	return st, nil
}

// serve runs the HTTP server until ctx is done, then lets in-flight requests finish within the
// shutdown timeout.
func serve(ctx context.Context, cfg config.Config, st *store.Store, log *slog.Logger) error {
	key, err := st.CursorKey(ctx)
	if err != nil {
		return err
	}
	// Import jobs left running by a server that stopped will never finish: say so.
	if n, err := st.EndAbandonedImportJobs(ctx); err != nil {
		return err
	} else if n > 0 {
		log.Warn("import jobs ended: their server stopped while they ran", "jobs", n)
	}
	opts := api.Options{Logger: log, CursorKey: key, RateLimits: rateLimits(cfg),
		CacheBytes: cacheBytes(cfg.CacheBytes), RecordCacheBytes: cacheBytes(cfg.RecordCacheBytes)}
	if cfg.ExportCache {
		if opts.ExportDir, err = os.MkdirTemp("", "opencity-exports-"); err != nil {
			return fmt.Errorf("export cache: %w", err)
		}
		defer os.RemoveAll(opts.ExportDir)
	}
	srv := &http.Server{
		Handler:           api.New(st, opts),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	log.Info("listening", "addr", ln.Addr().String(), "url", "http://"+ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// rateLimits turns the budgets of cfg into the API's.
// cacheBytes maps a cache size setting (0: no cache) to api.Options (< 0: no cache).
func cacheBytes(n int64) int64 {
	if n == 0 {
		return -1
	}
	return n
}

func rateLimits(cfg config.Config) api.RateLimits {
	rl := func(r config.Rate) api.Rate { return api.Rate{Quota: r.Quota, Window: r.Window} }
	return api.RateLimits{Read: rl(cfg.RateRead), Write: rl(cfg.RateWrite), Import: rl(cfg.RateImport),
		TrustedProxies: cfg.TrustedProxies}
}
