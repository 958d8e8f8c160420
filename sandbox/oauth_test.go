package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// authorizeQuery is a valid authorize request for a server mounted at base; mod edits it.
func authorizeQuery(base string, mod func(url.Values)) url.Values {
	q := url.Values{"client_id": {"sandbox-client"}, "redirect_uri": {"https://app.example/oauth/lever/callback?x=1"},
		"response_type": {"code"}, "state": {`st<"&>ate`}, "scope": {strings.Join(allScopes, " ") + " candidates:read:admin"},
		"audience": {base + "/v1/"}}
	if mod != nil {
		mod(q)
	}
	return q
}

func authorize(t *testing.T, base string, q url.Values, decision, account string) url.Values {
	t.Helper()
	resp, err := http.Get(base + "/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /authorize: %d %s", resp.StatusCode, page)
	}
	form := url.Values{}
	for k, v := range q {
		form[k] = v
	}
	form.Set("decision", decision)
	form.Set("account", account)
	resp, err = noRedirect.PostForm(base+"/authorize", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("POST /authorize: status %d", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != "https://app.example/oauth/lever/callback" {
		t.Fatalf("redirected to %s", got)
	}
	return loc.Query()
}

func postToken(t *testing.T, base string, form url.Values, v any) int {
	t.Helper()
	resp, err := http.PostForm(base+"/oauth/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode
}

func codeForm(code string) url.Values {
	return url.Values{"grant_type": {"authorization_code"}, "client_id": {"sandbox-client"}, "client_secret": {"sandbox-secret"},
		"code": {code}, "redirect_uri": {"https://app.example/oauth/lever/callback?x=1"}}
}

func refreshForm(rt string) url.Values {
	return url.Values{"grant_type": {"refresh_token"}, "client_id": {"sandbox-client"}, "client_secret": {"sandbox-secret"},
		"refresh_token": {rt}}
}

func TestOAuthCodeFlow(t *testing.T) {
	s, _, base := setupMounted(t, Options{})
	q := authorizeQuery(base, nil)

	resp, err := http.Get(base + "/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"<title>Lever (sandbox) — Authorize app</title>", `data-testid="scope-notes:write:admin"`,
		`value="st&lt;&#34;&amp;&gt;ate"`, `action="/sandbox/lever/authorize"`, `value="new"`, DemoAccountID, "candidates:read:admin"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("consent page lacks %q", want)
		}
	}

	cb := authorize(t, base, q, "accept", DemoAccountID)
	if cb.Get("state") != q.Get("state") || cb.Get("code") == "" || cb.Get("x") != "1" {
		t.Fatalf("callback query %v", cb)
	}
	var tok Token
	if status := postToken(t, base, codeForm(cb.Get("code")), &tok); status != http.StatusOK {
		t.Fatalf("token exchange: %d", status)
	}
	if tok.TokenType != "Bearer" || tok.RefreshToken == "" || tok.ExpiresIn != 3600 || !strings.HasPrefix(tok.RefreshToken, "v1.") {
		t.Fatalf("token %+v", tok)
	}
	if strings.Contains(tok.Scope, "candidates:read:admin") || !strings.Contains(tok.Scope, "notes:write:admin") {
		t.Errorf("granted scope %q", tok.Scope)
	}
	claims := jwtClaims(t, tok.AccessToken)
	admin := s.Users(DemoAccountID)[0].ID
	for k, want := range map[string]any{"https://oauth.lever.co/accountId": DemoAccountID, "https://oauth.lever.co/userId": admin,
		"https://oauth.lever.co/clientId": "sandbox-client", "aud": base + "/v1/", "iss": base + "/"} {
		if claims[k] != want {
			t.Errorf("claim %s = %v, want %v", k, claims[k], want)
		}
	}
	if exp, iat := claims["exp"].(float64), claims["iat"].(float64); exp-iat != 3600 {
		t.Errorf("exp-iat = %v", exp-iat)
	}

	c := apiClient{t: t, base: base, token: tok.AccessToken}
	var stages list[Stage]
	c.json("GET", "/v1/stages", nil, 200, &stages)
	if len(stages.Data) != len(seedStages) {
		t.Errorf("got %d stages", len(stages.Data))
	}

	var e oauthErr
	if status := postToken(t, base, codeForm(cb.Get("code")), &e); status != http.StatusForbidden || e.Error != "invalid_grant" {
		t.Errorf("code reuse: %d %+v", status, e)
	}
	if got := s.TokenCalls(); got != 2 {
		t.Errorf("TokenCalls = %d, want 2", got)
	}
}

func TestTokenEndpointErrors(t *testing.T) {
	_, _, base := setupMounted(t, Options{ClientSecret: "s3cret"})
	q := authorizeQuery(base, func(v url.Values) { v.Set("scope", "stages:read:admin") })
	tests := []struct {
		name       string
		form       func(code string) url.Values
		basic      bool
		wantStatus int
		wantError  string
	}{
		{"WrongSecret", func(c string) url.Values { f := codeForm(c); f.Set("client_secret", "nope"); return f }, false, 401, "access_denied"},
		{"UnknownClient", func(c string) url.Values { f := codeForm(c); f.Set("client_id", "other"); return f }, false, 401, "access_denied"},
		{"RedirectMismatch", func(c string) url.Values {
			f := codeForm(c)
			f.Set("client_secret", "s3cret")
			f.Set("redirect_uri", "https://evil.example/cb")
			return f
		}, false, 403, "invalid_grant"},
		{"UnknownCode", func(string) url.Values { f := codeForm("nope"); f.Set("client_secret", "s3cret"); return f }, false, 403, "invalid_grant"},
		{"BadGrantType", func(c string) url.Values {
			f := codeForm(c)
			f.Set("client_secret", "s3cret")
			f.Set("grant_type", "password")
			return f
		}, false, 400, "unsupported_grant_type"},
		{"BasicAuthOK", func(c string) url.Values { f := codeForm(c); f.Del("client_id"); f.Del("client_secret"); return f }, true, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cb := authorize(t, base, q, "accept", DemoAccountID)
			req, _ := http.NewRequest("POST", base+"/oauth/token", strings.NewReader(tt.form(cb.Get("code")).Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.basic {
				req.SetBasicAuth("sandbox-client", "s3cret")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body map[string]any
			_ = json.NewDecoder(resp.Body).Decode(&body)
			if resp.StatusCode != tt.wantStatus || (tt.wantError != "" && body["error"] != tt.wantError) {
				t.Fatalf("status %d body %v, want %d %s", resp.StatusCode, body, tt.wantStatus, tt.wantError)
			}
			if tt.wantStatus == 200 && body["refresh_token"] != nil {
				t.Errorf("refresh_token without offline_access: %v", body)
			}
		})
	}
}

func TestAuthorizeValidation(t *testing.T) {
	_, _, base := setupMounted(t, Options{})
	tests := []struct {
		name string
		mod  func(url.Values)
		want string
	}{
		{"MissingClientID", func(v url.Values) { v.Del("client_id") }, "client_id is missing"},
		{"UnknownClient", func(v url.Values) { v.Set("client_id", "<b>x</b>") }, "Unknown client_id &lt;b&gt;x&lt;/b&gt;"},
		{"ResponseTypeToken", func(v url.Values) { v.Set("response_type", "token") }, "response_type must be"},
		{"NoRedirect", func(v url.Values) { v.Del("redirect_uri") }, "redirect_uri is missing"},
		{"RelativeRedirect", func(v url.Values) { v.Set("redirect_uri", "/cb") }, "absolute http(s) URL"},
		{"NoState", func(v url.Values) { v.Del("state") }, "state is missing"},
		{"NoAudience", func(v url.Values) { v.Del("audience") }, "audience must be"},
		{"AudienceWithoutSlash", func(v url.Values) { v.Set("audience", base+"/v1") }, "audience must be"},
		{"ProductionAudience", func(v url.Values) { v.Set("audience", "https://api.lever.co/v1/") }, "audience must be"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, method := range []string{"GET", "POST"} {
				q := authorizeQuery(base, tt.mod)
				var resp *http.Response
				var err error
				if method == "GET" {
					resp, err = http.Get(base + "/authorize?" + q.Encode())
				} else {
					q.Set("decision", "accept")
					resp, err = noRedirect.PostForm(base+"/authorize", q)
				}
				if err != nil {
					t.Fatal(err)
				}
				page, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(page), tt.want) {
					t.Errorf("%s: status %d, page lacks %q:\n%s", method, resp.StatusCode, tt.want, page)
				}
			}
		})
	}
}

func TestAuthorizeDenyAndNewAccount(t *testing.T) {
	s, _, base := setupMounted(t, Options{})
	cb := authorize(t, base, authorizeQuery(base, nil), "deny", DemoAccountID)
	if cb.Get("error") != "access_denied" || cb.Get("error_description") == "" || cb.Get("state") != `st<"&>ate` || cb.Get("code") != "" {
		t.Errorf("deny callback %v", cb)
	}

	cb = authorize(t, base, authorizeQuery(base, nil), "accept", "new")
	var tok Token
	postToken(t, base, codeForm(cb.Get("code")), &tok)
	acct := jwtClaims(t, tok.AccessToken)["https://oauth.lever.co/accountId"].(string)
	if acct == DemoAccountID || !slices.Contains(s.Accounts(), acct) {
		t.Fatalf("new account %q, accounts %v", acct, s.Accounts())
	}
	if n := len(s.Opportunities(acct)); n != len(seedOpps) {
		t.Errorf("new account has %d opportunities", n)
	}
}

func TestRefreshRotation(t *testing.T) {
	s, _, base := setupMounted(t, Options{})
	cb := authorize(t, base, authorizeQuery(base, nil), "accept", DemoAccountID)
	var t0 Token
	postToken(t, base, codeForm(cb.Get("code")), &t0)

	var t1 Token
	if status := postToken(t, base, refreshForm(t0.RefreshToken), &t1); status != 200 {
		t.Fatalf("refresh: %d", status)
	}
	if t1.RefreshToken == "" || t1.RefreshToken == t0.RefreshToken || t1.AccessToken == t0.AccessToken || t1.Scope != t0.Scope {
		t.Fatalf("refresh did not rotate: %+v", t1)
	}
	c := apiClient{t: t, base: base, token: t1.AccessToken}
	c.json("GET", "/v1/stages", nil, 200, nil)

	// Reusing the rotated token fails and revokes the whole grant.
	var e oauthErr
	if status := postToken(t, base, refreshForm(t0.RefreshToken), &e); status != 403 ||
		e.Error != "invalid_grant" || e.Description != "Unknown or invalid refresh token." {
		t.Fatalf("reuse: %d %+v", status, e)
	}
	if status := postToken(t, base, refreshForm(t1.RefreshToken), &e); status != 403 || e.Error != "invalid_grant" {
		t.Fatalf("after reuse the newest refresh token still works: %d", status)
	}
	var ae apiErr
	c.json("GET", "/v1/stages", nil, 401, &ae)
	if ae.Code != "UnauthorizedError" {
		t.Errorf("revoked access token: %+v", ae)
	}
	if status := postToken(t, base, refreshForm("v1.unknown"), &e); status != 403 || e.Error != "invalid_grant" {
		t.Errorf("unknown refresh token: %d %+v", status, e)
	}
	if got := s.TokenCalls(); got != 5 {
		t.Errorf("TokenCalls = %d, want 5", got)
	}
}

func TestRevokeAndExpire(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	s, ts := setup(t, Options{Now: clock, AccessTokenTTL: time.Minute})

	tok, _ := s.IssueToken(DemoAccountID, "offline_access", "stages:read:admin")
	if tok.ExpiresIn != 60 {
		t.Errorf("expires_in = %d", tok.ExpiresIn)
	}
	c := apiClient{t: t, base: ts.URL, token: tok.AccessToken}
	c.json("GET", "/v1/stages", nil, 200, nil)
	advance(time.Minute)
	c.json("GET", "/v1/stages", nil, 401, nil)

	var fresh Token
	if status := postToken(t, ts.URL, refreshForm(tok.RefreshToken), &fresh); status != 200 {
		t.Fatalf("refresh: %d", status)
	}
	c.token = fresh.AccessToken
	c.json("GET", "/v1/stages", nil, 200, nil)
	s.ExpireAccessTokens()
	c.json("GET", "/v1/stages", nil, 401, nil)

	other := newClient(t, s, ts.URL, s.NewAccount("Other"), "stages:read:admin")
	s.RevokeGrant(DemoAccountID)
	var e oauthErr
	if status := postToken(t, ts.URL, refreshForm(fresh.RefreshToken), &e); status != 403 || e.Error != "invalid_grant" {
		t.Errorf("refresh after revoke: %d %+v", status, e)
	}
	other.json("GET", "/v1/stages", nil, 200, nil) // other accounts are untouched

	for _, h := range []string{"", "Bearer ", "Basic abc", "Bearer nope"} {
		req, _ := http.NewRequest("GET", ts.URL+"/v1/stages", nil)
		if h != "" {
			req.Header.Set("Authorization", h)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 401 {
			t.Errorf("Authorization %q: %d", h, resp.StatusCode)
		}
	}
}
