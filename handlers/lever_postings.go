package handlers

import (
	"errors"
	"net/http"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// showPostings handles GET /integrations/lever/postings?q=&state=&unmapped=&page=:
// the postings table alone for htmx (search as you type, pages), else the
// whole Lever screen with that table.
func (h *Handler) showPostings(w http.ResponseWriter, r *http.Request) {
	if !isHTMX(r) || r.Header.Get("HX-History-Restore-Request") != "" {
		h.showLeverPage(w, r)
		return
	}
	ctx := r.Context()
	c, err := h.store.Connection(ctx, orgIDFrom(ctx))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v, err := h.postingsView(ctx, c, postingsFilter(r))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	views.PostingsTable(v).Render(ctx, w)
}

// refreshPostings handles POST /integrations/lever/postings/refresh
// (admin): reloads every Lever posting; mappings are kept.
func (h *Handler) refreshPostings(w http.ResponseWriter, r *http.Request) {
	if err := h.engine.RefreshPostings(r.Context(), orgIDFrom(r.Context())); err != nil {
		h.leverFailed(w, r, "Refreshing postings from Lever", err)
		return
	}
	h.flash(w, r, "success", "Postings refreshed from Lever.")
	http.Redirect(w, r, "/integrations/lever?tab=postings#postings-card", http.StatusSeeOther)
}

// updatePostingProfile handles POST /integrations/lever/postings/{id}/profile
// (admin), field profile_id ("" unmaps). htmx gets the row back with
// "Saved" (or the error); a plain form post a 303 to field next with a flash.
func (h *Handler) updatePostingProfile(w http.ResponseWriter, r *http.Request) {
	p, err := h.mapPosting(r, r.PathValue("id"), r.PostFormValue("profile_id"))
	var verr *models.ValidationError
	switch {
	case errors.As(err, &verr) && isHTMX(r):
		h.renderPostingRow(w, r, nil, verr.Fields["profile_id"])
	case err != nil:
		h.renderError(w, r, err)
	case isHTMX(r):
		h.renderPostingRow(w, r, p, "")
	case p.ProfileID == "":
		h.flash(w, r, "success", "“"+p.Text+"” is no longer mapped to an interview profile.")
		http.Redirect(w, r, safeRedirect(r.PostFormValue("next"), "/integrations/lever"), http.StatusSeeOther)
	default:
		h.flash(w, r, "success", "“"+p.Text+"” is now mapped to the interview profile "+p.ProfileName+".")
		http.Redirect(w, r, safeRedirect(r.PostFormValue("next"), "/integrations/lever"), http.StatusSeeOther)
	}
}

// renderPostingRow renders one posting row for htmx: saved when p is
// given, else reloaded with errMsg.
func (h *Handler) renderPostingRow(w http.ResponseWriter, r *http.Request, p *models.PostingRow, errMsg string) {
	ctx := r.Context()
	orgID := orgIDFrom(ctx)
	if p == nil {
		var err error
		if p, err = h.store.Posting(ctx, orgID, r.PathValue("id")); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	profiles, err := h.profileOptions(ctx, orgID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	c, err := h.store.Connection(ctx, orgID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	items, err := h.checklist(ctx, c)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	mapped, all, err := h.postingCounts(ctx, orgID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	health, err := h.mappingHealth(ctx, c)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	row := postingRowView(*p, profiles, true, safeRedirect(r.PostFormValue("next"), "/integrations/lever"))
	row.Saved, row.Error = errMsg == "", errMsg
	views.PostingRow(row).Render(ctx, w)
	views.PostingsMappedUpdate(items, mapped, all).Render(ctx, w)
	views.MappingHealthUpdate(health).Render(ctx, w)
}
