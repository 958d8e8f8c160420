package handlers

import (
	"net/http"

	"github.com/intervue/lever-integration/models"
)

// auditOps records an interview event, link change or retry in the audit
// log of the organization the record belongs to (orgID; for support staff
// possibly not their own), naming who did it: the user's email with
// "(support staff)" when staff acted, or the API key's prefix. subject says
// what was acted on (an interview reference, a write or delivery id);
// details are extra values (never secrets).
func (h *Handler) auditOps(r *http.Request, orgID, action, subject string, details map[string]any) {
	after := map[string]any{"subject": subject}
	for k, v := range details {
		after[k] = v
	}
	actor := auditActor(r)
	if u := currentUser(r.Context()); isStaff(u) && u.OrgID != orgID {
		actor += " (support staff)"
	}
	e := models.AuditEntry{OrgID: orgID, ActorEmail: actor, Action: action, After: auditJSON(after)}
	if err := h.store.Audit(r.Context(), e); err != nil {
		h.log.Error("audit log write failed", "err", err, "org", orgID, "action", action, "actor", e.ActorEmail)
	}
}
