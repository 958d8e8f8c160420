package leversync_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/leversync"
)

// TestWebhookChangesAtOnce: Check now, key rotation and Disconnect clicked
// several times at the same moment change Lever's webhooks one at a time:
// after the checks and after the rotations Lever holds exactly one webhook
// per event of ours, at the stored URL; of the disconnects one disconnects
// (one audit entry, one log line) and the others are told it already is.
func TestWebhookChangesAtOnce(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(5)
	ctx := context.Background()
	atOnce := func(n int, fn func() error) []error {
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() { errs[i] = fn() })
		}
		wg.Wait()
		return errs
	}
	oneSetAtOurURL := func(after string) {
		t.Helper()
		c, err := r.Store.Connection(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		hooks := r.SB.Webhooks(o.Account)
		events := map[string]int{}
		for _, h := range hooks {
			events[h.Event]++
			if h.URL != r.Engine.WebhookURL(c) {
				t.Errorf("after %s: webhook %s (%s) points at %s, not the stored URL", after, h.ID, h.Event, h.URL)
			}
		}
		if len(hooks) != len(lever.OurEvents) || len(events) != len(lever.OurEvents) {
			t.Fatalf("after %s Lever holds %d webhooks %v, want one per event of ours", after, len(hooks), events)
		}
	}

	r.SB.DeleteWebhooks(o.Account)
	for _, err := range atOnce(3, func() error { _, err := r.Engine.CheckWebhook(ctx, o.ID); return err }) {
		if err != nil {
			t.Fatal(err)
		}
	}
	oneSetAtOurURL("three checks at once")

	for _, err := range atOnce(3, func() error {
		_, err := r.Engine.RotateWebhookKey(ctx, o.ID, leversync.Actor{Name: "test", Audit: "test"})
		return err
	}) {
		if err != nil {
			t.Fatal(err)
		}
	}
	oneSetAtOurURL("three rotations at once")
	var rotations int64
	r.Store.Gorm().Table("audit_entries").Where("org_id = ? AND action = ?", o.ID, "webhook_key_rotate").Count(&rotations)
	if rotations != 3 {
		t.Errorf("audit entries of three rotations = %d, want 3 (one each, written with its key)", rotations)
	}

	var done, already int
	for _, err := range atOnce(3, func() error { return r.Engine.Disconnect(ctx, o.ID, leversync.Actor{Name: "test", Audit: "test"}) }) {
		switch {
		case err == nil:
			done++
		case errors.Is(err, leversync.ErrDisconnected):
			already++
		default:
			t.Fatal(err)
		}
	}
	var audits, lines int64
	r.Store.Gorm().Table("audit_entries").Where("org_id = ? AND action = ?", o.ID, "disconnect").Count(&audits)
	r.Store.Gorm().Table("sync_events").Where("org_id = ? AND code = ?", o.ID, string(leversync.CodeDisconnected)).Count(&lines)
	if done != 1 || already != 2 || audits != 1 || lines != 1 {
		t.Fatalf("three disconnects at once: %d disconnected, %d told already; %d audit entries, %d log lines; want 1, 2, 1, 1", done, already, audits, lines)
	}
	if hooks := r.SB.Webhooks(o.Account); len(hooks) != 0 {
		t.Fatalf("after disconnecting Lever still holds %d webhooks of ours", len(hooks))
	}
}
