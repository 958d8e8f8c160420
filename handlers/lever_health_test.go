package handlers_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
)

// mapStages saves the five sandbox Intervue stages through the screen's form.
func (a *leverApp) mapStages(t *testing.T) map[string]string {
	t.Helper()
	ids := a.stageIDs(t)
	form := url.Values{}
	for field, id := range ids {
		form.Set(field, id)
	}
	resp, _ := a.post(t, a.Owner, "/integrations/lever/stage-mapping", form, false)
	if resp.StatusCode != 200 {
		t.Fatalf("stage mapping = %d", resp.StatusCode)
	}
	return ids
}

// issue returns the health issue with key on the screen.
func issue(doc *goquery.Document, key string) *goquery.Selection {
	return testid(doc, "issue-"+key)
}

func TestMappingHealthDeletedStage(t *testing.T) {
	app := setupLeverApp(t)
	app.connect(t, "accept", nil)
	ids := app.mapStages(t)
	app.live(t)
	_, doc := app.get(t, app.Owner, "/integrations/lever", false)
	if testid(doc, "mapping-health-ok").Length() != 1 || testid(doc, "mapping-health-state").AttrOr("data-state", "") != "ok" {
		t.Fatalf("mapping health not ok after a full mapping: %q", text(testid(doc, "mapping-health")))
	}

	app.Sandbox.DeleteStage(sandbox.DemoAccountID, ids["intervue_no"])
	app.post(t, app.Owner, "/integrations/lever/stages/refresh", nil, false)
	_, doc = app.get(t, app.Owner, "/integrations/lever", false)
	is := issue(doc, "stage-deleted-intervue_no")
	if is.Length() != 1 {
		t.Fatalf("deleted stage not flagged: %q", text(testid(doc, "mapping-health")))
	}
	if got := text(is); !strings.Contains(got, `Stage "Intervue - No" was deleted in Lever: choose another stage in Stage mapping`) {
		t.Errorf("issue = %q", got)
	}
	if is.AttrOr("data-severity", "") != "error" || testid(doc, "mapping-health-state").AttrOr("data-state", "") != "error" {
		t.Error("a deleted mapped stage is not an error")
	}
	fix := is.Find(`[data-testid="issue-fix"]`).AttrOr("href", "")
	if _, target := app.get(t, app.Owner, fix, false); fix != "/integrations/lever?tab=settings#stage-intervue_no" || target.Find("#stage-intervue_no").Length() != 1 {
		t.Errorf("fix link %q does not reach the stage's dropdown", fix)
	}
}

func TestMappingHealthPostings(t *testing.T) {
	app := setupLeverApp(t)
	app.connect(t, "accept", nil)
	app.mapStages(t)
	app.live(t)
	ctx := context.Background()
	postings, _, err := app.Store.Postings(ctx, app.OrgID, models.PostingFilter{Limit: 3})
	if err != nil || len(postings) < 3 {
		t.Fatalf("postings: %v %d", err, len(postings))
	}
	deletedProfile, unmapped := postings[0], postings[1]

	// A posting mapped to a profile that is deleted afterwards.
	p, err := app.Store.CreateProfile(ctx, app.OrgID, models.ProfileInput{Name: "Old <b>profile</b>", DurationMinutes: 45})
	if err != nil {
		t.Fatal(err)
	}
	app.post(t, app.Owner, "/integrations/lever/postings/"+deletedProfile.ID+"/profile", url.Values{"profile_id": {p.ID}}, false)
	app.post(t, app.Owner, "/profiles/"+p.ID+"/delete", nil, false)

	// Candidates of an unmapped posting, and of one we do not know, went to Unable to schedule.
	failed := func(opp, postingID, title string) {
		iv := &models.Interview{OrgID: app.OrgID, OpportunityID: opp, PostingID: postingID, PostingTitle: title,
			Status: models.StatusUnable, FailureReason: models.ReasonPostingNotMapped, FailureDetail: "not mapped"}
		if _, err := app.Store.CreateInterview(ctx, iv, false, func(*models.Interview, []models.LeverWrite) ([]models.LeverWrite, error) { return nil, nil }, nil); err != nil {
			t.Fatal(err)
		}
	}
	failed("opp-1", unmapped.ID, unmapped.Text)
	failed("opp-2", unmapped.ID, unmapped.Text)
	failed("opp-3", "posting-gone", "")

	_, doc := app.get(t, app.Owner, "/integrations/lever", false)
	del := issue(doc, "posting-deleted-profile-"+deletedProfile.ID)
	if got := text(del); !strings.Contains(got, "is mapped to the deleted profile \"Old <b>profile</b>\"") {
		t.Errorf("deleted profile issue = %q", got)
	}
	if del.Find("b").Length() != 0 {
		t.Error("profile name rendered as HTML")
	}
	un := issue(doc, "posting-unmapped-"+unmapped.ID)
	if got := text(un); !strings.Contains(got, "received 2 candidates but has no interview profile") {
		t.Errorf("unmapped issue = %q", got)
	}
	if got := text(issue(doc, "posting-unknown-posting-gone")); !strings.Contains(got, "not in the postings list") {
		t.Errorf("unknown posting issue = %q", got)
	}

	// The fix link filters the postings table to that posting.
	fix := un.Find(`[data-testid="issue-fix"]`).AttrOr("href", "")
	if !strings.HasPrefix(fix, "/integrations/lever/postings?posting=") {
		t.Fatalf("fix link = %q", fix)
	}
	_, doc = app.get(t, app.Owner, fix, false)
	rows := doc.Find(`[data-testid="posting-row"]`)
	if rows.Length() != 1 || rows.AttrOr("data-posting-id", "") != unmapped.ID {
		t.Fatalf("filtered table shows %d rows", rows.Length())
	}
	if testid(doc, "postings-show-all").Length() != 1 {
		t.Error("no way back to all postings")
	}

	// Mapping it clears the flag (the htmx answer updates the card out of band).
	p2, _ := app.Store.CreateProfile(ctx, app.OrgID, models.ProfileInput{Name: "Backend", DurationMinutes: 60})
	_, frag := app.post(t, app.Owner, "/integrations/lever/postings/"+unmapped.ID+"/profile", url.Values{"profile_id": {p2.ID}}, true)
	if card := frag.Find(`#mapping-health[hx-swap-oob]`); card.Length() != 1 || card.Find(`[data-testid="issue-posting-unmapped-`+unmapped.ID+`"]`).Length() != 0 {
		t.Errorf("mapping health not updated out of band: %q", text(card))
	}
}

func TestConnectionHealth(t *testing.T) {
	app := setupLeverApp(t)
	// Before connecting there is nothing to be healthy about: the setup
	// steps, no health card and no "Healthy".
	_, doc := app.get(t, app.Owner, "/integrations/lever", false)
	if testid(doc, "connection-health").Length() != 0 || strings.Contains(text(doc.Find("main")), "Healthy") || testid(doc, "setup-stepper").Length() != 1 {
		t.Errorf("not connected: %q", text(doc.Find("main")))
	}

	app.connect(t, "accept", nil)
	app.live(t)
	_, doc = app.get(t, app.Owner, "/integrations/lever", false)
	if got := testid(doc, "connection-health-state").AttrOr("data-state", ""); got != "ok" {
		t.Errorf("fresh connection health = %q: %q", got, text(testid(doc, "connection-issues")))
	}
	if got := text(testid(doc, "last-webhook")); got != "never" {
		t.Errorf("last webhook = %q", got)
	}
	if got := testid(doc, "webhook-registration").AttrOr("data-state", ""); got != "registered" {
		t.Errorf("webhook registration = %q", got)
	}
	if got := text(testid(doc, "token-state")); !strings.HasPrefix(got, "valid until ") || !strings.Contains(got, "(in ") {
		t.Errorf("token state = %q", got)
	}
	year := time.Now().UTC().AddDate(1, 0, 0).Format("2006-01-02")
	if got := testid(doc, "renewal-due").Find("time").AttrOr("datetime", ""); !strings.HasPrefix(got, year) {
		t.Errorf("renewal due = %q, want %s", got, year)
	}
	if got := text(testid(doc, "grant-rules")); !strings.Contains(got, "90 days without use") {
		t.Errorf("grant rules = %q", got)
	}

	tests := []struct {
		name     string
		set      map[string]any
		key, sev string
		want     string
	}{
		{"RenewalSoon", map[string]any{"granted_at": time.Now().UTC().AddDate(0, 0, -350)}, "grant-renewal", "warn", "must be renewed within"},
		{"RenewalPast", map[string]any{"granted_at": time.Now().UTC().AddDate(-1, 0, -2)}, "grant-renewal", "error", "reached its one-year limit"},
		{"IdleToken", map[string]any{"token_refreshed_at": time.Now().UTC().AddDate(0, 0, -70)}, "grant-idle", "warn", "unused for 90 days"},
		{"WebhookQuiet", map[string]any{"enabled": true, "last_webhook_at": time.Now().UTC().AddDate(0, 0, -9)}, "webhook-quiet", "warn", "No webhook delivery for 9 days"},
		{"NeedsReauth", map[string]any{"status": models.ConnNeedsReauth, "status_code": "refresh_refused", "status_reason": "Lever refused to renew access (invalid_grant)"}, "needs-reauth", "error", "revoked or has expired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := app.connection(t)
			saved := *c
			if err := app.Store.Gorm().Model(c).Updates(tt.set).Error; err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { app.Store.Gorm().Save(&saved) })
			_, doc := app.get(t, app.Owner, "/integrations/lever", false)
			is := issue(doc, tt.key)
			if is.AttrOr("data-severity", "") != tt.sev || !strings.Contains(text(is), tt.want) {
				t.Fatalf("issue %s = %q (%s), want %s containing %q", tt.key, text(is), is.AttrOr("data-severity", ""), tt.sev, tt.want)
			}
			if reconnect := tt.key == "grant-renewal" || tt.key == "needs-reauth"; reconnect && is.Find(`[data-testid="issue-fix"]`).AttrOr("href", "") != "/integrations/lever/connect" {
				t.Errorf("no Reconnect fix: %q", text(is))
			}
		})
	}
}

func TestAuditLogRecordsChanges(t *testing.T) {
	app := setupLeverApp(t)
	app.connect(t, "accept", nil)
	app.mapStages(t)
	ctx := context.Background()
	postings, _, _ := app.Store.Postings(ctx, app.OrgID, models.PostingFilter{Limit: 1})
	app.post(t, app.Owner, "/profiles", url.Values{"name": {`<script>x</script> Backend`}, "duration_minutes": {"60"}}, false)
	profiles, _ := app.Store.Profiles(ctx, app.OrgID)
	app.post(t, app.Owner, "/integrations/lever/postings/"+postings[0].ID+"/profile", url.Values{"profile_id": {profiles[0].ID}}, false)
	app.post(t, app.Owner, "/integrations/lever/signature-token", url.Values{"signature_token": {"secret-token-value-123"}}, false)
	app.post(t, app.Owner, "/integrations/lever/enabled", url.Values{"enabled": {"off", "on"}}, false)
	app.post(t, app.Owner, "/integrations/lever/enabled", url.Values{"enabled": {"off"}}, false)
	app.post(t, app.Owner, "/integrations/lever/disconnect", nil, false)
	_, doc := app.get(t, app.Owner, "/integrations/lever?tab=audit", false)

	rows := map[string][]*goquery.Selection{}
	doc.Find(`[data-testid="audit-row"]`).Each(func(_ int, s *goquery.Selection) {
		rows[s.AttrOr("data-action", "")] = append(rows[s.AttrOr("data-action", "")], s)
	})
	field := func(s *goquery.Selection, id string) string {
		switch id {
		case "audit-before":
			return s.AttrOr("data-before", "")
		case "audit-after":
			return s.AttrOr("data-after", "")
		}
		return text(s.Find(`[data-testid="` + id + `"]`))
	}
	for _, action := range []string{"connect", "stage_mapping", "profile_create", "posting_profile", "signature_token", "enabled", "disconnect"} {
		if len(rows[action]) == 0 {
			t.Errorf("no %s entry; actions: %v", action, doc.Find(`[data-testid="audit-row"]`).Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("data-action", "") }))
			continue
		}
		if who := field(rows[action][0], "audit-who"); who != ownerEmail {
			t.Errorf("%s by %q", action, who)
		}
	}
	if len(rows["stage_mapping"]) > 0 {
		if after := field(rows["stage_mapping"][0], "audit-after"); !strings.Contains(after, `"intervue_no":"Intervue - No (`) {
			t.Errorf("stage mapping after = %q", after)
		}
	}
	if en := rows["enabled"]; len(en) == 2 {
		if b, a := field(en[0], "audit-before"), field(en[0], "audit-after"); b != `{"enabled":true}` || a != `{"enabled":false}` {
			t.Errorf("newest toggle = %s → %s", b, a)
		}
		if b, a := field(en[1], "audit-before"), field(en[1], "audit-after"); b != `{"enabled":false}` || a != `{"enabled":true}` {
			t.Errorf("first toggle = %s → %s", b, a)
		}
	} else {
		t.Errorf("%d toggle entries, want 2", len(en))
	}
	if len(rows["signature_token"]) > 0 {
		if a := field(rows["signature_token"][0], "audit-after"); a != `{"signature_token":"set"}` {
			t.Errorf("token entry = %q", a)
		}
	}
	if strings.Contains(doc.Text(), "secret-token-value-123") {
		t.Error("the signature token is shown")
	}
	if doc.Find(`[data-testid="audit-card"] script`).Length() != 0 {
		t.Error("profile name rendered as HTML in the audit log")
	}
	if len(rows["disconnect"]) > 0 {
		if b, a := field(rows["disconnect"][0], "audit-before"), field(rows["disconnect"][0], "audit-after"); !strings.Contains(b, `"status":"connected"`) || !strings.Contains(a, `"status":"disconnected"`) {
			t.Errorf("disconnect = %s → %s", b, a)
		}
	}
}

func TestBackfillProgressAndGuards(t *testing.T) {
	app := setupLeverApp(t)
	ctx := context.Background()
	_, doc := app.get(t, app.Owner, "/integrations/lever?tab=backfill", false)
	if testid(doc, "backfill-card").Length() != 0 || testid(doc, "step-panel-connect").Length() != 1 {
		t.Error("backfill offered before Lever is connected")
	}
	app.connect(t, "accept", nil)
	ids := app.mapStages(t)
	var opp string
	for _, o := range app.Sandbox.Opportunities(sandbox.DemoAccountID) {
		if o.Name == "Ada Lovelace" {
			opp = o.ID
		}
	}
	app.Sandbox.SetWebhooksEnabled(sandbox.DemoAccountID, false)
	if err := app.Sandbox.MoveCandidate(ctx, sandbox.DemoAccountID, opp, ids["to_be_scheduled"]); err != nil {
		t.Fatal(err)
	}

	// Disabled: the preview works, processing waits for the toggle.
	_, card := app.get(t, app.Owner, "/integrations/lever/backfill", true)
	row := card.Find(`[data-testid="backfill-row"][data-opportunity="` + opp + `"]`)
	if row.AttrOr("data-eligible", "") != "true" || !strings.Contains(text(row), "Never received") {
		t.Fatalf("preview row = %q", text(row))
	}
	if !testid(card, "backfill-process").Is("[disabled]") || !strings.Contains(text(card.Find("#backfill-hint")), "Enable the integration first") {
		t.Error("processing offered while disabled")
	}
	app.post(t, app.Owner, "/integrations/lever/enabled", url.Values{"enabled": {"off", "on"}}, false)

	// Jobs do not run here, so the batch stays in progress.
	_, card = app.post(t, app.Owner, "/integrations/lever/backfill", url.Values{"opportunity": {opp}}, true)
	p := testid(card, "backfill-progress")
	if p.AttrOr("data-finished", "") != "false" || p.AttrOr("hx-trigger", "") != "every 1s" || p.AttrOr("hx-get", "") != p.AttrOr("data-url", "x") {
		t.Fatalf("progress = %v", p.Nodes)
	}
	if bar := p.Find("progress#backfill-progress-bar"); bar.AttrOr("max", "") != "1" || bar.AttrOr("value", "") != "0" || text(bar) != "0 of 1 processed (0%)" {
		t.Errorf("progress bar = %v %q", bar.Nodes, text(bar))
	}
	if href := p.Find(`noscript`).Text(); !strings.Contains(href, "Refresh progress") {
		t.Errorf("no refresh link without JavaScript: %q", href)
	}
	_, card = app.post(t, app.Owner, "/integrations/lever/backfill", url.Values{"opportunity": {opp}}, true)
	if got := text(testid(card, "backfill-error")); !strings.Contains(got, "still running") {
		t.Errorf("second backfill while running: %q", got)
	}

	var d models.WebhookDelivery
	if err := app.Store.Gorm().Where("org_id = ? AND opportunity_id = ?", app.OrgID, opp).First(&d).Error; err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(d.Token, models.BackfillTokenPrefix) || !strings.HasSuffix(d.Token, ":"+opp) {
		t.Errorf("token = %q", d.Token)
	}
	if err := app.Store.FinishDelivery(ctx, d.ID, models.DeliveryProcessed, "picked_up", "done"); err != nil {
		t.Fatal(err)
	}
	_, frag := app.get(t, app.Owner, p.AttrOr("data-url", ""), true)
	done := testid(frag, "backfill-progress")
	if done.AttrOr("data-finished", "") != "true" || done.AttrOr("hx-trigger", "") != "" || text(testid(frag, "backfill-progress-text")) != "1 of 1 processed (100%)" {
		t.Errorf("finished progress = %q", text(done))
	}
	if testid(frag, "backfill-done").AttrOr("role", "") != "status" {
		t.Error("the end is not announced")
	}
}
