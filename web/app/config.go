package app

import (
	"cmp"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/notify"
	"github.com/intervue/lever-integration/sandbox"
)

// Config is everything read from the environment (docs/CONTRACT.md §1).
type Config struct {
	ListenAddr   string
	PublicURL    string
	DatabaseURL  string
	SecretKey    []byte
	ClientID     string
	ClientSecret string
	Hosts        lever.Hosts // the US data centre's (Regions[lever.RegionUS])
	// Regions are the Lever data centres offered at Begin setup, with their
	// hosts (LEVER_ENV, the LEVER_*_URL overrides).
	Regions  lever.Regions
	Sandbox  bool // no LEVER_CLIENT_ID: the built-in Lever sandbox is used
	LeverEnv string
	// SandboxRefusal is set when LEVER_CLIENT_ID is unset outside a local or
	// explicit sandbox setup: serve refuses to start with it (docs/CONTRACT.md §5).
	SandboxRefusal error
	// MetricsToken guards GET /metrics (empty: /metrics answers 404).
	MetricsToken string
	// SessionIdle ends a browser session after this long without a request.
	SessionIdle time.Duration
	// ClientIPHeader names the request header holding the client's address
	// when a trusted proxy sets it (CLIENT_IP_HEADER); empty: the TCP peer.
	ClientIPHeader string
	// PKCE sends an S256 code challenge on the authorize request (LEVER_PKCE).
	PKCE bool
	// WebhookWarning is non-empty when Lever will not deliver webhooks to
	// PUBLIC_URL (a real Lever app with an http:// URL on a non-loopback host).
	WebhookWarning string
	// Durations of the sync engine (README: configuration): SWEEP_EVERY,
	// RESCUE_STUCK_JOBS_AFTER, ATTENTION_NOTIFY_INTERVAL, and how far in
	// the past or ahead an interview may be scheduled (SCHEDULE_MAX_PAST,
	// SCHEDULE_MAX_AHEAD).
	SweepEvery, RescueAfter, NotifyInterval time.Duration
	ScheduleMaxPast, ScheduleMaxAhead       time.Duration
}

// durationSetting is one duration read by LoadConfig: its variable, its
// default and its least allowed value (0: any positive duration).
type durationSetting struct {
	name     string
	def, min time.Duration
	dst      *time.Duration
}

// durationSettings are the durations read by LoadConfig; a bad value stops
// the app naming the variable. RESCUE_STUCK_JOBS_AFTER is at least 5 s: a
// job may run for that less 1 s (app.assemble), and below that no Lever call
// with its retries would finish.
func durationSettings(c *Config) []durationSetting {
	return []durationSetting{
		{"SESSION_IDLE_TIMEOUT", 30 * time.Minute, 0, &c.SessionIdle},
		{"SWEEP_EVERY", 15 * time.Minute, 0, &c.SweepEvery},
		{"RESCUE_STUCK_JOBS_AFTER", 3 * time.Minute, 5 * time.Second, &c.RescueAfter},
		{"ATTENTION_NOTIFY_INTERVAL", notify.DefaultInterval, 0, &c.NotifyInterval},
		{"SCHEDULE_MAX_PAST", 24 * time.Hour, 0, &c.ScheduleMaxPast},
		{"SCHEDULE_MAX_AHEAD", 366 * 24 * time.Hour, 0, &c.ScheduleMaxAhead},
	}
}

// minMetricsToken is the least length of METRICS_TOKEN: it guards Go's
// profiles and the metrics, so a guessable one is refused.
const minMetricsToken = 16

const (
	sandboxClientID     = "sandbox-client"
	sandboxClientSecret = "sandbox-secret"
)

// LoadConfig reads the settings through getenv (os.Getenv in the binary);
// warnings (such as a generated secret key) go to warn. A bad value is an
// error naming its variable. A sandbox setup that must not be served is not
// an error here: it is Config.SandboxRefusal, which Start returns.
func LoadConfig(getenv func(string) string, warn io.Writer) (*Config, error) {
	c := &Config{
		ListenAddr:  cmp.Or(getenv("LISTEN_ADDR"), ":8080"),
		PublicURL:   strings.TrimRight(cmp.Or(getenv("PUBLIC_URL"), "http://localhost:8080"), "/"),
		DatabaseURL: cmp.Or(getenv("DATABASE_URL"), filepath.Join("data", "app.db")),
		ClientID:    getenv("LEVER_CLIENT_ID"), ClientSecret: getenv("LEVER_CLIENT_SECRET"),
	}
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("PUBLIC_URL %q must be an absolute http(s) URL", c.PublicURL)
	} else if u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(c.PublicURL, "?") || u.User != nil {
		return nil, fmt.Errorf("PUBLIC_URL %q must not have a query, a fragment or a user: links and the OAuth callback are built by appending paths to it", c.PublicURL)
	}
	if _, port, err := net.SplitHostPort(c.ListenAddr); err == nil && getenv("PUBLIC_URL") == "" && port != "8080" {
		fmt.Fprintf(warn, "WARNING: PUBLIC_URL is not set, so links, the OAuth callback and the built-in sandbox use %s, but LISTEN_ADDR %s serves port %s: set PUBLIC_URL=http://localhost:%s (or the URL a proxy serves this app at)\n", c.PublicURL, c.ListenAddr, port, port)
	}
	isPostgres, err := databaseKind(c.DatabaseURL)
	if err != nil {
		return nil, err
	}
	sandboxOn, err := boolEnv(getenv, "SANDBOX")
	if err != nil {
		return nil, err
	}
	c.MetricsToken = getenv("METRICS_TOKEN")
	if n := len(c.MetricsToken); n > 0 && n < minMetricsToken {
		return nil, fmt.Errorf("METRICS_TOKEN must be at least %d characters, got %d (try: openssl rand -hex 16)", minMetricsToken, n)
	}
	c.ClientIPHeader = strings.TrimSpace(getenv("CLIENT_IP_HEADER"))
	if h := c.ClientIPHeader; h != "" && !validHeaderName(h) {
		return nil, fmt.Errorf("CLIENT_IP_HEADER %q is not an HTTP header name (letters, digits and -, such as X-Forwarded-For)", h)
	}
	for _, d := range durationSettings(c) {
		if *d.dst, err = positiveDuration(getenv, d.name, d.def); err != nil {
			return nil, err
		}
		if *d.dst < d.min {
			return nil, fmt.Errorf("%s must be at least %s (got %q)", d.name, d.min, getenv(d.name))
		}
	}
	pkce, err := boolEnv(getenv, "LEVER_PKCE")
	if err != nil {
		return nil, err
	}
	c.PKCE = pkce || getenv("LEVER_PKCE") == ""
	loopback := isLoopbackHTTP(c.PublicURL)
	switch {
	case c.ClientID == "" && !sandboxOn && !loopback:
		c.SandboxRefusal = fmt.Errorf("LEVER_CLIENT_ID is not set, so only the built-in Lever sandbox could be served, and PUBLIC_URL %s is not an http:// URL on a loopback host: refusing to start. "+
			"Set LEVER_CLIENT_ID and LEVER_CLIENT_SECRET for your Lever app, or set SANDBOX=1 to serve the simulated Lever on purpose", c.PublicURL)
	case c.ClientID != "" && sandboxOn:
		c.SandboxRefusal = errors.New("SANDBOX=1 and LEVER_CLIENT_ID are both set: unset SANDBOX to use your Lever app, or unset LEVER_CLIENT_ID to serve the built-in Lever sandbox")
	case c.ClientID != "" && strings.HasPrefix(c.PublicURL, "http://") && !loopback:
		c.WebhookWarning = "PUBLIC_URL " + c.PublicURL + " is not https: Lever delivers webhooks only to https:// URLs with a publicly trusted certificate, so it will not deliver candidate stage changes to this app (the reconciliation sweep still picks candidates up, but late)."
	}
	regions, err := leverRegions(getenv, c)
	if err != nil {
		return nil, err
	}
	c.Regions, c.Hosts = regions, regions[lever.RegionUS]
	// Last, so that a setup refused for another reason leaves no generated
	// key file behind (a given SECRET_KEY is still checked).
	if c.SecretKey, err = secretKey(getenv("SECRET_KEY"), isPostgres, !c.Sandbox, c.DatabaseURL, c.SandboxRefusal == nil, warn); err != nil {
		return nil, err
	}
	return c, nil
}

// schemePrefix matches a URL scheme at the start of a setting ("mysql:").
var schemePrefix = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// databaseKind reports whether DATABASE_URL names PostgreSQL (a
// postgres:// or postgresql:// URL) or else a SQLite file path. Any other
// scheme (mysql://, sqlite://, file:, Postgres://), spaces around the
// value and a "://" inside a path are errors naming DATABASE_URL: each
// would otherwise be taken as a file name and a new, empty SQLite database
// served.
func databaseKind(raw string) (postgres bool, err error) {
	if strings.TrimSpace(raw) != raw {
		// " postgres://…" would otherwise be a SQLite file in a folder
		// named " postgres:".
		return false, fmt.Errorf("DATABASE_URL %q has spaces around it: give postgres://… for PostgreSQL or a path such as data/app.db for SQLite, without them", raw)
	}
	if strings.HasPrefix(raw, "postgres://") || strings.HasPrefix(raw, "postgresql://") {
		return true, nil
	}
	if m := schemePrefix.FindString(raw); m != "" {
		return false, fmt.Errorf("DATABASE_URL %q: %q is not a database this app uses: give a postgres:// (or postgresql://) URL for PostgreSQL, or a plain file path such as data/app.db for SQLite", raw, m)
	}
	if strings.Contains(raw, "://") {
		return false, fmt.Errorf("DATABASE_URL %q is neither a postgres:// URL nor a plain file path (it holds a URL): give postgres://… for PostgreSQL or a path such as data/app.db for SQLite", raw)
	}
	return false, nil
}

// leverRegions picks the Lever data centres and their hosts
// (docs/CONTRACT.md §1): the built-in sandbox serves the US one at
// PUBLIC_URL/sandbox/lever and the EU one at PUBLIC_URL/sandbox/lever/eu;
// otherwise LEVER_ENV's (lever.RegionsFor). LEVER_AUTH_URL and LEVER_API_URL
// replace the US hosts, LEVER_EU_AUTH_URL and LEVER_EU_API_URL the EU ones.
// With LEVER_API_URL set and LEVER_EU_API_URL not, no EU data centre is
// offered (its base is unknown); the EU OAuth server follows LEVER_AUTH_URL,
// as the OAuth server is shared (docs/LEVER_API.md §0). It also sets
// c.Sandbox, c.LeverEnv and, for the sandbox, its client credentials.
func leverRegions(getenv func(string) string, c *Config) (lever.Regions, error) {
	var rs lever.Regions
	if c.ClientID == "" {
		c.Sandbox, c.LeverEnv = true, "sandbox (built-in)"
		base := c.PublicURL + "/sandbox/lever"
		rs = lever.Regions{lever.RegionUS: {AuthURL: base, APIURL: base + "/v1"},
			lever.RegionEU: {AuthURL: base + sandbox.EUPath, APIURL: base + sandbox.EUPath + "/v1"}}
		c.ClientID, c.ClientSecret = sandboxClientID, sandboxClientSecret
	} else {
		if c.ClientSecret == "" {
			return nil, errors.New("LEVER_CLIENT_SECRET is required with LEVER_CLIENT_ID")
		}
		c.LeverEnv = cmp.Or(getenv("LEVER_ENV"), "production")
		var err error
		if rs, err = lever.RegionsFor(c.LeverEnv); err != nil {
			return nil, fmt.Errorf("LEVER_ENV: %w", err)
		}
	}
	for _, name := range []string{"LEVER_AUTH_URL", "LEVER_API_URL", "LEVER_EU_AUTH_URL", "LEVER_EU_API_URL"} {
		if err := leverURL(name, getenv(name)); err != nil {
			return nil, err
		}
	}
	us, eu := rs[lever.RegionUS], rs[lever.RegionEU]
	if v := getenv("LEVER_AUTH_URL"); v != "" {
		us.AuthURL = strings.TrimRight(v, "/")
		if !c.Sandbox {
			eu.AuthURL = us.AuthURL
		}
	}
	if v := getenv("LEVER_API_URL"); v != "" {
		us.APIURL, eu.APIURL = strings.TrimRight(v, "/"), ""
	}
	if v := getenv("LEVER_EU_AUTH_URL"); v != "" {
		eu.AuthURL = strings.TrimRight(v, "/")
	}
	if v := getenv("LEVER_EU_API_URL"); v != "" {
		eu.APIURL = strings.TrimRight(v, "/")
		if eu.AuthURL == "" {
			eu.AuthURL = us.AuthURL
		}
	}
	rs = lever.Regions{lever.RegionUS: us}
	if eu.APIURL != "" && eu.AuthURL != "" {
		rs[lever.RegionEU] = eu
	}
	return rs, nil
}

// secretKey decodes SECRET_KEY (64 hex characters or base64 of 32 bytes).
// Unset: an error with PostgreSQL or a real Lever app (realLever: its
// tokens are encrypted with this key, so a key kept beside the data is not
// enough); with SQLite and the sandbox the key kept beside the database
// file, else (when generate) one is generated and kept there, with a
// warning. Without generate and no file the key is nil.
func secretKey(v string, postgres, realLever bool, dbURL string, generate bool, warn io.Writer) ([]byte, error) {
	if v != "" {
		if b, err := hex.DecodeString(v); err == nil && len(b) == 32 {
			return b, nil
		}
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if b, err := enc.DecodeString(v); err == nil && len(b) == 32 {
				return b, nil
			}
		}
		return nil, errors.New("SECRET_KEY must be 32 bytes, as 64 hex characters or base64 (try: openssl rand -hex 32)")
	}
	if postgres {
		return nil, errors.New("SECRET_KEY is required with PostgreSQL (32 bytes as hex: openssl rand -hex 32)")
	}
	if realLever {
		return nil, errors.New("SECRET_KEY is required with a Lever app (LEVER_CLIENT_ID is set): it encrypts the Lever tokens (32 bytes as hex: openssl rand -hex 32)")
	}
	path := filepath.Join(filepath.Dir(dbURL), "secret.key")
	if b, err := os.ReadFile(path); err == nil {
		if k, err := hex.DecodeString(strings.TrimSpace(string(b))); err == nil && len(k) == 32 {
			return k, nil
		}
		return nil, fmt.Errorf("%s is not a 64-character hex key; delete it (existing Lever tokens become unreadable) or set SECRET_KEY", path)
	}
	if !generate {
		return nil, nil
	}
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(k)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("saving generated secret key: %w", err)
	}
	fmt.Fprintf(warn, "WARNING: SECRET_KEY is not set; generated one in %s (development only: set SECRET_KEY in production)\n", path)
	return k, nil
}

// subKey derives an independent key for one purpose from the secret key.
func subKey(secret []byte, purpose string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// validHeaderName reports whether h is an HTTP header field name (RFC 9110
// token characters).
func validHeaderName(h string) bool {
	for _, r := range h {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", r)) {
			return false
		}
	}
	return h != ""
}

// leverURL checks a Lever host setting (name, value v; "" is unset): an
// absolute https:// URL with a host, or http:// on a loopback address (a
// local fake Lever). Anything else is an error naming the setting: a
// relative value would send the OAuth redirect to a path of our own app.
func leverURL(name, v string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || u.User != nil || (u.Scheme != "https" && !isLoopbackHTTP(v)) {
		return fmt.Errorf("%s %q must be an absolute https:// URL (http:// only on localhost or 127.0.0.1)", name, v)
	}
	return nil
}

// isLoopbackHTTP reports whether u is an http:// URL on localhost, 127.x or
// [::1] (docs/CONTRACT.md §5: where the sandbox may run without SANDBOX=1).
func isLoopbackHTTP(u string) bool {
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "http" {
		return false
	}
	host := p.Hostname()
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// boolEnv reads a switch: "1"/"true"/"on"/"yes" is true, ""/"0"/"false"/
// "off"/"no" false (any case); anything else is an error naming the
// variable.
func boolEnv(getenv func(string) string, name string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(getenv(name))) {
	case "1", "true", "on", "yes":
		return true, nil
	case "", "0", "false", "off", "no":
		return false, nil
	}
	return false, fmt.Errorf("%s must be 1, true, on or yes, or 0, false, off or no (got %q)", name, getenv(name))
}

// positiveDuration reads a Go duration such as "30m"; unset gives def, a bad
// or non-positive value an error naming the variable.
func positiveDuration(getenv func(string) string, name string, def time.Duration) (time.Duration, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s must be a positive duration such as 30m or 1h (got %q)", name, v)
	}
	return d, nil
}
