package leversync

import (
	"context"
	"strings"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// RotateWebhookKey gives the organization's connection a new webhook key
// (deliveries to the old URL answer 404 from now on) and points our
// webhooks in Lever at the new URL: every Lever webhook whose URL is under
// the old one (whatever its event) is deleted, then RegisterWebhook
// registers ours again with new signature tokens. Without a connection or
// the webhooks:write:admin scope only the key changes, and the sync log says
// to update the URL in Lever by hand. by names who asked; the new key and
// its audit entry ("webhook_key_rotate") are stored in one transaction,
// before any Lever call. It returns the
// connection with the new key; a failed re-registration is recorded on the
// connection (the screen shows it) and returned. While the connection
// needs re-authorization and our webhooks were registered through the API,
// nothing changes and a *StateError says to reconnect first: the webhooks
// in Lever could not be moved to the new URL, and every later delivery
// would be refused as an unknown key.
//
// It runs under the organization's webhook lock (see RegisterWebhook), so
// rotations clicked at the same moment run one after the other, each
// replacing the webhooks the one before it made.
func (e *Engine) RotateWebhookKey(ctx context.Context, orgID string, by Actor) (c *models.LeverConnection, err error) {
	err = e.store.Exclusive(ctx, webhookLock(orgID), func(ctx context.Context) error {
		c, err = e.rotateWebhookKey(ctx, orgID, by)
		return err
	})
	return c, err
}

func (e *Engine) rotateWebhookKey(ctx context.Context, orgID string, by Actor) (*models.LeverConnection, error) {
	c, err := e.store.Connection(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if c.Status == models.ConnNeedsReauth && (c.WebhookID != "" || c.ArchiveWebhookID != "" || c.DeletedWebhookID != "") {
		return nil, &StateError{Msg: "Reconnect Lever first: Lever access needs re-authorization, so our webhooks in Lever cannot be moved to a new URL, and deliveries to it would be refused."}
	}
	var before, after *models.LeverConnection
	err = e.store.InTx(ctx, func(tx *models.Store) (err error) {
		if before, after, err = tx.RotateWebhookKey(ctx, orgID); err != nil {
			return err
		}
		return tx.Audit(ctx, by.Entry(orgID, "webhook_key_rotate", nil, map[string]string{"webhook_key": "rotated"}))
	})
	if err != nil {
		return nil, err
	}
	sub := subject{OrgID: orgID}
	if after.Status != models.ConnConnected || !HasScope(after, "webhooks:write:admin") {
		e.record(ctx, sub, CodeWebhookKeyManual, "by", by.Name)
		return after, nil
	}
	oldURL := e.WebhookURL(before)
	deleted := 0
	err = e.call(ctx, after, sub, func(cl *lever.Client) error {
		deleted = 0 // e.call runs this again after a token refresh
		hooks, err := cl.Webhooks(ctx)
		if err != nil {
			return err
		}
		for _, h := range hooks {
			if h.URL == oldURL || strings.HasPrefix(h.URL, oldURL+"/") || strings.HasPrefix(h.URL, oldURL+"?") {
				if err := cl.DeleteWebhook(ctx, h.ID); err != nil && lever.StatusOf(err) != 404 {
					return err
				}
				deleted++
			}
		}
		return nil
	})
	oldKept := err != nil
	if oldKept {
		e.record(ctx, sub, CodeWebhookKeyOldKept, "by", by.Name, "error", err)
	}
	if err := e.registerWebhook(ctx, orgID); err != nil {
		return after, err
	}
	if !oldKept { // else the line above already says the key was rotated
		e.record(ctx, sub, CodeWebhookKeyRotated, "by", by.Name, "deleted", deleted)
	}
	return e.store.Connection(ctx, orgID)
}
