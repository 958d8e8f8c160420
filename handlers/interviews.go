package handlers

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// showInterviews handles GET /interviews?status=&q=&page=&org=all: the
// dashboard with counts by status, search and paging (50 a page). Support
// staff pick the organization, or all of them with org=all.
func (h *Handler) showInterviews(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgID := h.listOrgID(w, r, false)
	status := queryString(r, "status", "")
	if !slices.Contains(views.InterviewStatuses, status) {
		status = ""
	}
	q, page := queryString(r, "q", ""), queryInt(r, "page", 1)
	ivs, total, err := h.store.Interviews(ctx, models.InterviewFilter{OrgID: orgID, Status: status, Q: q, Limit: pageSize, Offset: (page - 1) * pageSize})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	counts, err := h.store.InterviewCounts(ctx, orgID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	names, picker, err := h.orgNames(ctx, orgID, "/interviews")
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	filters := url.Values{}
	if orgID == "" {
		filters.Set("org", "all")
	}
	if q != "" {
		filters.Set("q", q)
	}
	p := views.InterviewsPage{
		Chrome: h.chrome(w, r, "Interviews", "interviews"), Q: q, Status: status, OrgAll: orgID == "",
		ShowOrg: orgID == "", Picker: picker, Chips: statusChips(filters, counts, status),
	}
	if status != "" {
		filters.Set("status", status)
	}
	p.Pager = pager("/interviews", filters, page, total)
	for i := range ivs {
		p.Rows = append(p.Rows, h.interviewRow(&ivs[i], names))
	}
	views.Interviews(p).Render(ctx, w)
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
