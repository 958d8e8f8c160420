package sandbox

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Scopes lists every scope name Lever knows (docs/LEVER_API.md §1.5).
var Scopes = []string{
	"offline_access",
	"applications:read:admin", "archive_reasons:read:admin", "audit_events:read:admin", "confidential:access:admin",
	"contact:read:admin", "contact:write:admin", "diversity_surveys:read:admin", "eeo_responses:read:admin",
	"eeo_responses_pii:read:admin", "feedback:read:admin", "feedback:write:admin", "feedback_templates:read:admin",
	"feedback_templates:write:admin", "files:read:admin", "files:write:admin", "forms:read:admin", "forms:write:admin",
	"form_templates:read:admin", "form_templates:write:admin", "groups:read:admin", "groups:write:admin",
	"interviews:read:admin", "interviews:write:admin", "notes:read:admin", "notes:write:admin", "offers:read:admin",
	"opportunities:read:admin", "opportunities:write:admin", "panels:read:admin", "panels:write:admin",
	"permissions:read:admin", "permissions:write:admin", "postings:read:admin", "postings:write:admin",
	"referrals:read:admin", "requisitions:read:admin", "requisitions:write:admin", "requisition_fields:read:admin",
	"requisition_fields:write:admin", "resumes:read:admin", "roles:read:admin", "roles:write:admin",
	"sources:read:admin", "stages:read:admin", "tags:read:admin", "tasks:read:admin", "uploads:write:admin",
	"users:read:admin", "users:write:admin", "webhooks:read:admin", "webhooks:write:admin",
}

const (
	scopeOppRead      = "opportunities:read:admin"
	scopeOppWrite     = "opportunities:write:admin"
	scopeConfidential = "confidential:access:admin"
	scopeOffline      = "offline_access"
	codeTTL           = 10 * time.Minute
	refreshMaxAge     = 365 * 24 * time.Hour
	refreshMaxIdle    = 90 * 24 * time.Hour
)

// authCode is a one-time authorization code (docs/LEVER_API.md §1.1).
type authCode struct {
	clientID, redirectURI, account string
	codeChallenge                  string // RFC 7636 S256 challenge; "" without PKCE
	scopes                         []string
	expires                        time.Time
}

// grant is one authorization: a family of access and refresh tokens.
type grant struct {
	id, account, clientID, userID string
	scopes                        []string
	created, lastRefresh          time.Time
	revoked                       bool
}

// has reports whether the grant allows scope; a write scope implies its read.
func (g *grant) has(scope string) bool {
	if slices.Contains(g.scopes, scope) {
		return true
	}
	if base, ok := strings.CutSuffix(scope, ":read:admin"); ok {
		return slices.Contains(g.scopes, base+":write:admin")
	}
	return false
}

type accessToken struct {
	grant   *grant
	expires time.Time
}

type refreshToken struct {
	grant *grant
	used  bool
}

// Token is a token endpoint answer (docs/LEVER_API.md §1.2): ExpiresIn in seconds,
// RefreshToken empty unless offline_access was granted.
type Token struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token,omitempty"`
	TokenType    string `json:"token_type"`
	Scope        string `json:"scope"`
	ExpiresIn    int64  `json:"expires_in"`
}

// authorizeParams are the query (GET) or form (POST) fields of /authorize.
type authorizeParams struct {
	ClientID, RedirectURI, ResponseType, State, Scope, Audience string
	CodeChallenge, CodeChallengeMethod                          string
}

func readAuthorizeParams(v url.Values) authorizeParams {
	return authorizeParams{
		ClientID: v.Get("client_id"), RedirectURI: v.Get("redirect_uri"), ResponseType: v.Get("response_type"),
		State: v.Get("state"), Scope: v.Get("scope"), Audience: v.Get("audience"),
		CodeChallenge: v.Get("code_challenge"), CodeChallengeMethod: v.Get("code_challenge_method"),
	}
}

// validate returns a message describing why the request is refused, or "".
func (s *Server) validateAuthorize(r *http.Request, p authorizeParams) string {
	switch {
	case p.ClientID == "":
		return "client_id is missing."
	case p.ClientID != s.opts.ClientID:
		return "Unknown client_id " + p.ClientID + "."
	case p.ResponseType != "code":
		return "response_type must be \"code\"."
	case p.RedirectURI == "":
		return "redirect_uri is missing."
	case p.State == "":
		return "state is missing (Lever requires it, docs/LEVER_API.md §1.1)."
	case p.CodeChallenge == "" && s.opts.RequirePKCE:
		return "code_challenge is missing: this sandbox requires PKCE (RFC 7636, method S256)."
	case p.CodeChallenge != "" && p.CodeChallengeMethod != "S256":
		return "code_challenge_method must be S256."
	}
	u, err := url.Parse(p.RedirectURI)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "redirect_uri must be an absolute http(s) URL."
	}
	if len(s.opts.RedirectURIs) > 0 && !slices.Contains(s.opts.RedirectURIs, p.RedirectURI) {
		return "redirect_uri " + p.RedirectURI + " is not registered for this app."
	}
	if want := s.baseURL(r) + "/v1/"; p.Audience != want {
		return "audience must be " + want + " (the Data API base with a trailing slash); got " + strconvQuote(p.Audience) + "."
	}
	return ""
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }

// splitScopes returns the known requested scopes and the unknown ones.
func splitScopes(scope string) (known, unknown []string) {
	for _, sc := range strings.Fields(scope) {
		switch {
		case slices.Contains(known, sc) || slices.Contains(unknown, sc):
		case slices.Contains(Scopes, sc):
			known = append(known, sc)
		default:
			unknown = append(unknown, sc)
		}
	}
	return known, unknown
}

// handleAuthorizeForm serves GET /authorize: the consent page (docs/LEVER_API.md §1.1).
func (s *Server) handleAuthorizeForm(w http.ResponseWriter, r *http.Request) {
	p := readAuthorizeParams(r.URL.Query())
	if msg := s.validateAuthorize(r, p); msg != "" {
		s.renderError(w, r, http.StatusBadRequest, "Invalid authorization request", msg)
		return
	}
	known, unknown := splitScopes(p.Scope)
	page := consentPage{Prefix: mountPrefix(r), DataCentre: s.dataCentre(), Params: p, Unknown: unknown}
	for _, sc := range known {
		page.Scopes = append(page.Scopes, scopeRow{Name: sc, Description: describeScope(sc)})
	}
	s.mu.Lock()
	for _, id := range s.accountOrder {
		page.Accounts = append(page.Accounts, accountOption{ID: id, Name: s.accounts[id].name})
	}
	s.mu.Unlock()
	s.render(w, http.StatusOK, "authorize.html", page)
}

// handleAuthorizeDecision serves POST /authorize: Accept or Deny (docs/LEVER_API.md §1.1).
func (s *Server) handleAuthorizeDecision(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "Invalid authorization request", err.Error())
		return
	}
	p := readAuthorizeParams(r.PostForm)
	if msg := s.validateAuthorize(r, p); msg != "" {
		s.renderError(w, r, http.StatusBadRequest, "Invalid authorization request", msg)
		return
	}
	target, _ := url.Parse(p.RedirectURI)
	q := target.Query()
	q.Set("state", p.State)
	if r.PostForm.Get("decision") != "accept" {
		q.Set("error", "access_denied")
		q.Set("error_description", "The user denied access to your application.")
		target.RawQuery = q.Encode()
		redirect(w, target.String(), http.StatusFound)
		return
	}
	acct := r.PostForm.Get("account")
	if acct == "new" {
		acct = s.NewAccount("")
	}
	known, _ := splitScopes(p.Scope)
	code := randomHex(40)
	s.mu.Lock()
	if s.accounts[acct] == nil {
		s.mu.Unlock()
		s.renderError(w, r, http.StatusBadRequest, "Invalid authorization request", "Unknown account "+acct+".")
		return
	}
	s.codes[code] = &authCode{clientID: p.ClientID, redirectURI: p.RedirectURI, account: acct,
		scopes: known, expires: s.now().Add(codeTTL), codeChallenge: p.CodeChallenge}
	s.mu.Unlock()
	s.log.Info("sandbox: authorization granted", "account", acct, "scopes", strings.Join(known, " "))
	q.Set("code", code)
	target.RawQuery = q.Encode()
	redirect(w, target.String(), http.StatusFound)
}

// describeScope returns a human phrase for a scope on the consent page.
func describeScope(sc string) string {
	if sc == scopeOffline {
		return "Stay connected (refresh token)"
	}
	if sc == scopeConfidential {
		return "Access confidential postings and candidates"
	}
	parts := strings.Split(sc, ":")
	res := strings.ReplaceAll(parts[0], "_", " ")
	verb := "Read"
	if len(parts) > 1 && parts[1] == "write" {
		verb = "Read and write"
	}
	return verb + " " + res
}
