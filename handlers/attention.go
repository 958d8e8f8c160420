package handlers

import (
	"net/http"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// attentionLimit caps the steps the Needs attention page lists.
const attentionLimit = 500

// showAttention handles GET /attention?org=all: every candidate that is
// blocked or failed (failed deliveries, failed Lever writes, fixable pickup
// failures), newest first, each step with its reason, what to do, Retry
// where it helps and links to the timeline and the fix. Org admins see their
// organization; support staff see every organization unless they picked one.
func (h *Handler) showAttention(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.listView(w, r, true)
	var items []models.AttentionItem
	var err error
	if v.all {
		items, err = h.store.NeedsAttentionAllOrgs(ctx, attentionLimit+1)
	} else {
		items, err = h.store.NeedsAttention(ctx, v.orgID, attentionLimit+1)
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	names, picker, err := h.orgNames(ctx, v, "/attention")
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p := views.AttentionPage{Chrome: h.chrome(w, r, "Needs attention", "attention"), ShowOrg: v.all, Picker: picker, Capped: len(items) > attentionLimit}
	if p.Capped {
		items = items[:attentionLimit]
	}
	u := currentUser(ctx)
	rows := map[[2]string]int{}
	now := h.now()
	for _, it := range items {
		key := [2]string{it.OrgID, it.OpportunityID}
		i, ok := rows[key]
		if !ok {
			i = len(p.Rows)
			rows[key] = i
			p.Rows = append(p.Rows, views.AttentionRow{OrgName: names[it.OrgID], OpportunityID: it.OpportunityID, TimelineURL: timelineURL(it.OpportunityID, it.OrgID)})
		}
		row := &p.Rows[i]
		if row.CandidateName == "" {
			row.CandidateName, row.CandidateEmail = it.CandidateName, it.CandidateEmail
		}
		pr := attentionProblem(it)
		pr.At, pr.Rel = utc(it.At), relative(now, it.At)
		if (pr.Advice != nil && !pr.Advice.Retry) || !canOps(u, it.OrgID) {
			pr.RetryURL = ""
		}
		row.Problems = append(row.Problems, pr)
	}
	views.Attention(p).Render(ctx, w)
}

// attentionProblem describes one step: what it was, why it failed, what to
// do and where Retry is posted.
func attentionProblem(it models.AttentionItem) views.AttentionProblem {
	switch it.Kind {
	case "write":
		return views.AttentionProblem{ID: it.WriteID, Kind: it.Kind, What: "A Lever write failed", Reason: it.Reason,
			Advice: adviceFor("write", models.LogFailed, it.Reason), RetryURL: "/sync-log/writes/" + it.WriteID + "/retry"}
	case "delivery":
		return views.AttentionProblem{ID: it.DeliveryID, Kind: it.Kind, What: "A webhook delivery could not be processed", Reason: it.Reason,
			Advice: adviceFor("decision", models.LogFailed, it.Reason), RetryURL: "/sync-log/deliveries/" + it.DeliveryID + "/retry"}
	}
	return views.AttentionProblem{ID: it.InterviewID, Kind: it.Kind, What: "Not scheduled: moved to Unable to schedule", Reason: it.Reason,
		Advice: pickupAdvice(it.ReasonCode, it.Reason)}
}
