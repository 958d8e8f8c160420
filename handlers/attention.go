package handlers

import (
	"context"
	"net/http"
	"net/url"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// attentionLimit caps the steps the Needs attention page lists.
const attentionLimit = 500

// showAttention handles GET /attention?cause=&org=all: the work queue of
// open items (failed deliveries, failed Lever writes, fixable pickup
// failures, paused writes, candidates who left the stage), newest first, each with its reason, what to do,
// Retry where it helps, Resolve and Dismiss with a note, and links to the
// timeline and the fix. cause keeps one cause (attentionCause). Org admins
// see their organization; support staff see every organization unless they
// picked one. htmx polls (target attention-live) get the live part only.
func (h *Handler) showAttention(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgID := h.listOrgID(w, r, true)
	items, err := h.openItems(ctx, orgID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	names, picker, err := h.orgNames(ctx, orgView{orgID: orgID, all: orgID == ""}, "/attention")
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	live := views.AttentionLive{ShowOrg: orgID == "", Cause: queryString(r, "cause", ""), URL: attentionURL(r, orgID)}
	live.Chips = attentionChips(items, live.Cause, orgID == "")
	live.NavCount = h.openCount(ctx, orgID)
	u := currentUser(ctx)
	rows := map[[2]string]int{}
	now := h.now()
	for _, it := range items {
		if live.Cause != "" && attentionCause(it) != live.Cause {
			continue
		}
		if len(live.Rows) >= attentionLimit {
			live.Capped = true
			break
		}
		key := [2]string{it.OrgID, it.OpportunityID}
		i, ok := rows[key]
		if !ok {
			i = len(live.Rows)
			rows[key] = i
			live.Rows = append(live.Rows, views.AttentionRow{OrgID: it.OrgID, OrgName: names[it.OrgID], OpportunityID: it.OpportunityID, TimelineURL: timelineURL(it.OpportunityID, it.OrgID)})
		}
		row := &live.Rows[i]
		if row.CandidateName == "" {
			row.CandidateName, row.CandidateEmail = it.CandidateName, it.CandidateEmail
		}
		pr := attentionProblem(it)
		pr.At, pr.Rel = utc(it.At), relative(now, it.At)
		pr.CanResolve = effectiveRank(u, it.OrgID) >= roleAdmin
		if (pr.Advice != nil && !pr.Advice.Retry) || !canOps(u, it.OrgID) {
			pr.RetryURL = ""
		}
		row.Problems = append(row.Problems, pr)
	}
	if isHTMX(r) && r.Header.Get("HX-Target") == "attention-live" {
		live.Fragment = true
		views.AttentionLiveView(live).Render(ctx, w)
		return
	}
	p := views.AttentionPage{Chrome: h.chrome(w, r, "Needs attention", "attention"), Picker: picker, Live: live}
	// The notification belongs to the organization acted on (staff looking
	// at every organization set their own, or the one they picked).
	if own := orgIDFrom(ctx); effectiveRank(u, own) >= roleAdmin {
		n, err := h.notifyCard(ctx, own)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		p.Notify = n
	}
	views.Attention(p).Render(ctx, w)
}

// attentionURL is the page's own address with its filters, which the live
// part polls and the forms return to.
func attentionURL(r *http.Request, orgID string) string {
	v := url.Values{}
	if c := queryString(r, "cause", ""); c != "" {
		v.Set("cause", c)
	}
	if orgID == "" && isStaff(currentUser(r.Context())) {
		v.Set("org", "all")
	}
	if len(v) == 0 {
		return "/attention"
	}
	return "/attention?" + v.Encode()
}

// attentionCause is the cause an item is filtered by: its kind, or for a
// pickup the reason it was not scheduled.
func attentionCause(it models.AttentionItem) string {
	if it.Kind == "pickup" && it.ReasonCode != "" {
		return it.ReasonCode
	}
	return it.Kind
}

// attentionCauses are the causes in the order the filter lists them, with
// their labels.
var attentionCauses = []struct{ Cause, Label string }{
	{"posting_not_mapped", "Posting not mapped"},
	{"no_posting", "No posting"},
	{"profile_deleted", "Profile deleted"},
	{"insufficient_credits", "No credits"},
	{"write", "Lever write failed"},
	{"delivery", "Webhook not processed"},
	{"paused", "Lever writes paused"},
	{"left_stage", "Left the stage"},
}

// attentionChips counts open items by cause; causes with none are left out
// unless active.
func attentionChips(items []models.AttentionItem, active string, all bool) []views.AttentionChip {
	counts := map[string]int{}
	for _, it := range items {
		counts[attentionCause(it)]++
	}
	link := func(cause string) string {
		v := url.Values{}
		if cause != "" {
			v.Set("cause", cause)
		}
		if all {
			v.Set("org", "all")
		}
		if len(v) == 0 {
			return "/attention"
		}
		return "/attention?" + v.Encode()
	}
	chips := []views.AttentionChip{{Label: "All", URL: link(""), Count: len(items), Active: active == ""}}
	for _, c := range attentionCauses {
		if counts[c.Cause] > 0 || active == c.Cause {
			chips = append(chips, views.AttentionChip{Cause: c.Cause, Label: c.Label, URL: link(c.Cause), Count: counts[c.Cause], Active: active == c.Cause})
		}
	}
	return chips
}

// attentionProblem describes one step: what it was, why it failed, what to
// do and where Retry is posted.
func attentionProblem(it models.AttentionItem) views.AttentionProblem {
	pr := views.AttentionProblem{ID: it.ItemID(), Kind: it.Kind, Cause: attentionCause(it), Reason: it.Reason}
	switch it.Kind {
	case "write":
		pr.What, pr.Advice, pr.RetryURL = "A Lever write failed", adviceFor(it.Code, "write", models.LogFailed, nil), "/sync-log/writes/"+it.WriteID+"/retry"
	case "delivery":
		pr.What, pr.Advice, pr.RetryURL = "A webhook delivery could not be processed", adviceFor(it.Code, "decision", models.LogFailed, nil), "/sync-log/deliveries/"+it.DeliveryID+"/retry"
	case "paused":
		pr.What, pr.Advice = "Lever writes are paused", pausedAdvice(it.ReasonCode)
	case models.AttentionLeftStage:
		pr.What, pr.Advice = "Interview in progress, but the candidate left the stage in Lever", leftStageAdvice(it.InterviewID)
	default:
		pr.What, pr.Advice = "Not scheduled: moved to Unable to schedule", adviceFor(it.Code, "decision", models.LogFailed, it.Params)
	}
	return pr
}

// leftStageAdvice says what to do about a candidate moved out of the
// integration's stages while their interview is in progress.
func leftStageAdvice(interviewID string) *views.Advice {
	return &views.Advice{Text: "If they are no longer interviewing, use Unable to schedule on the interview's page with \"Organisation cancelled the interview\": the credit is returned and Lever keeps them where the recruiter put them. If they are, move them back into the interview's stage in Lever and this clears by itself. Dismiss it if the stage is right as it is.",
		LinkURL: "/interviews/" + interviewID, LinkLabel: "Open the interview"}
}

// pausedAdvice says how paused writes resume.
func pausedAdvice(code string) *views.Advice {
	switch code {
	case "needs_reauth":
		return &views.Advice{Text: "A super admin must use Reconnect on the Lever screen; the writes then resume by themselves.", LinkURL: fixConnection, LinkLabel: "Reconnect Lever"}
	case "disconnected":
		return &views.Advice{Text: "A super admin must connect Lever again on the Lever screen; the writes then resume by themselves.", LinkURL: fixConnection, LinkLabel: "Lever connection"}
	}
	return &views.Advice{Text: "Turn the integration on on the Lever screen; the writes then resume by themselves. Dismiss this if it stays off on purpose.", LinkURL: fixEnable, LinkLabel: "Turn the integration on"}
}

// resolveAttention handles POST /attention/resolve (admin), fields kind,
// item_id, action (resolved or dismissed), note, org_id (support staff
// acting on another organization's item) and next: closes one open item,
// keeping who, when and the note (shown on the candidate's timeline).
func (h *Handler) resolveAttention(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgID := orgIDFrom(ctx)
	if other := r.PostFormValue("org_id"); other != "" && other != orgID {
		if effectiveRank(currentUser(ctx), other) < roleAdmin {
			h.renderError(w, r, errForbidden(roleAdmin))
			return
		}
		orgID = other
	}
	next := safeRedirect(r.PostFormValue("next"), "/attention")
	res, err := h.store.ResolveAttention(ctx, orgID, r.PostFormValue("kind"), r.PostFormValue("item_id"), r.PostFormValue("action"), r.PostFormValue("note"), auditActor(r))
	if err != nil {
		if status, msg := errorStatus(err); status < 500 {
			h.flash(w, r, "error", attentionRefusal(status, msg))
			http.Redirect(w, r, next, http.StatusSeeOther)
			return
		}
		h.renderError(w, r, err)
		return
	}
	done := "Resolved"
	if res.Action == models.AttentionDismissed {
		done = "Dismissed"
	}
	h.flash(w, r, "success", done+": it is off the list and noted on the candidate's timeline.")
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// attentionRefusal words a refused resolve.
func attentionRefusal(status int, msg string) string {
	if status == http.StatusNotFound {
		return "That item is no longer open: it was fixed or closed meanwhile."
	}
	return msg
}

// listOrgID is listView as an organization id ("" = every organization).
func (h *Handler) listOrgID(w http.ResponseWriter, r *http.Request, staffDefaultAll bool) string {
	if v := h.listView(w, r, staffDefaultAll); !v.all {
		return v.orgID
	}
	return ""
}

// openItems lists orgID's open items ("" = every organization).
func (h *Handler) openItems(ctx context.Context, orgID string) ([]models.AttentionItem, error) {
	if orgID == "" {
		return h.store.NeedsAttentionAllOrgs(ctx, 0)
	}
	return h.store.NeedsAttention(ctx, orgID, 0)
}

// openCount counts orgID's candidates with open items ("" = every organization).
func (h *Handler) openCount(ctx context.Context, orgID string) int {
	if orgID == "" {
		return h.store.CountNeedsAttentionAllOrgs(ctx)
	}
	return h.store.CountNeedsAttention(ctx, orgID)
}
