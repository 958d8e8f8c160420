package sandbox

import (
	"slices"
	"time"
)

// IssueToken grants scopes on account to the configured client without the
// browser flow, as if its super admin had accepted the consent page, and
// returns the token answer (a refresh token only with offline_access). For
// tests; the JWT's iss/aud use Options.BaseURL.
func (s *Server) IssueToken(account string, scopes ...string) (Token, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[account]
	if a == nil {
		return Token{}, false
	}
	g := &grant{id: newUUID(), account: account, clientID: s.opts.ClientID, userID: a.userByRole("super admin"),
		scopes: slices.Clone(scopes), created: s.now(), lastRefresh: s.now()}
	s.grants[g.id] = g
	return s.issueLocked(g, s.opts.BaseURL), true
}

// RevokeGrant makes every access and refresh token of account invalid, as a
// Lever super admin revoking the app in settings (docs/LEVER_API.md §1.4): the Data
// API answers 401 and the token endpoint invalid_grant.
func (s *Server) RevokeGrant(account string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, g := range s.grants {
		if g.account == account {
			g.revoked = true
		}
	}
}

// ExpireAccessTokens makes every access token issued so far expired (401).
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.access {
		t.expires = time.Time{}
	}
}

// TokenCalls returns how many /oauth/token requests were received.
func (s *Server) TokenCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokenCalls
}
