package handlers_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/models"
)

// Without webhooks:write:admin the webhook cannot be registered: the card
// shows the URL to paste in Lever and takes the signature token.
func TestWebhookManualSetup(t *testing.T) {
	app := setupLeverApp(t)
	doc := app.connect(t, "accept", func(f url.Values) {
		f.Set("scope", strings.Replace(f.Get("scope"), "webhooks:write:admin", "", 1))
	})
	c := app.connection(t)
	if c.WebhookRegistered || len(c.SignatureTokenEnc) != 0 {
		t.Fatalf("webhook registered without the scope: %+v", c)
	}
	if got := testid(doc, "webhook-url").AttrOr("value", ""); !strings.HasSuffix(got, "/webhooks/lever/"+c.WebhookKey) || !testid(doc, "webhook-url").Is("[readonly]") {
		t.Errorf("webhook URL = %q", got)
	}
	if got := text(testid(doc, "webhook-error")); !strings.Contains(got, "webhooks:write:admin") {
		t.Errorf("reason = %q", got)
	}
	if got := testid(doc, "check-webhook").AttrOr("data-state", ""); got != "fail" {
		t.Errorf("checklist webhook = %q", got)
	}

	_, doc = app.post(t, app.Owner, "/integrations/lever/signature-token", url.Values{"signature_token": {"short"}}, true)
	if doc.Find("nav.nav").Length() != 0 || testid(doc, "signature-token").AttrOr("aria-invalid", "") != "true" {
		t.Fatal("htmx: not the card alone with the field flagged")
	}
	if got := text(testid(doc, "signature-token-error")); !strings.Contains(got, "paste the signature token") {
		t.Errorf("error = %q", got)
	}

	resp, doc := app.post(t, app.Owner, "/integrations/lever/signature-token", url.Values{"signature_token": {"sig-token-from-lever-123"}}, false)
	if resp.Request.URL.Path != "/integrations/lever" || !strings.Contains(text(testid(doc, "flash")), "Signature token saved") {
		t.Errorf("saved: ended at %s, flash %q", resp.Request.URL, text(testid(doc, "flash")))
	}
	if got := testid(doc, "check-webhook").AttrOr("data-state", ""); got != "ok" {
		t.Errorf("checklist webhook = %q after pasting the token", got)
	}

	_, doc = app.post(t, app.Owner, "/integrations/lever/webhook", nil, false)
	if got := text(testid(doc, "flash")); !strings.Contains(got, "could not be registered") {
		t.Errorf("register again: flash = %q", got)
	}
}

func TestDisconnect(t *testing.T) {
	app := setupLeverApp(t)
	app.connect(t, "accept", nil)
	_, doc := app.post(t, app.Owner, "/integrations/lever/disconnect", nil, false)
	if got := text(testid(doc, "connection-state")); got != "Not connected" {
		t.Errorf("state = %q", got)
	}
	if got := text(testid(doc, "flash")); !strings.HasPrefix(got, "Disconnected from Lever") {
		t.Errorf("flash = %q", got)
	}
	if c := app.connection(t); c.Status != models.ConnDisconnected || len(c.AccessTokenEnc) != 0 {
		t.Errorf("connection after disconnect: %s, token kept %v", c.Status, len(c.AccessTokenEnc) != 0)
	}
	// A second click changes nothing and says so: one audit entry.
	_, doc = app.post(t, app.Owner, "/integrations/lever/disconnect", nil, false)
	if got := text(testid(doc, "flash")); !strings.Contains(got, "already disconnected") {
		t.Errorf("second disconnect: flash = %q", got)
	}
	var n int64
	app.Store.Gorm().Model(&models.AuditEntry{}).Where("action = ?", "disconnect").Count(&n)
	if n != 1 {
		t.Errorf("%d disconnect audit entries after two clicks, want 1", n)
	}
}
