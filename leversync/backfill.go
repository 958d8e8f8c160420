package leversync

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// BackfillCandidate is one opportunity sitting in the mapped To be Scheduled
// stage, with what we already know about it. Eligible ones are those a
// backfill would process: never delivered to us (webhook off or lost), or
// delivered while the integration was disabled and so recorded only.
type BackfillCandidate struct {
	OpportunityID string
	Name          string
	Email         string
	PostingID     string
	PostingTitle  string // "" when the posting is unknown to us
	LeverURL      string
	Known         string // what we know already, in words
	Eligible      bool
}

// BackfillResult is what Backfill queued: Queued synthetic deliveries whose
// tokens start with "backfill:<Batch>:".
type BackfillResult struct {
	Batch  string
	Queued int
}

// BackfillPreview lists the opportunities now in the mapped To be Scheduled
// stage (read from Lever, like Reconcile) and which of them a backfill would
// process. It needs a connection and a mapped To be Scheduled stage, not an
// enabled integration: admins look before they switch on.
func (e *Engine) BackfillPreview(ctx context.Context, orgID string) ([]BackfillCandidate, error) {
	c, err := e.store.Connection(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return e.backfillPreview(ctx, c)
}

func (e *Engine) backfillPreview(ctx context.Context, c *models.LeverConnection) ([]BackfillCandidate, error) {
	switch {
	case c.Status == models.ConnDisconnected:
		return nil, ErrDisconnected
	case c.Status == models.ConnNeedsReauth:
		return nil, ErrNeedsReauth
	case c.StageToBeScheduled == "":
		return nil, &models.ValidationError{Fields: map[string]string{"stage_mapping": "map the To be Scheduled stage first"}}
	}
	tbs := c.StageToBeScheduled
	var opps []lever.Opportunity
	err := e.call(ctx, c, subject{OrgID: c.OrgID}, func(cl *lever.Client) error {
		var err error
		opps, err = cl.Opportunities(ctx, lever.OpportunityFilter{StageID: tbs})
		return err
	})
	if err != nil {
		return nil, err
	}
	titles := map[string]string{}
	out := make([]BackfillCandidate, 0, len(opps))
	for i := range opps {
		o := &opps[i]
		if o.Stage != tbs {
			continue
		}
		bc := BackfillCandidate{OpportunityID: o.ID, Name: candidateName(o), Email: firstEmail(o), PostingID: o.PostingID(), LeverURL: o.URLs.Show}
		if bc.PostingID != "" {
			title, ok := titles[bc.PostingID]
			if !ok {
				if p, err := e.store.Posting(ctx, c.OrgID, bc.PostingID); err == nil {
					title = p.Text
				}
				titles[bc.PostingID] = title
			}
			bc.PostingTitle = title
		}
		if bc.Known, bc.Eligible, err = e.backfillState(ctx, c.OrgID, o, tbs); err != nil {
			return nil, err
		}
		out = append(out, bc)
	}
	return out, nil
}

// backfillState says what we know about an opportunity in To be Scheduled
// and whether a backfill should process it. Only the latest move into the
// stage counts (deliveries triggered before it are about an earlier visit).
func (e *Engine) backfillState(ctx context.Context, orgID string, o *lever.Opportunity, tbs string) (string, bool, error) {
	if o.Archived != nil {
		return "Archived in Lever: not processed.", false, nil
	}
	if iv, err := e.store.ActiveInterview(ctx, orgID, o.ID); err == nil {
		return fmt.Sprintf("Interview %s is already %s.", iv.Ref, statusWords(iv.Status)), false, nil
	} else if !errors.Is(err, models.ErrNotFound) {
		return "", false, err
	}
	ds, err := e.latestMoveDeliveries(ctx, orgID, o, tbs)
	if err != nil {
		return "", false, err
	}
	for _, d := range slices.Backward(ds) {
		switch d.Status {
		case models.DeliveryReceived:
			return "Being processed now.", false, nil
		case models.DeliveryProcessed:
			return "Already processed: " + d.Reason, false, nil
		case models.DeliveryFailed:
			return "Failed: " + d.Reason + " Fix the cause, then use Retry in the sync log.", false, nil
		case models.DeliveryDisabled:
			return "Received while the integration was disabled: recorded, not processed.", true, nil
		default:
			return "Skipped before: " + d.Reason, true, nil
		}
	}
	return "Never received: this move into To be Scheduled never reached us from Lever.", true, nil
}

// Backfill is the admin's explicit request to process the candidates who
// were already in To be Scheduled before the integration was enabled
// (deliveries received while disabled are otherwise never replayed). It
// queues one synthetic delivery per eligible candidate, restricted to only
// when given (the ids the admin saw in the preview), through the normal
// delivery path. The integration must be enabled, and no earlier backfill
// may still be running. by names who asked: its audit entry ("backfill",
// with the batch and the number queued) and the closing sync-log line are
// written in one transaction once the candidates are queued. Backfills of
// one organization run one at a time across processes (two clicks at once:
// the second finds the first's batch running and is refused).
func (e *Engine) Backfill(ctx context.Context, orgID string, only []string, by Actor) (res *BackfillResult, err error) {
	err = e.store.Exclusive(ctx, "backfill:"+orgID, func(ctx context.Context) error {
		res, err = e.backfill(ctx, orgID, only, by)
		return err
	})
	return res, err
}

func (e *Engine) backfill(ctx context.Context, orgID string, only []string, by Actor) (*BackfillResult, error) {
	c, err := e.store.Connection(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if !c.Enabled || !c.Mapping().Complete() {
		return nil, &models.ValidationError{Fields: map[string]string{"backfill": "enable the integration first (it needs a complete stage mapping)"}}
	}
	if running, err := e.store.BackfillRunning(ctx, orgID); err != nil {
		return nil, err
	} else if running {
		return nil, &models.ValidationError{Fields: map[string]string{"backfill": "the previous backfill is still running; wait until it finishes"}}
	}
	cands, err := e.backfillPreview(ctx, c)
	if err != nil {
		return nil, err
	}
	res := &BackfillResult{Batch: models.RandomToken(6)}
	for _, bc := range cands {
		if !bc.Eligible || (len(only) > 0 && !slices.Contains(only, bc.OpportunityID)) {
			continue
		}
		d, dup, err := e.queueSynthetic(ctx, c, bc.OpportunityID, models.BackfillTokenPrefix+res.Batch+":"+bc.OpportunityID, "backfill")
		if err != nil {
			return res, err
		}
		if dup {
			continue
		}
		res.Queued++
		e.record(ctx, subject{OrgID: orgID, OpportunityID: bc.OpportunityID, DeliveryID: d.ID, CandidateName: bc.Name, CandidateEmail: bc.Email},
			CodeBackfillQueued, "batch", res.Batch, "by", by.Name, "known", bc.Known)
	}
	err = e.store.InTx(ctx, func(tx *models.Store) error {
		if err := tx.Audit(ctx, by.Entry(orgID, "backfill", nil, map[string]any{"batch": res.Batch, "candidates": res.Queued})); err != nil {
			return err
		}
		return tx.Log(ctx, subject{OrgID: orgID}.event(CodeBackfillDone, "batch", res.Batch, "by", by.Name, "found", len(cands), "queued", res.Queued))
	})
	return res, err
}

// statusWords is an interview status as the screens say it.
func statusWords(status string) string {
	switch status {
	case models.StatusToBeScheduled:
		return "to be scheduled"
	case models.StatusScheduled:
		return "scheduled"
	case models.StatusYes:
		return "done with verdict Yes"
	case models.StatusNo:
		return "done with verdict No"
	case models.StatusUnable:
		return "unable to schedule"
	}
	return status
}
