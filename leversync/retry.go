package leversync

import (
	"context"

	"github.com/intervue/lever-integration/models"
)

// RetryWrite sets a failed write back to pending and enqueues its job, with
// its audit entry ("retry_write") and sync-log line, in one transaction; by
// is who asked. A failed stage move is first pointed at the stage mapped
// now for the interview's status. A write that is not failed is a
// *models.ValidationError; one not of orgID is models.ErrNotFound.
func (e *Engine) RetryWrite(ctx context.Context, orgID, writeID string, by Actor) (*models.LeverWrite, error) {
	var w *models.LeverWrite
	err := e.store.InTx(ctx, func(tx *models.Store) error {
		var err error
		if w, err = tx.Write(ctx, orgID, writeID); err != nil {
			return err
		}
		c, err := tx.Connection(ctx, w.OrgID)
		if err != nil {
			return err
		}
		if w.Kind == models.WriteMoveStage && w.Status == models.WriteFailed {
			// The stage may have been remapped since the move was planned
			// (for example after the old stage was deleted in Lever): move
			// to the stage mapped now for the interview's status.
			iv, err := tx.Interview(ctx, w.OrgID, w.InterviewID)
			if err != nil {
				return err
			}
			if stage := c.Mapping().ForStatus(iv.Status); stage != "" && stage != w.StageID {
				if err := tx.SetWriteStage(ctx, w, stage); err != nil {
					return err
				}
			}
		}
		if w, err = tx.RetryWrite(ctx, orgID, writeID, e.enqueueWritesID(w.OrgID, w.InterviewID)); err != nil {
			return err
		}
		if err := tx.Audit(ctx, by.OpsEntry(w.OrgID, "retry_write", w.Marker, map[string]any{"write_id": w.ID})); err != nil {
			return err
		}
		sub := subject{OrgID: w.OrgID, OpportunityID: w.OpportunityID, InterviewID: w.InterviewID, WriteID: w.ID}
		return tx.Log(ctx, sub.event(CodeWriteRetryRequested, "what", w.Describe(stageNamesIn(ctx, tx, c.ID))))
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

func (e *Engine) enqueueWritesID(orgID, interviewID string) models.TxHook {
	return e.enqueue(orgID, PerformWritesArgs{InterviewID: interviewID})
}

// RetryDelivery re-processes a failed delivery (after the admin fixed the
// cause, e.g. completed the stage mapping): back to received with its job
// enqueued, its audit entry ("retry_delivery") and sync-log line, in one
// transaction; by is who asked. A delivery that is not failed is a
// *models.ValidationError.
func (e *Engine) RetryDelivery(ctx context.Context, orgID, deliveryID string, by Actor) (*models.WebhookDelivery, error) {
	var d *models.WebhookDelivery
	err := e.store.InTx(ctx, func(tx *models.Store) error {
		var err error
		d, err = tx.RetryDelivery(ctx, orgID, deliveryID, e.enqueue(orgID, ProcessDeliveryArgs{DeliveryID: deliveryID}))
		if err != nil {
			return err
		}
		if err := tx.Audit(ctx, by.OpsEntry(d.OrgID, "retry_delivery", d.OpportunityID, map[string]any{"delivery_id": d.ID})); err != nil {
			return err
		}
		return tx.Log(ctx, subject{OrgID: d.OrgID, OpportunityID: d.OpportunityID, DeliveryID: d.ID}.event(CodeDeliveryRetryRequested))
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}
