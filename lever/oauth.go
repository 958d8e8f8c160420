package lever

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/oauth2"
)

// DefaultScopes is the space-separated OAuth scope list we request (docs/LEVER_API.md §1.5).
// offline_access is what makes Lever return a refresh token.
const DefaultScopes = "offline_access opportunities:read:admin opportunities:write:admin notes:read:admin notes:write:admin stages:read:admin postings:read:admin tags:read:admin webhooks:read:admin webhooks:write:admin users:read:admin applications:read:admin confidential:access:admin files:read:admin files:write:admin"

// ScopeInfo is one OAuth scope with the human reason we ask for it.
type ScopeInfo struct {
	Scope string
	Why   string
}

// scopeWhy holds the reason shown in the "Begin setup" modal for each scope of DefaultScopes.
var scopeWhy = map[string]string{
	"offline_access":            "Keep the connection working after the first hour without asking you to sign in again (refresh token).",
	"opportunities:read:admin":  "Read a candidate's current stage, tags and job when Lever tells us the candidate moved.",
	"opportunities:write:admin": "Move the candidate to Scheduled or a result stage and add our tags.",
	"notes:read:admin":          "Check our own earlier notes so a retried update is never posted twice.",
	"notes:write:admin":         "Post scheduling updates and interview results as notes on the candidate.",
	"stages:read:admin":         "List your pipeline stages so you can choose which ones trigger an interview.",
	"postings:read:admin":       "List your job postings so you can choose an interview profile per job.",
	"tags:read:admin":           "List existing tags so our tags match the ones your team already uses.",
	"webhooks:read:admin":       "See the webhooks we registered so the connection can be checked and repaired.",
	"webhooks:write:admin":      "Register (and on disconnect remove) the stage-change webhook that starts interviews.",
	"users:read:admin":          "Match your recruiters to Lever users so notes and moves are attributed correctly.",
	"applications:read:admin":   "Find which job posting a candidate applied to, to pick the right interview.",
	"confidential:access:admin": "Include confidential jobs and candidates; without it they are invisible to the integration.",
	"files:read:admin":          "Check our own earlier uploads so a retried report upload is never attached twice.",
	"files:write:admin":         "Attach the PDF interview report to the candidate when an interview is completed.",
}

// ScopeDescriptions returns every scope of DefaultScopes, in order, with the reason we request it.
func ScopeDescriptions() []ScopeInfo {
	scopes := strings.Fields(DefaultScopes)
	out := make([]ScopeInfo, 0, len(scopes))
	for _, s := range scopes {
		out = append(out, ScopeInfo{Scope: s, Why: scopeWhy[s]})
	}
	return out
}

// Hosts are the OAuth server and data API base of one Lever environment (docs/LEVER_API.md §0).
// AuthURL has no trailing slash (e.g. https://auth.lever.co); APIURL is the /v1 base
// without trailing slash (e.g. https://api.lever.co/v1).
type Hosts struct {
	AuthURL string
	APIURL  string
}

// HostsFor returns the hosts of env, "production" or "sandbox"; any other value is an error.
func HostsFor(env string) (Hosts, error) {
	switch strings.ToLower(strings.TrimSpace(env)) {
	case "production":
		return Hosts{AuthURL: "https://auth.lever.co", APIURL: "https://api.lever.co/v1"}, nil
	case "sandbox":
		return Hosts{AuthURL: "https://sandbox-lever.auth0.com", APIURL: "https://api.sandbox.lever.co/v1"}, nil
	}
	return Hosts{}, fmt.Errorf("lever: unknown environment %q (want production or sandbox)", env)
}

// OAuthConfig returns the authorization-code config for Lever (docs/LEVER_API.md §1): authorize at
// hosts.AuthURL+"/authorize", tokens at hosts.AuthURL+"/oauth/token" with the client
// credentials in the form body, scopes from DefaultScopes.
func OAuthConfig(clientID, clientSecret string, hosts Hosts, redirectURL string) *oauth2.Config {
	auth := strings.TrimRight(hosts.AuthURL, "/")
	return &oauth2.Config{
		ClientID:     clientID,
		ClientSecret: clientSecret,
		RedirectURL:  redirectURL,
		Scopes:       strings.Fields(DefaultScopes),
		Endpoint: oauth2.Endpoint{
			AuthURL:   auth + "/authorize",
			TokenURL:  auth + "/oauth/token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

// AuthCodeURL returns the browser URL of Lever's consent screen with state, response_type=code
// and audience=hosts.APIURL+"/" (the trailing slash is required, docs/LEVER_API.md §1.1); extra
// adds parameters such as oauth2.S256ChallengeOption (PKCE, RFC 7636).
func AuthCodeURL(cfg *oauth2.Config, hosts Hosts, state string, extra ...oauth2.AuthCodeOption) string {
	opts := append([]oauth2.AuthCodeOption{
		oauth2.SetAuthURLParam("audience", strings.TrimRight(hosts.APIURL, "/")+"/"),
		oauth2.SetAuthURLParam("response_type", "code"),
	}, extra...)
	return cfg.AuthCodeURL(state, opts...)
}

// Claim names in Lever access tokens (docs/LEVER_API.md §1.2).
const (
	claimAccountID = "https://oauth.lever.co/accountId"
	claimUserID    = "https://oauth.lever.co/userId"
)

// AccountID returns the Lever account id claim of an access-token JWT, read without verifying
// the signature (Lever's API does that), or "" when the token is not a JWT or lacks the claim.
func AccountID(accessToken string) string { return jwtClaim(accessToken, claimAccountID) }

// UserID returns the Lever user id claim of an access-token JWT (unverified), or "".
func UserID(accessToken string) string { return jwtClaim(accessToken, claimUserID) }

func jwtClaim(token, name string) string {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return ""
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return ""
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		return ""
	}
	s, _ := claims[name].(string)
	return s
}

// IsInvalidGrant reports whether err (from an oauth2 exchange or refresh, possibly wrapped)
// is an invalid_grant answer: the refresh token is expired, revoked or already rotated, and
// the connection must be re-authorized (docs/LEVER_API.md §1.3). Auth0 uses 403; 400/401 also count.
func IsInvalidGrant(err error) bool {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != "invalid_grant" {
		return false
	}
	return re.Response == nil || re.Response.StatusCode < 500
}
