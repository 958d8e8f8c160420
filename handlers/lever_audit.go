package handlers

import (
	"context"
	"net/http"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// auditEntries is how many audit entries the Lever screen shows.
const auditEntries = 20

// audit records who made a change that called Lever (connect, webhook
// registration), with the values before and
// after (as JSON; nil is none), after the change: a transaction must not
// stay open across Lever calls. Changes without a Lever call use audited
// instead. Secrets are never passed in: a token is recorded as "set". A
// failed write is logged loudly; the change itself is already made and
// stays.
func (h *Handler) audit(r *http.Request, action string, before, after any) {
	ctx := r.Context()
	orgID := orgIDFrom(ctx)
	e := actor(r, orgID).Entry(orgID, action, before, after)
	if err := h.store.Audit(ctx, e); err != nil {
		h.log.Error("audit log write failed", "err", err, "org", e.OrgID, "action", action, "actor", e.ActorEmail)
	}
}

// auditActor names who made the request: the user's email, or the API key
// by its prefix ("API key ivk_1234abcd…").
func auditActor(r *http.Request) string {
	if u := currentUser(r.Context()); u != nil {
		return u.Email
	}
	if k := apiKeyFrom(r.Context()); k != nil {
		return "API key " + k.Prefix + "…"
	}
	return "API key"
}

// auditView is the audit log card.
func (h *Handler) auditView(ctx context.Context, orgID string) (views.AuditView, error) {
	entries, err := h.store.AuditLog(ctx, orgID, auditEntries)
	if err != nil {
		return views.AuditView{}, err
	}
	v := views.AuditView{Entries: make([]views.AuditRow, 0, len(entries))}
	for _, e := range entries {
		at := e.At
		v.Entries = append(v.Entries, views.AuditRow{When: h.moment(&at), Who: e.ActorEmail, Action: e.Action, Before: e.Before, After: e.After})
	}
	return v, nil
}

// connectionNow reads the organization's connection for an audit "before"
// (nil when it cannot be read: the entry then shows none).
func (h *Handler) connectionNow(ctx context.Context, orgID string) *models.LeverConnection {
	c, err := h.store.Connection(ctx, orgID)
	if err != nil {
		return nil
	}
	return c
}

// tokenAudit records whether a signature token is stored, never its value.
func tokenAudit(c *models.LeverConnection) any {
	if c == nil {
		return nil
	}
	if len(c.SignatureTokenEnc) > 0 {
		return map[string]string{"signature_token": "set"}
	}
	return map[string]string{"signature_token": "not set"}
}

// auditConnection records an OAuth callback's connect, or reconnect when a
// live connection was there before: the state before (read by the caller
// before the change) and after. A disconnect is audited by the engine.
func (h *Handler) auditConnection(r *http.Request, before *models.LeverConnection) {
	after := h.connectionNow(r.Context(), orgIDFrom(r.Context()))
	action := "connect"
	if before != nil && before.Status != models.ConnDisconnected {
		action = "reconnect"
	}
	h.audit(r, action, models.ConnectionAudit(before), models.ConnectionAudit(after))
}

// postingAudit is a posting's profile mapping as the audit log records it.
func postingAudit(p *models.PostingRow) any {
	if p == nil {
		return nil
	}
	profile := p.ProfileName
	if p.ProfileID == "" {
		profile = "not mapped"
	}
	return map[string]string{"posting": p.Text, "posting_id": p.ID, "profile": profile}
}

// profileAudit is an interview profile as the audit log records it.
func profileAudit(p *models.Profile) any {
	return map[string]any{"profile": p.Name, "profile_id": p.ID, "duration_minutes": p.DurationMinutes}
}

// auditWebhook records a webhook registration attempt and its outcome.
func (h *Handler) auditWebhook(r *http.Request, before *models.LeverConnection) {
	after := h.connectionNow(r.Context(), orgIDFrom(r.Context()))
	state := func(c *models.LeverConnection) any {
		if c == nil {
			return nil
		}
		m := map[string]string{"webhook": models.WebhookAudit(c)}
		if c.WebhookError != "" {
			m["error"] = c.WebhookError
		}
		return m
	}
	h.audit(r, "webhook_register", state(before), state(after))
}
