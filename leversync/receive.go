package leversync

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// Incoming is one webhook delivery as the receiver read it: Key is the
// secret of its URL (/webhooks/lever/{key}), Body what was read and
// ReadErr why reading stopped (an *http.MaxBytesError for a body over the
// limit). Now is the time it arrived; MaxSkew how far its triggeredAt may
// be from Now.
type Incoming struct {
	Key     string
	Body    []byte
	ReadErr error
	Now     time.Time
	MaxSkew time.Duration
}

// Receipt is the decision on a delivery: the HTTP status to answer Lever,
// Result as the lever_webhooks_total counter names it ("accepted",
// "disabled", "ignored", "duplicate", "rejected_<reason>") and Message, the
// answer's text in our words. Rejected says the delivery was refused
// (Status is 4xx; Result "rejected_" + Code, the reason's snake_case code:
// unknown_key, too_large, malformed, no_signature_token, bad_signature,
// stale).
type Receipt struct {
	Status   int
	Result   string
	Code     string
	Message  string
	Rejected bool
}

// ErrNotStored is returned by Receive when the delivery could not be
// stored or checked (the database failed): nothing was kept, and Lever
// should retry later (the receiver answers 503).
var ErrNotStored = errors.New("leversync: delivery not stored")

// touchEvery is how often at most a connection's last-delivery time is
// written: every delivery updating one row would serialise the receiver on
// that row's lock.
const touchEvery = 5 * time.Second

// Receive decides on one webhook delivery (docs/CONTRACT.md §3): find the
// connection by its key, verify the signature with its event's token,
// refuse stale deliveries, decide whether it can lead to work
// (cannotLeadToWork), and store it and, when it can, its job in one
// transaction shared with concurrent deliveries (models.Ingest). It
// returns only after that commit. One database read per delivery; Lever is
// never called. Refusals are counted per connection and reason (an unknown key has no
// connection: only the lever_webhooks_total metric counts it); only a
// stale delivery, whose signature did verify, also gets a sync-log line.
// A database failure is returned wrapping ErrNotStored.
func (e *Engine) Receive(ctx context.Context, in Incoming) (Receipt, error) {
	// The body first: its opportunity id lets one query return the
	// connection and whether that candidate has an interview in progress.
	var d *lever.Delivery
	var parseErr error
	probe := ""
	if in.ReadErr == nil {
		if d, parseErr = lever.ParseDelivery(in.Body); parseErr == nil {
			if sc, err := d.StageChange(); err == nil && sc != nil {
				probe = sc.OpportunityID
			}
		}
	}
	c, active, err := e.store.ConnectionForDelivery(ctx, in.Key, probe)
	if errors.Is(err, models.ErrNotFound) {
		return Receipt{Status: http.StatusNotFound, Result: "rejected_unknown_key", Code: "unknown_key", Message: "unknown webhook URL: copy the URL shown on the Intervue.io Lever screen", Rejected: true}, nil
	}
	if err != nil {
		return Receipt{}, fmt.Errorf("%w: %w", ErrNotStored, err)
	}
	reject := func(status int, code, reason string) (Receipt, error) {
		if err := e.store.CountWebhookRejection(ctx, c.OrgID, c.ID, code, reason); err != nil {
			e.log.Error("webhook rejection not counted", "err", err, "org", c.OrgID, "code", code)
		}
		e.log.Warn("webhook rejected", "org", c.OrgID, "code", code, "reason", reason)
		return Receipt{Status: status, Result: "rejected_" + code, Code: code, Message: reason, Rejected: true}, nil
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(in.ReadErr, &tooBig):
		return reject(http.StatusRequestEntityTooLarge, "too_large", "the body is larger than 1 MiB")
	case in.ReadErr != nil:
		return reject(http.StatusBadRequest, "malformed", "could not read the body (the connection broke off?)")
	case parseErr != nil:
		return reject(http.StatusBadRequest, "malformed", parseErr.Error())
	}
	// Each of our webhooks has its own signature token: a delivery is
	// checked with its event's token only (docs/CONTRACT.md §8).
	sigToken, err := e.store.SignatureTokenFor(c, d.Event)
	if err != nil {
		return Receipt{}, fmt.Errorf("%w: %w", ErrNotStored, err)
	}
	if sigToken == "" {
		return reject(http.StatusUnauthorized, "no_signature_token", "no signature token is configured for this connection: register the webhook or paste its signature token on the Lever screen")
	}
	if !d.Verify(sigToken) {
		return reject(http.StatusUnauthorized, "bad_signature", "missing or invalid signature (HMAC-SHA256 of token+triggeredAt with the webhook's signature token)")
	}
	sc, err := d.StageChange()
	if err != nil {
		return reject(http.StatusBadRequest, "malformed", err.Error())
	}
	if sc == nil {
		sc = &lever.StageChange{}
	}
	at := time.UnixMilli(d.TriggeredAt)
	if skew := in.Now.Sub(at); skew > in.MaxSkew || skew < -in.MaxSkew {
		reason := fmt.Sprintf("triggeredAt %s is more than %s away from now: refused as a possible replay (the reconciliation sweep picks up candidates whose deliveries were lost)", at.UTC().Format(time.RFC3339), in.MaxSkew)
		// Its signature did verify (it came from Lever): the candidate's
		// log says so.
		if err := e.recordStaleDelivery(ctx, c.OrgID, sc.OpportunityID, at, in.MaxSkew); err != nil {
			e.log.Error("sync log write failed", "err", err, "org", c.OrgID)
		}
		return reject(http.StatusUnprocessableEntity, "stale", reason)
	}
	it, result := e.ingestItem(ctx, c, active, d, sc, in.Body)
	dup, err := e.ingest.Submit(ctx, it)
	if err != nil {
		return Receipt{}, fmt.Errorf("%w: %w", ErrNotStored, err)
	}
	if dup {
		return Receipt{Status: http.StatusOK, Result: "duplicate", Message: "duplicate delivery: already stored"}, nil
	}
	e.touchWebhook(ctx, c, d.Event, in.Now)
	return Receipt{Status: http.StatusOK, Result: result, Message: result}, nil
}

// ingestItem is the delivery row of a verified delivery and its sync-log
// line, with the result it is counted as: "accepted", "disabled" (stored,
// not processed) or "ignored" (cannot lead to work: stored and counted, not
// queued, and no sync-log line, since a busy account sends one for every
// stage change).
func (e *Engine) ingestItem(ctx context.Context, c *models.LeverConnection, active bool, d *lever.Delivery, sc *lever.StageChange, body []byte) (models.IngestItem, string) {
	rec := &models.WebhookDelivery{
		OrgID: c.OrgID, ConnectionID: c.ID, Token: d.Token, Event: d.Event, TriggeredAt: d.TriggeredAt,
		OpportunityID: sc.OpportunityID, FromStageID: sc.FromStageID, ToStageID: sc.ToStageID,
		Body: string(body), Status: models.DeliveryReceived,
	}
	names := e.receiverNames(ctx, c.ID)
	triggered := time.UnixMilli(d.TriggeredAt).UTC().Format(time.RFC3339)
	sub := subject{OrgID: c.OrgID, OpportunityID: sc.OpportunityID}
	received := func(code Code) *models.SyncEvent {
		ev := sub.event(code, "event", d.Event, "from", names(sc.FromStageID), "to", names(sc.ToStageID), "triggered", triggered)
		return &ev
	}
	ev := received(CodeDeliveryReceived)
	if d.Event != lever.EventCandidateStageChange {
		e := sub.event(CodeEventReceived, "event", d.Event, "triggered", triggered)
		ev = &e
	}
	result := "accepted"
	switch {
	case !c.Enabled:
		rec.Status = models.DeliveryDisabled
		rec.Reason = "Received while the integration was disabled: recorded, not processed."
		ev, result = received(CodeDeliveryReceivedDisabled), "disabled"
	case cannotLeadToWork(c, rec, active):
		rec.Status, ev, result = models.DeliveryIgnored, nil, "ignored"
		rec.Reason = fmt.Sprintf("Moved to %s, a stage the integration does not use, with no interview in progress: recorded, not processed.", names(sc.ToStageID))
		if d.Event != lever.EventCandidateStageChange {
			rec.Reason = d.Event + " of a candidate with no interview in progress: recorded, not processed."
		}
	}
	return models.IngestItem{Delivery: rec, Log: ev}, result
}

// cannotLeadToWork decides at ingest, without a job, whether a delivery of
// an enabled connection can be ignored: a stage change into a stage that
// is none of the five mapped ones (so neither a pickup nor an echo of our
// own move), or an archive change or deletion, of a candidate with no
// interview in progress (active: whose leaving, archiving or deletion
// would matter).
func cannotLeadToWork(c *models.LeverConnection, d *models.WebhookDelivery, active bool) bool {
	m := c.Mapping()
	if (d.Event == lever.EventCandidateArchiveChange || d.Event == lever.EventCandidateDeleted) && d.OpportunityID != "" {
		// Archived or deleted: it matters only to an interview in progress.
		return !active && c.Enabled
	}
	if active || !c.Enabled || d.Event != lever.EventCandidateStageChange || d.OpportunityID == "" || d.ToStageID == "" || !m.Complete() {
		return false
	}
	for _, f := range m.Fields() {
		if f[2] == d.ToStageID {
			return false
		}
	}
	return true
}

// touchWebhook records the time of the last verified delivery of event: a
// stage change at most every touchEvery per connection, the rare archive
// and deletion events every time. The delivery is already stored, so a
// failure is logged at error level, not returned.
func (e *Engine) touchWebhook(ctx context.Context, c *models.LeverConnection, event string, now time.Time) {
	var err error
	switch {
	case event != lever.EventCandidateStageChange:
		err = e.store.TouchEventWebhook(ctx, c.ID, event, now)
	case c.LastWebhookAt != nil && now.Sub(*c.LastWebhookAt) < touchEvery:
		return
	default:
		err = e.store.TouchWebhook(ctx, c.ID, now)
	}
	if err != nil {
		e.log.Error("last delivery time not recorded", "err", err, "org", c.OrgID, "event", event)
	}
}
