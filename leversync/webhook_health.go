package leversync

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// webhookCheckEvery is how often every connected organization's webhook is
// looked for in Lever.
const webhookCheckEvery = 6 * time.Hour

// CheckWebhook looks for our webhooks (lever.OurEvents) in Lever's webhook
// list (docs/LEVER_API.md §3.6): this connection's URL, or the webhook id we
// stored for the event. All found (with a grant that cannot create webhooks,
// the stage-change one): models.WebhookPresent. Gone (deleted in
// Lever): registered again when the grant has webhooks:write:admin
// (models.WebhookReregistered, a line in the sync log), else
// models.WebhookMissing with the fix for the admin. When Lever cannot be
// asked (no webhooks:read:admin, an outage) the result is
// models.WebhookCheckFailed with the reason. The result is stored on the
// connection (Store.SetWebhookCheck) and returned; the error is only for
// a connection that cannot be read or is not connected (ErrDisconnected).
//
// It runs under the organization's webhook lock (see RegisterWebhook): of
// two checks at once the second sees what the first registered.
func (e *Engine) CheckWebhook(ctx context.Context, orgID string) (result string, err error) {
	err = e.store.Exclusive(ctx, webhookLock(orgID), func(ctx context.Context) error {
		result, err = e.checkWebhook(ctx, orgID)
		return err
	})
	return result, err
}

func (e *Engine) checkWebhook(ctx context.Context, orgID string) (string, error) {
	c, err := e.store.Connection(ctx, orgID)
	if err != nil {
		return "", err
	}
	if c.Status == models.ConnDisconnected {
		return "", ErrDisconnected
	}
	sub := subject{OrgID: orgID}
	done := func(result, msg string) (string, error) {
		return result, e.store.SetWebhookCheck(ctx, c.ID, e.now(), result, msg)
	}
	if !HasScope(c, "webhooks:read:admin") {
		return done(models.WebhookCheckFailed, "The Lever grant does not include webhooks:read:admin, so we cannot check that our webhook still exists in Lever.")
	}
	url := e.WebhookURL(c)
	var hooks []lever.Webhook
	err = e.call(ctx, c, sub, func(cl *lever.Client) error {
		var err error
		hooks, err = cl.Webhooks(ctx)
		return err
	})
	if err != nil {
		msg := e.record(ctx, sub, CodeWebhookCheckFailed, "error", err.Error())
		return done(models.WebhookCheckFailed, msg)
	}
	found := map[string]bool{}
	for _, h := range hooks {
		if ours(c, url, h) {
			found[h.Event] = true
		}
	}
	// The stage-change webhook is needed always; the archive and delete
	// ones where we can register them (a manual setup has only the first).
	canWrite := HasScope(c, "webhooks:write:admin")
	complete := found[lever.EventCandidateStageChange]
	for _, ev := range lever.OurEvents[1:] {
		complete = complete && (found[ev] || !canWrite)
	}
	if complete {
		return done(models.WebhookPresent, "")
	}
	if canWrite {
		if err := e.registerWebhook(ctx, orgID); err != nil {
			return done(models.WebhookMissing, "Our webhook is gone from Lever and registering it again failed: "+err.Error())
		}
		e.record(ctx, sub, CodeWebhookReregistered)
		return done(models.WebhookReregistered, "")
	}
	return done(models.WebhookMissing, e.record(ctx, sub, CodeWebhookGone))
}

// WebhookCheckArgs runs CheckWebhook for one organization, or enqueues one
// per connected organization when OrgID is empty (the periodic job).
type WebhookCheckArgs struct {
	OrgID string `json:"org_id"`
}

// Kind is the stable River job kind.
func (WebhookCheckArgs) Kind() string { return "lever_webhook_check" }

// InsertOpts: one pending check per org per minute.
func (WebhookCheckArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: time.Minute}}
}

// WebhookCheckWorker works WebhookCheckArgs.
type WebhookCheckWorker struct {
	river.WorkerDefaults[WebhookCheckArgs]
	Engine *Engine
}

// Work checks one org, or enqueues a check for each connected org.
func (w *WebhookCheckWorker) Work(ctx context.Context, job *river.Job[WebhookCheckArgs]) error {
	if job.Args.OrgID != "" {
		_, err := w.Engine.CheckWebhook(ctx, job.Args.OrgID)
		if errors.Is(err, ErrDisconnected) {
			return nil // disconnected since it was queued: nothing to check
		}
		return err
	}
	return w.Engine.perConnection(ctx, false, func(orgID string) river.JobArgs { return WebhookCheckArgs{OrgID: orgID} })
}
