package leversync

import (
	"context"
	"errors"
	"fmt"

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

func (e *Engine) record(ctx context.Context, sub subject, kind, status, format string, args ...any) {
	e.logEvent(ctx, models.SyncEvent{
		OrgID: sub.OrgID, OpportunityID: sub.OpportunityID, InterviewID: sub.InterviewID, DeliveryID: sub.DeliveryID,
		WriteID: sub.WriteID, CandidateName: sub.CandidateName, CandidateEmail: sub.CandidateEmail,
		Kind: kind, Status: status, Message: fmt.Sprintf(format, args...),
	})
}

// client returns a Lever client for the connection whose every HTTP attempt
// is written to the sync log under sub and counted in the metrics.
func (e *Engine) client(ctx context.Context, c *models.LeverConnection, sub subject, ts *tokenSource) *lever.Client {
	return lever.NewClient(e.cfg.APIURL, ts, lever.Options{
		HTTPClient: e.cfg.HTTPClient,
		Limiter:    e.budget(c),
		Observe: func(ci lever.CallInfo) {
			e.cfg.Metrics.leverCall(ci)
			status := models.LogOK
			msg := fmt.Sprintf("%s %s → %d in %d ms", ci.Method, ci.Path, ci.Status, ci.Duration.Milliseconds())
			if ci.Err != nil {
				status = models.LogFailed
				if lever.IsRetryable(ci.Err) {
					status = models.LogRetrying
				}
				msg = fmt.Sprintf("%s %s failed after %d ms: %s", ci.Method, ci.Path, ci.Duration.Milliseconds(), ci.Err)
			}
			e.logEvent(context.WithoutCancel(ctx), models.SyncEvent{
				OrgID: sub.OrgID, OpportunityID: sub.OpportunityID, InterviewID: sub.InterviewID, DeliveryID: sub.DeliveryID,
				WriteID: sub.WriteID, CandidateName: sub.CandidateName, CandidateEmail: sub.CandidateEmail,
				Kind: "lever_call", Status: status, Message: msg, Method: ci.Method, Path: ci.Path,
				HTTPStatus: ci.Status, DurationMS: ci.Duration.Milliseconds(), Attempt: ci.Attempt,
			})
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
		reason := "Lever answered 401 Unauthorized even after a token refresh: reconnect Lever."
		if merr := e.store.MarkNeedsReauth(ctx, c.ID, reason); merr != nil {
			return merr
		}
		e.record(ctx, sub, "token", models.LogFailed, "%s", reason)
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
