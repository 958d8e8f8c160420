package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// timelineData is what a candidate's timeline shows, loaded once.
type timelineData struct {
	candidate  *models.SyncCandidate // nil when only interviews know the candidate
	blocked    *views.Advice         // what stops the whole organization, if anything
	events     []models.SyncEvent
	interviews []models.Interview
	failed     []views.FailedStep
	ignored    string                       // summary of the deliveries ignored at ingest
	closed     []models.AttentionResolution // Needs attention items resolved or dismissed
	deliveries []models.WebhookDelivery
	pending    []models.LeverWrite // Lever writes not made yet
}

// showTimeline handles GET /sync-log/candidates/{opportunity}?org=: the
// candidate's events oldest first, what to do about each skipped or failed
// step, and Retry for failed writes and deliveries. htmx polls (every 2s)
// get the live feed only. Support staff name the organization with org
// (else the one of the latest activity). A candidate unknown to the
// organization is 404.
func (h *Handler) showTimeline(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	opp := r.PathValue("opportunity")
	orgID, err := h.timelineOrg(r, opp)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	data, err := h.loadTimeline(ctx, orgID, opp)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	feed := h.timelineFeed(ctx, orgID, opp, data)
	if isHTMX(r) {
		views.TimelineFeedView(feed).Render(ctx, w)
		return
	}
	p := views.TimelinePage{Chrome: h.chrome(w, r, "Sync timeline", "synclog"), OpportunityID: opp, Feed: feed}
	if isStaff(currentUser(ctx)) {
		if org, err := h.store.Organization(ctx, orgID); err == nil {
			p.OrgName = org.Name
		}
	}
	if data.candidate != nil {
		p.CandidateName, p.CandidateEmail = data.candidate.CandidateName, data.candidate.CandidateEmail
	}
	for _, iv := range data.interviews {
		p.Interviews = append(p.Interviews, views.TimelineInterview{ID: iv.ID, Ref: iv.Ref, Status: iv.Status})
		p.CandidateName, p.CandidateEmail, p.LeverURL = iv.CandidateName, iv.CandidateEmail, iv.LeverURL
	}
	views.Timeline(p).Render(ctx, w)
}

// timelineOrg is the organization whose timeline of opp is shown: the
// user's, or for support staff ?org= or the org of the latest event.
func (h *Handler) timelineOrg(r *http.Request, opp string) (string, error) {
	ctx := r.Context()
	if !isStaff(currentUser(ctx)) {
		return orgIDFrom(ctx), nil
	}
	if org := queryString(r, "org", ""); org != "" {
		return org, nil
	}
	cands, _, err := h.store.SyncCandidates(ctx, models.SyncCandidateFilter{AllOrgs: true, OpportunityID: opp, Limit: 1})
	if err != nil || len(cands) == 0 {
		return orgIDFrom(ctx), err
	}
	return cands[0].OrgID, nil
}

// loadTimeline reads the events, interviews and failed steps of opp in
// orgID; ErrNotFound when the organization has no trace of the candidate.
func (h *Handler) loadTimeline(ctx context.Context, orgID, opp string) (*timelineData, error) {
	var d timelineData
	var err error
	d.candidate, err = h.store.SyncCandidate(ctx, orgID, opp)
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return nil, err
	}
	if d.interviews, _, err = h.store.Interviews(ctx, models.InterviewFilter{OrgID: orgID, OpportunityID: opp}); err != nil {
		return nil, err
	}
	deliveries, err := h.store.Deliveries(ctx, orgID, opp)
	if err != nil {
		return nil, err
	}
	if d.candidate == nil && len(d.interviews) == 0 && len(deliveries) == 0 {
		return nil, fmt.Errorf("handlers: timeline of %s: %w", opp, models.ErrNotFound)
	}
	if d.events, _, err = h.store.SyncLog(ctx, models.SyncLogFilter{OrgID: orgID, OpportunityID: opp}); err != nil {
		return nil, err
	}
	stages, err := h.stageNames(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if c, err := h.store.Connection(ctx, orgID); err == nil {
		d.blocked = connectionAdvice(c)
	}
	for _, iv := range d.interviews {
		writes, err := h.store.Writes(ctx, iv.ID)
		if err != nil {
			return nil, err
		}
		for _, wr := range writes {
			if wr.Status == models.WritePending {
				d.pending = append(d.pending, wr)
			}
			if wr.Status == models.WriteFailed {
				d.failed = append(d.failed, views.FailedStep{ID: wr.ID, What: iv.Ref + ": " + wr.Label(stages),
					Result: wr.Result, RetryURL: "/sync-log/writes/" + wr.ID + "/retry", Advice: adviceFor(wr.ResultCode, "write", models.LogFailed, nil)})
			}
		}
	}
	d.ignored = ignoredSummary(deliveries, stages)
	if d.closed, err = h.store.AttentionResolutions(ctx, orgID, opp); err != nil {
		return nil, err
	}
	d.deliveries = deliveries
	for _, dl := range deliveries {
		if dl.Status == models.DeliveryFailed {
			step := views.FailedStep{ID: dl.ID, What: "Webhook delivery " + dl.Event + " received " + utc(dl.ReceivedAt),
				Result: dl.Reason, Advice: adviceFor(dl.ReasonCode, "decision", models.LogFailed, decisionParams(d.events, dl))}
			if step.Advice == nil || step.Advice.Retry {
				step.RetryURL = "/sync-log/deliveries/" + dl.ID + "/retry"
			}
			d.failed = append(d.failed, step)
		}
	}
	return &d, nil
}

// decisionParams are the parameters of the decision that failed dl: those of
// its newest sync log line with dl's reason code (nil if none).
func decisionParams(events []models.SyncEvent, dl models.WebhookDelivery) leversync.Params {
	for i := len(events) - 1; i >= 0; i-- {
		if ev := events[i]; ev.DeliveryID == dl.ID && ev.Code == dl.ReasonCode && ev.Code != "" {
			return leversync.ParseParams(ev.Params)
		}
	}
	return nil
}

// timelineFeed is the live part of the timeline page.
func (h *Handler) timelineFeed(ctx context.Context, orgID, opp string, d *timelineData) views.TimelineFeed {
	f := views.TimelineFeed{URL: timelineURL(opp, orgID), CanRetry: canOps(currentUser(ctx), orgID), Blocked: d.blocked, Failed: d.failed, Ignored: d.ignored,
		Summary: h.timelineSummary(ctx, orgID, d)}
	now := h.now()
	for _, ev := range d.events {
		it := views.TimelineItem{ID: ev.ID, At: ev.At.UTC().Format("2006-01-02 15:04:05.000 UTC"), Rel: relative(now, ev.At),
			Kind: ev.Kind, Code: ev.Code, Status: ev.Status, Message: ev.Message, InterviewID: ev.InterviewID, Advice: eventAdvice(ev)}
		if ev.Method != "" {
			it.Call = describeCall(ev)
		}
		if it.Call != "" && ev.Status == models.LogOK {
			it.Message = "" // the call line says it all
		}
		f.Items = append(f.Items, it)
	}
	f.Items = mergeResolutions(f.Items, d.events, d.closed, now)
	return f
}

// mergeResolutions places each resolved or dismissed Needs attention item
// among the events by time: who closed it, when and their note.
func mergeResolutions(items []views.TimelineItem, events []models.SyncEvent, closed []models.AttentionResolution, now time.Time) []views.TimelineItem {
	if len(closed) == 0 {
		return items
	}
	out := make([]views.TimelineItem, 0, len(items)+len(closed))
	j := 0
	for i, it := range items {
		for j < len(closed) && closed[j].At.Before(events[i].At) {
			out = append(out, resolutionItem(closed[j], now))
			j++
		}
		out = append(out, it)
	}
	for ; j < len(closed); j++ {
		out = append(out, resolutionItem(closed[j], now))
	}
	return out
}

// resolutionItem is a resolution as a timeline line.
func resolutionItem(r models.AttentionResolution, now time.Time) views.TimelineItem {
	verb := "Resolved"
	if r.Action == models.AttentionDismissed {
		verb = "Dismissed"
	}
	msg := verb + " on Needs attention by " + r.ActorEmail
	if r.Note != "" {
		msg += ": “" + r.Note + "”"
	} else {
		msg += " (no note)."
	}
	return views.TimelineItem{At: r.At.UTC().Format("2006-01-02 15:04:05.000 UTC"), Rel: relative(now, r.At), Kind: "attention", Status: models.LogOK,
		Message: msg, Resolution: r.Action}
}

// describeCall is a Lever call's line: "PUT /opportunities/x/stage → HTTP 200 in 84 ms, attempt 1".
func describeCall(ev models.SyncEvent) string {
	answer := fmt.Sprintf("HTTP %d", ev.HTTPStatus)
	if ev.HTTPStatus == 0 {
		answer = "no answer"
	}
	return fmt.Sprintf("%s %s → %s in %d ms, attempt %d", ev.Method, ev.Path, answer, ev.DurationMS, max(ev.Attempt, 1))
}

// ignoredSummary is one line for the deliveries ignored at ingest (moves
// into stages the integration does not use, with no interview in
// progress): how many, and the latest.
func ignoredSummary(ds []models.WebhookDelivery, stages map[string]string) string {
	n := 0
	var last *models.WebhookDelivery
	for i := range ds {
		if ds[i].Status == models.DeliveryIgnored {
			n++
			last = &ds[i]
		}
	}
	if n == 0 {
		return ""
	}
	to := last.ToStageID
	if name := stages[to]; name != "" {
		to = fmt.Sprintf("%q", name)
	}
	return fmt.Sprintf("Lever reported %d move(s) of this candidate into stages the integration does not use, with no interview in progress: recorded, not processed (latest: to %s, received %s).", n, to, utc(last.ReceivedAt))
}
