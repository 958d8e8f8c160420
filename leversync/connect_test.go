package leversync_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
)

func TestReconnectKeepsOneWebhookAndDisconnectRemovesIt(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(1)
	ctx := context.Background()
	if all := r.SB.Webhooks(o.Account); len(all) != len(lever.OurEvents) {
		t.Fatalf("webhooks after connect = %d, want one per event of ours", len(all))
	}
	first := byEvent(r.SB.Webhooks(o.Account), lever.EventCandidateStageChange)
	if len(first) != 1 {
		t.Fatalf("stage-change webhooks after connect = %d", len(first))
	}
	tok, _ := r.SB.IssueToken(o.Account, strings.Fields(lever.DefaultScopes)...)
	c, err := r.Engine.Connect(ctx, o.ID, models.Grant{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, ExpiresAt: time.Now().Add(time.Hour), Scopes: tok.Scope, AccountID: lever.AccountID(tok.AccessToken)})
	if err != nil {
		t.Fatal(err)
	}
	if all := r.SB.Webhooks(o.Account); len(all) != len(lever.OurEvents) {
		t.Fatalf("webhooks after reconnect = %d, want one per event of ours", len(all))
	}
	after := byEvent(r.SB.Webhooks(o.Account), lever.EventCandidateStageChange)
	if len(after) != 1 || after[0].URL != first[0].URL {
		t.Fatalf("webhooks after reconnect = %+v, want exactly one at our URL", after)
	}
	stored, _ := r.Store.SignatureToken(c)
	if stored != after[0].SignatureToken || !c.WebhookRegistered || c.WebhookID != after[0].ID {
		t.Fatalf("stored webhook %s/%v does not match Lever's %s", c.WebhookID, c.WebhookRegistered, after[0].ID)
	}
	// Mappings survive a reconnect to the same account.
	if !c.Mapping().Complete() {
		t.Fatal("mapping lost on reconnect")
	}
	if access, refresh, _ := r.Store.Tokens(c); access == "" || refresh == "" || strings.Contains(string(c.AccessTokenEnc), access[:16]) {
		t.Fatal("tokens missing or stored in plaintext")
	}

	if err := r.Engine.Disconnect(ctx, o.ID, leversync.Actor{Name: "test", Audit: "test"}); err != nil {
		t.Fatal(err)
	}
	if hooks := r.SB.Webhooks(o.Account); len(hooks) != 0 {
		t.Fatalf("webhooks after disconnect = %+v", hooks)
	}
	c, _ = r.Store.Connection(ctx, o.ID)
	if c.Status != models.ConnDisconnected || c.Enabled || len(c.AccessTokenEnc) != 0 || len(c.RefreshTokenEnc) != 0 || len(c.SignatureTokenEnc) != 0 {
		t.Fatalf("after disconnect: %+v", c)
	}
	if status, body := r.api(o, "GET", "/api/v1/lever", ""); status != 200 || !strings.Contains(body, `"status":"disconnected"`) {
		t.Fatalf("api: %d %s", status, body)
	}
}

func TestNoWebhookScopeFallsBackToManual(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(1)
	ctx := context.Background()
	r.Engine.Disconnect(ctx, o.ID, leversync.Actor{Name: "test", Audit: "test"})
	var scopes []string
	for _, s := range strings.Fields(lever.DefaultScopes) {
		if !strings.HasPrefix(s, "webhooks:") {
			scopes = append(scopes, s)
		}
	}
	tok, _ := r.SB.IssueToken(o.Account, scopes...)
	c, err := r.Engine.Connect(ctx, o.ID, models.Grant{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, ExpiresAt: time.Now().Add(time.Hour), Scopes: tok.Scope, AccountID: lever.AccountID(tok.AccessToken)})
	if err != nil {
		t.Fatal(err)
	}
	if c.WebhookRegistered || !strings.Contains(c.WebhookError, "webhooks:write:admin") {
		t.Fatalf("webhook state = %v %q", c.WebhookRegistered, c.WebhookError)
	}
	if _, err := r.Store.SetEnabled(ctx, o.ID, true); err == nil {
		t.Fatal("enabled without a signature token")
	}
	// An API key may not set it (docs/security.md): a super admin pastes it
	// on the Lever screen, which stores it as below.
	if status, body := r.api(o, "PUT", "/api/v1/lever/webhook-signature-token", `{"signature_token":"pasted-token-from-lever-settings"}`); status != 403 {
		t.Fatalf("paste token with an API key: %d %s, want 403", status, body)
	}
	if err := r.Store.SetSignatureToken(ctx, o.ID, "pasted-token-from-lever-settings"); err != nil {
		t.Fatal(err)
	}
	if status, body := r.api(o, "PUT", "/api/v1/lever/enabled", `{"enabled":true}`); status != 200 {
		t.Fatalf("enable: %d %s", status, body)
	}
	// A delivery signed with the pasted token is accepted.
	c, _ = r.Store.Connection(ctx, o.ID)
	oppID := r.candidate(o, "Manual Hook", o.PostingID)
	r.SB.SetWebhooksEnabled(o.Account, false)
	r.move(o, oppID, o.Mapping.ToBeScheduled)
	body := signed("pasted-token-from-lever-settings", strings.Repeat("9", 48), time.Now().UnixMilli(), `{"opportunityId":"`+oppID+`","toStageId":"`+o.Mapping.ToBeScheduled+`"}`)
	if status, resp := post(t, r.Engine.WebhookURL(c), body); status != 200 {
		t.Fatalf("delivery: %d %s", status, resp)
	}
	r.waitInterview(o, oppID)
}

// TestOneAccountOneOrganizationUnderRace: eight organizations connecting
// one Lever account at the same moment end with exactly one connection to
// it; the others are refused naming the account (the check and the save
// hold the account's lock).
func TestOneAccountOneOrganizationUnderRace(t *testing.T) {
	r := newRig(t, rigOptions{})
	ctx := context.Background()
	account := r.SB.NewAccount("Contested")
	const n = 8
	orgs := make([]string, n)
	for i := range orgs {
		res, err := r.Store.CreateOrganization(ctx, models.NewOrgInput{Name: "Racer " + string(rune('A'+i)), Email: "racer" + string(rune('a'+i)) + "@org.test", Password: "password1"})
		if err != nil {
			t.Fatal(err)
		}
		orgs[i] = res.Org.ID
	}
	errs := make(chan error, n)
	start := make(chan struct{})
	for _, orgID := range orgs {
		tok, ok := r.SB.IssueToken(account, strings.Fields(lever.DefaultScopes)...)
		if !ok {
			t.Fatal("issue token")
		}
		g := models.Grant{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, ExpiresAt: time.Now().Add(time.Hour), Scopes: tok.Scope, AccountID: lever.AccountID(tok.AccessToken)}
		go func() {
			<-start
			_, err := r.Engine.Connect(ctx, orgID, g)
			errs <- err
		}()
	}
	close(start)
	ok := 0
	for range n {
		err := <-errs
		var verr *models.ValidationError
		switch {
		case err == nil:
			ok++
		case errors.As(err, &verr) && strings.Contains(verr.Fields["account"], account):
		default:
			t.Errorf("connect: %v, want success or a refusal naming the account", err)
		}
	}
	connected := 0
	for _, orgID := range orgs {
		if c, err := r.Store.Connection(ctx, orgID); err == nil && c.AccountID == account && c.Status != models.ConnDisconnected {
			connected++
		}
	}
	if ok != 1 || connected != 1 {
		t.Fatalf("%d connects succeeded and %d organizations hold account %s, want 1 and 1", ok, connected, account)
	}
}
