// Package handlers holds every HTTP handler: the admin pages, the OAuth
// flow, the Lever webhook receiver, the JSON API and public report links.
// Routes are all listed in routes.go.
package handlers

import (
	"crypto/rand"
	"log/slog"
	"net/http"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/oauth2"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
)

// Config holds the handlers' dependencies, built once in web/.
type Config struct {
	DB         *models.DB
	Store      *models.Store
	Engine     *leversync.Engine
	Sessions   *SessionStore
	Logger     *slog.Logger
	OAuth      *oauth2.Config
	LeverHosts lever.Hosts
	// LeverRegions are the Lever data centres Begin setup offers, with
	// their hosts; nil: LeverHosts as the only, US, one.
	LeverRegions lever.Regions
	PublicURL    string
	Registry     *prometheus.Registry // /metrics; nil: not served
	Sandbox      http.Handler         // the built-in Lever sandbox, mounted at /sandbox/lever/; nil when a real Lever app is configured
	// WebhookMaxSkew is how far a delivery's triggeredAt may be from now
	// (docs/CONTRACT.md §3: one hour).
	WebhookMaxSkew time.Duration
	Now            func() time.Time
	// MetricsToken guards GET /metrics with "Authorization: Bearer <token>";
	// empty: /metrics answers 404 (docs/CONTRACT.md §5).
	MetricsToken string
	// StateKey signs OAuth states and derives PKCE verifiers; every process
	// of a deployment needs the same key (from SECRET_KEY). Nil: a random
	// key for this process only (tests).
	StateKey []byte
	// PKCE adds an S256 code challenge to the authorize request and the
	// verifier to the token request (LEVER_PKCE, on by default).
	PKCE bool
	// WebhookWarning, when set, is shown on the Lever screen: Lever will not
	// deliver webhooks to PUBLIC_URL (an http:// URL on a non-loopback host).
	WebhookWarning string
	// ClientIPHeader names the header a trusted reverse proxy puts the
	// client's address in (e.g. X-Forwarded-For: its last entry is used);
	// empty: the TCP peer address. Login throttling and logs use it.
	ClientIPHeader string
	// LoginLimits override models.DefaultLoginLimits (tests).
	LoginLimits *models.LoginLimits
	// NotifyEvery is the shortest time between two Needs attention
	// notifications to one organization (shown on the page); 0 = 10 minutes.
	NotifyEvery time.Duration
}

// Handler serves every route; each page is a method.
type Handler struct {
	db        *models.DB
	store     *models.Store
	engine    *leversync.Engine
	sessions  *SessionStore
	log       *slog.Logger
	oauth     *oauth2.Config
	regions   lever.Regions
	publicURL string
	registry  *prometheus.Registry
	sandbox   http.Handler
	maxSkew   time.Duration
	now       func() time.Time
	metrics   *httpMetrics

	metricsToken   string
	stateKey       []byte
	pkce           bool
	webhookWarning string
	secHeaders     securityHeaders
	clientIPHeader string
	loginLimits    models.LoginLimits
	reports        *lru.Cache[string, []byte] // rendered report PDFs by content hash (links.go)
	// notifyEvery: Config.NotifyEvery.
	notifyEvery time.Duration
}

// New returns a Handler.
func New(cfg Config) *Handler {
	if cfg.WebhookMaxSkew == 0 {
		cfg.WebhookMaxSkew = time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.NotifyEvery == 0 {
		cfg.NotifyEvery = 10 * time.Minute
	}
	h := &Handler{
		db: cfg.DB, store: cfg.Store, engine: cfg.Engine, sessions: cfg.Sessions, log: cfg.Logger,
		oauth: cfg.OAuth, regions: cfg.LeverRegions, publicURL: cfg.PublicURL, registry: cfg.Registry,
		sandbox: cfg.Sandbox, maxSkew: cfg.WebhookMaxSkew, now: cfg.Now, reports: newReportCache(),
		metricsToken: cfg.MetricsToken, stateKey: cfg.StateKey, pkce: cfg.PKCE, webhookWarning: cfg.WebhookWarning,
		clientIPHeader: cfg.ClientIPHeader, loginLimits: models.DefaultLoginLimits, notifyEvery: cfg.NotifyEvery,
	}
	if cfg.LoginLimits != nil {
		h.loginLimits = *cfg.LoginLimits
	}
	if h.stateKey == nil {
		h.stateKey = make([]byte, 32)
		if _, err := rand.Read(h.stateKey); err != nil {
			panic(err)
		}
	}
	if h.regions == nil {
		h.regions = lever.Regions{lever.RegionUS: cfg.LeverHosts}
	}
	h.secHeaders = newSecurityHeaders(cfg.PublicURL, h.regions.AuthURLs()...)
	if cfg.Registry != nil {
		h.metrics = newHTTPMetrics(cfg.Registry)
	}
	return h
}

type httpMetrics struct {
	webhooks *prometheus.CounterVec // by result
	requests *prometheus.HistogramVec
}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	m := &httpMetrics{
		webhooks: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lever_webhooks_total", Help: "Lever webhook deliveries by result (accepted, ignored, duplicate, disabled, rejected_*)."}, []string{"result"}),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "http_request_seconds", Help: "HTTP request latency in seconds by route pattern.", Buckets: prometheus.DefBuckets}, []string{"pattern"}),
	}
	reg.MustRegister(m.webhooks, m.requests)
	return m
}

func (m *httpMetrics) webhook(result string) {
	if m != nil {
		m.webhooks.WithLabelValues(result).Inc()
	}
}
