// Package config holds OpenCity's settings: their defaults, the environment variables and
// command-line flags that set them (a flag wins over the environment), and their validation.
// Nothing else in OpenCity reads the environment.
package config

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"
)

// Config is every setting of the service.
type Config struct {
	Addr            string        // address to listen on
	Database        string        // SQLite file path, or a postgres:// URL
	DBMaxConns      int           // database connections kept open at most; 0: the backend's default
	LogLevel        slog.Level    // least severe level logged
	LogFormat       string        // "json" or "text"
	ShutdownTimeout time.Duration // how long in-flight requests may take to finish on shutdown
}

// setting is one configurable value: its flag name, environment variable, default and help.
type setting struct {
	flag, env, def, help string
}

var settings = []setting{
	{"addr", "OPENCITY_ADDR", ":8080", "address to listen on"},
	{"database", "OPENCITY_DATABASE", "opencity.db", "SQLite file path (created and seeded on first start), or a postgres:// URL"},
	{"db-max-conns", "OPENCITY_DB_MAX_CONNS", "0", "database connections kept open at most (0: 2 for SQLite, 16 for PostgreSQL)"},
	{"log-level", "OPENCITY_LOG_LEVEL", "info", "least severe level logged: debug, info, warn or error"},
	{"log-format", "OPENCITY_LOG_FORMAT", "json", "log format: json or text"},
	{"shutdown-timeout", "OPENCITY_SHUTDOWN_TIMEOUT", "15s", "time in-flight requests get to finish on SIGINT or SIGTERM"},
}

// Load reads the settings from args (flags) over getenv (environment) over the defaults. It
// returns flag.ErrHelp after printing the usage to out when args ask for help.
func Load(name string, args []string, getenv func(string) string, out io.Writer) (Config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	values := make(map[string]*string, len(settings))
	for _, s := range settings {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		values[s.flag] = fs.String(s.flag, def, fmt.Sprintf("%s (env %s)", s.help, s.env))
	}
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: %s [serve|migrate] [flags]\n\n"+
			"  serve    migrate and seed the database, then serve the API (default)\n"+
			"  migrate  migrate and seed the database, then exit\n\nFlags:\n", name)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return parse(values)
}

func parse(v map[string]*string) (Config, error) {
	c := Config{Addr: *v["addr"], Database: *v["database"], LogFormat: *v["log-format"]}
	var err error
	if c.DBMaxConns, err = strconv.Atoi(*v["db-max-conns"]); err != nil || c.DBMaxConns < 0 {
		return Config{}, fmt.Errorf("db-max-conns: want a whole number ≥ 0, got %q", *v["db-max-conns"])
	}
	if err := c.LogLevel.UnmarshalText([]byte(*v["log-level"])); err != nil {
		return Config{}, fmt.Errorf("log-level: %w", err)
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		return Config{}, fmt.Errorf("log-format: want json or text, got %q", c.LogFormat)
	}
	if c.ShutdownTimeout, err = time.ParseDuration(*v["shutdown-timeout"]); err != nil || c.ShutdownTimeout <= 0 {
		return Config{}, fmt.Errorf("shutdown-timeout: want a positive duration such as 15s, got %q", *v["shutdown-timeout"])
	}
	if c.Database == "" {
		return Config{}, fmt.Errorf("database: must not be empty")
	}
	return c, nil
}
