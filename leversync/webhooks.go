package leversync

import (
	"context"
	"errors"
	"slices"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// ours reports whether Lever webhook h is one of this connection's: one of
// lever.OurEvents pointing at our URL, or the webhook id we stored for its
// event. Another organization's webhook in the same Lever account is never
// ours.
func ours(c *models.LeverConnection, url string, h lever.Webhook) bool {
	if !slices.Contains(lever.OurEvents, h.Event) {
		return false
	}
	id := c.EventWebhookID(h.Event)
	return h.URL == url || (id != "" && h.ID == id)
}

// RegisterWebhook makes sure exactly one Lever webhook per event of
// lever.OurEvents (candidateStageChange, candidateArchiveChange,
// candidateDeleted) points at our URL (docs/LEVER_API.md §3.6,
// docs/CONTRACT.md §8): webhooks of ours registered before are deleted
// (Lever never shows their signature token again) and one per event is
// created, whose signature token is stored for that event alone. Without
// webhooks:write:admin, or when Lever refuses, the reason is stored and the
// screen offers manual setup (of the stage-change webhook; the sweep still
// finds archived, deleted and moved candidates).
//
// Registering, checking, rotating and deleting one organization's webhooks
// run one at a time across all processes (webhookLock): two at once would
// each create a set, and Lever would keep both.
func (e *Engine) RegisterWebhook(ctx context.Context, orgID string) error {
	return e.store.Exclusive(ctx, webhookLock(orgID), func(ctx context.Context) error { return e.registerWebhook(ctx, orgID) })
}

// webhookLock names the lock (models.Store.Exclusive) under which an
// organization's webhooks in Lever are changed.
func webhookLock(orgID string) string { return "lever-webhooks:" + orgID }

// registerWebhook is RegisterWebhook for a caller that holds webhookLock.
func (e *Engine) registerWebhook(ctx context.Context, orgID string) error {
	c, err := e.store.Connection(ctx, orgID)
	if err != nil {
		return err
	}
	sub := subject{OrgID: orgID}
	fail := func(code Code, kv ...any) error {
		msg := e.record(ctx, sub, code, kv...)
		if err := e.store.SetWebhook(ctx, c.ID, models.WebhookState{Error: msg}); err != nil {
			return err
		}
		return errors.New(msg)
	}
	if !HasScope(c, "webhooks:write:admin") {
		return fail(CodeWebhookScopeMissing)
	}
	url := e.WebhookURL(c)
	var created map[string]*lever.Webhook
	err = e.call(ctx, c, sub, func(cl *lever.Client) error {
		created = map[string]*lever.Webhook{} // a retried attempt starts over
		hooks, err := cl.Webhooks(ctx)
		if err != nil {
			return err
		}
		for _, h := range hooks {
			if ours(c, url, h) {
				if err := cl.DeleteWebhook(ctx, h.ID); err != nil && lever.StatusOf(err) != 404 {
					return err
				}
			}
		}
		for _, ev := range lever.OurEvents {
			w, err := cl.CreateWebhook(ctx, url, ev)
			if err != nil {
				return err
			}
			created[ev] = w
		}
		return nil
	})
	if err != nil {
		return fail(CodeWebhookRegisterFailed, "error", err)
	}
	stage := created[lever.EventCandidateStageChange]
	state := models.WebhookState{WebhookID: stage.ID, SignatureToken: stage.SignatureToken, Registered: true}
	if stage.SignatureToken == "" {
		state.Error = "Lever did not return a signature token: copy it from Lever's webhook settings and paste it below."
	}
	// Every event's webhook id and token are stored together or not at all.
	err = e.store.InTx(ctx, func(tx *models.Store) error {
		for _, ev := range lever.OurEvents[1:] {
			if err := tx.SetEventWebhook(ctx, c.ID, ev, created[ev].ID, created[ev].SignatureToken); err != nil {
				return err
			}
		}
		return tx.SetWebhook(ctx, c.ID, state)
	})
	if err != nil {
		return err
	}
	if state.Error == "" {
		e.record(ctx, sub, CodeWebhookRegistered, "webhook_id", stage.ID,
			"archive_id", created[lever.EventCandidateArchiveChange].ID, "deleted_id", created[lever.EventCandidateDeleted].ID)
	}
	return nil
}

// deleteWebhooks deletes our webhooks in Lever (Disconnect): each event's
// stored id; it returns the ids deleted and the first error (404 counts as
// deleted).
func (e *Engine) deleteWebhooks(ctx context.Context, c *models.LeverConnection, sub subject) ([]string, error) {
	var done []string
	err := e.call(ctx, c, sub, func(cl *lever.Client) error {
		done = done[:0]
		for _, ev := range lever.OurEvents {
			id := c.EventWebhookID(ev)
			if id == "" {
				continue
			}
			if err := cl.DeleteWebhook(ctx, id); err != nil && lever.StatusOf(err) != 404 {
				return err
			}
			done = append(done, id)
		}
		return nil
	})
	return done, err
}
