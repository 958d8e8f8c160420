package leversync

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/intervue/lever-integration/models"
)

// ProcessDeliveryArgs is the job that acts on one stored webhook delivery.
type ProcessDeliveryArgs struct {
	DeliveryID string `json:"delivery_id"`
}

// Kind is the stable River job kind.
func (ProcessDeliveryArgs) Kind() string { return "lever_process_delivery" }

// InsertOpts bounds attempts (poison input ends as a failed step). No
// uniqueness is needed: the delivery row is unique, processing is idempotent
// (it acts only on a delivery still "received"), and a Retry must be able to
// enqueue the same delivery again.
func (ProcessDeliveryArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 10} }

// ProcessDeliveryWorker works ProcessDeliveryArgs.
type ProcessDeliveryWorker struct {
	river.WorkerDefaults[ProcessDeliveryArgs]
	Engine *Engine
}

// Work calls Engine.ProcessDelivery; on the last attempt a still-failing
// delivery is marked failed with its reason.
func (w *ProcessDeliveryWorker) Work(ctx context.Context, job *river.Job[ProcessDeliveryArgs]) error {
	err := w.Engine.ProcessDelivery(ctx, job.Args.DeliveryID)
	w.Engine.cfg.Metrics.job(job.Kind, err)
	var sn errSnooze
	if errors.As(err, &sn) {
		return river.JobSnooze(sn.d)
	}
	if err != nil && job.Attempt >= job.MaxAttempts {
		if gerr := w.Engine.giveUpDelivery(ctx, job.Args.DeliveryID, job.Attempt, err); gerr != nil {
			// River keeps both on the discarded job.
			return errors.Join(err, gerr)
		}
	}
	return err
}

// NextRetry backs off exponentially with jitter, capped at five minutes.
func (w *ProcessDeliveryWorker) NextRetry(job *river.Job[ProcessDeliveryArgs]) time.Time {
	return nextRetry(job.Attempt)
}

// PerformWritesArgs is the job that performs an interview's pending Lever writes.
type PerformWritesArgs struct {
	InterviewID string `json:"interview_id"`
}

// Kind is the stable River job kind.
func (PerformWritesArgs) Kind() string { return "lever_perform_writes" }

// InsertOpts bounds attempts; no uniqueness: a lease makes concurrent jobs
// of one interview wait for each other, and a later job must never be
// dropped while an earlier one runs.
func (PerformWritesArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 15} }

// PerformWritesWorker works PerformWritesArgs.
type PerformWritesWorker struct {
	river.WorkerDefaults[PerformWritesArgs]
	Engine *Engine
}

// Work calls Engine.PerformWrites.
func (w *PerformWritesWorker) Work(ctx context.Context, job *river.Job[PerformWritesArgs]) error {
	err := w.Engine.PerformWrites(ctx, job.Args.InterviewID, job.Attempt >= job.MaxAttempts)
	w.Engine.cfg.Metrics.job(job.Kind, err)
	var sn errSnooze
	if errors.As(err, &sn) {
		return river.JobSnooze(sn.d)
	}
	return err
}

// NextRetry backs off exponentially with jitter, capped at five minutes.
func (w *PerformWritesWorker) NextRetry(job *river.Job[PerformWritesArgs]) time.Time {
	return nextRetry(job.Attempt)
}

func nextRetry(attempt int) time.Time {
	d := time.Second << min(attempt, 9)
	d = min(d, 5*time.Minute)
	d = d/2 + rand.N(d/2+1)
	return time.Now().Add(d)
}

// giveUpDelivery marks a delivery failed after its last attempt (err is
// the last attempt's error), with its sync-log line. A failure to read or
// mark it is logged at error level and returned.
func (e *Engine) giveUpDelivery(ctx context.Context, id string, attempts int, err error) error {
	d, derr := e.store.Delivery(ctx, id)
	if derr != nil {
		e.log.Error("delivery given up but not read", "err", derr, "delivery", id)
		return derr
	}
	sub := subject{OrgID: d.OrgID, OpportunityID: d.OpportunityID, DeliveryID: d.ID}
	if ferr := e.finishDelivery(ctx, sub, models.DeliveryFailed, CodeGaveUp, "attempts", attempts, "error", strings.TrimSuffix(err.Error(), ".")); ferr != nil {
		e.log.Error("delivery given up but not marked failed", "err", ferr, "org", d.OrgID, "delivery", id)
		return ferr
	}
	return nil
}

// RiverConfig tunes the job runner. Zero values take the defaults noted.
type RiverConfig struct {
	MaxWorkers           int           // sync workers across the org queues, default 12 (3 per queue)
	FetchPollInterval    time.Duration // default 200ms (River's minimum cooldown is 100ms)
	JobTimeout           time.Duration // default 2m
	RescueStuckJobsAfter time.Duration // default 3m: jobs of a killed process run again after this
	Logger               *slog.Logger
	PeriodicJobs         []*river.PeriodicJob
	// Register adds workers of other packages (e.g. notifications) to the
	// same client; nil adds none.
	Register func(*river.Workers)
}

// Driver returns the River driver matching the database: riverdatabasesql on
// PostgreSQL (so InsertTx shares GORM's *sql.Tx), riversqlite on SQLite.
func Driver(db *models.DB) riverdriver.Driver[*sql.Tx] {
	if db.Dialect == models.Postgres {
		return riverdatabasesql.New(db.SQL)
	}
	return riversqlite.New(db.SQL)
}

// MigrateRiver creates or updates River's own tables.
func MigrateRiver(ctx context.Context, db *models.DB) error {
	m, err := rivermigrate.New(Driver(db), nil)
	if err != nil {
		return fmt.Errorf("leversync: river migrator: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("leversync: river migrate: %w", err)
	}
	return nil
}

// NewRiver builds the River client with the engine's workers and sets it on
// the engine. Start it with Start(ctx); stop with Stop(ctx).
func NewRiver(db *models.DB, e *Engine, cfg RiverConfig) (*river.Client[*sql.Tx], error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, &ProcessDeliveryWorker{Engine: e})
	river.AddWorker(workers, &PerformWritesWorker{Engine: e})
	river.AddWorker(workers, &ReconcileWorker{Engine: e})
	river.AddWorker(workers, &TokenUpkeepWorker{Engine: e})
	river.AddWorker(workers, &WebhookCheckWorker{Engine: e})
	if cfg.Register != nil {
		cfg.Register(workers)
	}
	// The default queue runs sweeps and token upkeep (and jobs enqueued
	// before queues were sharded); sync jobs run in their org's queue.
	queues := map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}}
	for _, q := range SyncQueues() {
		queues[q] = river.QueueConfig{MaxWorkers: max(2, cmp.Or(cfg.MaxWorkers, 12)/orgQueues)}
	}
	rc := &river.Config{
		ID:                   e.runnerID,
		Queues:               queues,
		Workers:              workers,
		FetchPollInterval:    cmp.Or(cfg.FetchPollInterval, 200*time.Millisecond),
		JobTimeout:           cmp.Or(cfg.JobTimeout, 2*time.Minute),
		RescueStuckJobsAfter: cmp.Or(cfg.RescueStuckJobsAfter, 3*time.Minute),
		Logger:               cfg.Logger,
		PeriodicJobs:         cfg.PeriodicJobs,
	}
	client, err := river.NewClient(Driver(db), rc)
	if err != nil {
		return nil, fmt.Errorf("leversync: river client: %w", err)
	}
	e.SetJobs(client)
	return client, nil
}
