package leversync_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// TestRefreshRace: many workers find the access token expired at once; the
// single-use refresh token must be spent exactly once (docs/DESIGN.md §3), whether
// our record says the token expired or Lever rejects it with 401 first.
func TestRefreshRace(t *testing.T) {
	// Lever's own limit (10/s, bursts of 20) rather than ours, so that 20
	// callers really are in flight together.
	// A network latency makes answers arrive after another caller refreshed.
	r := newRig(t, rigOptions{RateLimit: 10, RateBurst: 20, LeverLatency: 150 * time.Millisecond})
	o := r.addOrg(1)
	ctx := context.Background()
	const callers = 50
	race := func(t *testing.T) {
		t.Helper()
		before := r.SB.TokenCalls()
		start := make(chan struct{})
		errs := make(chan error, callers)
		var wg sync.WaitGroup
		for i := 0; i < callers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs <- r.Engine.RefreshStages(ctx, o.ID)
			}()
		}
		began := time.Now()
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("caller failed: %v", err)
			}
		}
		if n := r.SB.TokenCalls() - before; n != 1 {
			t.Fatalf("%d token calls for %d concurrent callers, want exactly 1", n, callers)
		}
		c, _ := r.Store.Connection(ctx, o.ID)
		if c.Status != models.ConnConnected || c.TokenExpiresAt == nil || time.Until(*c.TokenExpiresAt) < 50*time.Minute {
			t.Fatalf("after refresh: status %s, expires %v", c.Status, c.TokenExpiresAt)
		}
		t.Logf("%d callers done in %s with 1 token call", callers, time.Since(began).Round(time.Millisecond))
		// The rotated pair was stored: the next call needs no refresh.
		if err := r.Engine.RefreshStages(ctx, o.ID); err != nil {
			t.Fatal(err)
		}
		if n := r.SB.TokenCalls() - before; n != 1 {
			t.Fatalf("token calls after one more call = %d, want 1", n)
		}
	}
	t.Run("ExpiredInOurRecord", func(t *testing.T) {
		r.SB.ExpireAccessTokens()
		if err := r.Store.Gorm().Model(&models.LeverConnection{}).Where("org_id = ?", o.ID).
			Update("token_expires_at", time.Now().Add(-time.Minute).UTC()).Error; err != nil {
			t.Fatal(err)
		}
		race(t)
	})
	t.Run("RejectedByLever", func(t *testing.T) {
		// Our record says the token is good for an hour, Lever says 401:
		// every caller sees the 401 and the first one to get the lock refreshes.
		r.SB.ExpireAccessTokens()
		race(t)
	})
}

// TestRevokedRefreshToken: a Lever admin revokes the app. The first job that
// needs Lever marks the connection needs_reauth with the reason, the screen
// and API say so, jobs wait without burning attempts and without calling
// Lever's token endpoint again, and a reconnect resumes them.
func TestRevokedRefreshToken(t *testing.T) {
	r := newRig(t, rigOptions{ReauthSnooze: 500 * time.Millisecond})
	o := r.addOrg(3)
	ctx := context.Background()
	oppID := r.candidate(o, "Waits For Reconnect", o.PostingID)
	r.SB.SetWebhooksEnabled(o.Account, false)
	r.move(o, oppID, o.Mapping.ToBeScheduled)

	r.SB.RevokeGrant(o.Account)
	tokenCalls := r.SB.TokenCalls()
	r.inject(o, oppID, o.Mapping.ToBeScheduled, "after-revoke-1")

	var c *models.LeverConnection
	eventually(t, 15*time.Second, "connection marked needs_reauth", func() bool {
		c, _ = r.Store.Connection(ctx, o.ID)
		return c.Status == models.ConnNeedsReauth
	})
	if !strings.Contains(c.StatusReason, "invalid_grant") || !strings.Contains(c.StatusReason, "Reconnect") {
		t.Fatalf("status reason = %q, want the invalid_grant cause and what to do", c.StatusReason)
	}
	if status, body := r.api(o, "GET", "/api/v1/lever", ""); status != 200 || !strings.Contains(body, `"status":"needs_reauth"`) {
		t.Fatalf("GET /api/v1/lever = %d %s", status, body)
	}
	if n := r.SB.TokenCalls() - tokenCalls; n != 1 {
		t.Fatalf("%d token calls, want 1 (the refresh that got invalid_grant)", n)
	}

	// Several snoozes later the delivery still waits, with no attempt used
	// and no further token call.
	var d models.WebhookDelivery
	r.Store.Gorm().Where("token = ?", "after-revoke-1").First(&d)
	type jobRow struct {
		State   string
		Attempt int
		Snoozes int
	}
	getter := r.jobsCtl.(interface {
		JobGet(ctx context.Context, id int64) (*rivertype.JobRow, error)
	})
	job := func() jobRow {
		row, err := getter.JobGet(ctx, r.jobFor("lever_process_delivery", d.ID).ID)
		if err != nil {
			t.Fatal(err)
		}
		var m struct{ Snoozes int }
		json.Unmarshal(row.Metadata, &m)
		return jobRow{State: string(row.State), Attempt: row.Attempt, Snoozes: m.Snoozes}
	}
	eventually(t, 15*time.Second, "the delivery job snoozed at least 3 times", func() bool { return job().Snoozes >= 3 })
	var j jobRow
	eventually(t, 5*time.Second, "the job between two runs", func() bool { j = job(); return j.State != "running" })
	if j.Attempt != 0 || (j.State != "scheduled" && j.State != "available") {
		t.Fatalf("job while waiting for reconnect: %+v, want attempt 0 and waiting", j)
	}
	if got, _ := r.Store.Delivery(ctx, d.ID); got.Status != models.DeliveryReceived {
		t.Fatalf("delivery status = %s, want it still received", got.Status)
	}
	if n := r.SB.TokenCalls() - tokenCalls; n != 1 {
		t.Fatalf("%d token calls while waiting, want no more than the first", n)
	}
	if wc := r.writeCalls(o, oppID); wc != (writeCalls{}) {
		t.Fatalf("writes while revoked: %+v", wc)
	}

	// Reconnect: the waiting delivery is processed.
	tok, _ := r.SB.IssueToken(o.Account, strings.Fields(lever.DefaultScopes)...)
	if _, err := r.Engine.Connect(ctx, o.ID, models.Grant{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken,
		ExpiresAt: time.Now().Add(time.Hour), Scopes: tok.Scope, AccountID: lever.AccountID(tok.AccessToken)}); err != nil {
		t.Fatal(err)
	}
	if status, body := r.api(o, "GET", "/api/v1/lever", ""); !strings.Contains(body, `"status":"connected"`) {
		t.Fatalf("after reconnect: %d %s", status, body)
	}
	iv := r.waitInterview(o, oppID)
	r.settled(15 * time.Second)
	if iv.Status != models.StatusToBeScheduled {
		t.Fatalf("interview = %+v", iv)
	}
	if wc := r.writeCalls(o, oppID); wc.Tags != 1 {
		t.Fatalf("tags = %d, want 1", wc.Tags)
	}
	if got, _ := r.Store.Delivery(ctx, d.ID); got.Status != models.DeliveryProcessed {
		t.Fatalf("delivery = %s %q", got.Status, got.Reason)
	}
	if j := job(); j.Attempt != 1 || j.State != "completed" {
		t.Fatalf("job after reconnect: %+v, want completed on its first counted attempt", j)
	}
}

// TestReconnectRunsWaitingJobsAtOnce: jobs that snoozed (for a minute, the
// default) while Lever needed re-authorization run right after the
// reconnect, not a minute later.
func TestReconnectRunsWaitingJobsAtOnce(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(5)
	ctx := context.Background()
	picked := r.candidate(o, "Picked Before Revoke", o.PostingID)
	r.move(o, picked, o.Mapping.ToBeScheduled)
	iv := r.waitInterview(o, picked)
	r.settled(15 * time.Second)

	r.SB.SetWebhooksEnabled(o.Account, false)
	waiting := r.candidate(o, "Arrives While Revoked", o.PostingID)
	r.move(o, waiting, o.Mapping.ToBeScheduled)
	r.SB.RevokeGrant(o.Account)
	r.event(o, iv.ID, "schedule", `{"scheduled_at":"2026-12-01T09:30:00Z","timezone":"UTC","duration_minutes":30,"interviewer":"Alan Turing"}`)
	r.inject(o, waiting, o.Mapping.ToBeScheduled, "while-revoked-1")
	eventually(t, 15*time.Second, "both jobs snoozed", func() bool {
		var n int64
		r.Store.Gorm().Table("river_job").Where("state = ? AND kind IN ?", "scheduled", []string{"lever_process_delivery", "lever_perform_writes"}).Count(&n)
		return n == 2
	})
	c, _ := r.Store.Connection(ctx, o.ID)
	if c.Status != models.ConnNeedsReauth {
		t.Fatalf("status = %s", c.Status)
	}

	// The snoozed jobs would run by themselves at this time; the reconnect
	// must have them done before it.
	var wakes []time.Time
	if err := r.Store.Gorm().Table("river_job").Where("state = ? AND kind IN ?", "scheduled", []string{"lever_process_delivery", "lever_perform_writes"}).
		Order("scheduled_at").Limit(1).Pluck("scheduled_at", &wakes).Error; err != nil || len(wakes) != 1 {
		t.Fatalf("snoozed jobs' wake time: %v %v", wakes, err)
	}
	tok, _ := r.SB.IssueToken(o.Account, strings.Fields(lever.DefaultScopes)...)
	start := time.Now()
	if _, err := r.Engine.Connect(ctx, o.ID, models.Grant{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken,
		ExpiresAt: time.Now().Add(time.Hour), Scopes: tok.Scope, AccountID: lever.AccountID(tok.AccessToken)}); err != nil {
		t.Fatal(err)
	}
	r.waitInterview(o, waiting)
	eventually(t, 10*time.Second, "schedule written to Lever", func() bool {
		op := r.opp(o, picked)
		return op.Stage == o.Mapping.Scheduled && len(op.Notes) == 1
	})
	r.settled(10 * time.Second)
	t.Logf("waiting work done %s after the reconnect", time.Since(start).Round(time.Millisecond))
	if !time.Now().Before(wakes[0]) {
		t.Fatalf("waiting jobs took %s after the reconnect: they ran when their snooze ended (%s), not at the reconnect", time.Since(start), wakes[0].UTC().Format(time.RFC3339))
	}
	if wc := r.writeCalls(o, waiting); wc.Tags != 1 {
		t.Fatalf("tags = %d", wc.Tags)
	}
}
