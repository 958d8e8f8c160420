package leversync_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
)

// TestWebhookCheck: our webhook found in Lever is "present"; deleted in
// Lever it is registered again (and a candidate moved afterwards reaches
// us through it); without webhooks:write:admin a gone webhook is "missing"
// with the fix, and without webhooks:read:admin the check says it cannot
// look. Each outcome is stored on the connection.
func TestWebhookCheck(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(5)
	ctx := context.Background()
	check := func(want string) *models.LeverConnection {
		t.Helper()
		got, err := r.Engine.CheckWebhook(ctx, o.ID)
		if err != nil || got != want {
			t.Fatalf("CheckWebhook = %q, %v; want %q", got, err, want)
		}
		c, err := r.Store.Connection(ctx, o.ID)
		if err != nil || c.WebhookCheck != want || c.WebhookCheckedAt == nil {
			t.Fatalf("stored check = %+v, %v", c, err)
		}
		return c
	}
	check(models.WebhookPresent)

	r.SB.DeleteWebhooks(o.Account)
	check(models.WebhookReregistered)
	if hooks := r.SB.Webhooks(o.Account); len(hooks) != len(lever.OurEvents) {
		t.Fatalf("webhooks in Lever after the check: %+v, want one per event of ours", hooks)
	}
	opp := r.candidate(o, "After Reregistration", o.PostingID)
	r.move(o, opp, o.Mapping.ToBeScheduled)
	r.waitInterview(o, opp)

	// A grant without webhooks:write:admin: the gone webhook cannot be made again.
	reconnect := func(drop string) {
		t.Helper()
		var scopes []string
		for _, s := range strings.Fields(lever.DefaultScopes) {
			if s != drop && s != "webhooks:write:admin" {
				scopes = append(scopes, s)
			}
		}
		tok, ok := r.SB.IssueToken(o.Account, scopes...)
		if !ok {
			t.Fatal("issue token")
		}
		if _, err := r.Engine.Connect(ctx, o.ID, models.Grant{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken,
			ExpiresAt: time.Now().Add(time.Hour), Scopes: tok.Scope, AccountID: lever.AccountID(tok.AccessToken)}); err != nil {
			t.Fatal(err)
		}
	}
	reconnect("")
	r.SB.DeleteWebhooks(o.Account)
	c := check(models.WebhookMissing)
	if !strings.Contains(c.WebhookCheckError, "Create it again in Lever") {
		t.Errorf("missing webhook error = %q, want the fix", c.WebhookCheckError)
	}
	var logged int64
	r.Store.Gorm().Model(&models.SyncEvent{}).Where("org_id = ? AND code = ?", o.ID, leversync.CodeWebhookGone).Count(&logged)
	if logged == 0 {
		t.Error("no sync-log line says the webhook is gone")
	}
	reconnect("webhooks:read:admin")
	c = check(models.WebhookCheckFailed)
	if !strings.Contains(c.WebhookCheckError, "webhooks:read:admin") {
		t.Errorf("check without read scope: %q, want it to name webhooks:read:admin", c.WebhookCheckError)
	}
}
