package main

import (
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/intervue/lever-integration/models"
)

// TestLatestOutcomeAndSummary checks that the sync log shows a candidate's
// latest meaningful outcome, not the echo of our own stage move, and that
// the timeline opens with a summary (stage, interview, credit, next step)
// and keeps Lever calls folded.
func TestLatestOutcomeAndSummary(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	client := login(t, app, app.DemoEmail, app.DemoPassword)
	_, cand, iv := orderInterview(t, app, client, "Priya Natarajan")
	store := openStore(t, app)
	orgID := demoOrgID(t, store)
	apiJSON(t, app, "POST", "/api/v1/interviews/"+iv.ID+"/schedule",
		`{"scheduled_at":"2030-01-02T15:00:00Z","timezone":"Europe/Paris","duration_minutes":45,"interviewer":"Ada"}`, 200, nil)
	// Our move to Scheduled comes back from Lever as a webhook: its echo is
	// the newest decision.
	waitFor(t, "the echo of our move", func() bool {
		evs, _, _ := store.SyncLog(context.Background(), models.SyncLogFilter{OrgID: orgID, OpportunityID: cand.ID, Newest: true, Kind: "decision", Limit: 1})
		return len(evs) == 1 && evs[0].Code == "own_stage_echo"
	})
	writesDone := func() bool {
		evs, _, _ := store.SyncLog(context.Background(), models.SyncLogFilter{OrgID: orgID, OpportunityID: cand.ID})
		var pending int64
		store.Gorm().Model(&models.LeverWrite{}).Where("interview_id = ? AND status = ?", iv.ID, models.WritePending).Count(&pending)
		return pending == 0 && len(evs) > 0
	}
	waitFor(t, "the writes", writesDone)

	t.Run("SyncLogOutcome", func(t *testing.T) {
		doc := getDoc(t, app, client, "/sync-log?q="+cand.ID, 200)
		cell := doc.Find(`tr[data-opportunity="` + cand.ID + `"] [data-testid="latest-outcome"]`)
		last := cell.Find(`[data-testid="last-message"]`)
		msg := squash(last)
		if msg == "" || last.AttrOr("data-code", "") == "own_stage_echo" || cell.Find(`[data-testid="outcome-at"]`).Length() != 1 {
			t.Errorf("latest outcome = %q (%s)", msg, squash(cell))
		}
		if kind := squash(cell.Find("code")); kind == "lever_call" || kind == "webhook" {
			t.Errorf("outcome kind = %s", kind)
		}
	})
	t.Run("APICodes", func(t *testing.T) {
		// docs/CONTRACT.md §7: every line has a code, and its params.
		var evs []struct {
			Kind, Code, Status, Message string
			Params                      map[string]string
		}
		apiJSON(t, app, "GET", "/api/v1/sync-log?opportunity_id="+cand.ID, "", 200, &evs)
		picked := 0
		for _, ev := range evs {
			if ev.Code == "" || ev.Code == "legacy" || ev.Params == nil {
				t.Errorf("line without a code or params: %+v", ev)
			}
			if ev.Code == "picked_up" && ev.Kind == "decision" && ev.Params["ref"] != "" && strings.Contains(ev.Message, ev.Params["ref"]) {
				picked++
			}
		}
		if picked != 1 {
			t.Errorf("%d picked_up lines with their ref, want 1: %+v", picked, evs)
		}
		if status, _ := app.api(t, "GET", "/api/v1/sync-log", ""); status != 400 {
			t.Errorf("without opportunity_id: %d, want 400", status)
		}
	})
	t.Run("TimelineSummary", func(t *testing.T) {
		doc := getDoc(t, app, client, "/sync-log/candidates/"+cand.ID, 200)
		sum := func(id string) string { return squash(doc.Find(`[data-testid="summary-` + id + `"]`)) }
		if got := sum("stage"); !strings.Contains(got, "Intervue - Scheduled") {
			t.Errorf("stage = %q", got)
		}
		var ref string
		store.Gorm().Model(&models.Interview{}).Select("ref").Where("id = ?", iv.ID).Scan(&ref)
		if got := sum("interview"); got != ref+": Scheduled" {
			t.Errorf("interview = %q, want %s: Scheduled", got, ref)
		}
		if got := sum("credit"); got != "1 credit reserved" {
			t.Errorf("credit = %q", got)
		}
		if got := sum("next"); !strings.Contains(got, "takes place on 2030-01-02 15:00 UTC") {
			t.Errorf("next = %q", got)
		}
		// Every Lever call sits in a closed fold; the other events do not.
		groups := doc.Find(`[data-testid="calls-group"]`)
		if groups.Length() == 0 {
			t.Fatal("no folded Lever calls")
		}
		groups.Each(func(_ int, g *goquery.Selection) {
			if _, open := g.Find("details").Attr("open"); open || !strings.Contains(squash(g.Find(`[data-testid="calls-summary"]`)), "Lever call") {
				t.Errorf("fold = %q open=%v", squash(g.Find("summary")), open)
			}
		})
		if n := doc.Find(`li[data-kind="lever_call"]`).Length(); n == 0 || n != doc.Find(`[data-testid="calls-group"] li[data-kind="lever_call"]`).Length() {
			t.Errorf("%d Lever calls, not all folded", n)
		}
		if doc.Find(`[data-testid="timeline"] > li[data-kind="write"]`).Length() == 0 {
			t.Error("writes are folded too")
		}
	})
}
