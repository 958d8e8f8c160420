package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// disconnect handles POST /integrations/lever/disconnect (super admin):
// deletes our webhook in Lever, removes the tokens, turns processing off.
func (h *Handler) disconnect(w http.ResponseWriter, r *http.Request) {
	orgID := orgIDFrom(r.Context())
	err := h.engine.Disconnect(r.Context(), orgID, actor(r, orgID))
	if errors.Is(err, leversync.ErrDisconnected) {
		// A second click, or another admin's disconnect meanwhile.
		h.flash(w, r, "info", "Lever was already disconnected: nothing changed.")
		http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
		return
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.flash(w, r, "success", "Disconnected from Lever: tokens removed, our webhook deleted and the integration disabled. Your mappings are kept for a reconnect.")
	http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
}

// registerWebhook handles POST /integrations/lever/webhook (super admin):
// tries to register the Candidate Stage Change webhook through Lever's API
// again. Why it failed is stored on the connection and shown in the card.
func (h *Handler) registerWebhook(w http.ResponseWriter, r *http.Request) {
	before := h.connectionNow(r.Context(), orgIDFrom(r.Context()))
	err := h.engine.RegisterWebhook(r.Context(), orgIDFrom(r.Context()))
	if errors.Is(err, models.ErrNotFound) {
		h.renderError(w, r, err)
		return
	}
	h.auditWebhook(r, before)
	if err != nil {
		h.flash(w, r, "error", "The webhook could not be registered; the reason is shown in the Webhook card. You can also set it up by hand.")
		http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
		return
	}
	h.flash(w, r, "success", "The Candidate Stage Change webhook is registered. A Lever super admin must switch it on in Lever.")
	http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
}

// checkWebhook handles POST /integrations/lever/webhook/check (super
// admin): looks for our webhook in Lever now (leversync CheckWebhook, which
// registers it again when it is gone and the grant allows) and says what it
// found; the details stay in the Webhook card.
func (h *Handler) checkWebhook(w http.ResponseWriter, r *http.Request) {
	result, err := h.engine.CheckWebhook(r.Context(), orgIDFrom(r.Context()))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	switch result {
	case models.WebhookPresent:
		h.flash(w, r, "success", "Our webhook is in Lever.")
	case models.WebhookReregistered:
		h.flash(w, r, "success", "Our webhook was gone from Lever and is registered again. A Lever super admin must switch it on in Lever.")
	default:
		h.flash(w, r, "error", "Our webhook needs attention: the Webhook card says what to do.")
	}
	http.Redirect(w, r, "/integrations/lever?tab=webhooks", http.StatusSeeOther)
}

// updateSignatureToken handles POST /integrations/lever/signature-token
// (admin), field signature_token: the token of a webhook created by hand in
// Lever. An invalid token is shown next to the field at 200.
func (h *Handler) updateSignatureToken(w http.ResponseWriter, r *http.Request) {
	ctx, orgID := r.Context(), orgIDFrom(r.Context())
	err := h.audited(r, "signature_token", func(tx *models.Store) (any, any, error) {
		before, _ := tx.Connection(ctx, orgID)
		if err := tx.SetSignatureToken(ctx, orgID, r.PostFormValue("signature_token")); err != nil {
			return nil, nil, err
		}
		return tokenAudit(before), map[string]string{"signature_token": "set"}, nil
	})
	var verr *models.ValidationError
	switch {
	case errors.As(err, &verr):
		h.renderWebhookCard(w, r, verr.Fields["signature_token"], "")
	case err != nil:
		h.renderError(w, r, err)
	case isHTMX(r):
		h.renderWebhookCard(w, r, "", "Signature token saved.")
	default:
		h.flash(w, r, "success", "Signature token saved: deliveries to the webhook URL are now verified.")
		http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
	}
}

// renderWebhookCard shows the webhook card with a token error or a message:
// alone for htmx, else within the whole screen.
func (h *Handler) renderWebhookCard(w http.ResponseWriter, r *http.Request, tokenErr, msg string) {
	ctx := r.Context()
	c, err := h.store.Connection(ctx, orgIDFrom(ctx))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v, err := h.webhookView(ctx, c)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v.TokenError, v.Message = tokenErr, msg
	if isHTMX(r) {
		views.LeverWebhookCard(v).Render(ctx, w)
		return
	}
	p, err := h.leverPage(w, r, views.PostingsFilter{Page: 1})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p.Webhook = v
	showSection(p, "webhook", "webhooks")
	h.renderLeverPage(w, r, p)
}

// leverFailed reports a failed call to Lever as a flash on the Lever screen
// (303); any other error goes to renderError.
func (h *Handler) leverFailed(w http.ResponseWriter, r *http.Request, what string, err error) {
	e := classify(err)
	if !strings.HasPrefix(e.Code, "lever_") {
		h.renderError(w, r, err)
		return
	}
	h.flash(w, r, "error", what+" failed: "+e.Message)
	http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
}

// rotateWebhookKey handles POST /integrations/lever/webhook-key/rotate
// (super admin): a new webhook key, so the old webhook URL answers 404, and
// our webhooks in Lever registered again with the new URL (by hand when the
// grant cannot). 303 to the screen with what happened.
func (h *Handler) rotateWebhookKey(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := h.engine.RotateWebhookKey(ctx, orgIDFrom(ctx), actor(r, orgIDFrom(ctx)))
	if errors.Is(err, models.ErrNotFound) || c == nil {
		h.renderError(w, r, err)
		return
	}
	switch {
	case err != nil:
		h.flash(w, r, "error", "The webhook key was rotated (the old URL no longer works), but registering our webhook in Lever again failed; the reason is in the Webhook card.")
	case c.Status == models.ConnConnected && c.WebhookRegistered:
		h.flash(w, r, "success", "Webhook key rotated: the old URL no longer works, and our webhooks in Lever were registered again with the new one.")
	default:
		h.flash(w, r, "success", "Webhook key rotated: the old URL no longer works. Paste the new webhook URL into Lever's webhook settings.")
	}
	http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
}

// leverAnswerWords says what an HTTP status from Lever means to an admin.
func leverAnswerWords(status int) string {
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return "Lever refused the request: the connected Lever user may lack the permission, or access was revoked."
	case status == http.StatusTooManyRequests:
		return "Lever asked us to slow down."
	case status >= 500:
		return "Lever had a problem on its side."
	}
	return "Lever did not accept the request."
}
