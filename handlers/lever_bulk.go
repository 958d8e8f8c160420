package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// mapPostingsBulk handles POST /integrations/lever/postings/bulk (admin):
// maps many postings to field profile_id ("" unmaps them). Field scope is
// "selected" (the posting_id values ticked in the table) or "matching"
// (every posting matching the search fields q, state, team, location and
// unmapped). It answers 303 back to the same search with a flash saying
// how many changed, or why nothing did.
func (h *Handler) mapPostingsBulk(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgID := orgIDFrom(ctx)
	if err := r.ParseForm(); err != nil {
		h.renderError(w, r, err)
		return
	}
	f := views.PostingsFilter{Q: r.PostFormValue("q"), State: r.PostFormValue("state"), Team: r.PostFormValue("team"),
		Location: r.PostFormValue("location"), Unmapped: r.PostFormValue("unmapped") != "", Page: 1}
	back := "/integrations/lever/postings?" + f.Query(1)
	if q := f.Query(1); q == "" {
		back = "/integrations/lever?tab=postings"
	}
	back += "#postings-card"
	ids := r.PostForm["posting_id"]
	if r.PostFormValue("scope") == "matching" {
		var err error
		ids, err = h.store.PostingIDs(ctx, orgID, models.PostingFilter{Q: f.Q, State: f.State, Team: f.Team, Location: f.Location, Unmapped: f.Unmapped})
		if err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	profileID := r.PostFormValue("profile_id")
	var n int
	err := h.audited(r, "posting_profile_bulk", func(tx *models.Store) (_, _ any, err error) {
		if n, err = tx.SetPostingsProfile(ctx, orgID, ids, profileID); err != nil || n == 0 {
			return nil, nil, err
		}
		return nil, map[string]any{"postings": n, "profile_id": profileID}, nil
	})
	var verr *models.ValidationError
	switch {
	case errors.As(err, &verr):
		msg := "No posting was changed: "
		for _, m := range verr.Fields {
			msg += m + "."
		}
		h.flash(w, r, "error", msg)
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	case err != nil:
		h.renderError(w, r, err)
		return
	}
	target := "no longer mapped to an interview profile"
	if profileID != "" {
		p, _ := h.store.Profile(ctx, orgID, profileID)
		if p != nil {
			target = "mapped to the interview profile " + p.Name
		}
	}
	switch {
	case n == 0:
		h.flash(w, r, "success", fmt.Sprintf("Nothing to change: the %s already were.", countPhrase(len(ids), "posting", "postings")))
	default:
		h.flash(w, r, "success", fmt.Sprintf("%s now %s.", countPhrase(n, "posting is", "postings are"), target))
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// updateDefaultProfile handles POST /integrations/lever/default-profile
// (admin), field profile_id ("" turns the default off): the profile that
// catches postings with no mapping of their own.
func (h *Handler) updateDefaultProfile(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgID := orgIDFrom(ctx)
	var c *models.LeverConnection
	err := h.audited(r, "default_profile", func(tx *models.Store) (_, _ any, err error) {
		before, _ := tx.Connection(ctx, orgID)
		if c, err = tx.SetDefaultProfile(ctx, orgID, r.PostFormValue("profile_id")); err != nil || before == nil || before.DefaultProfileID == c.DefaultProfileID {
			return nil, nil, err
		}
		return map[string]string{"default_profile_id": before.DefaultProfileID}, map[string]string{"default_profile_id": c.DefaultProfileID}, nil
	})
	var verr *models.ValidationError
	switch {
	case errors.As(err, &verr):
		h.flash(w, r, "error", "The default profile was not changed: "+verr.Fields["default_profile_id"]+".")
	case err != nil:
		h.renderError(w, r, err)
		return
	case c.DefaultProfileID == "":
		h.flash(w, r, "success", "No default profile: candidates of unmapped postings go to Unable to schedule with a note.")
	default:
		p, _ := h.store.Profile(ctx, orgID, c.DefaultProfileID)
		name := c.DefaultProfileID
		if p != nil {
			name = p.Name
		}
		h.flash(w, r, "success", "Candidates of unmapped postings are now interviewed with the default profile "+name+".")
	}
	http.Redirect(w, r, "/integrations/lever?tab=postings#default-profile-card", http.StatusSeeOther)
}

// leverTabURL is the Lever screen's section (or setup step) tab with an
// anchor, for redirects.
func leverTabURL(tab, anchor string) string {
	return "/integrations/lever?tab=" + url.QueryEscape(tab) + "#" + anchor
}
