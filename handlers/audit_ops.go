package handlers

import (
	"net/http"

	"github.com/intervue/lever-integration/leversync"
)

// auditOps records an interview event or link change in the audit log of
// the organization the record belongs to (orgID; for support staff
// possibly not their own), naming who did it (actor). subject says what
// was acted on (an interview reference); details are extra values (never
// secrets).
func (h *Handler) auditOps(r *http.Request, orgID, action, subject string, details map[string]any) {
	e := actor(r, orgID).OpsEntry(orgID, action, subject, details)
	if err := h.store.Audit(r.Context(), e); err != nil {
		h.log.Error("audit log write failed", "err", err, "org", orgID, "action", action, "actor", e.ActorEmail)
	}
}

// actor names who made the request for an action on orgID's records: for
// sync-log messages (actorName) and for the audit log (auditActor, with
// "(support staff)" when staff acted for another organization).
func actor(r *http.Request, orgID string) leversync.Actor {
	a := leversync.Actor{Name: actorName(r), Audit: auditActor(r)}
	if u := currentUser(r.Context()); isStaff(u) && u.OrgID != orgID {
		a.Audit += " (support staff)"
	}
	return a
}
