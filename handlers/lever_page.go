package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// showLeverPage handles GET /integrations/lever: the Integrations > Lever
// screen (?setup=1 renders the Begin setup modal open, for browsers
// without JavaScript).
func (h *Handler) showLeverPage(w http.ResponseWriter, r *http.Request) {
	p, err := h.leverPage(w, r, postingsFilter(r))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.renderLeverPage(w, r, p)
}

// renderLeverPage writes the full screen at 200.
func (h *Handler) renderLeverPage(w http.ResponseWriter, r *http.Request, p *views.LeverPage) {
	views.LeverScreen(*p).Render(r.Context(), w)
}

// leverPage loads everything the screen shows for the acting organization.
func (h *Handler) leverPage(w http.ResponseWriter, r *http.Request, f views.PostingsFilter) (*views.LeverPage, error) {
	ctx := r.Context()
	orgID := orgIDFrom(ctx)
	rank := effectiveRank(currentUser(ctx), orgID)
	c, err := h.store.Connection(ctx, orgID)
	if err != nil {
		return nil, err
	}
	stages, err := h.stageMappingView(ctx, c, c.Mapping(), nil)
	if err != nil {
		return nil, err
	}
	postings, err := h.postingsView(ctx, c, f)
	if err != nil {
		return nil, err
	}
	webhook, err := h.webhookView(ctx, c)
	if err != nil {
		return nil, err
	}
	failed, capped, err := h.recentFailures(ctx, orgID)
	if err != nil {
		return nil, err
	}
	mapping, err := h.mappingHealth(ctx, c)
	if err != nil {
		return nil, err
	}
	activity, err := h.activityView(ctx, orgID)
	if err != nil {
		return nil, err
	}
	backfill, err := h.backfillView(ctx, c)
	if err != nil {
		return nil, err
	}
	audit, err := h.auditView(ctx, orgID)
	if err != nil {
		return nil, err
	}
	credits, err := h.store.CreditState(ctx, orgID)
	if err != nil {
		return nil, err
	}
	profiles, err := h.profileOptions(ctx, orgID)
	if err != nil {
		return nil, err
	}
	steps := leverSteps(c, stages, postings.Mapped, postings.All)
	p := &views.LeverPage{
		Chrome: h.chrome(w, r, "Lever", "lever"),
		Live:   c.SetupDoneAt != nil,
		Steps:  steps,
		Connection: views.LeverConnectionView{
			Status: c.Status, AccountID: c.AccountID, StatusReason: reauthWords(c.StatusCode, c.StatusReason), GrantedAt: c.GrantedAt,
			CanConnect: rank >= roleSuperAdmin, Sandbox: h.sandbox != nil,
			Region: regionOption(c.Region, c.LeverAPIURL), PipelineURL: sandboxPipelineURL(c.Region),
		},
		Setup: views.LeverSetupView{Scopes: setupScopes(), Regions: h.regionOptions(c.Region),
			Open: r.URL.Query().Get("setup") != "" && rank >= roleSuperAdmin},
		Enable:   h.enableView(r.Context(), c),
		Webhook:  webhook,
		Stages:   stages,
		Postings: postings,
		Credits:  views.CreditsView{Available: credits.Available, Reserved: credits.Reserved},
		Defaults: views.DefaultProfileView{Selected: c.DefaultProfileID, Profiles: profiles, CanEdit: rank >= roleAdmin},
		Ops: views.LeverOpsView{Credits: views.CreditsView{Available: credits.Available, Reserved: credits.Reserved},
			Failed7d: failed, FailedCapped: capped, Attention: h.store.CountNeedsAttention(ctx, orgID), CanSweep: rank >= roleAdmin},
		Health:    h.connectionHealth(c, rank >= roleSuperAdmin),
		Mapping:   mapping,
		Activity:  activity,
		Backfill:  backfill,
		Audit:     audit,
		WriteBack: h.writeBackView(ctx, c),
	}
	p.Section = leverSection(r, p.Live, steps)
	for i := range p.Steps {
		p.Steps[i].Current = !p.Live && p.Steps[i].Section() == p.Section
	}
	return p, nil
}

func setupScopes() []views.ScopeRow {
	var out []views.ScopeRow
	for _, s := range lever.ScopeDescriptions() {
		out = append(out, views.ScopeRow{Scope: s.Scope, Why: s.Why})
	}
	return out
}

// failureWindowLimit caps how many failed sync-log lines are counted.
const failureWindowLimit = 500

// recentFailures counts the organization's failed sync-log lines of the
// last 7 days (capped: true when there are more than counted).
func (h *Handler) recentFailures(ctx context.Context, orgID string) (int, bool, error) {
	evs, _, err := h.store.SyncLog(ctx, models.SyncLogFilter{OrgID: orgID, Status: models.LogFailed, Newest: true, Limit: failureWindowLimit})
	if err != nil {
		return 0, false, err
	}
	since := h.now().Add(-7 * 24 * time.Hour)
	n := 0
	for _, e := range evs {
		if e.At.Before(since) {
			return n, false, nil
		}
		n++
	}
	return n, n == failureWindowLimit, nil
}
