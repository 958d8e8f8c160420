package sandbox

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/url"
	"strings"
)

// accountPrefix starts every account id the sandbox makes (DemoAccountID,
// NewAccount), so the app can tell sandbox connections from real Lever ones.
const accountPrefix = "acct-sandbox-"

// IsSandboxAccount reports whether a Lever account id was made by a sandbox
// (real Lever account ids are UUIDs).
func IsSandboxAccount(accountID string) bool { return strings.HasPrefix(accountID, accountPrefix) }

// webhookURLAllowed reports whether webhooks may be sent to rawURL: with
// Options.WebhookURLPrefix set, only URLs under it (the app's own webhook
// receiver), so the sandbox cannot be used to reach other hosts or ports.
func (s *Server) webhookURLAllowed(rawURL string) bool {
	p := s.opts.WebhookURLPrefix
	if p == "" {
		return true
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.RawQuery != "" || u.Fragment != "" || u.User != nil || strings.Contains(u.Path, "..") {
		return false
	}
	return strings.HasPrefix(rawURL, p) && len(rawURL) > len(p)
}

// maskURL shows a URL without its last path segment's secret part (our
// webhook key): the first 4 characters and "…". Other people using the same
// sandbox must not learn another organization's webhook URL.
func maskURL(raw string) string {
	i := strings.LastIndexByte(raw, '/')
	if i < 0 || len(raw)-i-1 <= 4 {
		return raw
	}
	return raw[:i+5] + "…"
}

// maskToken hides a signature token on pages: it is shown once, to the
// person who adds a webhook by hand.
func maskToken(t string) string {
	if len(t) <= 4 {
		return "…"
	}
	return t[:4] + "…"
}

// pkceMatches checks an RFC 7636 S256 code verifier against the challenge
// sent on the authorize request: BASE64URL(SHA256(verifier)) == challenge.
func pkceMatches(challenge, verifier string) bool {
	if len(verifier) < 43 || len(verifier) > 128 {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	want := base64.RawURLEncoding.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(want), []byte(challenge)) == 1
}
