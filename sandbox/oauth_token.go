package sandbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// handleToken serves POST /oauth/token: authorization_code and refresh_token
// grants (docs/LEVER_API.md §1.2, §1.3). Errors use OAuth's {"error","error_description"}.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.tokenCalls++
	s.mu.Unlock()
	form, err := tokenForm(r)
	if err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	clientID, secret := form.Get("client_id"), form.Get("client_secret")
	if u, p, ok := r.BasicAuth(); ok {
		clientID, secret = u, p
	}
	if clientID != s.opts.ClientID || subtle.ConstantTimeCompare([]byte(secret), []byte(s.opts.ClientSecret)) != 1 {
		oauthError(w, http.StatusUnauthorized, "access_denied", "Unauthorized")
		return
	}
	switch form.Get("grant_type") {
	case "authorization_code":
		s.exchangeCode(w, r, clientID, form)
	case "refresh_token":
		s.exchangeRefresh(w, r, clientID, form.Get("refresh_token"))
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "Unsupported grant type: "+form.Get("grant_type"))
	}
}

func tokenForm(r *http.Request) (url.Values, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var m map[string]any
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			return nil, err
		}
		v := url.Values{}
		for k, x := range m {
			if str, ok := x.(string); ok {
				v.Set(k, str)
			}
		}
		return v, nil
	}
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return r.PostForm, nil
}

func (s *Server) exchangeCode(w http.ResponseWriter, r *http.Request, clientID string, form url.Values) {
	s.mu.Lock()
	c := s.codes[form.Get("code")]
	delete(s.codes, form.Get("code"))
	if c == nil || s.now().After(c.expires) || c.clientID != clientID {
		s.mu.Unlock()
		oauthError(w, http.StatusForbidden, "invalid_grant", "Invalid authorization code")
		return
	}
	if c.redirectURI != form.Get("redirect_uri") {
		s.mu.Unlock()
		oauthError(w, http.StatusForbidden, "invalid_grant", "Invalid redirect URI")
		return
	}
	if c.codeChallenge != "" && !pkceMatches(c.codeChallenge, form.Get("code_verifier")) {
		s.mu.Unlock()
		oauthError(w, http.StatusForbidden, "invalid_grant", "Invalid code_verifier (PKCE)")
		return
	}
	a := s.accounts[c.account]
	g := &grant{id: newUUID(), account: c.account, clientID: clientID, userID: a.userByRole("super admin"),
		scopes: c.scopes, created: s.now(), lastRefresh: s.now()}
	s.grants[g.id] = g
	tok := s.issueLocked(g, s.baseURL(r))
	s.mu.Unlock()
	writeToken(w, tok)
}

func (s *Server) exchangeRefresh(w http.ResponseWriter, r *http.Request, clientID, rt string) {
	s.mu.Lock()
	ref := s.refresh[rt]
	var g *grant
	if ref != nil {
		g = ref.grant
	}
	now := s.now()
	switch {
	case ref == nil || g.revoked || g.clientID != clientID:
		ref = nil
	case ref.used:
		// Reuse of a rotated refresh token: Auth0 revokes the whole family.
		g.revoked = true
		s.log.Warn("sandbox: refresh token reused, grant revoked", "account", g.account)
		ref = nil
	case now.Sub(g.created) > refreshMaxAge || now.Sub(g.lastRefresh) > refreshMaxIdle:
		g.revoked = true
		ref = nil
	}
	if ref == nil {
		s.mu.Unlock()
		oauthError(w, http.StatusForbidden, "invalid_grant", "Unknown or invalid refresh token.")
		return
	}
	ref.used = true
	g.lastRefresh = now
	tok := s.issueLocked(g, s.baseURL(r))
	s.mu.Unlock()
	writeToken(w, tok)
}

// issueLocked mints an access token (and a refresh token with offline_access).
func (s *Server) issueLocked(g *grant, base string) Token {
	now := s.now()
	exp := now.Add(s.opts.AccessTokenTTL)
	claims := map[string]any{
		"https://oauth.lever.co/accountId": g.account,
		"https://oauth.lever.co/userId":    g.userID,
		"https://oauth.lever.co/clientId":  g.clientID,
		"iss":                              base + "/",
		"sub":                              g.clientID + "@clients",
		"aud":                              base + "/v1/",
		"iat":                              now.Unix(),
		"exp":                              exp.Unix(),
		"azp":                              g.clientID,
		"scope":                            strings.Join(g.scopes, " "),
		"jti":                              newUUID(),
	}
	at := s.signJWT(claims)
	s.access[at] = &accessToken{grant: g, expires: exp}
	tok := Token{AccessToken: at, TokenType: "Bearer", Scope: strings.Join(g.scopes, " "),
		ExpiresIn: max(int64(s.opts.AccessTokenTTL/time.Second), 1)}
	if slices.Contains(g.scopes, scopeOffline) {
		tok.RefreshToken = "v1." + base64.RawURLEncoding.EncodeToString(randomBytes(48))
		s.refresh[tok.RefreshToken] = &refreshToken{grant: g}
	}
	return tok
}

func (s *Server) signJWT(claims map[string]any) string {
	header, _ := json.Marshal(map[string]string{"alg": "HS256", "typ": "JWT", "kid": "sandbox"})
	payload, _ := json.Marshal(claims)
	enc := base64.RawURLEncoding
	msg := enc.EncodeToString(header) + "." + enc.EncodeToString(payload)
	mac := hmac.New(sha256.New, s.jwtKey)
	mac.Write([]byte(msg))
	return msg + "." + enc.EncodeToString(mac.Sum(nil))
}

func writeToken(w http.ResponseWriter, t Token) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, t)
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}
