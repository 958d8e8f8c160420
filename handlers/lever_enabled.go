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
	before, err := h.store.Connection(r.Context(), orgIDFrom(r.Context()))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if on && !before.Enabled && r.PostFormValue("confirm_no_credits") != "1" {
		// With no credit left every candidate would go straight to Unable
		// to schedule: ask before turning on.
		if cr, err := h.store.CreditState(r.Context(), before.OrgID); err == nil && cr.Available <= 0 {
			h.askNoCredits(w, r, before)
			return
		}
	}
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
	msg := "Integration disabled: candidate moves in Lever are recorded but not acted on."
	if c.Enabled {
		msg = "Integration enabled: candidates moved to To be Scheduled are picked up."
	}
	if c.Enabled && before.SetupDoneAt == nil {
		// The guided setup is done: the screen shows its sections now.
		h.flash(w, r, "success", "You are live: candidates moved to To be Scheduled in Lever are picked up within seconds.")
		if isHTMX(r) {
			w.Header().Set("HX-Redirect", "/integrations/lever")
			return
		}
		http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
		return
	}
	if isHTMX(r) {
		h.renderEnableCard(w, r, c, "", msg)
		return
	}
	h.flash(w, r, "success", msg)
	http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
}

// askNoCredits shows the warning that there is no credit, with a button
// that turns the integration on anyway; nothing is changed yet.
func (h *Handler) askNoCredits(w http.ResponseWriter, r *http.Request, c *models.LeverConnection) {
	if isHTMX(r) {
		v := h.enableView(r.Context(), c)
		v.ConfirmNoCredits = true
		views.LeverEnableCard(v).Render(r.Context(), w)
		return
	}
	p, err := h.leverPage(w, r, views.PostingsFilter{Page: 1})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p.Enable.ConfirmNoCredits = true
	showSection(p, "golive", "overview")
	h.renderLeverPage(w, r, p)
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
	showSection(p, "golive", "overview")
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
