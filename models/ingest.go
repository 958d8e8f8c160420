package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"

	"gorm.io/gorm"
)

// DeliveryIgnored is the status of a delivery decided at ingest to be one
// that cannot lead to work: a move into a stage the integration does not
// use, of a candidate with no interview in progress. It is stored and
// counted, never queued, and writes no sync-log line.
const DeliveryIgnored = "ignored"

// EnqueueMany runs inside the ingest transaction and enqueues one
// processing job per delivery (River's InsertManyTx).
type EnqueueMany func(ctx context.Context, tx *sql.Tx, ds []*WebhookDelivery) error

// Ingest stores verified webhook deliveries with group commit: deliveries
// submitted concurrently share one transaction (one multi-row INSERT, one
// River InsertManyTx, one commit), so a burst costs a few commits instead
// of one per delivery. Submit returns only after the transaction holding
// its delivery has committed. A batch that fails is retried one delivery
// at a time, so one bad delivery fails alone. Safe for concurrent use.
type Ingest struct {
	store   *Store
	enqueue EnqueueMany
	max     int // deliveries per transaction
	workers int // concurrent transactions

	mu      sync.Mutex
	pending []*ingestReq
	active  int
}

// IngestItem is one delivery to store; Log, when set, is its sync-log line,
// written in the same transaction when the delivery is new (DeliveryID is
// filled in).
type IngestItem struct {
	Delivery *WebhookDelivery
	Log      *SyncEvent
}

type ingestReq struct {
	item IngestItem
	dup  bool
	err  error
	done chan struct{}
}

// NewIngest returns an Ingest on s; enqueue is called for the new
// deliveries whose status is DeliveryReceived.
func NewIngest(s *Store, enqueue EnqueueMany) *Ingest {
	return &Ingest{store: s, enqueue: enqueue, max: 200, workers: 2}
}

// Submit stores it.Delivery (unique per connection and Lever token; ID and
// ReceivedAt are set here) and reports duplicate=true, storing nothing,
// when the token was seen before. It returns once the delivery is durable.
func (in *Ingest) Submit(ctx context.Context, it IngestItem) (duplicate bool, err error) {
	d := it.Delivery
	d.ID = newID()
	if d.ReceivedAt.IsZero() {
		d.ReceivedAt = in.store.now()
	}
	r := &ingestReq{item: it, done: make(chan struct{})}
	in.mu.Lock()
	in.pending = append(in.pending, r)
	if in.active < in.workers {
		in.active++
		go in.run(context.WithoutCancel(ctx))
	}
	in.mu.Unlock()
	<-r.done // even when ctx ends: the answer must follow the commit
	return r.dup, r.err
}

// run commits batches of pending deliveries until none is left.
func (in *Ingest) run(ctx context.Context) {
	for {
		in.mu.Lock()
		n := min(len(in.pending), in.max)
		if n == 0 {
			in.active--
			in.mu.Unlock()
			return
		}
		batch := make([]*ingestReq, n)
		copy(batch, in.pending)
		in.pending = append(in.pending[:0], in.pending[n:]...)
		in.mu.Unlock()
		in.commit(ctx, batch)
	}
}

func (in *Ingest) commit(ctx context.Context, batch []*ingestReq) {
	err := in.store.recordBatch(ctx, batch, in.enqueue)
	if err != nil && len(batch) > 1 {
		for _, r := range batch {
			r.dup = false
			if err := in.store.recordBatch(ctx, []*ingestReq{r}, in.enqueue); err != nil {
				r.err = fmt.Errorf("models: record delivery: %w", err)
			}
			close(r.done)
		}
		return
	}
	for _, r := range batch {
		if err != nil {
			r.err = fmt.Errorf("models: record delivery: %w", err)
		}
		close(r.done)
	}
}

var deliveryCols = []string{"id", "org_id", "connection_id", "token", "event", "triggered_at", "opportunity_id", "from_stage_id", "to_stage_id", "body", "status", "reason", "received_at", "processed_at"}

// recordBatch inserts the batch's deliveries in one statement (duplicates
// skipped), enqueues the new received ones and logs the new ones, in one
// transaction.
func (s *Store) recordBatch(ctx context.Context, batch []*ingestReq, enqueue EnqueueMany) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		var sb strings.Builder
		sb.WriteString("INSERT INTO webhook_deliveries (" + strings.Join(deliveryCols, ", ") + ") VALUES ")
		args := make([]any, 0, len(batch)*len(deliveryCols))
		row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(deliveryCols)), ", ") + ")"
		for i, r := range batch {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(row)
			d := r.item.Delivery
			var processed any
			if d.Status != DeliveryReceived {
				processed = d.ReceivedAt
			}
			args = append(args, d.ID, d.OrgID, d.ConnectionID, d.Token, d.Event, d.TriggeredAt, d.OpportunityID, d.FromStageID, d.ToStageID,
				d.Body, d.Status, truncate(d.Reason, 2000), d.ReceivedAt, processed)
		}
		sb.WriteString(" ON CONFLICT (connection_id, token) DO NOTHING RETURNING id")
		var ids []string
		if err := tx.Raw(sb.String(), args...).Scan(&ids).Error; err != nil {
			return err
		}
		inserted := make(map[string]bool, len(ids))
		for _, id := range ids {
			inserted[id] = true
		}
		var queue []*WebhookDelivery
		for _, r := range batch {
			d := r.item.Delivery
			r.dup = !inserted[d.ID]
			if !r.dup && d.Status == DeliveryReceived {
				queue = append(queue, d)
			}
		}
		if len(queue) > 0 {
			if enqueue == nil {
				return errors.New("models: no job enqueuer for deliveries")
			}
			st, err := SQLTx(tx)
			if err != nil {
				return err
			}
			if err := enqueue(ctx, st, queue); err != nil {
				return err
			}
		}
		for _, r := range batch {
			if r.dup || r.item.Log == nil {
				continue
			}
			ev := *r.item.Log
			ev.DeliveryID = r.item.Delivery.ID
			if err := s.logTx(tx, &ev); err != nil {
				return err
			}
		}
		return nil
	})
}

// ConnectionForDelivery returns the connection whose webhook URL carries
// key (the fields the webhook receiver reads: ids, status, enabled,
// signature tokens, last delivery, stage mapping) and whether opportunityID ("" for none) has an interview in progress
// (to_be_scheduled or scheduled) in its organization, in one query (the
// webhook receiver's only read per delivery; the probe uses the partial
// unique index idx_interviews_one_active). ErrNotFound for an unknown key.
func (s *Store) ConnectionForDelivery(ctx context.Context, key, opportunityID string) (*LeverConnection, bool, error) {
	if key == "" {
		return nil, false, fmt.Errorf("models: find connection by webhook key: %w", ErrNotFound)
	}
	// database/sql directly, without GORM's reflection: this runs once per
	// delivery. Only the columns the receiver reads are loaded.
	var c LeverConnection
	var active bool
	var lastWebhook sql.NullTime
	q := `SELECT c.id, c.org_id, c.status, c.enabled, c.signature_token_enc, c.archive_token_enc, c.deleted_token_enc, c.last_webhook_at,
			c.stage_to_be_scheduled, c.stage_scheduled, c.stage_yes, c.stage_no, c.stage_unable,
			EXISTS (SELECT 1 FROM interviews i WHERE i.org_id = c.org_id AND i.opportunity_id = $1
				AND i.status IN ('to_be_scheduled', 'scheduled'))
		FROM lever_connections c WHERE c.webhook_key = $2`
	if s.dialect == SQLite {
		q = strings.NewReplacer("$1", "?", "$2", "?").Replace(q)
	}
	err := s.db.Statement.ConnPool.QueryRowContext(ctx, q, opportunityID, key).Scan(&c.ID, &c.OrgID, &c.Status, &c.Enabled, &c.SignatureTokenEnc, &c.ArchiveTokenEnc, &c.DeletedTokenEnc, &lastWebhook,
		&c.StageToBeScheduled, &c.StageScheduled, &c.StageYes, &c.StageNo, &c.StageUnable, &active)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, fmt.Errorf("models: find connection by webhook key: %w", ErrNotFound)
	}
	if err != nil {
		return nil, false, fmt.Errorf("models: find connection by webhook key: %w", err)
	}
	if lastWebhook.Valid {
		t := lastWebhook.Time
		c.LastWebhookAt = &t
	}
	return &c, active, nil
}
