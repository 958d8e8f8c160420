package handlers

import (
	"fmt"
	"net/http"

	"github.com/intervue/lever-integration/models"
)

// startSweep handles POST /integrations/lever/sweep (admin): runs the
// reconciliation sweep now and says how many candidates it queued.
func (h *Handler) startSweep(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgID := orgIDFrom(ctx)
	c, err := h.store.Connection(ctx, orgID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if !c.Enabled || c.Status != models.ConnConnected || !c.Mapping().Complete() {
		h.flash(w, r, "error", "Checking Lever for missed candidates works only while Lever is connected, the stages are mapped and the integration is on.")
		http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
		return
	}
	n, err := h.engine.Reconcile(ctx, orgID)
	if err != nil {
		h.leverFailed(w, r, "Checking Lever for missed candidates", err)
		return
	}
	h.flash(w, r, "success", fmt.Sprintf("Checked Lever: %s found in To be Scheduled that we had not picked up, now being processed.", countPhrase(n, "candidate", "candidates")))
	http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
}
