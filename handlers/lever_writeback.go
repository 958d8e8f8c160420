package handlers

import (
	"context"
	"errors"
	"net/http"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// writeBackView is the write-back user card for connection c.
func (h *Handler) writeBackView(ctx context.Context, c *models.LeverConnection) views.WriteBackView {
	v := views.WriteBackView{
		Connected: c.Status != models.ConnDisconnected, Default: c.WriteBackUserID == "",
		Refused: c.WriteBackBlocked(), RefusedAt: c.WriteBackRefusedAt,
		CanChoose: effectiveRank(currentUser(ctx), orgIDFrom(ctx)) >= roleSuperAdmin,
	}
	switch {
	case c.WriteBackUserID != "" && c.WriteBackUserName != "":
		v.Current = c.WriteBackUserName
	case c.WriteBackUser() != "":
		v.Current = "Lever user " + c.WriteBackUser()
	}
	return v
}

// chooserView is the card with Lever's active users listed to choose from
// (or why they could not be listed).
func (h *Handler) chooserView(ctx context.Context, c *models.LeverConnection) views.WriteBackView {
	v := h.writeBackView(ctx, c)
	v.Choosing, v.Selected = true, c.WriteBackUser()
	users, err := h.engine.WriteBackUsers(ctx, c.OrgID)
	if err != nil {
		// classify's words (Lever not connected, needs reconnecting, Lever's
		// answer); anything else is ours.
		h.log.Warn("listing Lever users failed", "org", c.OrgID, "err", err)
		v.LoadError = classify(err).Message
	}
	for _, u := range users {
		v.Users = append(v.Users, views.WriteBackOption{ID: u.ID, Name: u.Name, Email: u.Email, Role: u.AccessRole})
	}
	return v
}

// showWriteBackChooser handles GET /integrations/lever/write-back-user
// (super admin): the write-back card listing Lever's active users; htmx
// gets the card, a plain request the whole screen.
func (h *Handler) showWriteBackChooser(w http.ResponseWriter, r *http.Request) {
	c, err := h.store.Connection(r.Context(), orgIDFrom(r.Context()))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.renderWriteBack(w, r, h.chooserView(r.Context(), c))
}

// updateWriteBackUser handles POST /integrations/lever/write-back-user
// (super admin), field user_id: the Lever user every write is made as from
// now on, which must be an active user in Lever. Waiting writes resume. A
// refused choice shows the chooser again with the reason.
func (h *Handler) updateWriteBackUser(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgID := orgIDFrom(ctx)
	before, err := h.store.Connection(ctx, orgID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	c, err := h.engine.ChooseWriteBackUser(ctx, orgID, r.PostFormValue("user_id"), actor(r, orgID))
	var verr *models.ValidationError
	switch {
	case errors.As(err, &verr):
		v := h.chooserView(ctx, before)
		v.Error = "Choose one of the active Lever users listed."
		h.renderWriteBack(w, r, v)
		return
	case errors.Is(err, leversync.ErrDisconnected), errors.Is(err, leversync.ErrNeedsReauth):
		v := h.chooserView(ctx, before)
		h.renderWriteBack(w, r, v)
		return
	case err != nil:
		h.renderError(w, r, err)
		return
	}
	msg := "Lever writes are now made as " + c.WriteBackUserName + "."
	if before.WriteBackBlocked() {
		msg += " The writes that waited are resuming."
	}
	if isHTMX(r) {
		v := h.writeBackView(ctx, c)
		v.Message = msg
		views.WriteBackCard(v).Render(ctx, w)
		return
	}
	h.flash(w, r, "success", msg)
	http.Redirect(w, r, leverTabURL("stages", "write-back-card"), http.StatusSeeOther)
}

// renderWriteBack writes the card (htmx) or the screen with it, at 200.
func (h *Handler) renderWriteBack(w http.ResponseWriter, r *http.Request, v views.WriteBackView) {
	if isHTMX(r) {
		views.WriteBackCard(v).Render(r.Context(), w)
		return
	}
	p, err := h.leverPage(w, r, views.PostingsFilter{Page: 1})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p.WriteBack = v
	h.renderLeverPage(w, r, p)
}
