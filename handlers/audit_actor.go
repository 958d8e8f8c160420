package handlers

import (
	"net/http"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
)

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

// audited runs change and its audit entry in one transaction, so a change
// is never made without its entry (nor an entry written for a change that
// rolled back). change returns the state before and after as the audit log
// records them (nil is none; never secrets; both nil: nothing changed and
// no entry is written) and its error, which is returned as it is. The entry
// names the organization of the request.
func (h *Handler) audited(r *http.Request, action string, change func(tx *models.Store) (before, after any, err error)) error {
	ctx := r.Context()
	orgID := orgIDFrom(ctx)
	return h.store.InTx(ctx, func(tx *models.Store) error {
		before, after, err := change(tx)
		if err != nil || (before == nil && after == nil) {
			return err
		}
		return tx.Audit(ctx, actor(r, orgID).Entry(orgID, action, before, after))
	})
}
