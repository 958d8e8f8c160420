package leversync

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"time"
)

// newRunnerID returns a River client id for this process: the
// host name, the process id and a random suffix, so that a restarted
// process is a new runner (job_runners, models.Store.RescueDeadRunners).
func newRunnerID() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s-%d-%06x", host, os.Getpid(), rand.N(1<<24))
}

// RunnerID returns the River client id NewRiver gave this process.
func (e *Engine) RunnerID() string { return e.runnerID }

// KeepRunnerAlive beats this process's heartbeat every deadAfter/5 and, at
// the same pace, makes the running jobs of runners silent for deadAfter
// (killed processes) available again, so that their work resumes within
// seconds on any live process instead of after River's rescue delay. It
// returns when ctx ends, forgetting this runner (a clean stop).
// deadAfter <= 0 selects 15s.
func (e *Engine) KeepRunnerAlive(ctx context.Context, deadAfter time.Duration) {
	if deadAfter <= 0 {
		deadAfter = 15 * time.Second
	}
	every := deadAfter / 5
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		bctx, cancel := context.WithTimeout(ctx, every)
		if err := e.store.BeatRunner(bctx, e.runnerID); err != nil && ctx.Err() == nil {
			e.log.Warn("job runner heartbeat failed", "runner", e.runnerID, "err", err)
		}
		if n, err := e.store.RescueDeadRunners(bctx, deadAfter); err != nil && ctx.Err() == nil {
			e.log.Warn("rescuing jobs of stopped processes failed", "err", err)
		} else if n > 0 {
			e.log.Info("made the jobs of a stopped process available again", "jobs", n)
		}
		cancel()
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			e.store.ForgetRunner(fctx, e.runnerID)
			cancel()
			return
		case <-tick.C:
		}
	}
}
