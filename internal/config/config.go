// Package config holds OpenCity's settings: their defaults, the environment variables and
// command-line flags that set them (a flag wins over the environment), and their validation.
// Nothing else in OpenCity reads the environment.
package config

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of the service.
type Config struct {
	Addr             string        // address to listen on
	Database         string        // SQLite file path, or a postgres:// URL
	DBMaxConns       int           // database connections kept open at most; 0: the backend's default
	LogLevel         slog.Level    // least severe level logged
	LogFormat        string        // "json" or "text"
	ShutdownTimeout  time.Duration // how long in-flight requests may take to finish on shutdown
	CacheBytes       int64         // bound of the in-memory cache of encoded responses; 0: none
	RecordCacheBytes int64         // bound of the in-memory cache of encoded records; 0: none
	ExportCache      bool          // keep finished exports in a temporary directory, to copy again

	RateRead, RateWrite, RateImport Rate           // request budgets per API key, else per client IP
	TrustedProxies                  []netip.Prefix // proxies whose X-Forwarded-For is believed
}

// Rate is a request budget of Quota requests that refills evenly over Window (a token bucket
// of Quota tokens). The zero Rate means no limit.
type Rate struct {
	Quota  int
	Window time.Duration // whole seconds, at least one
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
	{"cache-bytes", "OPENCITY_CACHE_BYTES", "33554432", "bytes of encoded responses kept in memory for repeated GETs (0: no cache)"},
	{"record-cache-bytes", "OPENCITY_RECORD_CACHE_BYTES", "16777216", "bytes of encoded records kept in memory, from which list pages and records not in the response cache are assembled (0: no cache)"},
	{"export-cache", "OPENCITY_EXPORT_CACHE", "on", "keep finished exports (/v1/exports/...) in a temporary directory of this process, removed on exit, and copy them again while the data is unchanged: on or off"},
	{"rate-read", "OPENCITY_RATE_READ", "100/1s", "read budget per API key, else per client IP: QUOTA/WINDOW (a bucket of QUOTA requests refilled over WINDOW, e.g. 6000/1m), or off"},
	{"rate-write", "OPENCITY_RATE_WRITE", "10/1s", "write budget per API key, else per client IP: QUOTA/WINDOW, or off"},
	{"rate-import", "OPENCITY_RATE_IMPORT", "10/1h", "bulk import budget per API key, else per client IP: QUOTA/WINDOW, or off"},
	{"trusted-proxies", "OPENCITY_TRUSTED_PROXIES", "", "comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-For names the client (none: the connection's address is the client)"},
}

// Load reads the settings from args (flags) over getenv (environment) over the defaults. It
// returns flag.ErrHelp after printing the usage to out when args ask for help.
func Load(name string, args []string, getenv func(string) string, out io.Writer) (Config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	finish := Bind(fs, getenv)
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: %s [serve|migrate|keys|backup] [flags]\n\n"+
			"  serve    migrate and seed the database, then serve the API (default)\n"+
			"  migrate  migrate and seed the database, then exit\n"+
			"  keys     create, list or revoke API keys (%[1]s keys --help)\n"+
			"  backup   write a consistent copy of the SQLite database (%[1]s backup --help)\n\nFlags:\n", name)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return finish()
}

// Bind defines on fs a flag for each setting named by its flag name (every setting when no
// names are given), defaulting to its environment variable, else its default; settings without
// a flag take the environment or the default. The function it returns, called after fs.Parse,
// validates every setting and returns the Config. Commands with flags of their own (keys,
// backup) use it to share the settings they need with serve.
func Bind(fs *flag.FlagSet, getenv func(string) string, names ...string) func() (Config, error) {
	values := make(map[string]*string, len(settings))
	for _, s := range settings {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		if len(names) > 0 && !slices.Contains(names, s.flag) {
			values[s.flag] = &def
			continue
		}
		values[s.flag] = fs.String(s.flag, def, fmt.Sprintf("%s (env %s)", s.help, s.env))
	}
	return func() (Config, error) { return parse(values) }
}

// byteCount parses the setting name as a number of bytes, 0 or more.
func byteCount(v map[string]*string, name string) (int64, error) {
	n, err := strconv.ParseInt(*v[name], 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s: want a whole number ≥ 0, got %q", name, *v[name])
	}
	return n, nil
}

func parse(v map[string]*string) (Config, error) {
	c := Config{Addr: *v["addr"], Database: *v["database"], LogFormat: *v["log-format"]}
	var err error
	if c.CacheBytes, err = byteCount(v, "cache-bytes"); err != nil {
		return Config{}, err
	}
	if c.RecordCacheBytes, err = byteCount(v, "record-cache-bytes"); err != nil {
		return Config{}, err
	}
	switch *v["export-cache"] {
	case "on", "off":
		c.ExportCache = *v["export-cache"] == "on"
	default:
		return Config{}, fmt.Errorf("export-cache: want on or off, got %q", *v["export-cache"])
	}
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
	if err := parseRates(&c, v); err != nil {
		return Config{}, err
	}
	return c, nil
}

// parseRates reads the request budgets and the trusted proxies.
func parseRates(c *Config, v map[string]*string) error {
	rates := []struct {
		name string
		to   *Rate
	}{{"rate-read", &c.RateRead}, {"rate-write", &c.RateWrite}, {"rate-import", &c.RateImport}}
	for _, r := range rates {
		var err error
		if *r.to, err = ParseRate(*v[r.name]); err != nil {
			return fmt.Errorf("%s: %w", r.name, err)
		}
	}
	for _, p := range strings.Split(*v["trusted-proxies"], ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			addr, aerr := netip.ParseAddr(p)
			if aerr != nil {
				return fmt.Errorf("trusted-proxies: %q is neither an address nor a CIDR", p)
			}
			prefix = netip.PrefixFrom(addr.Unmap(), addr.Unmap().BitLen())
		}
		c.TrustedProxies = append(c.TrustedProxies, prefix.Masked())
	}
	return nil
}

// ParseRate reads a budget written QUOTA/WINDOW: QUOTA requests (1 to 1,000,000,000), refilled
// evenly over WINDOW, a duration of whole seconds (10s, 1m, 1h; a bare s, m or h means one).
// "off" is the zero Rate: no limit.
func ParseRate(text string) (Rate, error) {
	text = strings.TrimSpace(text)
	if text == "off" {
		return Rate{}, nil
	}
	q, w, ok := strings.Cut(text, "/")
	quota, err := strconv.Atoi(q)
	if !ok || err != nil || quota < 1 || quota > 1e9 {
		return Rate{}, fmt.Errorf("want QUOTA/WINDOW such as 100/1s or 6000/1m, or off; got %q", text)
	}
	if w == "s" || w == "m" || w == "h" {
		w = "1" + w
	}
	window, err := time.ParseDuration(w)
	if err != nil || window < time.Second || window%time.Second != 0 {
		return Rate{}, fmt.Errorf("want a window of whole seconds such as 1s, 1m or 1h; got %q", w)
	}
	return Rate{Quota: quota, Window: window}, nil
}
