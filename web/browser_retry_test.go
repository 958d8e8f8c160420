package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/intervue/lever-integration/models"
)

// TestBrowserRetry is the support path end to end in a real browser: a
// delivery fails because the stage mapping became incomplete; the admin
// finds the candidate by email in the sync log, reads the reason on the
// timeline, fixes the mapping on the Lever screen (flagged by Mapping
// health), comes back, presses Retry and sees the candidate picked up.
func TestBrowserRetry(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Second)
	defer cancel()
	app := startApp(t, nil)
	b := newTab(t, ctx, app)
	client := login(t, app, app.DemoEmail, app.DemoPassword)
	store := openStore(t, app)
	orgID := demoOrgID(t, store)

	// The candidate has a history (picked up once, then the interview was
	// cancelled), so the sync log knows their email.
	setup, cand, iv := orderInterview(t, app, client, "Aisha Khan")
	waitLedger(t, store, iv.ID)
	apiJSON(t, app, "POST", "/api/v1/interviews/"+iv.ID+"/fail", `{"reason":"organisation_cancelled"}`, 200, nil)
	waitLedger(t, store, iv.ID)

	// The Intervue - No stage is unmapped behind the screen's back; the
	// recruiter moves the candidate back to To be Scheduled.
	if err := store.Gorm().Model(&models.LeverConnection{}).Where("org_id = ?", orgID).Update("stage_no", "").Error; err != nil {
		t.Fatal(err)
	}
	moveCandidate(t, app, cand.ID, setup.Stages["to_be_scheduled"])
	var failed models.WebhookDelivery
	waitFor(t, "the delivery to fail", func() bool {
		ds, _ := store.Deliveries(context.Background(), orgID, cand.ID)
		if len(ds) > 0 && ds[len(ds)-1].Status == models.DeliveryFailed {
			failed = ds[len(ds)-1]
			return true
		}
		return false
	})

	b.login()
	b.do("search the sync log by email", chromedp.Navigate(app.URL+"/sync-log"),
		chromedp.SendKeys(chromedp.ID("q"), cand.Email), chromedp.Submit(chromedp.ID("q")),
		// The unfiltered list shows the candidate too: wait for the results
		// page (its search box carries the query in its value attribute)
		// before the row, not a row of the page the search leaves.
		chromedp.WaitVisible(chromedp.CSS(`input#q[value=`+strconv.Quote(cand.Email)+`]`)),
		chromedp.WaitVisible(chromedp.CSS(`tr[data-opportunity="`+cand.ID+`"] a[data-testid="timeline-link"]`)))
	b.do("open the timeline", chromedp.Click(chromedp.CSS(`tr[data-opportunity="`+cand.ID+`"] a[data-testid="timeline-link"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="failed-`+failed.ID+`"]`)))
	timeline := b.eval("url", `location.pathname + location.search`)
	if reason := b.text(`[data-testid="failed-` + failed.ID + `"]`); !strings.Contains(reason, "Stage mapping is incomplete") {
		t.Fatalf("failed step = %q", reason)
	}

	b.do("go to the Lever screen", chromedp.Click(chromedp.CSS(`nav a[href="/integrations/lever"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="issue-stages-unmapped"]`)))
	if got := b.text(`[data-testid="issue-stages-unmapped"]`); !strings.Contains(got, "Map your stages: 1 stage is not mapped yet (Intervue - No)") {
		t.Errorf("mapping health = %q", got)
	}
	shots := shotDir(t)
	b.regionShot(shots, "lever-health.png", `[data-testid="lever-health"]`, `#activity-card`)

	b.do("follow the fix link", chromedp.Click(chromedp.CSS(`[data-testid="issue-stages-unmapped"] [data-testid="issue-fix"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#stage-intervue_no`)))
	if got := b.eval("hash", `location.search + location.hash`); got != "?tab=settings#stage-intervue_no" {
		t.Errorf("fix link went to %q", got)
	}
	b.choose("#stage-intervue_no", "Intervue - No")
	b.do("save the mapping", chromedp.Click(chromedp.CSS(`[data-testid="save-stage-mapping"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="stage-mapping-saved"]`)))
	b.do("overview", chromedp.Navigate(app.URL+"/integrations/lever"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="mapping-health"]`)))
	if b.eval("ok", `String(!!document.querySelector("[data-testid=mapping-health-ok]"))`) != "true" {
		t.Errorf("mapping health after the fix: %q", b.text(`[data-testid="mapping-health"]`))
	}

	b.do("back to the timeline", chromedp.Navigate(app.URL+timeline),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="retry-form-`+failed.ID+`"] [data-testid="retry-button"]`)))
	if n := b.eval("pickups", `String(document.querySelectorAll("#timeline [data-code=picked_up] [data-testid=event-message]").length)`); n != "1" {
		t.Fatalf("%s pickups before the retry", n)
	}
	b.do("press Retry", chromedp.Click(chromedp.CSS(`[data-testid="retry-form-`+failed.ID+`"] [data-testid="retry-button"]`)))
	// The first pickup is in the timeline already: wait for a second one,
	// after the retry, brought in by the live timeline's polling.
	pickedUp := `document.querySelectorAll("#timeline [data-code=picked_up] [data-testid=event-message]").length`
	b.waitJS("the retried step succeeds", `(() => {
		const codes = Array.from(document.querySelectorAll("#timeline [data-kind=decision]")).map(e => e.dataset.code);
		return `+pickedUp+` === 2 && codes[codes.length-1] === "picked_up" && !document.querySelector("[data-testid=failed-`+failed.ID+`]");
	})()`, 20*time.Second)
	next := waitInterview(t, app, cand.ID, "to_be_scheduled")
	if next.ID == iv.ID {
		t.Error("no new interview")
	}
	if got := b.eval("marker", `location.pathname`); got != strings.Split(timeline, "?")[0] {
		t.Errorf("the Retry left the timeline for %s", got)
	}
	b.fullShot(scratchDir(t), "retry-timeline.png")
}

// waitLedger waits until none of the interview's Lever writes is pending.
func waitLedger(t testing.TB, store *models.Store, interviewID string) {
	t.Helper()
	waitFor(t, "the interview's Lever writes", func() bool {
		ws, err := store.Writes(context.Background(), interviewID)
		if err != nil || len(ws) == 0 {
			return false
		}
		for _, w := range ws {
			if w.Status == models.WritePending {
				return false
			}
		}
		return true
	})
}
