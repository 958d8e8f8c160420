package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// syncLogKinds are the kinds of sync log event, for the filter.
var syncLogKinds = []string{"webhook", "webhook_rejected", "decision", "lever_call", "write", "event", "retry", "token", "connection", "sweep"}

// showSyncLog handles GET /sync-log?q=&from=&to=&kind=&status=failed&page=&org=all:
// candidates, latest activity first, 50 a page. q is a candidate name,
// email, Lever opportunity id, a pasted Lever candidate URL or an interview
// reference (IV-…, as every Lever note we write prints it); from and to
// are UTC days (YYYY-MM-DD, both included). Org admins see their
// organization; support staff see every organization unless they picked one.
func (h *Handler) showSyncLog(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.listView(w, r, true)
	p, f := parseSyncLogFilter(r)
	f.OrgID, f.AllOrgs = v.orgID, v.all
	page := queryInt(r, "page", 1)
	f.Limit, f.Offset = pageSize, (page-1)*pageSize
	var cands []models.SyncCandidate
	var total int64
	var err error
	if p.Ref != "" {
		// An interview reference names one candidate: the interview's.
		iv, ferr := h.store.InterviewByRef(ctx, v.orgID, p.Ref, v.all)
		switch {
		case ferr == nil:
			f.OrgID, f.AllOrgs, f.OpportunityID = iv.OrgID, false, iv.OpportunityID
		case errors.Is(ferr, models.ErrNotFound):
			p.RefMissing = true
		default:
			err = ferr
		}
	}
	if err == nil && !p.RefMissing {
		cands, total, err = h.store.SyncCandidates(ctx, f)
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	names, picker, err := h.orgNames(ctx, v, "/sync-log")
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	filters := url.Values{}
	for k, v := range map[string]string{"q": p.Q, "kind": f.Kind, "from": p.From, "to": p.To} {
		if v != "" {
			filters.Set(k, v)
		}
	}
	if f.FailedOnly {
		filters.Set("status", models.LogFailed)
	}
	if v.all {
		filters.Set("org", "all")
	}
	p.Chrome, p.Kinds, p.OrgAll, p.ShowOrg, p.Picker = h.chrome(w, r, "Sync log", "synclog"), syncLogKinds, v.all, v.all, picker
	p.Pager, p.Total = pager("/sync-log", filters, page, total), candidateTotal(total)
	now := h.now()
	orgOf := make([]string, 0, len(cands))
	for _, c := range cands {
		p.Rows = append(p.Rows, views.SyncLogRow{
			OrgName: names[c.OrgID], CandidateName: c.CandidateName, CandidateEmail: c.CandidateEmail, OpportunityID: c.OpportunityID,
			LastAt: c.LastAt.UTC().Format("2006-01-02 15:04:05"), LastRel: relative(now, c.LastAt), LastKind: c.LastKind,
			LastStatus: c.LastStatus, LastMessage: c.LastMessage, Events: c.Events, Failures: c.Failures,
			TimelineURL: timelineURL(c.OpportunityID, c.OrgID),
		})
		orgOf = append(orgOf, c.OrgID)
	}
	if err := h.latestOutcomes(ctx, p.Rows, orgOf); err != nil {
		h.renderError(w, r, err)
		return
	}
	views.SyncLog(p).Render(ctx, w)
}

// parseSyncLogFilter reads the sync log's query into the page (as typed) and
// the filter (without organization or paging). A pasted Lever URL becomes
// its opportunity id; a date that cannot be read is ignored with a message.
func parseSyncLogFilter(r *http.Request) (views.SyncLogPage, models.SyncCandidateFilter) {
	p := views.SyncLogPage{Q: queryString(r, "q", ""), From: queryString(r, "from", ""), To: queryString(r, "to", "")}
	var f models.SyncCandidateFilter
	sq := parseSearch(p.Q)
	p.Opportunity, p.Ref, f.OpportunityID, f.Q = sq.Opportunity, sq.Ref, sq.Opportunity, sq.Text
	f.FailedOnly = queryString(r, "status", "") == models.LogFailed
	p.FailedOnly = f.FailedOnly
	if k := queryString(r, "kind", ""); slices.Contains(syncLogKinds, k) {
		f.Kind, p.Kind = k, k
	}
	var bad []string
	if d, ok := parseDay(p.From); ok {
		f.From = d
	} else {
		bad = append(bad, p.From)
	}
	if d, ok := parseDay(p.To); ok && !d.IsZero() {
		f.To = d.AddDate(0, 0, 1) // the To day is included
	} else if !ok {
		bad = append(bad, p.To)
	}
	if len(bad) > 0 {
		p.FilterError = fmt.Sprintf("Ignored %s: write dates as YYYY-MM-DD.", strings.Join(bad, " and "))
	}
	return p, f
}

// parseDay reads a YYYY-MM-DD day as 00:00 UTC; "" is the zero time.
func parseDay(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	d, err := time.Parse(time.DateOnly, s)
	return d, err == nil
}

// candidateTotal words a capped candidate count.
func candidateTotal(n int64) string {
	switch {
	case n > models.MaxSyncCandidateCount:
		return fmt.Sprintf("More than %s candidates: narrow the search to see them all.", thousands(models.MaxSyncCandidateCount))
	case n == 1:
		return "1 candidate"
	}
	return thousands(int(n)) + " candidates"
}

// thousands formats n with comma separators: 1,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
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
