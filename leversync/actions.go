package leversync

import (
	"context"
	"net/http"
	"time"

	"github.com/intervue/lever-integration/models"
)

// Actor names who asked for a user action: Name as sync-log messages name
// them ("by"), Audit as the audit log records them (the user's email,
// "(support staff)" added when staff acted for another organization, or an
// API key by its prefix).
type Actor struct {
	Name  string
	Audit string
}

// Entry is the audit entry of an action by a in orgID: before and after are
// encoded as JSON (nil is none; never a secret).
func (a Actor) Entry(orgID, action string, before, after any) models.AuditEntry {
	return models.AuditEntry{OrgID: orgID, ActorEmail: a.Audit, Action: action, Before: models.AuditJSON(before), After: models.AuditJSON(after)}
}

// OpsEntry is the audit entry of an operation on one record (subject: an
// interview reference, a write marker or an opportunity id) with extra
// details merged into After.
func (a Actor) OpsEntry(orgID, action, subject string, details map[string]any) models.AuditEntry {
	after := map[string]any{"subject": subject}
	for k, v := range details {
		after[k] = v
	}
	return a.Entry(orgID, action, nil, after)
}

// recordStaleDelivery writes the sync-log line of a delivery refused as a
// possible replay (its signature verified, so it came from Lever):
// triggered is its triggeredAt, maxSkew the accepted distance from now and
// opportunityID the candidate it claims ("" for none). The caller answers
// Lever; a failure to write the log is returned.
func (e *Engine) recordStaleDelivery(ctx context.Context, orgID, opportunityID string, triggered time.Time, maxSkew time.Duration) error {
	claimed := opportunityID
	if claimed == "" {
		claimed = "none"
	}
	ev := subject{OrgID: orgID, OpportunityID: opportunityID}.event(CodeDeliveryRejectedStale,
		"http_status", http.StatusText(http.StatusUnprocessableEntity), "triggered", triggered.UTC().Format(time.RFC3339), "max_skew", maxSkew, "opportunity", claimed)
	return e.store.Log(ctx, ev)
}

// RevokeLinks makes the interview's report and playback links answer 404
// from now on (those already in Lever notes included), with its audit
// entry ("links_revoke") and sync-log line, in one transaction; by is who
// asked. A failure of any of the three is returned and changes nothing.
// Links already revoked stay so, with no second entry or line.
func (e *Engine) RevokeLinks(ctx context.Context, iv *models.Interview, by Actor) error {
	return e.store.InTx(ctx, func(tx *models.Store) error {
		revoked, err := tx.RevokeLinks(ctx, iv.OrgID, iv.ID)
		if err != nil || !revoked {
			return err // already revoked: no second audit entry or log line
		}
		if err := tx.Audit(ctx, by.OpsEntry(iv.OrgID, "links_revoke", iv.Ref, nil)); err != nil {
			return err
		}
		return tx.Log(ctx, subject{OrgID: iv.OrgID, OpportunityID: iv.OpportunityID, InterviewID: iv.ID}.event(CodeLinksRevoked, "ref", iv.Ref, "by", by.Name))
	})
}

// SetEnabled turns processing on or off for the organization; turning it
// on resumes the Lever writes that waited (their jobs are enqueued). The
// change, its audit entry ("enabled") and the sync-log line naming by are
// written in one transaction, and only when the state changed: a second
// click, or two admins switching at the same moment, writes one of each. It returns the
// connection as stored; a refusal (setup incomplete) is a
// *models.ValidationError, and any failure changes nothing.
func (e *Engine) SetEnabled(ctx context.Context, orgID string, on bool, by Actor) (*models.LeverConnection, error) {
	var c *models.LeverConnection
	err := e.store.InTx(ctx, func(tx *models.Store) error {
		// Locked: of two switches at the same moment the second sees the
		// first's result and, changing nothing, writes nothing.
		before, err := tx.ConnectionForUpdate(ctx, orgID)
		if err != nil {
			return err
		}
		if c, err = tx.SetEnabled(ctx, orgID, on); err != nil {
			return err
		}
		code := CodeIntegrationDisabled
		if on {
			code = CodeIntegrationEnabled
			if err := e.resumeIn(ctx, tx, orgID); err != nil {
				return err
			}
		}
		if before.Enabled == c.Enabled {
			return nil
		}
		if err := tx.Audit(ctx, by.Entry(orgID, "enabled", map[string]bool{"enabled": before.Enabled}, map[string]bool{"enabled": c.Enabled})); err != nil {
			return err
		}
		return tx.Log(ctx, subject{OrgID: orgID}.event(code, "by", by.Name))
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}
