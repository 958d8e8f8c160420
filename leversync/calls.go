package leversync

import (
	"context"
	"errors"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// subject names what a sync-log line is about.
type subject struct {
	OrgID, OpportunityID, InterviewID, DeliveryID, WriteID string
	CandidateName, CandidateEmail                          string
}

func (e *Engine) logEvent(ctx context.Context, ev models.SyncEvent) {
	if err := e.store.Log(ctx, ev); err != nil {
		// The log is where support looks: a failure to write it is loud.
		e.log.Error("sync log write failed", "err", err, "org", ev.OrgID, "opportunity", ev.OpportunityID, "message", ev.Message)
	}
}

// record writes an event of code about sub to the sync log; kv are the
// code's parameters as name, value pairs (see Event). It returns the
// rendered message.
func (e *Engine) record(ctx context.Context, sub subject, code Code, kv ...any) string {
	ev := sub.event(code, kv...)
	e.logEvent(ctx, ev)
	return ev.Message
}

// event is Event(code, kv...) about sub.
func (sub subject) event(code Code, kv ...any) models.SyncEvent {
	ev := Event(code, kv...)
	ev.OrgID, ev.OpportunityID, ev.InterviewID, ev.DeliveryID = sub.OrgID, sub.OpportunityID, sub.InterviewID, sub.DeliveryID
	ev.WriteID, ev.CandidateName, ev.CandidateEmail = sub.WriteID, sub.CandidateName, sub.CandidateEmail
	return ev
}

// client returns a Lever client for the connection, on its own Data API
// base (its data centre), whose every HTTP attempt is written to the sync
// log under sub and counted in the metrics.
func (e *Engine) client(ctx context.Context, c *models.LeverConnection, sub subject, ts *tokenSource) *lever.Client {
	return lever.NewClient(e.hosts(c).APIURL, ts, lever.Options{
		HTTPClient: e.cfg.HTTPClient,
		Limiter:    e.budget(c),
		PerformAs:  c.WriteBackUser(),
		Observe: func(ci lever.CallInfo) {
			e.cfg.Metrics.leverCall(ci)
			ms := ci.Duration.Milliseconds()
			var ev models.SyncEvent
			switch {
			case ci.Err == nil:
				ev = sub.event(CodeLeverCall, "method", ci.Method, "path", ci.Path, "http_status", ci.Status, "ms", ms)
			case ci.Status == 429:
				ev = sub.event(CodeRateLimited, "method", ci.Method, "path", ci.Path, "ms", ms, "error", ci.Err)
			case lever.IsRetryable(ci.Err):
				ev = sub.event(CodeLeverCallRetrying, "method", ci.Method, "path", ci.Path, "ms", ms, "error", ci.Err)
			default:
				ev = sub.event(CodeLeverCallFailed, "method", ci.Method, "path", ci.Path, "ms", ms, "error", ci.Err)
			}
			ev.Method, ev.Path, ev.HTTPStatus, ev.DurationMS, ev.Attempt = ci.Method, ci.Path, ci.Status, ms, ci.Attempt
			e.logEvent(context.WithoutCancel(ctx), ev)
		},
	})
}

// call runs fn with a Lever client; on 401 it refreshes the token once and
// tries again, and a second 401 marks the connection needs_reauth
// (docs/DESIGN.md §2 Failures).
func (e *Engine) call(ctx context.Context, c *models.LeverConnection, sub subject, fn func(cl *lever.Client) error) error {
	ts := &tokenSource{e: e, connID: c.ID, orgID: c.OrgID}
	cl := e.client(ctx, c, sub, ts)
	err := fn(cl)
	if !lever.IsUnauthorized(err) {
		return err
	}
	// Refresh only if the token Lever refused is still the stored one: a
	// caller whose 401 arrives after another caller's refresh must use the
	// new token, not spend the refresh token again.
	if _, ferr := e.token(ctx, c.ID, ts.lastAccess()); ferr != nil {
		return ferr
	}
	err = fn(cl)
	if lever.IsUnauthorized(err) {
		reason := Event(CodeUnauthorized).Message
		if merr := e.store.MarkNeedsReauth(ctx, c.ID, string(CodeUnauthorized), reason); merr != nil {
			return merr
		}
		e.record(ctx, sub, CodeUnauthorized)
		return ErrNeedsReauth
	}
	return err
}

// permanent reports whether err will not go away by retrying: a Lever 4xx
// other than 401 and 429.
func permanent(err error) bool {
	if err == nil || errors.Is(err, ErrNeedsReauth) || errors.Is(err, ErrDisconnected) {
		return false
	}
	st := lever.StatusOf(err)
	return st >= 400 && st < 500 && st != 401 && st != 429
}
