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

// orgView is which organizations a list page shows: one (orgID), or every
// organization (all; support staff only). It is never "" for all.
type orgView struct {
	orgID string
	all   bool
}

// listView is the organization a list page shows: members see their
// organization; staff see all with ?org=all, or by default when
// staffDefaultAll and they have not picked an organization.
func (h *Handler) listView(w http.ResponseWriter, r *http.Request, staffDefaultAll bool) orgView {
	own := orgView{orgID: orgIDFrom(r.Context())}
	if !isStaff(currentUser(r.Context())) {
		return own
	}
	if queryString(r, "org", "") == "all" || (staffDefaultAll && h.session(w, r).ViewOrg() == "") {
		return orgView{all: true}
	}
	return own
}

// findInterview returns the interview a request names by id: the acting
// organization's, or for support staff any organization's (they read
// every organization). Another organization's id is ErrNotFound.
func (h *Handler) findInterview(ctx context.Context, id string) (*models.Interview, error) {
	if isStaff(currentUser(ctx)) {
		return h.store.InterviewAnyOrg(ctx, id)
	}
	return h.store.Interview(ctx, orgIDFrom(ctx), id)
}

// findWrite is findInterview for a Lever write.
func (h *Handler) findWrite(ctx context.Context, id string) (*models.LeverWrite, error) {
	if isStaff(currentUser(ctx)) {
		return h.store.WriteAnyOrg(ctx, id)
	}
	return h.store.Write(ctx, orgIDFrom(ctx), id)
}

// findDelivery is findInterview for a webhook delivery.
func (h *Handler) findDelivery(ctx context.Context, id string) (*models.WebhookDelivery, error) {
	d, err := h.store.Delivery(ctx, id)
	if err == nil && !isStaff(currentUser(ctx)) && d.OrgID != orgIDFrom(ctx) {
		err = fmt.Errorf("handlers: delivery of another organization: %w", models.ErrNotFound)
	}
	return d, err
}

// orgNames returns every organization's name by id, and the picker for
// support staff (nil, nil for other users).
func (h *Handler) orgNames(ctx context.Context, v orgView, path string) (map[string]string, *views.StaffOrgPicker, error) {
	if !isStaff(currentUser(ctx)) {
		return nil, nil, nil
	}
	orgs, err := h.store.Organizations(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := make(map[string]string, len(orgs))
	p := &views.StaffOrgPicker{Current: v.orgID, All: v.all, Next: path, AllURL: path + "?org=all"}
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

// reportURL is the interview's public report link, "" when it has none or
// it was revoked or expired.
func (h *Handler) reportURL(iv *models.Interview) string {
	report, _, err := h.store.LinkSecrets(iv)
	if err != nil {
		h.log.Error("report link cannot be opened", "err", err, "interview", iv.ID)
	}
	if report == "" {
		return ""
	}
	return h.engine.LinkURL(models.LinkReport, report)
}
