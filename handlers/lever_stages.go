package handlers

import (
	"errors"
	"net/http"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// refreshStages handles POST /integrations/lever/stages/refresh (admin):
// reloads Lever's stages; stages gone from Lever are flagged.
func (h *Handler) refreshStages(w http.ResponseWriter, r *http.Request) {
	if err := h.engine.RefreshStages(r.Context(), orgIDFrom(r.Context())); err != nil {
		h.leverFailed(w, r, "Refreshing stages from Lever", err)
		return
	}
	h.flash(w, r, "success", "Stages refreshed from Lever.")
	http.Redirect(w, r, "/integrations/lever?tab=stages#stage-mapping-card", http.StatusSeeOther)
}

// updateStageMapping handles POST /integrations/lever/stage-mapping
// (admin), one field per Intervue stage holding a Lever stage id. Errors are
// shown next to each field at 200; htmx gets the card, a plain form post
// the screen, or a 303 back with a flash once saved.
func (h *Handler) updateStageMapping(w http.ResponseWriter, r *http.Request) {
	m := models.StageMapping{
		ToBeScheduled: r.PostFormValue("to_be_scheduled"), Scheduled: r.PostFormValue("scheduled"),
		Yes: r.PostFormValue("intervue_yes"), No: r.PostFormValue("intervue_no"), Unable: r.PostFormValue("unable_to_schedule"),
	}
	c, err := h.mapStages(r, m, r.PostFormValue("mapping_was"))
	var verr *models.ValidationError
	switch {
	case errors.Is(err, errMappingChanged):
		h.renderStageMapping(w, r, nil, nil, "")
	case errors.As(err, &verr):
		h.renderStageMapping(w, r, &m, verr.Fields, "")
	case err != nil:
		h.renderError(w, r, err)
	case isHTMX(r):
		h.renderStageMapping(w, r, ptr(c.Mapping()), nil, "Stage mapping saved")
	default:
		h.flash(w, r, "success", "Stage mapping saved.")
		http.Redirect(w, r, "/integrations/lever?tab=stages#stage-mapping-card", http.StatusSeeOther)
	}
}

// renderStageMapping shows the stage mapping card for m with errs or a
// message; m nil is a refused save from an older form (errMappingChanged),
// shown with the stored mapping and the conflict message. htmx gets the
// card alone, else the whole screen.
func (h *Handler) renderStageMapping(w http.ResponseWriter, r *http.Request, m *models.StageMapping, errs map[string]string, msg string) {
	ctx := r.Context()
	c, err := h.store.Connection(ctx, orgIDFrom(ctx))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	conflict := m == nil
	if conflict {
		m = ptr(c.Mapping())
	}
	v, err := h.stageMappingView(ctx, c, *m, errs)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v.Message, v.Conflict = msg, conflict
	if isHTMX(r) {
		items, err := h.checklist(ctx, c)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		health, err := h.mappingHealth(ctx, c)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		views.StageMappingCard(v).Render(ctx, w)
		views.LeverChecklistUpdate(items).Render(ctx, w)
		views.MappingHealthUpdate(health).Render(ctx, w)
		h.renderBackfillUpdate(w, r, c)
		return
	}
	p, err := h.leverPage(w, r, views.PostingsFilter{Page: 1})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p.Stages = v
	showSection(p, "stages", "settings")
	h.renderLeverPage(w, r, p)
}

// ptr returns a pointer to a copy of v.
func ptr[T any](v T) *T { return &v }

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

// mappingVersion names a stored stage mapping for the form to send back
// (formVersion of its five stage ids).
func mappingVersion(m models.StageMapping) string {
	var ids []string
	for _, f := range m.Fields() {
		ids = append(ids, f[2])
	}
	return formVersion(ids...)
}
