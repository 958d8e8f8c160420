package sandbox

import (
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

// TestWebhooksOnlyToOwnURL: with WebhookURLPrefix set (as the app does) no
// webhook can point elsewhere, through the API or the pipeline page, and
// nothing is ever sent to another host (no SSRF).
func TestWebhooksOnlyToOwnURL(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { elsewhere.Add(1) }))
	t.Cleanup(other.Close)
	var ours atomic.Int32
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ours.Add(1) }))
	t.Cleanup(app.Close)
	prefix := app.URL + "/webhooks/lever/"
	s, ts := setup(t, Options{WebhookURLPrefix: prefix})
	c := newClient(t, s, ts.URL, DemoAccountID, allScopes...)

	for _, bad := range []string{other.URL + "/webhooks/lever/k", other.URL + "/", app.URL + "/other/k", "http://127.0.0.1:5432/",
		prefix, prefix + "k?x=1", "http://user@" + strings.TrimPrefix(prefix, "http://") + "k"} {
		var e apiErr
		c.json("POST", "/v1/webhooks", map[string]any{"url": bad, "event": "candidateStageChange"}, 400, &e)
		if !strings.Contains(e.Message, "only sends webhooks to") {
			t.Errorf("POST /v1/webhooks %s: message %q", bad, e.Message)
		}
		resp, err := noRedirect.PostForm(ts.URL+"/pipeline/webhooks", url.Values{"account": {DemoAccountID}, "url": {bad}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); !strings.Contains(loc, "Webhook+not+added") {
			t.Errorf("pipeline page accepted %s: %s", bad, loc)
		}
	}
	if n := len(s.Webhooks(DemoAccountID)); n != 0 {
		t.Fatalf("%d webhooks registered to other URLs", n)
	}
	c.json("POST", "/v1/webhooks", map[string]any{"url": prefix + "key123", "event": "candidateStageChange"}, 201, nil)
	opp := s.Opportunities(DemoAccountID)[0]
	if err := s.MoveCandidate(t.Context(), DemoAccountID, opp.ID, stageID(t, s, DemoAccountID, "Intervue - To be Scheduled")); err != nil {
		t.Fatal(err)
	}
	waitDeliveries(t, s)
	if ours.Load() == 0 || elsewhere.Load() != 0 {
		t.Fatalf("deliveries: ours %d, elsewhere %d", ours.Load(), elsewhere.Load())
	}
}

// TestPipelinePageHidesSecrets: the pipeline page (no login) shows neither
// webhook keys in URLs nor signature tokens, so one organization cannot read
// another's from it.
func TestPipelinePageHidesSecrets(t *testing.T) {
	s, ts := setup(t, Options{})
	c := newClient(t, s, ts.URL, DemoAccountID, allScopes...)
	key := "k3yOfAnotherOrganization0123456789"
	var created one[webhookJSON]
	c.json("POST", "/v1/webhooks", map[string]any{"url": "https://app.example/webhooks/lever/" + key, "event": "candidateStageChange"}, 201, &created)
	token := created.Data.Configuration.SignatureToken
	if token == "" {
		t.Fatal("no signature token")
	}
	resp, err := http.Get(ts.URL + "/pipeline?account=" + DemoAccountID)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(page), key) || strings.Contains(string(page), token) {
		t.Fatal("the pipeline page shows a webhook key or signature token")
	}
	if !strings.Contains(string(page), "https://app.example/webhooks/lever/k3yO…") {
		t.Error("the pipeline page does not show the masked webhook URL")
	}
}

// TestAuthorizeOnlyToRegisteredRedirect: with RedirectURIs set (as the app
// does: its own callback), any other redirect_uri gets an error page and no
// redirect, on the form and on the decision.
func TestAuthorizeOnlyToRegisteredRedirect(t *testing.T) {
	_, _, base := setupMounted(t, Options{RedirectURIs: []string{"https://app.example/oauth/lever/callback?x=1"}})
	for _, evil := range []string{"https://evil.example/cb", "https://app.example/oauth/lever/callback", "https://app.example.evil.example/oauth/lever/callback?x=1"} {
		q := authorizeQuery(base, func(q url.Values) { q.Set("redirect_uri", evil) })
		resp, err := noRedirect.Get(base + "/authorize?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
			t.Errorf("GET /authorize redirect_uri=%s: %d %q", evil, resp.StatusCode, resp.Header.Get("Location"))
		}
		form := q
		form.Set("decision", "accept")
		form.Set("account", DemoAccountID)
		resp, err = noRedirect.PostForm(base+"/authorize", form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
			t.Errorf("POST /authorize redirect_uri=%s: %d %q", evil, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	authorize(t, base, authorizeQuery(base, nil), "accept", DemoAccountID)
}

// TestPKCE: with RequirePKCE the authorize request needs an S256 challenge,
// and the code is exchanged only with the matching verifier (RFC 7636).
func TestPKCE(t *testing.T) {
	_, _, base := setupMounted(t, Options{RequirePKCE: true})
	for name, mod := range map[string]func(url.Values){
		"NoChallenge": nil,
		"PlainMethod": func(q url.Values) { q.Set("code_challenge", "abc"); q.Set("code_challenge_method", "plain") },
	} {
		resp, err := http.Get(base + "/authorize?" + authorizeQuery(base, mod).Encode())
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "code_challenge") {
			t.Errorf("%s: %d %s", name, resp.StatusCode, body)
		}
	}
	verifier := strings.Repeat("v3rifier-", 6)
	sum := sha256.Sum256([]byte(verifier))
	q := authorizeQuery(base, func(q url.Values) {
		q.Set("code_challenge", base64.RawURLEncoding.EncodeToString(sum[:]))
		q.Set("code_challenge_method", "S256")
	})
	for _, tt := range []struct {
		name, verifier string
		want           int
	}{
		{"NoVerifier", "", http.StatusForbidden},
		{"WrongVerifier", strings.Repeat("x", 54), http.StatusForbidden},
		{"RightVerifier", verifier, http.StatusOK},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cb := authorize(t, base, q, "accept", DemoAccountID)
			form := codeForm(cb.Get("code"))
			if tt.verifier != "" {
				form.Set("code_verifier", tt.verifier)
			}
			var out map[string]any
			if status := postToken(t, base, form, &out); status != tt.want {
				t.Fatalf("token exchange: %d %v, want %d", status, out, tt.want)
			}
			if tt.want != http.StatusOK && out["error"] != "invalid_grant" {
				t.Errorf("error = %v", out["error"])
			}
		})
	}
}

func TestIsSandboxAccount(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	for _, id := range []string{DemoAccountID, s.NewAccount("")} {
		if !IsSandboxAccount(id) {
			t.Errorf("%s not recognised", id)
		}
	}
	if IsSandboxAccount("0f8b5e4c-1d2a-4b7e-9c3f-2a1b0c9d8e7f") {
		t.Error("a Lever UUID is taken for a sandbox account")
	}
}
