package lever

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

func TestHostsFor(t *testing.T) {
	tests := []struct {
		env     string
		want    Hosts
		wantErr bool
	}{
		{"production", Hosts{"https://auth.lever.co", "https://api.lever.co/v1"}, false},
		{"sandbox", Hosts{"https://sandbox-lever.auth0.com", "https://api.sandbox.lever.co/v1"}, false},
		{"staging", Hosts{}, true},
		{"", Hosts{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			got, err := HostsFor(tt.env)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("HostsFor(%q) = %+v, %v", tt.env, got, err)
			}
		})
	}
}

func TestOAuthConfigAndAuthCodeURL(t *testing.T) {
	hosts, _ := HostsFor("sandbox")
	cfg := OAuthConfig("cid", "secret", hosts, "https://app.example/oauth/lever/callback")
	if cfg.Endpoint.AuthURL != "https://sandbox-lever.auth0.com/authorize" || cfg.Endpoint.TokenURL != "https://sandbox-lever.auth0.com/oauth/token" {
		t.Fatalf("endpoint = %+v", cfg.Endpoint)
	}
	if cfg.Endpoint.AuthStyle != oauth2.AuthStyleInParams {
		t.Fatalf("AuthStyle = %v", cfg.Endpoint.AuthStyle)
	}
	if strings.Join(cfg.Scopes, " ") != DefaultScopes {
		t.Fatalf("Scopes = %v", cfg.Scopes)
	}
	u, err := url.Parse(AuthCodeURL(cfg, hosts, "st4te"))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	want := map[string]string{
		"audience":      "https://api.sandbox.lever.co/v1/",
		"response_type": "code",
		"state":         "st4te",
		"client_id":     "cid",
		"redirect_uri":  "https://app.example/oauth/lever/callback",
		"scope":         DefaultScopes,
	}
	for k, v := range want {
		if got := q.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if len(q["response_type"]) != 1 {
		t.Errorf("response_type sent %d times", len(q["response_type"]))
	}
}

func TestScopeDescriptions(t *testing.T) {
	got := ScopeDescriptions()
	scopes := strings.Fields(DefaultScopes)
	if len(got) != len(scopes) {
		t.Fatalf("%d descriptions for %d scopes", len(got), len(scopes))
	}
	for i, s := range got {
		if s.Scope != scopes[i] || s.Why == "" {
			t.Errorf("description %d = %+v", i, s)
		}
	}
}

// jwt builds an unsigned-looking JWT with the given claims.
func jwt(t *testing.T, claims map[string]any) string {
	t.Helper()
	enc := base64.RawURLEncoding
	payload, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	return enc.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." + enc.EncodeToString(payload) + "." + enc.EncodeToString([]byte("sig"))
}

func TestAccountIDAndUserID(t *testing.T) {
	full := jwt(t, map[string]any{
		"https://oauth.lever.co/accountId": "acct-123",
		"https://oauth.lever.co/userId":    "user-9",
		"iss":                              "https://auth.lever.co/",
		"exp":                              1700003600,
	})
	tests := []struct {
		name, token, account, user string
	}{
		{"OK", full, "acct-123", "user-9"},
		{"MissingClaims", jwt(t, map[string]any{"sub": "x"}), "", ""},
		{"NotJWT", "opaque-token", "", ""},
		{"BadBase64", "a.!!!.c", "", ""},
		{"NonStringClaim", jwt(t, map[string]any{"https://oauth.lever.co/accountId": 5}), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AccountID(tt.token); got != tt.account {
				t.Errorf("AccountID = %q, want %q", got, tt.account)
			}
			if got := UserID(tt.token); got != tt.user {
				t.Errorf("UserID = %q, want %q", got, tt.user)
			}
		})
	}
}

func TestIsInvalidGrantThroughRefresh(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   bool
	}{
		{"Auth0Forbidden", 403, `{"error":"invalid_grant","error_description":"Unknown or invalid refresh token."}`, true},
		{"BadRequest", 400, `{"error":"invalid_grant"}`, true},
		{"Unauthorized", 401, `{"error":"invalid_grant"}`, true},
		{"WrongSecret", 401, `{"error":"access_denied","error_description":"Unauthorized"}`, false},
		{"ServerError", 500, `oops`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tokenSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if err := r.ParseForm(); err != nil {
					t.Error(err)
				}
				if r.URL.Path != "/oauth/token" || r.PostForm.Get("grant_type") != "refresh_token" ||
					r.PostForm.Get("refresh_token") != "v1.old" || r.PostForm.Get("client_id") != "cid" || r.PostForm.Get("client_secret") != "secret" {
					t.Errorf("token request %s %v", r.URL.Path, r.PostForm)
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			}))
			defer tokenSrv.Close()
			var apiHits atomic.Int32
			api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { apiHits.Add(1) }))
			defer api.Close()

			cfg := OAuthConfig("cid", "secret", Hosts{AuthURL: tokenSrv.URL, APIURL: api.URL + "/v1"}, "https://app.example/cb")
			ts := cfg.TokenSource(context.Background(), &oauth2.Token{AccessToken: "old", RefreshToken: "v1.old", Expiry: time.Now().Add(-time.Hour)})
			c := NewClient(api.URL+"/v1", ts, Options{BaseBackoff: time.Millisecond})
			_, err := c.Stages(context.Background())
			if err == nil {
				t.Fatal("Stages succeeded with a failing token source")
			}
			if got := IsInvalidGrant(err); got != tt.want {
				t.Fatalf("IsInvalidGrant(%v) = %v, want %v", err, got, tt.want)
			}
			if tt.want && IsRetryable(err) {
				t.Errorf("invalid_grant must not be retryable: %v", err)
			}
			if !strings.HasPrefix(err.Error(), "lever: GET /stages: get access token: ") {
				t.Errorf("error = %q", err)
			}
			if apiHits.Load() != 0 {
				t.Errorf("API called %d times without a token", apiHits.Load())
			}
		})
	}
}

func TestRegions(t *testing.T) {
	prod, err := RegionsFor("production")
	if err != nil || prod[RegionUS].APIURL != "https://api.lever.co/v1" || prod[RegionEU].APIURL != "https://api.eu.lever.co/v1" ||
		prod[RegionEU].AuthURL != "https://auth.lever.co" {
		t.Fatalf("production regions %+v %v", prod, err)
	}
	if sb, _ := RegionsFor("sandbox"); len(sb.Offered()) != 1 || sb.Offered()[0] != RegionUS {
		t.Fatalf("Lever's sandbox offers %v, want the US only", sb.Offered())
	}
	if got := prod.AuthURLs(); len(got) != 1 {
		t.Fatalf("shared OAuth server listed as %v", got)
	}
	for in, want := range map[string]string{"https://api.lever.co/v1": "hire.lever.co", "https://api.eu.lever.co/v1": "hire.eu.lever.co",
		"http://127.0.0.1:8080/sandbox/lever/v1": "", "https://api.evil-lever.co/v1": ""} {
		if got := WebHost(in); got != want {
			t.Errorf("WebHost(%s) = %q, want %q", in, got, want)
		}
	}
	if r, ok := ParseRegion(" EU "); !ok || r != RegionEU {
		t.Errorf("ParseRegion(EU) = %q %v", r, ok)
	}
	if _, ok := ParseRegion("mars"); ok {
		t.Error("ParseRegion accepted mars")
	}
}
