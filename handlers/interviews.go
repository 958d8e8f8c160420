package handlers

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// showInterviews handles GET /interviews?status=&q=&from=&to=&page=&org=all:
// the dashboard with counts by status, search, creation dates and paging
// (50 a page). htmx polls (target interviews-live) get the live part only,
// so new candidates appear without a reload. Support staff pick the organization, or all of them with
// org=all.
func (h *Handler) showInterviews(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	dq := parseDashboardQuery(r, h.listView(w, r, false))
	page := queryInt(r, "page", 1)
	f := dq.Filter
	f.Limit, f.Offset = pageSize, (page-1)*pageSize
	ivs, total, err := h.store.Interviews(ctx, f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	var counts map[string]int64
	if f.AllOrgs {
		counts, err = h.store.InterviewCountsAllOrgs(ctx)
	} else {
		counts, err = h.store.InterviewCounts(ctx, f.OrgID)
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	names, picker, err := h.orgNames(ctx, dq.view, "/interviews")
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	live := isHTMX(r) && r.Header.Get("HX-Target") == "interviews-live"
	var chrome views.Chrome
	if live { // a poll: no flash to pop, only the nav count
		chrome.AttentionCount = h.openCount(ctx, h.listOrgID(w, r, true))
	} else {
		chrome = h.chrome(w, r, "Interviews", "interviews")
	}
	p := views.InterviewsPage{
		Chrome: chrome, LiveURL: r.URL.RequestURI(), Fragment: live, Q: dq.Q, Status: dq.Status, From: dq.From, To: dq.To,
		OrgAll: f.AllOrgs, ShowOrg: f.AllOrgs, Picker: picker, Chips: statusChips(dq.values(false), counts, dq.Status),
		ExportURL: "/interviews.csv", Filtered: dq.Q != "" || dq.From != "" || dq.To != "",
		SearchRef: dq.Filter.Ref, SearchOpportunity: dq.Filter.OpportunityID,
	}
	if q := dq.values(true).Encode(); q != "" {
		p.ExportURL += "?" + q
	}
	p.Pager = pager("/interviews", dq.values(true), page, total)
	for i := range ivs {
		p.Rows = append(p.Rows, h.interviewRow(&ivs[i], names))
	}
	if live {
		views.InterviewsLive(p).Render(ctx, w)
		return
	}
	views.Interviews(p).Render(ctx, w)
}

// dashboardQuery is the dashboard's filters as the query string gave them
// (invalid values dropped) and as a store filter.
type dashboardQuery struct {
	Status, Q, From, To string
	Filter              models.InterviewFilter
	view                orgView
}

// parseDashboardQuery reads status, q, from and to (creation dates,
// YYYY-MM-DD, UTC, both inclusive) for the organizations v names.
func parseDashboardQuery(r *http.Request, v orgView) dashboardQuery {
	dq := dashboardQuery{Status: queryString(r, "status", ""), Q: queryString(r, "q", ""), view: v}
	if !slices.Contains(views.InterviewStatuses, dq.Status) {
		dq.Status = ""
	}
	dq.Filter = models.InterviewFilter{OrgID: v.orgID, AllOrgs: v.all, Status: dq.Status}
	sq := parseSearch(dq.Q)
	dq.Filter.Ref, dq.Filter.OpportunityID, dq.Filter.Q = sq.Ref, sq.Opportunity, sq.Text
	if t, err := time.Parse(time.DateOnly, queryString(r, "from", "")); err == nil {
		dq.From, dq.Filter.CreatedFrom = t.Format(time.DateOnly), &t
	}
	if t, err := time.Parse(time.DateOnly, queryString(r, "to", "")); err == nil {
		end := t.AddDate(0, 0, 1)
		dq.To, dq.Filter.CreatedBefore = t.Format(time.DateOnly), &end
	}
	return dq
}

// values is the query string of the filters, with the status when
// withStatus (chips set their own).
func (dq dashboardQuery) values(withStatus bool) url.Values {
	v := url.Values{}
	if dq.Filter.AllOrgs {
		v.Set("org", "all")
	}
	for k, s := range map[string]string{"q": dq.Q, "from": dq.From, "to": dq.To} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if withStatus && dq.Status != "" {
		v.Set("status", dq.Status)
	}
	return v
}

// statusChips returns "All" and one chip per status, keeping the other filters.
func statusChips(filters url.Values, counts map[string]int64, active string) []views.StatusChip {
	link := func(status string) string {
		v := url.Values{}
		for k, vs := range filters {
			v[k] = vs
		}
		if status != "" {
			v.Set("status", status)
		}
		if len(v) == 0 {
			return "/interviews"
		}
		return "/interviews?" + v.Encode()
	}
	var all int64
	for _, n := range counts {
		all += n
	}
	chips := []views.StatusChip{{Label: "All", URL: link(""), Count: all, Active: active == ""}}
	for _, s := range views.InterviewStatuses {
		chips = append(chips, views.StatusChip{Status: s, Label: views.StatusLabel(s), URL: link(s), Count: counts[s], Active: active == s})
	}
	return chips
}

// interviewRow is one dashboard row; names maps org ids to names (staff).
func (h *Handler) interviewRow(iv *models.Interview, names map[string]string) views.InterviewRow {
	return views.InterviewRow{
		ID: iv.ID, Ref: iv.Ref, OrgName: names[iv.OrgID], CandidateName: iv.CandidateName, CandidateEmail: iv.CandidateEmail,
		LeverURL: iv.LeverURL, ReportURL: h.reportURL(iv), PostingTitle: iv.PostingTitle, ProfileName: iv.ProfileName,
		Status: iv.Status, Created: iv.CreatedAt.UTC().Format("2006-01-02 15:04"), Scheduled: shortSchedule(iv), Updated: iv.UpdatedAt.UTC().Format("2006-01-02 15:04"),
	}
}
