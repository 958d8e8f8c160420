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
