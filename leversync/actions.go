package leversync

import (
	"context"
	"net/http"
	"time"

	"github.com/intervue/lever-integration/models"
)

// RecordStaleDelivery writes the sync-log line of a delivery refused as a
// possible replay (its signature verified, so it came from Lever):
// triggered is its triggeredAt, maxSkew the accepted distance from now and
// opportunityID the candidate it claims ("" for none). The caller answers
// Lever; a failure to write the log is returned.
func (e *Engine) RecordStaleDelivery(ctx context.Context, orgID, opportunityID string, triggered time.Time, maxSkew time.Duration) error {
	claimed := opportunityID
	if claimed == "" {
		claimed = "none"
	}
	ev := subject{OrgID: orgID, OpportunityID: opportunityID}.event(CodeDeliveryRejectedStale,
		"http_status", http.StatusText(http.StatusUnprocessableEntity), "triggered", triggered.UTC().Format(time.RFC3339), "max_skew", maxSkew, "opportunity", claimed)
	return e.store.Log(ctx, ev)
}

// RevokeLinks makes the interview's report and playback links answer 404
// from now on (those already in Lever notes included) and logs it; by names
// who asked.
func (e *Engine) RevokeLinks(ctx context.Context, iv *models.Interview, by string) error {
	if err := e.store.RevokeLinks(ctx, iv.OrgID, iv.ID); err != nil {
		return err
	}
	return e.store.Log(ctx, subject{OrgID: iv.OrgID, OpportunityID: iv.OpportunityID, InterviewID: iv.ID}.event(CodeLinksRevoked, "ref", iv.Ref, "by", by))
}

// SetEnabled turns processing on or off for the organization and logs who
// did it (by); turning it on resumes the Lever writes that waited. It
// returns the connection as stored; a failure to write the log is returned.
func (e *Engine) SetEnabled(ctx context.Context, orgID string, on bool, by string) (*models.LeverConnection, error) {
	c, err := e.store.SetEnabled(ctx, orgID, on)
	if err != nil {
		return nil, err
	}
	code := CodeIntegrationDisabled
	if on {
		code = CodeIntegrationEnabled
		if err := e.Resume(ctx, orgID); err != nil {
			return nil, err
		}
	}
	if err := e.store.Log(ctx, subject{OrgID: orgID}.event(code, "by", by)); err != nil {
		return nil, err
	}
	return c, nil
}
