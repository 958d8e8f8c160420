package handlers

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// The builders below turn the connection into one card of the Lever screen
// each; htmx handlers render a single card with them.

// enableView is the toggle card; only a super admin may flip it.
func (h *Handler) enableView(ctx context.Context, c *models.LeverConnection) views.LeverEnableView {
	v := views.LeverEnableView{Enabled: c.Enabled, CanToggle: effectiveRank(currentUser(ctx), orgIDFrom(ctx)) >= roleSuperAdmin}
	if cr, err := h.store.CreditState(ctx, c.OrgID); err == nil {
		v.NoCredits = cr.Available <= 0
	}
	return v
}

// webhookView is the webhook card with the deliveries of the last 7 days.
func (h *Handler) webhookView(ctx context.Context, c *models.LeverConnection) (views.LeverWebhookView, error) {
	rank := effectiveRank(currentUser(ctx), orgIDFrom(ctx))
	v := views.LeverWebhookView{
		Connected: c.Status != models.ConnDisconnected, Registered: c.WebhookRegistered, WebhookID: c.WebhookID,
		URL: h.engine.WebhookURL(c), Error: c.WebhookError, HasToken: len(c.SignatureTokenEnc) > 0,
		LastDeliveryAt: c.LastWebhookAt, CanEditToken: rank >= roleSuperAdmin, CanRegister: rank >= roleSuperAdmin && c.Status == models.ConnConnected,
		Unreachable:  h.webhookWarning,
		CanRotateKey: rank >= roleSuperAdmin,
		CheckedAt:    c.WebhookCheckedAt, Check: c.WebhookCheck, CheckError: c.WebhookCheckError,
		ArchiveLastAt: c.ArchiveLastAt, DeletedLastAt: c.DeletedLastAt,
	}
	stats, err := h.store.DeliveryStats(ctx, c.ID, h.now().Add(-7*24*time.Hour))
	if err != nil {
		return v, err
	}
	for _, n := range stats {
		v.Deliveries7d += n
	}
	v.Ignored7d = stats[models.DeliveryIgnored]
	rej, err := h.store.WebhookRejections(ctx, c.ID)
	if err != nil {
		return v, err
	}
	for _, r := range rej {
		v.Rejected = append(v.Rejected, views.WebhookRejectionRow{Reason: r.Reason, Label: rejectionLabel(r.Reason),
			LastDetail: r.LastDetail, Count: r.Total, FirstAt: r.FirstAt, LastAt: r.LastAt})
	}
	return v, nil
}

// rejectionLabel names a webhook rejection reason in words.
func rejectionLabel(reason string) string {
	switch reason {
	case "bad_signature":
		return "Bad or missing signature"
	case "no_signature_token":
		return "No signature token configured"
	case "malformed":
		return "Unreadable body"
	case "too_large":
		return "Body over 1 MiB"
	case "stale":
		return "Dated more than an hour from now, before or after (possible replay)"
	}
	return reason
}

// stageMappingView shows mapping m (saved or as submitted) against Lever's
// stages, with errs by field; a mapped stage Lever no longer lists is kept
// as a "(deleted in Lever)" option and flagged.
func (h *Handler) stageMappingView(ctx context.Context, c *models.LeverConnection, m models.StageMapping, errs map[string]string) (views.StageMappingView, error) {
	v := views.StageMappingView{
		Connected: c.Status != models.ConnDisconnected, SyncedAt: c.StagesSyncedAt,
		CanEdit: effectiveRank(currentUser(ctx), orgIDFrom(ctx)) >= roleAdmin,
		Was:     mappingVersion(c.Mapping()),
	}
	stages, err := h.store.Stages(ctx, c.ID)
	if err != nil {
		return v, err
	}
	live := map[string]bool{}
	for _, s := range stages {
		if !s.Deleted {
			live[s.ID] = true
			v.Stages = append(v.Stages, views.StageOption{ID: s.ID, Text: s.Text})
		}
	}
	for _, f := range m.Fields() {
		sf := views.StageField{Name: f[0], Label: f[1], Selected: f[2], Error: errs[f[0]]}
		if sf.Selected == "" && errs == nil {
			sf.Selected = suggestStage(f[0], v.Stages)
			sf.Suggested = sf.Selected != ""
		}
		if sf.Selected != "" && len(stages) > 0 && !live[sf.Selected] {
			sf.Missing = true
			if sf.Error == "" {
				sf.Error = "This stage was deleted in Lever: choose another one and save."
			}
		}
		v.Fields = append(v.Fields, sf)
	}
	return v, nil
}

// postingsFilter reads the postings table's query string.
func postingsFilter(r *http.Request) views.PostingsFilter {
	return views.PostingsFilter{
		Q: queryString(r, "q", ""), State: queryString(r, "state", ""), Team: queryString(r, "team", ""), Location: queryString(r, "location", ""),
		Unmapped: queryString(r, "unmapped", "") != "", Posting: queryString(r, "posting", ""), Page: queryInt(r, "page", 1),
	}
}

// postingsView loads one page of postings matching f, with the org's
// profiles for the dropdowns and the mapped/total counts.
func (h *Handler) postingsView(ctx context.Context, c *models.LeverConnection, f views.PostingsFilter) (views.PostingsView, error) {
	orgID := orgIDFrom(ctx)
	v := views.PostingsView{Connected: c.Status != models.ConnDisconnected, Filter: f, SyncedAt: c.PostingsSyncedAt,
		CanEdit: effectiveRank(currentUser(ctx), orgIDFrom(ctx)) >= roleAdmin}
	page := func(n int) ([]models.PostingRow, int64, error) {
		if f.Posting != "" {
			return h.onePosting(ctx, orgID, f.Posting)
		}
		return h.store.Postings(ctx, orgID, models.PostingFilter{Q: f.Q, State: f.State, Team: f.Team, Location: f.Location, Unmapped: f.Unmapped,
			Limit: views.PostingsPerPage, Offset: (n - 1) * views.PostingsPerPage})
	}
	rows, total, err := page(f.Page)
	if err != nil {
		return v, err
	}
	if len(rows) == 0 && total > 0 {
		// A page past the end (the list shrank): show the last one.
		v.Filter.Page = int(total+views.PostingsPerPage-1) / views.PostingsPerPage
		if rows, total, err = page(v.Filter.Page); err != nil {
			return v, err
		}
	}
	if v.Mapped, v.All, err = h.postingCounts(ctx, orgID); err != nil {
		return v, err
	}
	profiles, err := h.profileOptions(ctx, orgID)
	if err != nil {
		return v, err
	}
	v.Total = int(total)
	v.Profiles = profiles
	if v.Teams, v.Locations, err = h.store.PostingFacets(ctx, orgID); err != nil {
		return v, err
	}
	next := "/integrations/lever?tab=postings"
	if q := v.Filter.Query(v.Filter.Page); q != "" {
		next = "/integrations/lever/postings?" + q
	}
	for _, p := range rows {
		v.Rows = append(v.Rows, postingRowView(p, profiles, v.CanEdit, next))
	}
	return v, nil
}

// onePosting is the postings table filtered to one posting (none when it
// is unknown or gone from Lever).
func (h *Handler) onePosting(ctx context.Context, orgID, id string) ([]models.PostingRow, int64, error) {
	p, err := h.store.Posting(ctx, orgID, id)
	if errors.Is(err, models.ErrNotFound) || (err == nil && p.Deleted) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	return []models.PostingRow{*p}, 1, nil
}

// postingCounts returns how many of the organization's postings are mapped
// to a profile, and how many there are.
func (h *Handler) postingCounts(ctx context.Context, orgID string) (mapped, all int, err error) {
	_, total, err := h.store.Postings(ctx, orgID, models.PostingFilter{Limit: 1})
	if err != nil {
		return 0, 0, err
	}
	_, unmapped, err := h.store.Postings(ctx, orgID, models.PostingFilter{Unmapped: true, Limit: 1})
	if err != nil {
		return 0, 0, err
	}
	return int(total - unmapped), int(total), nil
}

// profileOptions lists the organization's profiles for a dropdown.
func (h *Handler) profileOptions(ctx context.Context, orgID string) ([]views.ProfileOption, error) {
	ps, err := h.store.Profiles(ctx, orgID)
	if err != nil {
		return nil, err
	}
	out := make([]views.ProfileOption, 0, len(ps))
	for _, p := range ps {
		out = append(out, views.ProfileOption{ID: p.ID, Name: p.Name})
	}
	return out, nil
}

// postingRowView is one posting row; a mapping to a since deleted profile
// is kept visible as such.
func postingRowView(p models.PostingRow, profiles []views.ProfileOption, canEdit bool, next string) views.PostingRowView {
	row := views.PostingRowView{ID: p.ID, Title: p.Text, Team: p.Team, Location: p.Location, State: p.State,
		Confidential: p.Confidential, ProfileID: p.ProfileID, ProfileName: p.ProfileName, Profiles: profiles, CanEdit: canEdit, Next: next}
	if p.ProfileID != "" {
		row.ProfileDeleted = true
		for _, o := range profiles {
			if o.ID == p.ProfileID {
				row.ProfileDeleted = false
			}
		}
	}
	return row
}
