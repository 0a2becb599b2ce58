package config_test

import (
	"flag"
	"io"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/opencity/opencity/internal/config"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestParseRate(t *testing.T) {
	tests := []struct {
		in   string
		want config.Rate
		ok   bool
	}{
		{"100/1s", config.Rate{Quota: 100, Window: time.Second}, true},
		{"100/s", config.Rate{Quota: 100, Window: time.Second}, true},
		{"6000/1m", config.Rate{Quota: 6000, Window: time.Minute}, true},
		{"10/h", config.Rate{Quota: 10, Window: time.Hour}, true},
		{" 5/10s ", config.Rate{Quota: 5, Window: 10 * time.Second}, true},
		{"off", config.Rate{}, true},
		{"", config.Rate{}, false},
		{"100", config.Rate{}, false},
		{"0/1s", config.Rate{}, false},
		{"-1/1s", config.Rate{}, false},
		{"1/0s", config.Rate{}, false},
		{"1/500ms", config.Rate{}, false},
		{"1/1.5s", config.Rate{}, false},
		{"1/day", config.Rate{}, false},
		{"abc/1s", config.Rate{}, false},
		{"2000000000/1s", config.Rate{}, false},
	}
	for _, tt := range tests {
		got, err := config.ParseRate(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseRate(%q) = %+v, %v; want %+v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestRateSettings(t *testing.T) {
	c, err := config.Load("opencity", nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.RateRead.Quota == 0 || c.RateWrite.Quota == 0 || c.RateImport.Quota == 0 || c.TrustedProxies != nil {
		t.Errorf("defaults: %+v", c)
	}
	c, err = config.Load("opencity", []string{"--rate-write", "off", "--trusted-proxies", "10.0.0.0/8, 192.0.2.7,::ffff:198.51.100.1, fd00::/8"},
		env(map[string]string{"OPENCITY_RATE_READ": "50/10s", "OPENCITY_TRUSTED_PROXIES": "1.1.1.1"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32"),
		netip.MustParsePrefix("198.51.100.1/32"), netip.MustParsePrefix("fd00::/8")}
	if c.RateRead != (config.Rate{Quota: 50, Window: 10 * time.Second}) || c.RateWrite != (config.Rate{}) ||
		!slices.Equal(c.TrustedProxies, want) {
		t.Errorf("from flags and environment: %+v", c)
	}
	for _, args := range [][]string{{"--rate-read", "lots"}, {"--rate-import", "1/1ms"}, {"--trusted-proxies", "proxy.local"}} {
		if _, err := config.Load("opencity", args, env(nil), io.Discard); err == nil {
			t.Errorf("Load(%q) accepted a bad setting", args)
		}
	}
}

func TestBindOnlyNamedFlags(t *testing.T) {
	fs := flag.NewFlagSet("keys", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	finish := config.Bind(fs, env(map[string]string{"OPENCITY_DATABASE": "env.db", "OPENCITY_ADDR": ":9"}), "database")
	if err := fs.Parse([]string{"--addr", ":1"}); err == nil {
		t.Error("a flag that was not bound was accepted")
	}
	if err := fs.Parse([]string{"--database", "flag.db"}); err != nil {
		t.Fatal(err)
	}
	c, err := finish()
	if err != nil || c.Database != "flag.db" || c.Addr != ":9" {
		t.Errorf("Bind: %+v, %v; want the flag's database and the environment's address", c, err)
	}
}
