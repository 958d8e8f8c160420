package handlers

import (
	"errors"
	"net/http"
	"slices"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// updateEnabled handles POST /integrations/lever/enabled (super admin),
// field enabled=on|off. A refusal (setup incomplete) is shown next to the
// toggle; htmx gets the toggle card, a plain form post the screen (refused)
// or a 303 back with a flash.
func (h *Handler) updateEnabled(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.renderError(w, r, err)
		return
	}
	// The form sends a hidden "off" before the checkbox's "on".
	on := slices.Contains(r.PostForm["enabled"], "on")
	c, err := h.setEnabled(r, on)
	var verr *models.ValidationError
	if errors.As(err, &verr) {
		h.refuseEnable(w, r, verr.Fields["enabled"])
		return
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	msg := "Integration disabled: deliveries are recorded but not acted on."
	if c.Enabled {
		msg = "Integration enabled: candidates moved to To be Scheduled are picked up."
	}
	if isHTMX(r) {
		h.renderEnableCard(w, r, c, "", msg)
		return
	}
	h.flash(w, r, "success", msg)
	http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
}

// refuseEnable shows why the integration cannot be turned on, at 200.
func (h *Handler) refuseEnable(w http.ResponseWriter, r *http.Request, reason string) {
	reason = "Not enabled: " + reason + "."
	if isHTMX(r) {
		c, err := h.store.Connection(r.Context(), orgIDFrom(r.Context()))
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		h.renderEnableCard(w, r, c, reason, "")
		return
	}
	p, err := h.leverPage(w, r, views.PostingsFilter{Page: 1})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p.Enable.Error = reason
	h.renderLeverPage(w, r, p)
}

// renderEnableCard renders the toggle card for htmx, with the setup
// checklist updated out of band.
func (h *Handler) renderEnableCard(w http.ResponseWriter, r *http.Request, c *models.LeverConnection, errMsg, msg string) {
	items, err := h.checklist(r.Context(), c)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := h.enableView(r.Context(), c)
	v.Error, v.Message = errMsg, msg
	views.LeverEnableCard(v).Render(r.Context(), w)
	views.LeverChecklistUpdate(items).Render(r.Context(), w)
	h.renderBackfillUpdate(w, r, c)
}
