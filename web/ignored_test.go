package main

import (
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/models"
)

// Moves into stages the integration does not use are decided at ingest:
// no sync-log line each, but support still sees them, summed up on the
// candidate's timeline and counted on the Lever screen's webhook card.
func TestIgnoredMovesStayVisible(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	client := login(t, app, app.DemoEmail, app.DemoPassword)
	connectAndMap(t, app, client)
	store := openStore(t, app)
	grace := candidateNamed(t, app, "Grace Hopper")
	moveCandidate(t, app, grace.ID, "lead-new")
	moveCandidate(t, app, grace.ID, "applicant-new")
	deadline := time.Now().Add(15 * time.Second)
	for {
		var n int64
		store.Gorm().Model(&models.WebhookDelivery{}).Where("opportunity_id = ? AND status = ?", grace.ID, models.DeliveryIgnored).Count(&n)
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d deliveries ignored at ingest, want 2", n)
		}
		time.Sleep(50 * time.Millisecond)
	}
	tl := getDoc(t, app, client, "/sync-log/candidates/"+grace.ID, 200)
	if got := squash(tl.Find(`[data-testid="timeline-ignored"]`)); !strings.Contains(got, "2 move(s)") || !strings.Contains(got, "not processed") {
		t.Errorf("timeline summary = %q", got)
	}
	if n := tl.Find(`li[data-kind="webhook"]`).Length(); n != 0 {
		t.Errorf("%d sync-log lines for ignored moves, want none", n)
	}
	lv := getDoc(t, app, client, "/integrations/lever?tab=webhooks", 200)
	if got := squash(lv.Find(`[data-testid="webhook-ignored"]`)); !strings.HasPrefix(got, "· 2 of them") {
		t.Errorf("webhook card = %q", got)
	}
}
