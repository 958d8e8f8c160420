package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// pageSize is the length of one page of the dashboard and the sync log.
const pageSize = 50

// readOrgID is the organization whose records the user may open by id:
// any ("") for support staff, else the organization acted on. Models answer
// ErrNotFound for another organization's id.
func readOrgID(ctx context.Context) string {
	if isStaff(currentUser(ctx)) {
		return ""
	}
	return orgIDFrom(ctx)
}

// listOrgID is the organization a list page shows ("" = all): members see
// their organization; staff see all with ?org=all, or by default when
// staffDefaultAll and they have not picked an organization.
func (h *Handler) listOrgID(w http.ResponseWriter, r *http.Request, staffDefaultAll bool) string {
	if !isStaff(currentUser(r.Context())) {
		return orgIDFrom(r.Context())
	}
	if queryString(r, "org", "") == "all" {
		return ""
	}
	if staffDefaultAll && h.session(w, r).ViewOrg() == "" {
		return ""
	}
	return orgIDFrom(r.Context())
}

// orgNames returns every organization's name by id, and the picker for
// support staff (nil, nil for other users).
func (h *Handler) orgNames(ctx context.Context, orgID, path string) (map[string]string, *views.StaffOrgPicker, error) {
	if !isStaff(currentUser(ctx)) {
		return nil, nil, nil
	}
	orgs, err := h.store.Organizations(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := make(map[string]string, len(orgs))
	p := &views.StaffOrgPicker{Current: orgID, All: orgID == "", Next: path, AllURL: path + "?org=all"}
	for _, o := range orgs {
		names[o.ID] = o.Name
		p.Orgs = append(p.Orgs, views.OrgOption{ID: o.ID, Name: o.Name})
	}
	return names, p, nil
}

// pager builds the paging bar for page (1-based) of total items; q holds
// the list's filters.
func pager(path string, q url.Values, page int, total int64) views.ListPager {
	p := views.ListPager{Page: page, Total: total, Pages: int((total + pageSize - 1) / pageSize)}
	link := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("page", fmt.Sprint(n))
		return path + "?" + v.Encode()
	}
	if page > 1 {
		p.PrevURL = link(page - 1)
	}
	if page < p.Pages {
		p.NextURL = link(page + 1)
	}
	return p
}

// utc formats an instant for tables: "2026-03-31 08:00 UTC".
func utc(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// relative describes t from now: "just now", "5 min ago", "3 h ago", "2 days ago".
func relative(now, t time.Time) string {
	d := now.Sub(t)
	future := d < 0
	if future {
		d = -d
	}
	var s string
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		s = fmt.Sprintf("%d min", int(d/time.Minute))
	case d < 48*time.Hour:
		s = fmt.Sprintf("%d h", int(d/time.Hour))
	default:
		s = fmt.Sprintf("%d days", int(d/(24*time.Hour)))
	}
	if future {
		return "in " + s
	}
	return s + " ago"
}

// shortSchedule is an interview's start in its own time zone:
// "Tue 31 Mar 2026, 10:00 CEST (Europe/Berlin)".
func shortSchedule(iv *models.Interview) string {
	if iv.ScheduledAt == nil {
		return ""
	}
	loc, err := time.LoadLocation(iv.Timezone)
	if err != nil {
		return utc(*iv.ScheduledAt)
	}
	t := iv.ScheduledAt.In(loc)
	abbr, _ := t.Zone()
	return fmt.Sprintf("%s, %s %s (%s)", t.Format("Mon 2 Jan 2006"), t.Format("15:04"), abbr, iv.Timezone)
}

// reportURL is the interview's public report link, "" when none.
func (h *Handler) reportURL(iv *models.Interview) string {
	if iv.ReportToken == "" || iv.LinksRevokedAt != nil {
		return ""
	}
	return h.engine.LinkURL("report", iv.ReportToken)
}
