package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/models"
)

// TestWebhookKeyRotation: a super admin rotates the webhook key; the old
// URL answers 404 at once, our webhook in Lever is registered again with the
// new URL (a candidate moved afterwards is picked up through it), and only
// a super admin may do it.
func TestWebhookKeyRotation(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	browser := login(t, app, app.DemoEmail, app.DemoPassword)
	setup := connectAndMap(t, app, browser)
	owner := noRedirect(browser)
	_, _, oldURL := leverStatus(t, app)

	if resp, body := postForm(t, app, owner, "/integrations/lever/webhook-key/rotate", nil); resp.StatusCode != 303 {
		t.Fatalf("rotate = %d\n%s", resp.StatusCode, tail(body, 800))
	}
	_, _, newURL := leverStatus(t, app)
	if newURL == oldURL || !strings.Contains(newURL, "/webhooks/lever/") {
		t.Fatalf("webhook URL %q -> %q", oldURL, newURL)
	}
	resp, err := http.Post(oldURL, "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("delivery to the old URL = %d, want 404", resp.StatusCode)
	}
	doc := getDoc(t, app, owner, "/integrations/lever?tab=webhooks", 200)
	if got := byTestID(doc, "webhook-state").Text(); got != "Registered" {
		t.Errorf("webhook state after rotation = %q, want Registered", got)
	}
	// A candidate moved now reaches us through the new URL.
	c := candidateNamed(t, app, "Grace Hopper")
	mapPosting(t, app, c.Posting, setup.ProfileID)
	moveCandidate(t, app, c.ID, setup.Stages["to_be_scheduled"])
	waitInterview(t, app, c.ID, "to_be_scheduled")
	if status, log := app.api(t, "GET", "/api/v1/sync-log?opportunity_id="+c.ID, ""); status != 200 || strings.Contains(log, "Rejected") {
		t.Errorf("sync log after rotation: %d %s", status, tail(log, 800))
	}
	// The audit log names who rotated it; never the key.
	row := getDoc(t, app, owner, "/integrations/lever?tab=audit", 200).Find(`[data-testid="audit-row"][data-action="webhook_key_rotate"]`)
	if row.Length() != 1 || strings.Contains(row.Text(), strings.TrimPrefix(newURL, app.URL+"/webhooks/lever/")) {
		t.Errorf("audit rows for the rotation: %d %q", row.Length(), squash(row))
	}
	// While Lever access needs re-authorization, the key is not rotated:
	// our webhooks in Lever could not follow it.
	if err := openStore(t, app).Gorm().Model(&models.LeverConnection{}).Where("1 = 1").Update("status", models.ConnNeedsReauth).Error; err != nil {
		t.Fatal(err)
	}
	resp2, body := postForm(t, app, owner, "/integrations/lever/webhook-key/rotate", nil)
	if resp2.StatusCode != 409 || !strings.Contains(body, "Reconnect Lever first") {
		t.Errorf("rotate while needs_reauth = %d %s, want 409 naming Reconnect", resp2.StatusCode, tail(body, 400))
	}
	if _, _, url := leverStatus(t, app); url != newURL {
		t.Errorf("webhook URL changed while needs_reauth: %q -> %q", newURL, url)
	}
}
