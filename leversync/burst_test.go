package leversync_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
)

// longTest skips a test that takes minutes unless it runs on PostgreSQL (the
// CI pass that has the time budget for it) or env is set to 1.
func longTest(t *testing.T, env string) {
	t.Helper()
	if os.Getenv("TEST_DATABASE_URL") == "" && os.Getenv(env) != "1" {
		t.Skipf("long test: runs with TEST_DATABASE_URL set (the PostgreSQL pass) or %s=1", env)
	}
	if testing.Short() {
		t.Skip("long test: -short")
	}
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// maxInWindow returns the most calls whose times fall within any window of d.
func maxInWindow(calls []time.Time, d time.Duration) int {
	best := 0
	for i, j := 0, 0; j < len(calls); j++ {
		for calls[j].Sub(calls[i]) >= d {
			i++
		}
		best = max(best, j-i+1)
	}
	return best
}

// TestBurstStaysUnderRateLimit: 500 candidates of one organization enter To
// be Scheduled at once and their deliveries arrive as fast as we can send
// them. Every one is picked up exactly once, and Lever never sees more than
// its limit (10 requests/second, bursts of 20) in any one-second window.
func TestBurstStaysUnderRateLimit(t *testing.T) {
	longTest(t, "BURST")
	t.Parallel()
	n := envInt("BURST_DELIVERIES", 500)
	r := newRig(t, rigOptions{})
	o := r.addOrg(n + 10)
	ctx := context.Background()
	c, _ := r.Store.Connection(ctx, o.ID)
	url, key := r.Engine.WebhookURL(c), r.SB.Webhooks(o.Account)[0].SignatureToken
	r.SB.SetWebhooksEnabled(o.Account, false) // we send the deliveries
	callsBefore := len(r.SB.Calls(o.Account))

	opps := make([]string, n)
	bodies := make([]string, n)
	now := time.Now().UnixMilli()
	for i := range opps {
		opps[i] = r.candidate(o, fmt.Sprintf("Burst Candidate %03d", i), o.PostingID)
		r.move(o, opps[i], o.Mapping.ToBeScheduled)
		data := fmt.Sprintf(`{"opportunityId":%q,"toStageId":%q,"fromStageId":"applicant-new"}`, opps[i], o.Mapping.ToBeScheduled)
		bodies[i] = signed(key, fmt.Sprintf("burst-%04d-%s", i, models.RandomToken(8)), now+int64(i), data)
	}

	start := time.Now()
	var wg sync.WaitGroup
	next := make(chan string)
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for body := range next {
				if status, resp := post(t, url, body); status != 200 {
					t.Errorf("delivery answered %d %s", status, resp)
				}
			}
		}()
	}
	for _, b := range bodies {
		next <- b
	}
	close(next)
	wg.Wait()
	accepted := time.Since(start)
	r.settled(8 * time.Minute)
	drain := time.Since(start)

	var stored int64
	r.Store.Gorm().Model(&models.WebhookDelivery{}).Where("org_id = ? AND status = ?", o.ID, models.DeliveryProcessed).Count(&stored)
	if stored != int64(n) {
		t.Errorf("%d deliveries processed, want %d", stored, n)
	}
	for _, id := range opps {
		ivs := r.interviewsOf(o, id)
		op := r.opp(o, id)
		if len(ivs) != 1 || slices.Index(op.Tags, leversync.TagName) < 0 {
			t.Fatalf("candidate %s: %d interviews, tags %q; want exactly 1 and the tag", id, len(ivs), op.Tags)
		}
		if wc := r.writeCalls(o, id); wc != (writeCalls{Tags: 1}) {
			t.Fatalf("candidate %s: writes %+v, want one tag", id, wc)
		}
	}

	calls := r.SB.Calls(o.Account)[callsBefore:]
	var times []time.Time
	limited := 0
	for _, cl := range calls {
		times = append(times, cl.At)
		if cl.Status == 429 {
			limited++
		}
	}
	perSecond := maxInWindow(times, time.Second)
	per10 := maxInWindow(times, 10*time.Second)
	span := times[len(times)-1].Sub(times[0])
	steady := float64(len(times)-1) / span.Seconds()
	atLever := time.Duration(float64(len(calls)-20) / 10 * float64(time.Second))
	atOurs := time.Duration(float64(len(calls)-lever.DefaultBurst) / lever.DefaultRPS * float64(time.Second))
	t.Logf("%d deliveries accepted in %s; drained in %s: %d Lever calls (%d per pickup); theoretical minimum %s at Lever's 10/s, %s at our %d/s",
		n, accepted.Round(time.Millisecond), drain.Round(time.Second), len(calls), len(calls)/n, atLever.Round(time.Second), atOurs.Round(time.Second), lever.DefaultRPS)
	t.Logf("Lever saw at most %d requests in one second (sandbox's own count: %d), at most %d in ten seconds; steady %.2f/s; %d answered 429",
		perSecond, r.SB.RequestsPerSecondMax(o.Account), per10, steady, limited)
	if perSecond > 20 || r.SB.RequestsPerSecondMax(o.Account) > 20 {
		t.Errorf("more than 20 requests in one second: %d", max(perSecond, r.SB.RequestsPerSecondMax(o.Account)))
	}
	if per10 > 10*10+20 || steady > 10 {
		t.Errorf("steady rate above Lever's 10/s: %d in 10 s, %.2f/s overall", per10, steady)
	}
	if limited > 0 {
		t.Errorf("Lever rate-limited %d requests", limited)
	}
}
