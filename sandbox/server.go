// Package sandbox is a simulated Lever served in-process: an OAuth authorize
// page and token endpoint, the subset of the /v1 Data API the integration
// uses, and a pipeline page where a person moves candidates between stages,
// which sends signed webhooks. The demo mounts it under /sandbox/lever/ and
// tests serve it with httptest. Behaviour follows docs/LEVER_API.md;
// the section is named where it matters.
package sandbox

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// DemoAccountID is the id of the account New seeds; EUDemoAccountID the
// one it seeds with Options.DataCentre "eu".
const (
	DemoAccountID   = "acct-sandbox-demo"
	EUDemoAccountID = "acct-sandbox-eu-demo"
)

// Options configure a Server. Zero values select the documented defaults.
type Options struct {
	// BaseURL is the external URL where Handler is mounted, e.g.
	// "http://localhost:8080/sandbox/lever". It makes links (urls.show …) and
	// the expected OAuth audience (BaseURL+"/v1/"). Empty: derived per request
	// from the Host header and the mount prefix.
	BaseURL string
	// ClientID and ClientSecret are the accepted OAuth client credentials;
	// defaults "sandbox-client" / "sandbox-secret".
	ClientID, ClientSecret string
	// RedirectURIs, when set, are the only accepted redirect_uri values
	// (exact match); empty accepts any absolute http(s) URL.
	RedirectURIs []string
	// HTTPClient sends webhook deliveries; default a client with a 10s timeout.
	HTTPClient *http.Client
	// AccessTokenTTL is the access token lifetime; default 1h (docs/LEVER_API.md §1.3).
	AccessTokenTTL time.Duration
	// Logger receives deliveries, faults and grants; default discards.
	Logger *slog.Logger
	// Now is the clock for data timestamps and token expiry; default time.Now.
	// Rate limiting, hangs and webhook retry gaps always use the real clock.
	Now func() time.Time
	// WebhookRetryBase is the first gap between delivery retries; Lever retries
	// a failed delivery 5 times with gaps base, 2*base, 4*base … (§3.4). Default 1s.
	WebhookRetryBase time.Duration
	// DisableRateLimit turns off the per-account token bucket (10 rps, burst 20, §5).
	DisableRateLimit bool
	// WebhookURLPrefix, when set, is the only place webhooks may point to and
	// be delivered to (the app's own receiver, e.g.
	// "https://app.example/webhooks/lever/"); empty allows any http(s) URL.
	WebhookURLPrefix string
	// RequirePKCE refuses authorize requests without an S256 code_challenge
	// (RFC 7636). A code issued with a challenge always needs its verifier.
	RequirePKCE bool
	// DataCentre is "" (or "us") for Lever's US data centre, "eu" for a
	// server that plays the EU one: its account ids start with
	// "acct-sandbox-eu-" (EUDemoAccountID first) and its pages say EU. Each
	// Server has its own accounts and tokens, so a token of one is refused
	// by the other, as between Lever's data centres (docs/LEVER_API.md §0).
	DataCentre string
}

// Server is a simulated Lever. All methods are safe for concurrent use.
type Server struct {
	opts      Options
	log       *slog.Logger
	now       func() time.Time
	mux       *http.ServeMux
	jwtKey    []byte
	offsetKey []byte
	ctx       context.Context
	cancel    context.CancelFunc

	mu           sync.Mutex
	accounts     map[string]*account
	accountOrder []string
	codes        map[string]*authCode
	grants       map[string]*grant
	access       map[string]*accessToken
	refresh      map[string]*refreshToken
	tokenCalls   int
	deliveries   []DeliveryRecord
	inflight     int
	idle         chan struct{}

	faults faultState
}

// account is one simulated Lever organisation; guarded by Server.mu.
type account struct {
	id, name        string
	stages          []Stage
	postings        []*Posting
	opps            []*Opportunity
	users           []User
	archiveReasons  []ArchiveReason
	webhooks        []*Webhook
	webhooksEnabled bool
	calls           []Call
	window          []time.Time
	rpsMax          int
	bucket          bucket
}

// New returns a Server with one seeded account, DemoAccountID ("Sandbox Co"),
// or EUDemoAccountID ("Sandbox Co EU") with DataCentre "eu".
func New(opts Options) *Server {
	if opts.ClientID == "" {
		opts.ClientID = "sandbox-client"
	}
	if opts.ClientSecret == "" {
		opts.ClientSecret = "sandbox-secret"
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if opts.AccessTokenTTL <= 0 {
		opts.AccessTokenTTL = time.Hour
	}
	if opts.WebhookRetryBase <= 0 {
		opts.WebhookRetryBase = time.Second
	}
	opts.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	s := &Server{
		opts:      opts,
		log:       opts.Logger,
		now:       opts.Now,
		jwtKey:    randomBytes(32),
		offsetKey: randomBytes(32),
		accounts:  map[string]*account{},
		codes:     map[string]*authCode{},
		grants:    map[string]*grant{},
		access:    map[string]*accessToken{},
		refresh:   map[string]*refreshToken{},
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.mu.Lock()
	s.addAccountLocked(s.DemoAccount(), "Sandbox Co"+s.nameSuffix())
	s.mu.Unlock()
	s.routes()
	return s
}

// Handler returns the sandbox's routes, relative to the mount point.
func (s *Server) Handler() http.Handler { return s.mux }

// NewAccount adds a freshly seeded account named name and returns its id
// (for multi-organisation tests and the authorize page's "a new account").
func (s *Server) NewAccount(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := fmt.Sprintf("%s%d", s.idPrefix(), len(s.accountOrder)+1)
	for s.accounts[id] != nil {
		id += "x"
	}
	if name == "" {
		name = fmt.Sprintf("Sandbox Co %d%s", len(s.accountOrder)+1, s.nameSuffix())
	}
	s.addAccountLocked(id, name)
	return id
}

func (s *Server) addAccountLocked(id, name string) {
	a := seedAccount(id, name)
	a.webhooksEnabled = true
	s.accounts[id] = a
	s.accountOrder = append(s.accountOrder, id)
}

// Close stops webhook retries and waits for in-flight deliveries to end.
func (s *Server) Close() {
	s.cancel()
	_ = s.WaitDeliveries(context.Background())
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", s.handleIndex)
	m.HandleFunc("GET /authorize", s.handleAuthorizeForm)
	m.HandleFunc("POST /authorize", s.handleAuthorizeDecision)
	m.HandleFunc("POST /oauth/token", s.handleToken)
	m.HandleFunc("GET /candidates/{id}", s.handleCandidateLink)
	m.HandleFunc("GET /pipeline", s.handlePipeline)
	m.HandleFunc("POST /pipeline/move", s.handlePipelineMove)
	m.HandleFunc("POST /pipeline/archive", s.handlePipelineArchive)
	m.HandleFunc("POST /pipeline/delete", s.handlePipelineDelete)
	m.HandleFunc("POST /pipeline/candidates", s.handlePipelineAddCandidate)
	m.HandleFunc("POST /pipeline/webhooks-enabled", s.handlePipelineWebhooksEnabled)
	m.HandleFunc("POST /pipeline/users/active", s.handlePipelineUserActive)
	m.HandleFunc("POST /pipeline/webhooks", s.handlePipelineWebhookCreate)
	m.HandleFunc("POST /pipeline/webhooks/delete", s.handlePipelineWebhookDelete)
	m.HandleFunc("POST /pipeline/webhooks/test", s.handlePipelineWebhookTest)

	api := func(pattern, scope string, h apiHandler) { m.Handle(pattern, s.api(scope, h)) }
	api("GET /v1/opportunities", scopeOppRead, s.apiListOpportunities)
	api("GET /v1/opportunities/{id}", scopeOppRead, s.apiGetOpportunity)
	api("PUT /v1/opportunities/{id}/stage", scopeOppWrite, s.apiMoveStage)
	api("POST /v1/opportunities/{id}/addTags", scopeOppWrite, s.apiAddTags)
	api("POST /v1/opportunities/{id}/removeTags", scopeOppWrite, s.apiRemoveTags)
	api("GET /v1/opportunities/{id}/notes", "notes:read:admin", s.apiListNotes)
	api("GET /v1/opportunities/{id}/notes/{note}", "notes:read:admin", s.apiGetNote)
	api("POST /v1/opportunities/{id}/notes", "notes:write:admin", s.apiCreateNote)
	api("PUT /v1/opportunities/{id}/notes/{note}", "notes:write:admin", s.apiUpdateNote)
	api("DELETE /v1/opportunities/{id}/notes/{note}", "notes:write:admin", s.apiDeleteNote)
	api("GET /v1/opportunities/{id}/files", "files:read:admin", s.apiListFiles)
	api("POST /v1/opportunities/{id}/files", "files:write:admin", s.apiUploadFile)
	api("GET /v1/stages", "stages:read:admin", s.apiListStages)
	api("GET /v1/stages/{id}", "stages:read:admin", s.apiGetStage)
	api("GET /v1/postings", "postings:read:admin", s.apiListPostings)
	api("GET /v1/postings/{id}", "postings:read:admin", s.apiGetPosting)
	api("GET /v1/webhooks", "webhooks:read:admin", s.apiListWebhooks)
	api("POST /v1/webhooks", "webhooks:write:admin", s.apiCreateWebhook)
	api("DELETE /v1/webhooks/{id}", "webhooks:write:admin", s.apiDeleteWebhook)
	api("GET /v1/users", "users:read:admin", s.apiListUsers)
	api("GET /v1/users/{id}", "users:read:admin", s.apiGetUser)
	api("GET /v1/tags", "tags:read:admin", s.apiListTags)
	api("GET /v1/archive_reasons", "archive_reasons:read:admin", s.apiListArchiveReasons)
	api("/v1/", "", func(w http.ResponseWriter, r *http.Request, _ *apiCtx) {
		apiError(w, http.StatusNotFound, "ResourceNotFound", "Unknown route "+r.Method+" "+r.URL.Path)
	})
	s.mux = m
}

// handleIndex serves GET / by sending the visitor to the pipeline page.
func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	redirect(w, mountPrefix(r)+"/pipeline", http.StatusFound)
}

// handleCandidateLink serves GET /candidates/{id}, the target of urls.show.
func (s *Server) handleCandidateLink(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.mu.Lock()
	acct := ""
	for _, aid := range s.accountOrder {
		if o := s.accounts[aid].opp(id); o != nil {
			acct = aid
			break
		}
	}
	s.mu.Unlock()
	if acct == "" {
		http.Error(w, "candidate not found", http.StatusNotFound)
		return
	}
	redirect(w, mountPrefix(r)+"/pipeline?account="+url.QueryEscape(acct)+"#candidate-"+url.PathEscape(id), http.StatusFound)
}

// baseURL is Options.BaseURL, or the URL this request reached the mount point at.
func (s *Server) baseURL(r *http.Request) string {
	if s.opts.BaseURL != "" {
		return s.opts.BaseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "http" || p == "https" {
		scheme = p
	}
	return scheme + "://" + r.Host + mountPrefix(r)
}

// mountPrefix is the path the handler is mounted under ("" at the root,
// "/sandbox/lever" behind http.StripPrefix), from RequestURI vs URL.Path.
func mountPrefix(r *http.Request) string {
	p := r.RequestURI
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	if u, err := url.Parse(p); err == nil && u.Path != "" {
		p = u.Path
	}
	if strings.HasSuffix(p, r.URL.Path) {
		return strings.TrimRight(strings.TrimSuffix(p, r.URL.Path), "/")
	}
	return ""
}

func redirect(w http.ResponseWriter, location string, code int) {
	w.Header().Set("Location", location)
	w.WriteHeader(code)
}

func (a *account) opp(id string) *Opportunity {
	for _, o := range a.opps {
		if o.ID == id && !o.deleted {
			return o
		}
	}
	return nil
}

func (a *account) stage(id string) (Stage, int, bool) {
	for i, st := range a.stages {
		if st.ID == id {
			return st, i, true
		}
	}
	return Stage{}, -1, false
}

func (a *account) posting(id string) *Posting {
	for _, p := range a.postings {
		if p.ID == id {
			return p
		}
	}
	return nil
}

func (a *account) user(id string) *User {
	for i := range a.users {
		if a.users[i].ID == id {
			return &a.users[i]
		}
	}
	return nil
}

func (a *account) userByRole(role string) string {
	for _, u := range a.users {
		if u.AccessRole == role && u.DeactivatedAt == 0 {
			return u.ID
		}
	}
	return ""
}

func (s *Server) nowMS() int64 { return s.now().UnixMilli() }

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return b
}

// randomHex returns n random lowercase hex characters.
func randomHex(n int) string { return hex.EncodeToString(randomBytes((n + 1) / 2))[:n] }

// newUUID returns a random version-4 UUID.
func newUUID() string { return formatUUID(randomBytes(16)) }

// seedID returns a UUID derived from its parts, so seeded data is deterministic.
func seedID(parts ...any) string {
	h := sha256.Sum256([]byte(fmt.Sprint(parts...)))
	return formatUUID(h[:16])
}

func formatUUID(b []byte) string {
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// apiError writes Lever's error body {"code","message"} (docs/LEVER_API.md §5).
func apiError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]string{"code": code, "message": msg})
}

func nz[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}
