package leversync_test

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
)

// A job left running by a runner that stopped beating (a killed process)
// is made available again by any live runner; a job of a live runner is
// left alone.
func TestRescueDeadRunners(t *testing.T) {
	r := newRig(t, rigOptions{})
	ctx := context.Background()
	g := r.Store.Gorm()
	insert := func(runner string) int64 {
		t.Helper()
		// A job in a queue no worker serves, marked as running on runner,
		// as River does when a worker starts it.
		ins, err := r.Jobs.Insert(ctx, leversync.ProcessDeliveryArgs{DeliveryID: "none-" + runner}, &river.InsertOpts{Queue: "unworked", ScheduledAt: time.Now().Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		res := ins.Job.ID
		attempted := `ARRAY['` + runner + `']`
		if r.DB.Dialect == models.SQLite {
			attempted = `jsonb('["` + runner + `"]')`
		}
		if err := g.Exec(`UPDATE river_job SET state = 'running', attempt = 1, attempted_by = `+attempted+` WHERE id = ?`, res).Error; err != nil {
			t.Fatal(err)
		}
		return res
	}
	dead, live := insert("dead-runner"), insert("live-runner")
	// Dead for a minute: past the 15 s rescue limit, short of the hour after
	// which runners are forgotten (a runner forgotten before its jobs were
	// looked at would leave this test nothing to rescue).
	deadSince := time.Now().Add(-time.Minute).UnixMilli()
	if err := g.Exec(`INSERT INTO job_runners (client_id, beat_ms, started_ms) VALUES ('dead-runner', ?, ?)`, deadSince, deadSince).Error; err != nil {
		t.Fatal(err)
	}
	if err := r.Store.BeatRunner(ctx, "live-runner"); err != nil {
		t.Fatal(err)
	}
	// The rig's own runner may rescue it first (it looks every 3 s).
	if n, err := r.Store.RescueDeadRunners(ctx, 15*time.Second); err != nil || n > 1 {
		t.Fatalf("rescued %d, %v; want the dead runner's job only", n, err)
	}
	state := func(id int64) string {
		var s string
		g.Raw(`SELECT state FROM river_job WHERE id = ?`, id).Scan(&s)
		return s
	}
	if state(dead) != "available" || state(live) != "running" {
		t.Fatalf("dead runner's job %s, live runner's job %s; want available and running", state(dead), state(live))
	}
}
