package main

import (
	"net/url"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/models"
)

// TestWebhookCheckButton: a Lever admin deletes our webhook on the sandbox's
// settings page; the super admin's "Check now" finds it gone, registers it
// again, and the Webhook card says so with the time of the check; a
// candidate moved afterwards is picked up through the new webhook.
func TestWebhookCheckButton(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	setup := connectAndMap(t, app, owner)
	doc := getDoc(t, app, owner, "/integrations/lever?tab=webhooks", 200)
	if got := byTestID(doc, "webhook-check").AttrOr("data-check", "?"); got != "" {
		t.Errorf("before any check: data-check = %q, want empty", got)
	}
	if byTestID(doc, "check-webhook").Length() != 1 {
		t.Fatal("no Check now button for the super admin")
	}
	var c models.LeverConnection
	if err := openStore(t, app).Gorm().Where("status = ?", models.ConnConnected).First(&c).Error; err != nil || c.WebhookID == "" {
		t.Fatalf("connection: %+v %v", c, err)
	}
	postForm(t, app, owner, "/sandbox/lever/pipeline/webhooks/delete", url.Values{"account": {sandboxAccount}, "webhook": {c.WebhookID}})

	resp, _ := postForm(t, app, noRedirect(owner), "/integrations/lever/webhook/check", nil)
	if resp.StatusCode != 303 {
		t.Fatalf("check = %d, want 303", resp.StatusCode)
	}
	doc = getDoc(t, app, owner, "/integrations/lever?tab=webhooks", 200)
	card := byTestID(doc, "webhook-check")
	if got := card.AttrOr("data-check", ""); got != models.WebhookReregistered {
		t.Errorf("after the check: data-check = %q, want %s (%s)", got, models.WebhookReregistered, squash(card))
	}
	if s := squash(card); !strings.Contains(s, "registered again") || strings.Contains(s, "never") {
		t.Errorf("check line = %q", s)
	}
	cand := candidateNamed(t, app, "Grace Hopper")
	mapPosting(t, app, cand.Posting, setup.ProfileID)
	moveCandidate(t, app, cand.ID, setup.Stages["to_be_scheduled"])
	waitInterview(t, app, cand.ID, "to_be_scheduled")

	// The card says when each of our events last arrived: archiving the
	// candidate on the sandbox's page sends Candidate Archive Change.
	if got := squash(byTestID(getDoc(t, app, owner, "/integrations/lever?tab=webhooks", 200), "webhook-last-archive")); got != "never" {
		t.Errorf("last archive before any = %q, want never", got)
	}
	postForm(t, app, owner, "/sandbox/lever/pipeline/archive", url.Values{"account": {sandboxAccount}, "opportunity": {cand.ID}, "archive": {"1"}})
	waitFor(t, "the archive delivery on the card", func() bool {
		return squash(byTestID(getDoc(t, app, owner, "/integrations/lever?tab=webhooks", 200), "webhook-last-archive")) != "never"
	})
	waitInterview(t, app, cand.ID, "unable_to_schedule")
}
