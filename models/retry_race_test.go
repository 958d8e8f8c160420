package models_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"

	"github.com/intervue/lever-integration/models"
)

// TestConcurrentRetryDelivery: of several Retries of one failed delivery at
// the same moment, exactly one re-queues it (its hook runs once); the
// others are told it is no longer failed.
func TestConcurrentRetryDelivery(t *testing.T) {
	st, org := setupStore(t)
	ctx := context.Background()
	c, err := st.Connection(ctx, org.Org.ID)
	if err != nil {
		t.Fatal(err)
	}
	d := &models.WebhookDelivery{OrgID: org.Org.ID, ConnectionID: c.ID, Token: "retry-race", Event: "candidateStageChange", TriggeredAt: 1, OpportunityID: "opp-race", Status: models.DeliveryReceived}
	if _, err := st.RecordDelivery(ctx, d, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.FinishDelivery(ctx, d.ID, models.DeliveryFailed, "gave_up", "failed"); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	hooks, ok, refused := 0, 0, 0
	hook := func(context.Context, *sql.Tx) error { mu.Lock(); hooks++; mu.Unlock(); return nil }
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := st.RetryDelivery(ctx, org.Org.ID, d.ID, hook)
			var verr *models.ValidationError
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case errors.As(err, &verr):
				refused++
			default:
				t.Errorf("RetryDelivery: %v", err)
			}
		}()
	}
	wg.Wait()
	if ok != 1 || refused != 4 || hooks != 1 {
		t.Errorf("5 concurrent retries: %d re-queued, %d refused, %d hooks; want 1, 4, 1", ok, refused, hooks)
	}
}
