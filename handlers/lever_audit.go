package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
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

// mapStages saves the organization's stage mapping m with an audit entry
// of the changed fields only, each as the Lever stage's name and id (none
// when nothing changed), in one transaction: the connection after, or
// SaveStageMapping's errors. The page and the API call it. was, when not
// "", is the mappingVersion the page's form was rendered from: a stored
// mapping that changed since (another admin saved) and differs from m is
// errMappingChanged, and nothing is saved. The API sends "" (last write
// wins).
func (h *Handler) mapStages(r *http.Request, m models.StageMapping, was string) (c *models.LeverConnection, err error) {
	ctx, orgID := r.Context(), orgIDFrom(r.Context())
	err = h.audited(r, "stage_mapping", func(tx *models.Store) (any, any, error) {
		before, _ := tx.ConnectionForUpdate(ctx, orgID) // locked: two saves at once compare in turn
		if before != nil && was != "" && was != mappingVersion(before.Mapping()) && before.Mapping() != m {
			return nil, nil, errMappingChanged
		}
		if c, err = tx.SaveStageMapping(ctx, orgID, m); err != nil || before == nil {
			return nil, nil, err
		}
		names, err := tx.StageNames(ctx, c.ID)
		if err != nil {
			return nil, nil, err
		}
		label := func(id string) string {
			if id == "" || names[id] == "" {
				return id
			}
			return names[id] + " (" + id + ")"
		}
		b, a := map[string]string{}, map[string]string{}
		bf, af := before.Mapping().Fields(), c.Mapping().Fields()
		for i := range bf {
			if bf[i][2] != af[i][2] {
				b[bf[i][0]], a[af[i][0]] = label(bf[i][2]), label(af[i][2])
			}
		}
		if len(a) == 0 {
			return nil, nil, nil
		}
		return b, a, nil
	})
	return c, err
}

// errMappingChanged refuses a stage mapping saved from a form older than
// the stored mapping.
var errMappingChanged = errors.New("the stage mapping changed since the form was loaded")

// mappingVersion names a stored stage mapping for a form to send back: a
// hash of its five stage ids (opaque strings, so not joined as they are).
func mappingVersion(m models.StageMapping) string {
	h := sha256.New()
	for _, f := range m.Fields() {
		h.Write([]byte(f[2]))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
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
