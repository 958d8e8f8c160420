package handlers

import (
	"net/http"

	"github.com/intervue/lever-integration/views"
)

// retryWrite handles POST /sync-log/writes/{id}/retry (admins, staff): a
// failed Lever write goes back to pending and its job is enqueued. htmx
// gets the timeline feed again; a form post 303 to next with a flash.
func (h *Handler) retryWrite(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	wr, err := h.findWrite(ctx, r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	_, err = h.engine.RetryWrite(ctx, wr.OrgID, wr.ID, actor(r, wr.OrgID))
	h.afterRetry(w, r, wr.OrgID, wr.OpportunityID, err, "Retry started: the Lever write will be attempted again within seconds.")
}

// retryDelivery handles POST /sync-log/deliveries/{id}/retry (admins,
// staff): a failed webhook delivery is processed again.
func (h *Handler) retryDelivery(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := h.findDelivery(ctx, r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	_, err = h.engine.RetryDelivery(ctx, d.OrgID, d.ID, actor(r, d.OrgID))
	h.afterRetry(w, r, d.OrgID, d.OpportunityID, err, "Retry started: the webhook delivery will be processed again within seconds.")
}

// afterRetry answers a retry: a step no longer failed is a notice, not an
// error page; htmx gets the refreshed timeline feed with the notice.
func (h *Handler) afterRetry(w http.ResponseWriter, r *http.Request, orgID, opp string, err error, okMsg string) {
	kind, msg := "success", okMsg
	if _, ok := formErrors(err); ok {
		kind, msg = "error", "Nothing to retry: this step is no longer failed."
	} else if err != nil {
		h.renderError(w, r, err)
		return
	}
	if !isHTMX(r) {
		h.flash(w, r, kind, msg)
		http.Redirect(w, r, safeRedirect(r.PostFormValue("next"), timelineURL(opp, orgID)), http.StatusSeeOther)
		return
	}
	data, err := h.loadTimeline(r.Context(), orgID, opp)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	feed := h.timelineFeed(r.Context(), orgID, opp, data)
	feed.Notice, feed.NoticeKind = msg, kind
	views.TimelineFeedView(feed).Render(r.Context(), w)
}
