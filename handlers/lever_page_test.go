package handlers_test

import (
	"context"

	"github.com/PuerkitoBio/goquery"
	"net/url"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
)

func TestLeverPageNotConnected(t *testing.T) {
	app := setupLeverApp(t)
	_, doc := app.get(t, app.Owner, "/integrations/lever", false)
	if got := text(testid(doc, "connection-state")); got != "Not connected" {
		t.Errorf("state = %q", got)
	}
	if href := testid(doc, "begin-setup").AttrOr("href", ""); !strings.HasPrefix(href, "/integrations/lever?setup=1") {
		t.Errorf("Begin setup href = %q", href)
	}
	for key, want := range map[string]string{"connect": "pending", "webhook": "pending", "stages": "pending", "postings": "pending", "enable": "pending"} {
		if got := testid(doc, "check-"+key).AttrOr("data-state", ""); got != want {
			t.Errorf("checklist %s = %q, want %q", key, got, want)
		}
	}
	if href := testid(doc, "sandbox-hint").Find("a").AttrOr("href", ""); href != "/sandbox/lever/pipeline" {
		t.Errorf("sandbox hint link = %q", href)
	}
	if testid(doc, "setup-modal").Is("[open]") {
		t.Error("setup modal open without ?setup=1")
	}

	_, doc = app.get(t, app.Owner, "/integrations/lever?setup=1", false)
	modal := testid(doc, "setup-modal")
	if !modal.Is("dialog[open]") {
		t.Fatal("?setup=1 does not render the modal open")
	}
	if got, want := modal.Find(`[data-testid="setup-scope"]`).Length(), len(lever.ScopeDescriptions()); got != want {
		t.Errorf("modal lists %d scopes, want %d", got, want)
	}
	if !strings.Contains(text(modal), "offline_access") {
		t.Error("modal does not list offline_access")
	}
	// Connecting starts from a POST (a form button), not a link.
	if form := modal.Find(`[data-testid="continue-to-lever"]`).Closest("form"); form.AttrOr("method", "") != "post" || form.AttrOr("action", "") != "/integrations/lever/connect" {
		t.Errorf("Continue is not a POST form to /integrations/lever/connect: method=%q action=%q", form.AttrOr("method", ""), form.AttrOr("action", ""))
	}
}

func TestOAuthCallbackRefusesBadState(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, app *leverApp) *goquery.Document
	}{
		{"NoFlowStarted", func(t *testing.T, app *leverApp) *goquery.Document {
			_, doc := app.get(t, app.Owner, "/integrations/lever/callback?code=abc&state=forged", false)
			return doc
		}},
		{"ForgedStateWithRealCode", func(t *testing.T, app *leverApp) *goquery.Document {
			return app.connect(t, "accept", func(f url.Values) { f.Set("state", "forged-"+f.Get("state")) })
		}},
		{"MissingState", func(t *testing.T, app *leverApp) *goquery.Document {
			app.get(t, app.Owner, "/integrations/lever/connect", false)
			_, doc := app.get(t, app.Owner, "/integrations/lever/callback?code=abc", false)
			return doc
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := setupLeverApp(t)
			calls := app.Sandbox.TokenCalls()
			doc := tt.run(t, app)
			if got := app.Sandbox.TokenCalls(); got != calls {
				t.Errorf("token endpoint called %d times", got-calls)
			}
			if c := app.connection(t); c.Status != models.ConnDisconnected {
				t.Errorf("status = %s", c.Status)
			}
			if msg := text(testid(doc, "flash")); !strings.Contains(msg, "did not match a setup started in this browser") {
				t.Errorf("flash = %q", msg)
			}
		})
	}
}

func TestLeverPageConnected(t *testing.T) {
	app := setupLeverApp(t)
	doc := app.connect(t, "accept", nil)
	if got := text(testid(doc, "connection-state")); got != "Connected to Lever account "+sandbox.DemoAccountID {
		t.Errorf("state = %q", got)
	}
	// The next step to do opens: the stages, with the matching ones
	// picked.
	if testid(doc, "step-panel-stages").Length() != 1 || testid(doc, "stage-suggestions").Length() != 1 {
		t.Errorf("after connecting the screen shows %q", text(doc.Find("#step-panel")))
	}
	if got := testid(doc, "stage-to_be_scheduled").Find("option").Length(); got < 10 {
		t.Errorf("stage dropdown has %d options", got)
	}
	_, doc = app.get(t, app.Owner, "/integrations/lever?tab=webhook", false)
	if got := text(testid(doc, "webhook-registered")); !strings.HasPrefix(got, "Candidate Stage Change webhook registered (") {
		t.Errorf("webhook = %q", got)
	}
	if !strings.Contains(text(testid(doc, "webhook-notice")), "Settings › Integrations and API › Webhooks") {
		t.Error("no notice that a Lever super admin must switch the webhook on")
	}
	for key, want := range map[string]string{"connect": "ok", "webhook": "ok", "stages": "pending", "enable": "pending"} {
		if got := testid(doc, "check-"+key).AttrOr("data-state", ""); got != want {
			t.Errorf("checklist %s = %q, want %q", key, got, want)
		}
	}
	_, doc = app.get(t, app.Owner, "/integrations/lever?tab=connect", false)
	if testid(doc, "disconnect").Length() != 1 || testid(doc, "reconnect").Length() != 1 {
		t.Error("no Disconnect / Reconnect buttons")
	}
}

func TestDeletedStageIsFlagged(t *testing.T) {
	app := setupLeverApp(t)
	app.connect(t, "accept", nil)
	ids := app.stageIDs(t)
	m := models.StageMapping{ToBeScheduled: ids["to_be_scheduled"], Scheduled: ids["scheduled"], Yes: ids["intervue_yes"], No: ids["intervue_no"], Unable: ids["unable_to_schedule"]}
	if _, err := app.Store.SaveStageMapping(context.Background(), app.OrgID, m); err != nil {
		t.Fatal(err)
	}
	app.Sandbox.DeleteStage(sandbox.DemoAccountID, ids["scheduled"])
	_, doc := app.post(t, app.Owner, "/integrations/lever/stages/refresh", nil, false)

	sel := testid(doc, "stage-scheduled")
	opt := sel.Find("option[selected]")
	if got := text(opt); got != "(deleted in Lever) "+ids["scheduled"] {
		t.Errorf("selected option = %q", got)
	}
	if sel.AttrOr("aria-invalid", "") != "true" || sel.AttrOr("aria-describedby", "") != "stage-scheduled-error" {
		t.Errorf("select not flagged: %v", sel.Nodes[0].Attr)
	}
	if got := text(doc.Find("#stage-scheduled-error")); !strings.Contains(got, "deleted in Lever") {
		t.Errorf("error = %q", got)
	}
	if got := testid(doc, "check-stages").AttrOr("data-state", ""); got != "fail" {
		t.Errorf("checklist stages = %q", got)
	}
	if got := text(testid(doc, "stage-to_be_scheduled").Find("option[selected]")); got != "Intervue - To be Scheduled" {
		t.Errorf("other fields keep their stage: %q", got)
	}
}

func TestRevokedGrantShowsReconnect(t *testing.T) {
	app := setupLeverApp(t)
	app.connect(t, "accept", nil)
	app.Sandbox.RevokeGrant(sandbox.DemoAccountID)
	app.Sandbox.ExpireAccessTokens()
	_, doc := app.post(t, app.Owner, "/integrations/lever/stages/refresh", nil, false)

	if got := text(testid(doc, "connection-state")); got != "Needs reconnecting" {
		t.Errorf("state = %q", got)
	}
	if !testid(doc, "reconnect").HasClass("btn-primary") {
		t.Error("Reconnect is not the prominent button")
	}
	// The words are keyed by the stored code (refresh_refused), not read
	// from the reason's text.
	if got := text(testid(doc, "status-reason")); !strings.Contains(got, "Lever refused to renew our access") || !strings.Contains(got, "Authorized Apps") {
		t.Errorf("reason = %q", got)
	}
	if got := text(testid(doc, "flash")); !strings.Contains(got, "Refreshing stages from Lever failed") {
		t.Errorf("flash = %q", got)
	}
}
