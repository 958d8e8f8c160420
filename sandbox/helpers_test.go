package sandbox

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// allScopes is what the integration asks for, plus confidential access.
var allScopes = []string{"offline_access", "opportunities:write:admin", "notes:write:admin", "stages:read:admin",
	"postings:read:admin", "webhooks:write:admin", "users:read:admin", "tags:read:admin", "archive_reasons:read:admin",
	"confidential:access:admin"}

// setup serves s at the root of an httptest server; cleanup stops both.
func setup(t *testing.T, opts Options) (*Server, *httptest.Server) {
	t.Helper()
	s := New(opts)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	t.Cleanup(s.Close) // runs first: ends hangs and retries
	return s, ts
}

// setupMounted serves s under /sandbox/lever like the demo app does.
func setupMounted(t *testing.T, opts Options) (*Server, *httptest.Server, string) {
	t.Helper()
	s := New(opts)
	mux := http.NewServeMux()
	mux.Handle("/sandbox/lever/", http.StripPrefix("/sandbox/lever", s.Handler()))
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	t.Cleanup(s.Close)
	return s, ts, ts.URL + "/sandbox/lever"
}

// apiClient calls the Data API at base with a bearer token.
type apiClient struct {
	t     *testing.T
	base  string
	token string
}

func mustToken(t *testing.T, s *Server, account string, scopes ...string) string {
	t.Helper()
	tok, ok := s.IssueToken(account, scopes...)
	if !ok {
		t.Fatalf("IssueToken(%q) failed", account)
	}
	return tok.AccessToken
}

func newClient(t *testing.T, s *Server, base, account string, scopes ...string) apiClient {
	t.Helper()
	return apiClient{t: t, base: base, token: mustToken(t, s, account, scopes...)}
}

// do sends a request; body is JSON-encoded unless it is a string.
func (c apiClient) do(method, path string, body any) (int, []byte, http.Header) {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out, resp.Header
}

// json sends a request, checks the status and decodes the body into v (when non-nil).
func (c apiClient) json(method, path string, body any, wantStatus int, v any) {
	c.t.Helper()
	status, out, _ := c.do(method, path, body)
	if status != wantStatus {
		c.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, status, wantStatus, out)
	}
	if v != nil {
		if err := json.Unmarshal(out, v); err != nil {
			c.t.Fatalf("%s %s: decode %s: %v", method, path, out, err)
		}
	}
}

type apiErr struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type oauthErr struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

type list[T any] struct {
	Data    []T    `json:"data"`
	HasNext bool   `json:"hasNext"`
	Next    string `json:"next"`
}

type one[T any] struct {
	Data T `json:"data"`
}

// wireOpp is the part of an opportunity's JSON the tests look at.
type wireOpp struct {
	ID              string          `json:"id"`
	Name            string          `json:"name"`
	Contact         string          `json:"contact"`
	Emails          []string        `json:"emails"`
	Stage           json.RawMessage `json:"stage"`
	StageChanges    []StageChange   `json:"stageChanges"`
	Tags            []string        `json:"tags"`
	Applications    json.RawMessage `json:"applications"`
	Confidentiality string          `json:"confidentiality"`
	IsAnonymized    bool            `json:"isAnonymized"`
	UpdatedAt       int64           `json:"updatedAt"`
	URLs            struct {
		List string `json:"list"`
		Show string `json:"show"`
	} `json:"urls"`
}

// noRedirect is an HTTP client that returns redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// jwtClaims decodes an access token's payload without verifying it.
func jwtClaims(t *testing.T, tok string) map[string]any {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("access token %q is not header.payload.signature", tok)
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func stageID(t *testing.T, s *Server, account, name string) string {
	t.Helper()
	id, ok := s.StageByName(account, name)
	if !ok {
		t.Fatalf("no stage %q", name)
	}
	return id
}

// oppNamed returns the first live opportunity with that name.
func oppNamed(t *testing.T, s *Server, account, name string) Opportunity {
	t.Helper()
	for _, o := range s.Opportunities(account) {
		if o.Name == name {
			return o
		}
	}
	t.Fatalf("no opportunity named %q", name)
	return Opportunity{}
}

func waitDeliveries(t *testing.T, s *Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.WaitDeliveries(ctx); err != nil {
		t.Fatalf("WaitDeliveries: %v", err)
	}
}
