package handlers

import (
	"context"
	"fmt"
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
	org, err := h.store.Organization(ctx, orgID)
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
	p := &views.LeverPage{
		Chrome: h.chrome(w, r, "Lever", "lever"),
		Connection: views.LeverConnectionView{
			Status: c.Status, AccountID: c.AccountID, StatusReason: c.StatusReason, GrantedAt: c.GrantedAt,
			CanConnect: rank >= roleSuperAdmin, Sandbox: h.sandbox != nil,
			Checklist: leverChecklist(c, stages, postings.Mapped, postings.All),
		},
		Setup:    views.LeverSetupView{Scopes: setupScopes(), Open: r.URL.Query().Get("setup") != "" && rank >= roleSuperAdmin},
		Enable:   h.enableView(r.Context(), c),
		Webhook:  webhook,
		Stages:   stages,
		Postings: postings,
		Ops: views.LeverOpsView{Credits: org.Credits, Failed7d: failed, FailedCapped: capped, Attention: h.store.CountNeedsAttention(ctx, orgID),
			CanSweep: rank >= roleAdmin},
		Health:   h.connectionHealth(c, rank >= roleSuperAdmin),
		Mapping:  mapping,
		Activity: activity,
		Backfill: backfill,
		Audit:    audit,
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

// checklist returns the setup steps for c, for an htmx response that
// updates them out of band.
func (h *Handler) checklist(ctx context.Context, c *models.LeverConnection) ([]views.ChecklistItem, error) {
	st, err := h.stageMappingView(ctx, c, c.Mapping(), nil)
	if err != nil {
		return nil, err
	}
	mapped, all, err := h.postingCounts(ctx, c.OrgID)
	if err != nil {
		return nil, err
	}
	return leverChecklist(c, st, mapped, all), nil
}

// leverChecklist lists the setup steps and how far each one is.
func leverChecklist(c *models.LeverConnection, st views.StageMappingView, postingsMapped, postingsAll int) []views.ChecklistItem {
	connect := views.ChecklistItem{Key: "connect", Label: "Connect a Lever account (Begin setup)", State: "pending"}
	switch c.Status {
	case models.ConnConnected:
		connect.State, connect.Detail = "ok", "Connected to Lever account "+c.AccountID+"."
	case models.ConnNeedsReauth:
		connect.State, connect.Detail = "fail", "Lever access was revoked or expired: Reconnect."
	}
	webhook := views.ChecklistItem{Key: "webhook", Label: "Register the Candidate Stage Change webhook", State: "pending"}
	switch {
	case len(c.SignatureTokenEnc) > 0:
		webhook.State, webhook.Detail = "ok", "A Lever super admin must also switch it on in Lever."
	case c.Status != models.ConnDisconnected:
		webhook.State, webhook.Detail = "fail", "Not registered: paste the URL in Lever and the signature token below."
	}
	stages := views.ChecklistItem{Key: "stages", Label: "Map the five stages", State: "pending"}
	mapped := 0
	for _, f := range st.Fields {
		if f.Selected != "" && !f.Missing {
			mapped++
		}
		if f.Missing {
			stages.State = "fail"
		}
	}
	stages.Detail = fmt.Sprintf("%d of 5 stages mapped.", mapped)
	if stages.State == "fail" {
		stages.Detail += " A mapped stage was deleted in Lever."
	} else if mapped == 5 {
		stages.State = "ok"
	}
	postings := views.ChecklistItem{Key: "postings", Label: "Map postings to interview profiles", State: "pending",
		Detail: fmt.Sprintf("%d of %d postings mapped.", postingsMapped, postingsAll)}
	if postingsMapped > 0 {
		postings.State = "ok"
	}
	enable := views.ChecklistItem{Key: "enable", Label: "Enable the integration", State: "pending"}
	if c.Enabled {
		enable.State = "ok"
	}
	return []views.ChecklistItem{connect, webhook, stages, postings, enable}
}
