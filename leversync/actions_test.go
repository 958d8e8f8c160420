package leversync_test

import (
	"context"
	"sync"
	"testing"

	"github.com/intervue/lever-integration/leversync"
)

// TestEnableTwiceAtOnce: five enables of a disabled integration at the same
// moment (a double click, two admins) turn it on once: one audit entry and
// one "integration enabled" line; a later enable of an enabled integration
// writes neither.
func TestEnableTwiceAtOnce(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(5)
	ctx := context.Background()
	if _, err := r.Store.SetEnabled(ctx, o.ID, false); err != nil {
		t.Fatal(err)
	}
	counts := func() (audits, lines int64) {
		t.Helper()
		g := r.Store.Gorm()
		if err := g.Table("audit_entries").Where("org_id = ? AND action = ?", o.ID, "enabled").Count(&audits).Error; err != nil {
			t.Fatal(err)
		}
		if err := g.Table("sync_events").Where("org_id = ? AND code = ?", o.ID, string(leversync.CodeIntegrationEnabled)).Count(&lines).Error; err != nil {
			t.Fatal(err)
		}
		return audits, lines
	}
	a0, l0 := counts()
	var wg sync.WaitGroup
	errs := make(chan error, 5)
	for range 5 {
		wg.Go(func() {
			if _, err := r.Engine.SetEnabled(ctx, o.ID, true, leversync.Actor{Name: "test", Audit: "test"}); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if a, l := counts(); a-a0 != 1 || l-l0 != 1 {
		t.Fatalf("five enables at once wrote %d audit entries and %d log lines, want 1 and 1", a-a0, l-l0)
	}
	if _, err := r.Engine.SetEnabled(ctx, o.ID, true, leversync.Actor{Name: "test", Audit: "test"}); err != nil {
		t.Fatal(err)
	}
	if a, l := counts(); a-a0 != 1 || l-l0 != 1 {
		t.Fatalf("enabling an enabled integration wrote more: %d audit entries, %d log lines", a-a0, l-l0)
	}
	if c, _ := r.Store.Connection(ctx, o.ID); !c.Enabled {
		t.Fatal("not enabled")
	}
}
