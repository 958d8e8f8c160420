package leversync

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// Reconcile finds opportunities sitting in the mapped To be Scheduled stage
// that we never heard about (a lost webhook) and processes them through the
// normal delivery path. Each gets a synthetic delivery whose token is
// derived from the opportunity and its last update, so sweeping twice, or a
// sweep racing the real webhook, never picks a candidate up twice (the
// one-active-interview rule also holds). It returns how many were queued.
func (e *Engine) Reconcile(ctx context.Context, orgID string) (int, error) {
	c, err := e.store.Connection(ctx, orgID)
	if err != nil {
		return 0, err
	}
	if !c.Enabled || c.Status != models.ConnConnected || !c.Mapping().Complete() {
		return 0, nil
	}
	sub := subject{OrgID: orgID}
	var opps []lever.Opportunity
	err = e.call(ctx, c, sub, func(cl *lever.Client) error {
		var err error
		opps, err = cl.Opportunities(ctx, lever.OpportunityFilter{StageID: c.StageToBeScheduled})
		return err
	})
	if err != nil {
		return 0, err
	}
	queued := 0
	for _, o := range opps {
		if o.Stage != c.StageToBeScheduled {
			continue
		}
		if _, err := e.store.ActiveInterview(ctx, orgID, o.ID); err == nil {
			continue
		} else if !errors.Is(err, models.ErrNotFound) {
			return queued, err
		}
		if heard, err := e.heardAbout(ctx, orgID, &o, c.StageToBeScheduled); err != nil {
			return queued, err
		} else if heard {
			continue
		}
		d, dup, err := e.queueSynthetic(ctx, c, o.ID, fmt.Sprintf("sweep:%s:%d", o.ID, o.UpdatedAt), "reconciliation sweep")
		if err != nil {
			return queued, err
		}
		if !dup {
			queued++
			e.record(ctx, subject{OrgID: orgID, OpportunityID: o.ID, DeliveryID: d.ID, CandidateName: candidateName(&o), CandidateEmail: firstEmail(&o)},
				CodeSweepFound)
		}
	}
	n, err := e.sweepEndings(ctx, c, opps)
	queued += n
	if err != nil {
		return queued, err
	}
	e.record(ctx, sub, CodeSweepDone, "found", len(opps), "queued", queued)
	return queued, nil
}

// maxSweepChecks bounds how many interviews one sweep checks.
const maxSweepChecks = 200

// sweepEndings catches the endings of docs/CONTRACT.md §8 whose webhook was
// lost. An interview to be scheduled whose candidate is not in Lever's To
// be Scheduled list (inTBS, the sweep's answer), or a scheduled one whose
// candidate is not in the Scheduled stage's list (read here), or either
// listed but archived, gets a synthetic candidateArchiveChange delivery,
// which reads the opportunity and ends the interview if it was moved out,
// archived or deleted (lifecycleEvent). One per interview per hour (the
// token), at most maxSweepChecks per sweep. It returns how many were queued.
func (e *Engine) sweepEndings(ctx context.Context, c *models.LeverConnection, inTBS []lever.Opportunity) (int, error) {
	var inScheduled []lever.Opportunity
	err := e.call(ctx, c, subject{OrgID: c.OrgID}, func(cl *lever.Client) error {
		var err error
		inScheduled, err = cl.Opportunities(ctx, lever.OpportunityFilter{StageID: c.StageScheduled})
		return err
	})
	if err != nil {
		return 0, err
	}
	fine := map[string]map[string]bool{models.StatusToBeScheduled: {}, models.StatusScheduled: {}}
	for status, list := range map[string][]lever.Opportunity{models.StatusToBeScheduled: inTBS, models.StatusScheduled: inScheduled} {
		for _, o := range list {
			fine[status][o.ID] = o.Archived == nil
		}
	}
	queued := 0
	hour := e.now().Unix() / 3600
	for _, status := range []string{models.StatusToBeScheduled, models.StatusScheduled} {
		ivs, _, err := e.store.Interviews(ctx, models.InterviewFilter{OrgID: c.OrgID, Status: status, Limit: maxSweepChecks - queued})
		if err != nil {
			return queued, err
		}
		for _, iv := range ivs {
			if fine[status][iv.OpportunityID] || queued >= maxSweepChecks {
				continue
			}
			d := &models.WebhookDelivery{
				OrgID: c.OrgID, ConnectionID: c.ID, Token: fmt.Sprintf("sweep-ending:%s:%d", iv.ID, hour), Event: lever.EventCandidateArchiveChange,
				TriggeredAt: e.now().UnixMilli(), OpportunityID: iv.OpportunityID, Status: models.DeliveryReceived,
				Body: `{"source":"reconciliation sweep: the candidate is not where their interview expects them"}`,
			}
			dup, err := e.store.RecordDelivery(ctx, d, e.EnqueueDelivery(d))
			if err != nil {
				return queued, err
			}
			if !dup {
				queued++
			}
		}
	}
	return queued, nil
}

// heardAbout reports whether we stored a delivery of the opportunity's
// latest move into To be Scheduled. Such a candidate is not "missed" even
// without an active interview: its pickup may have failed (the move to
// Unable to schedule still being retried, or refused), or it arrived while
// the integration was disabled, which is recorded and never replayed
// (docs/CONTRACT.md §3). Lever's triggeredAt and the stage change's updatedAt
// come from Lever's clock; a minute of tolerance covers their difference.
func (e *Engine) heardAbout(ctx context.Context, orgID string, o *lever.Opportunity, tbs string) (bool, error) {
	ds, err := e.latestMoveDeliveries(ctx, orgID, o, tbs)
	return len(ds) > 0, err
}

// latestMoveDeliveries returns the stored deliveries, oldest first, that
// report the opportunity's latest move into stage (Lever's stageChanges;
// deliveries about an earlier visit to the stage are left out). Lever's
// triggeredAt and updatedAt come from Lever's clock; a minute of tolerance
// covers their difference.
func (e *Engine) latestMoveDeliveries(ctx context.Context, orgID string, o *lever.Opportunity, stage string) ([]models.WebhookDelivery, error) {
	var entered int64
	for _, sc := range o.StageChanges {
		if sc.ToStageID == stage && sc.UpdatedAt > entered {
			entered = sc.UpdatedAt
		}
	}
	ds, err := e.store.Deliveries(ctx, orgID, o.ID)
	if err != nil {
		return nil, err
	}
	out := ds[:0]
	for _, d := range ds {
		if d.ToStageID == stage && d.TriggeredAt >= entered-time.Minute.Milliseconds() {
			out = append(out, d)
		}
	}
	return out, nil
}

// queueSynthetic stores a delivery we make ourselves (sweep, backfill) for
// an opportunity now in To be Scheduled and enqueues it like a webhook; a
// token seen before is a duplicate and queues nothing.
func (e *Engine) queueSynthetic(ctx context.Context, c *models.LeverConnection, oppID, token, source string) (*models.WebhookDelivery, bool, error) {
	d := &models.WebhookDelivery{
		OrgID: c.OrgID, ConnectionID: c.ID, Token: token, Event: lever.EventCandidateStageChange,
		TriggeredAt: e.now().UnixMilli(), OpportunityID: oppID, ToStageID: c.StageToBeScheduled,
		Status: models.DeliveryReceived, Body: fmt.Sprintf(`{"source":%q}`, source),
	}
	dup, err := e.store.RecordDelivery(ctx, d, e.EnqueueDelivery(d))
	return d, dup, err
}

// ReconcileArgs runs Reconcile for one organization, or for every
// connected one when OrgID is empty (the periodic job).
type ReconcileArgs struct {
	OrgID string `json:"org_id"`
}

// Kind is the stable River job kind.
func (ReconcileArgs) Kind() string { return "lever_reconcile" }

// InsertOpts: one pending sweep per org at a time.
func (ReconcileArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: time.Minute}}
}

// ReconcileWorker works ReconcileArgs.
type ReconcileWorker struct {
	river.WorkerDefaults[ReconcileArgs]
	Engine *Engine
}

// Work sweeps one org, or enqueues a sweep for each connected org.
func (w *ReconcileWorker) Work(ctx context.Context, job *river.Job[ReconcileArgs]) error {
	if job.Args.OrgID != "" {
		_, err := w.Engine.Reconcile(ctx, job.Args.OrgID)
		return err
	}
	return w.Engine.perConnection(ctx, true, func(orgID string) river.JobArgs { return ReconcileArgs{OrgID: orgID} })
}

// perConnection enqueues job(orgID) for every connected organization
// (only the enabled ones with enabledOnly): a periodic job's fan-out.
func (e *Engine) perConnection(ctx context.Context, enabledOnly bool, job func(orgID string) river.JobArgs) error {
	conns, err := e.store.ConnectedConnections(ctx)
	if err != nil {
		return err
	}
	for _, c := range conns {
		if enabledOnly && !c.Enabled {
			continue
		}
		if _, err := e.jobs.Insert(ctx, job(c.OrgID), nil); err != nil {
			return err
		}
	}
	return nil
}

// TokenUpkeepArgs refreshes tokens of idle connections so refresh tokens
// never reach Lever's 90-day idle expiry (docs/LEVER_API.md §1.3).
type TokenUpkeepArgs struct{}

// Kind is the stable River job kind.
func (TokenUpkeepArgs) Kind() string { return "lever_token_upkeep" }

// TokenUpkeepWorker works TokenUpkeepArgs.
type TokenUpkeepWorker struct {
	river.WorkerDefaults[TokenUpkeepArgs]
	Engine *Engine
}

// Work refreshes every connected connection not refreshed for 7 days.
func (w *TokenUpkeepWorker) Work(ctx context.Context, job *river.Job[TokenUpkeepArgs]) error {
	conns, err := w.Engine.store.ConnectedConnections(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, c := range conns {
		if _, err := w.Engine.RefreshIdle(ctx, c.ID, 7*24*time.Hour); err != nil && !errors.Is(err, ErrNeedsReauth) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// PeriodicJobs returns the scheduled jobs: a reconciliation sweep every
// sweepEvery, token upkeep every 12 hours and a webhook check every 6 hours.
func PeriodicJobs(sweepEvery time.Duration) []*river.PeriodicJob {
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(sweepEvery), func() (river.JobArgs, *river.InsertOpts) { return ReconcileArgs{}, nil }, nil),
		river.NewPeriodicJob(river.PeriodicInterval(12*time.Hour), func() (river.JobArgs, *river.InsertOpts) { return TokenUpkeepArgs{}, nil }, &river.PeriodicJobOpts{RunOnStart: true}),
		river.NewPeriodicJob(river.PeriodicInterval(webhookCheckEvery), func() (river.JobArgs, *river.InsertOpts) { return WebhookCheckArgs{}, nil }, nil),
	}
}
