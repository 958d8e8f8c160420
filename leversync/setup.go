package leversync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// WebhookURL returns the URL Lever must POST candidateStageChange
// deliveries to for this connection (docs/CONTRACT.md §3).
func (e *Engine) WebhookURL(c *models.LeverConnection) string {
	return strings.TrimRight(e.cfg.PublicURL, "/") + "/webhooks/lever/" + c.WebhookKey
}

// Connect stores a fresh grant from the OAuth callback, then (best effort,
// each failure recorded on the connection and in the log) registers our
// webhook and loads stages and postings, and resumes writes that waited for
// a reconnect. It returns the stored connection.
func (e *Engine) Connect(ctx context.Context, orgID string, g models.Grant) (*models.LeverConnection, error) {
	// One Lever account, one organization: the check and the save hold the
	// account's lock, so two organizations connecting it at once (on any
	// processes) cannot both pass the check.
	err := e.store.Exclusive(ctx, "lever-account:"+g.AccountID, func(ctx context.Context) error {
		return e.saveGrant(ctx, orgID, g)
	})
	if err != nil {
		return nil, err
	}
	e.record(ctx, subject{OrgID: orgID}, CodeConnected, "account", g.AccountID)
	if err := e.RegisterWebhook(ctx, orgID); err != nil {
		e.log.Warn("webhook registration failed", "org", orgID, "err", err)
	}
	if err := e.RefreshStages(ctx, orgID); err != nil {
		e.record(ctx, subject{OrgID: orgID}, CodeStagesLoadFailed, "error", err)
	}
	if err := e.RefreshPostings(ctx, orgID); err != nil {
		e.record(ctx, subject{OrgID: orgID}, CodePostingsLoadFailed, "error", err)
	}
	if err := e.Resume(ctx, orgID); err != nil {
		return nil, err
	}
	if err := e.wakeWaitingJobs(ctx, orgID); err != nil {
		e.log.Warn("waking jobs that waited for a reconnect failed", "org", orgID, "err", err)
	}
	return e.store.Connection(ctx, orgID)
}

// saveGrant stores g as orgID's connection unless another organization's
// live connection holds its Lever account (*models.ValidationError naming
// "account", and a CodeAccountTaken line); a grant of another account than
// before sends write-backs back to the connecting user.
func (e *Engine) saveGrant(ctx context.Context, orgID string, g models.Grant) error {
	if g.AccountID != "" {
		_, err := e.store.ConnectionByAccount(ctx, g.AccountID, orgID)
		if err == nil {
			e.record(ctx, subject{OrgID: orgID}, CodeAccountTaken, "account", g.AccountID)
			return &models.ValidationError{Fields: map[string]string{"account": fmt.Sprintf("Lever account %s is already connected to another Intervue.io organization. Each organization needs its own Lever account; disconnect it there first.", g.AccountID)}}
		} else if !errors.Is(err, models.ErrNotFound) {
			return err
		}
	}
	before, _ := e.store.Connection(ctx, orgID)
	if _, err := e.store.SaveGrant(ctx, orgID, g); err != nil {
		return err
	}
	if before != nil && before.WriteBackUserID != "" && before.AccountID != g.AccountID {
		// A user of another Lever account cannot write to this one: back
		// to the user who connected (docs/CONTRACT.md §8).
		if _, err := e.store.SetWriteBackUser(ctx, orgID, "", ""); err != nil {
			return err
		}
	}
	return nil
}

// jobWaker is the part of *river.Client that lets Connect run jobs that
// snoozed while the connection needed re-authorization now, instead of at
// the end of their snooze.
type jobWaker interface {
	JobList(ctx context.Context, params *river.JobListParams) (*river.JobListResult, error)
	JobRetry(ctx context.Context, id int64) (*rivertype.JobRow, error)
}

// wakeWaitingJobs makes the org's snoozed delivery and write jobs available
// now (River's JobRetry; a snooze used no attempt, and the work is
// idempotent, so running one early is safe).
func (e *Engine) wakeWaitingJobs(ctx context.Context, orgID string) error {
	w, ok := e.jobs.(jobWaker)
	if !ok {
		return nil
	}
	const page = 500
	params := river.NewJobListParams().Kinds(ProcessDeliveryArgs{}.Kind(), PerformWritesArgs{}.Kind()).
		States(rivertype.JobStateScheduled).First(page)
	for {
		res, err := w.JobList(ctx, params)
		if err != nil {
			return err
		}
		for _, j := range res.Jobs {
			if e.jobOfOrg(ctx, j, orgID) {
				if _, err := w.JobRetry(ctx, j.ID); err != nil {
					return err
				}
			}
		}
		if len(res.Jobs) < page || res.LastCursor == nil {
			return nil
		}
		params = params.After(res.LastCursor)
	}
}

func (e *Engine) jobOfOrg(ctx context.Context, j *rivertype.JobRow, orgID string) bool {
	var args struct {
		DeliveryID  string `json:"delivery_id"`
		InterviewID string `json:"interview_id"`
	}
	if json.Unmarshal(j.EncodedArgs, &args) != nil {
		return false
	}
	switch {
	case args.DeliveryID != "":
		d, err := e.store.Delivery(ctx, args.DeliveryID)
		return err == nil && d.OrgID == orgID
	case args.InterviewID != "":
		_, err := e.store.Interview(ctx, orgID, args.InterviewID)
		return err == nil
	}
	return false
}

// Resume enqueues the write jobs of every interview of the org with pending
// writes (after a reconnect or a re-enable).
func (e *Engine) Resume(ctx context.Context, orgID string) error {
	return e.store.InTx(ctx, func(tx *models.Store) error { return e.resumeIn(ctx, tx, orgID) })
}

// resumeIn enqueues, in tx's transaction, the job of every interview of
// orgID with pending writes.
func (e *Engine) resumeIn(ctx context.Context, tx *models.Store, orgID string) error {
	ids, err := tx.InterviewsWithPendingWrites(ctx, orgID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := tx.RunHook(ctx, e.enqueue(orgID, PerformWritesArgs{InterviewID: id})); err != nil {
			return fmt.Errorf("leversync: resume writes: %w", err)
		}
	}
	return nil
}

// HasScope reports whether the connection's grant includes scope (a write
// scope implies its read scope, docs/LEVER_API.md §1.5).
func HasScope(c *models.LeverConnection, scope string) bool {
	granted := strings.Fields(c.Scopes)
	if slices.Contains(granted, scope) {
		return true
	}
	if r, ok := strings.CutSuffix(scope, ":read:admin"); ok {
		return slices.Contains(granted, r+":write:admin")
	}
	return false
}

// RefreshStages reloads Lever's stages into the cache; stages gone from
// Lever are flagged deleted.
func (e *Engine) RefreshStages(ctx context.Context, orgID string) error {
	c, err := e.store.Connection(ctx, orgID)
	if err != nil {
		return err
	}
	var stages []lever.Stage
	err = e.call(ctx, c, subject{OrgID: orgID}, func(cl *lever.Client) error {
		var err error
		stages, err = cl.Stages(ctx)
		return err
	})
	if err != nil {
		return err
	}
	rows := make([]models.LeverStage, len(stages))
	for i, s := range stages {
		rows[i] = models.LeverStage{ID: s.ID, Text: s.Text}
	}
	return e.store.ReplaceStages(ctx, c.ID, rows)
}

// RefreshPostings reloads every Lever posting (all pages, all states, both
// distribution channels, confidential too when granted) into the cache.
func (e *Engine) RefreshPostings(ctx context.Context, orgID string) error {
	c, err := e.store.Connection(ctx, orgID)
	if err != nil {
		return err
	}
	var postings []lever.Posting
	err = e.call(ctx, c, subject{OrgID: orgID}, func(cl *lever.Client) error {
		var err error
		postings, err = cl.Postings(ctx)
		return err
	})
	if err != nil {
		return err
	}
	rows := make([]models.LeverPosting, len(postings))
	for i, p := range postings {
		rows[i] = models.LeverPosting{ID: p.ID, Text: p.Text, State: p.State, Team: p.Categories.Team, Location: p.Categories.Location,
			Confidential: p.Confidentiality == "confidential", LeverUpdatedAt: p.UpdatedAt}
	}
	return e.store.ReplacePostings(ctx, c.ID, rows)
}

// Disconnect deletes the webhooks we registered in Lever (best effort: a
// revoked grant cannot; each attempt is in the sync log), then removes the
// tokens and turns processing off, with its audit entry ("disconnect":
// the connection before and after) and sync-log line in one transaction;
// by is who asked. A connection already disconnected is left as it is,
// with no audit entry or log line, and ErrDisconnected is returned.
//
// It runs under the organization's webhook lock (see RegisterWebhook): of
// two disconnects at once the second finds the connection disconnected
// and returns ErrDisconnected, writing nothing.
func (e *Engine) Disconnect(ctx context.Context, orgID string, by Actor) error {
	return e.store.Exclusive(ctx, webhookLock(orgID), func(ctx context.Context) error { return e.disconnect(ctx, orgID, by) })
}

func (e *Engine) disconnect(ctx context.Context, orgID string, by Actor) error {
	c, err := e.store.Connection(ctx, orgID)
	if err != nil {
		return err
	}
	if c.Status == models.ConnDisconnected {
		return ErrDisconnected
	}
	sub := subject{OrgID: orgID}
	if c.Status == models.ConnConnected && (c.WebhookID != "" || c.ArchiveWebhookID != "" || c.DeletedWebhookID != "") {
		done, err := e.deleteWebhooks(ctx, c, sub)
		if err != nil {
			var left []string
			for _, ev := range lever.OurEvents {
				if id := c.EventWebhookID(ev); id != "" && !slices.Contains(done, id) {
					left = append(left, id)
				}
			}
			e.record(ctx, sub, CodeWebhookDeleteFailed, "webhook_id", strings.Join(left, ", "), "error", err)
		} else {
			e.record(ctx, sub, CodeWebhookDeleted, "webhook_id", strings.Join(done, ", "))
		}
	}
	// The audit's "before" is the connection as the admin saw it, read
	// before any Lever call (a 401 there marks it needs_reauth).
	before := c
	return e.store.InTx(ctx, func(tx *models.Store) error {
		if err := tx.Disconnect(ctx, orgID); err != nil {
			return err
		}
		after, err := tx.Connection(ctx, orgID)
		if err != nil {
			return err
		}
		if err := tx.Audit(ctx, by.Entry(orgID, "disconnect", models.ConnectionAudit(before), models.ConnectionAudit(after))); err != nil {
			return err
		}
		return tx.Log(ctx, sub.event(CodeDisconnected))
	})
}
