package leversync_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/intervue/lever-integration/models"
)

// Deliveries that cannot lead to work (moves into a stage the integration
// does not use, of a candidate with no interview in progress) are decided
// at ingest: stored as ignored and counted, with no job and no sync-log
// line. A move of a candidate whose interview is in progress, and a move
// into To be Scheduled, still go through the job. Concurrent deliveries
// share transactions (group commit) and duplicates, even within one batch,
// are stored once.
func TestIrrelevantDeliveriesDecidedAtIngest(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(5)
	ctx := context.Background()
	c, _ := r.Store.Connection(ctx, o.ID)
	url, key := r.Engine.WebhookURL(c), r.SB.Webhooks(o.Account)[0].SignatureToken
	r.SB.SetWebhooksEnabled(o.Account, false)
	opp := r.candidate(o, "Busy Account Candidate", o.PostingID)
	now := time.Now().UnixMilli()
	move := func(token, to string) string {
		return signed(key, token, now, fmt.Sprintf(`{"opportunityId":%q,"toStageId":%q,"fromStageId":"applicant-new"}`, opp, to))
	}
	count := func(model any, q string, args ...any) int64 {
		var n int64
		r.Store.Gorm().Model(model).Where(q, args...).Count(&n)
		return n
	}
	jobs := func() int64 {
		var n int64
		r.Store.Gorm().Table("river_job").Where("kind = ?", "lever_process_delivery").Count(&n)
		return n
	}
	jobsBefore := jobs()

	const n = 150
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			// Every tenth token is sent twice, concurrently.
			token := fmt.Sprintf("ignored-%03d", i)
			if i%10 == 9 {
				token = fmt.Sprintf("ignored-%03d", i-1)
			}
			if status, body := post(t, url, move(token, "applicant-new")); status != 200 {
				t.Errorf("delivery %d: %d %s", i, status, body)
			}
		})
	}
	wg.Wait()
	if got := count(&models.WebhookDelivery{}, "org_id = ? AND status = ?", o.ID, models.DeliveryIgnored); got != n-n/10 {
		t.Fatalf("%d deliveries stored as ignored, want %d (duplicates once)", got, n-n/10)
	}
	if got := jobs() - jobsBefore; got != 0 {
		t.Fatalf("%d jobs enqueued for ignored deliveries", got)
	}
	// Countable where support looks: the Lever screen's webhook card.
	if stats, err := r.Store.DeliveryStats(ctx, c.ID, time.Now().Add(-time.Hour)); err != nil || stats[models.DeliveryIgnored] != n-n/10 {
		t.Fatalf("delivery stats %v, %v: want %d ignored", stats, err, n-n/10)
	}
	if got := count(&models.SyncEvent{}, "org_id = ? AND opportunity_id = ?", o.ID, opp); got != 0 {
		t.Fatalf("%d sync-log lines for ignored deliveries, want none", got)
	}

	// A move into To be Scheduled after them is picked up.
	if err := r.SB.MoveCandidate(ctx, o.Account, opp, o.Mapping.ToBeScheduled); err != nil {
		t.Fatal(err)
	}
	if status, _ := post(t, url, move("relevant-1", o.Mapping.ToBeScheduled)); status != 200 {
		t.Fatal("relevant delivery refused")
	}
	r.waitInterview(o, opp)
	r.settled(20 * time.Second)
	// Now the candidate has an interview in progress: a move into another
	// stage matters (the interview may have to end) and is queued.
	if status, _ := post(t, url, move("while-active", "applicant-new")); status != 200 {
		t.Fatal("delivery refused")
	}
	if got := count(&models.WebhookDelivery{}, "token = ? AND status = ?", "while-active", models.DeliveryIgnored); got != 0 {
		t.Fatal("a move of a candidate with an interview in progress was ignored at ingest")
	}
	r.settled(20 * time.Second)
	if got := jobs() - jobsBefore; got != 2 {
		t.Fatalf("%d jobs, want 2 (the pickup and the move while active)", got)
	}
	if got := count(&models.SyncEvent{}, "org_id = ? AND opportunity_id = ? AND kind = ?", o.ID, opp, "webhook"); got != 2 {
		t.Fatalf("%d received lines in the sync log, want 2", got)
	}
}
