package handlers

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// syncLogKinds are the kinds of sync log event, for the filter.
var syncLogKinds = []string{"webhook", "webhook_rejected", "decision", "lever_call", "write", "event", "retry", "token", "connection", "sweep"}

// showSyncLog handles GET /sync-log?q=&status=failed&kind=&page=&org=all:
// events newest first, 50 a page. q is a candidate name, email, Lever
// opportunity id or a pasted Lever candidate URL. Org admins see their
// organization; support staff see every organization unless they picked one.
func (h *Handler) showSyncLog(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgID := h.listOrgID(w, r, true)
	q, page := queryString(r, "q", ""), queryInt(r, "page", 1)
	f := models.SyncLogFilter{OrgID: orgID, Newest: true, Limit: pageSize, Offset: (page - 1) * pageSize}
	opp := opportunityFromURL(q)
	if opp != "" {
		f.OpportunityID = opp
	} else {
		f.Q = q
	}
	if queryString(r, "status", "") == models.LogFailed {
		f.Status = models.LogFailed
	}
	if k := queryString(r, "kind", ""); slices.Contains(syncLogKinds, k) {
		f.Kind = k
	}
	events, total, err := h.store.SyncLog(ctx, f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	names, picker, err := h.orgNames(ctx, orgID, "/sync-log")
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	filters := url.Values{}
	for k, v := range map[string]string{"q": q, "status": f.Status, "kind": f.Kind} {
		if v != "" {
			filters.Set(k, v)
		}
	}
	if orgID == "" {
		filters.Set("org", "all")
	}
	p := views.SyncLogPage{
		Chrome: h.chrome(w, r, "Sync log", "synclog"), Q: q, FailedOnly: f.Status != "", Kind: f.Kind, Kinds: syncLogKinds,
		OrgAll: orgID == "", Opportunity: opp, ShowOrg: orgID == "", Picker: picker, Pager: pager("/sync-log", filters, page, total),
	}
	now := h.now()
	for _, ev := range events {
		row := views.SyncLogRow{ID: ev.ID, At: ev.At.UTC().Format("2006-01-02 15:04:05"), Rel: relative(now, ev.At), OrgName: names[ev.OrgID],
			CandidateName: ev.CandidateName, CandidateEmail: ev.CandidateEmail, OpportunityID: ev.OpportunityID,
			Kind: ev.Kind, Status: ev.Status, Message: ev.Message}
		if ev.OpportunityID != "" {
			row.TimelineURL = timelineURL(ev.OpportunityID, ev.OrgID)
		}
		p.Rows = append(p.Rows, row)
	}
	views.SyncLog(p).Render(ctx, w)
}

// opportunityFromURL returns the opportunity id of a pasted Lever candidate
// link (https://hire.lever.co/candidates/<id>, the sandbox's
// …/sandbox/lever/candidates/<id>, or an …/opportunities/<id> API URL):
// the path segment after "candidates" or "opportunities", else the last
// one. It returns "" when q is not an http(s) URL.
func opportunityFromURL(q string) string {
	u, err := url.Parse(strings.TrimSpace(q))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	var segs []string
	for _, s := range strings.Split(u.Path, "/") {
		if s != "" {
			segs = append(segs, s)
		}
	}
	for i, s := range segs {
		if (s == "candidates" || s == "opportunities") && i+1 < len(segs) {
			return segs[i+1]
		}
	}
	if len(segs) == 0 {
		return ""
	}
	return segs[len(segs)-1]
}
