package handlers

import (
	"net/http"
	"net/http/pprof"
	"net/url"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/intervue/lever-integration/static"
)

// Routes returns the app's handler: every route, in one place (docs/DESIGN.md §6.3),
// wrapped in logging and cross-origin protection.
func (h *Handler) Routes() http.Handler {
	mux := http.NewServeMux()

	// Operations.
	mux.HandleFunc("GET /healthz", h.healthz)
	if h.registry != nil && h.metricsToken != "" {
		mux.Handle("GET /metrics", h.requireMetricsToken(promhttp.HandlerFor(h.registry, promhttp.HandlerOpts{})))
	}
	if h.metricsToken != "" {
		// Go's profiles (CPU, heap, goroutines, trace) behind the same token.
		mux.Handle("GET /debug/pprof/", h.requireMetricsToken(http.HandlerFunc(pprof.Index)))
		mux.Handle("GET /debug/pprof/cmdline", h.requireMetricsToken(http.HandlerFunc(pprof.Cmdline)))
		mux.Handle("GET /debug/pprof/profile", h.requireMetricsToken(http.HandlerFunc(pprof.Profile)))
		mux.Handle("GET /debug/pprof/symbol", h.requireMetricsToken(http.HandlerFunc(pprof.Symbol)))
		mux.Handle("GET /debug/pprof/trace", h.requireMetricsToken(http.HandlerFunc(pprof.Trace)))
	}
	mux.Handle("GET /static/", static.Handler())
	mux.HandleFunc("POST /csp-report", h.receiveCSPReport) // the CSP report-uri (cspReportPath)

	// Sessions.
	mux.HandleFunc("GET /login", h.showLogin)
	mux.HandleFunc("POST /login", h.login)
	mux.HandleFunc("POST /logout", h.logout)
	mux.Handle("GET /{$}", h.requireLogin(http.HandlerFunc(h.home)))
	mux.Handle("GET /account", h.requireLogin(http.HandlerFunc(h.showAccount)))
	mux.Handle("POST /account/password", h.requireLogin(http.HandlerFunc(h.changePassword)))

	// Users of the organization (docs/CONTRACT.md §6) and invite links.
	mux.Handle("GET /users", h.requireRole(roleSuperAdmin, h.showUsers))
	mux.Handle("POST /users", h.requireRole(roleSuperAdmin, h.inviteUser))
	mux.Handle("POST /users/{id}/role", h.requireRole(roleSuperAdmin, h.updateUserRole))
	mux.Handle("POST /users/{id}/invite", h.requireRole(roleSuperAdmin, h.reissueInvite))
	mux.Handle("POST /users/{id}/delete", h.requireRole(roleSuperAdmin, h.removeUser))
	mux.HandleFunc("GET /invite/{secret}", h.showInvite)
	mux.HandleFunc("POST /invite/{secret}", h.acceptInvite)

	// Integrations > Lever screen.
	mux.Handle("GET /integrations/lever", h.requireLogin(http.HandlerFunc(h.showLeverPage)))
	mux.Handle("POST /integrations/lever/enabled", h.requireRole(roleSuperAdmin, h.updateEnabled))
	mux.Handle("POST /integrations/lever/connect", h.requireRole(roleSuperAdmin, h.startConnect))
	mux.Handle("GET /integrations/lever/connect", h.requireRole(roleSuperAdmin, h.startConnect))
	mux.Handle("GET /integrations/lever/callback", h.requireLogin(http.HandlerFunc(h.finishConnect)))
	mux.Handle("POST /integrations/lever/disconnect", h.requireRole(roleSuperAdmin, h.disconnect))
	mux.Handle("POST /integrations/lever/webhook", h.requireRole(roleSuperAdmin, h.registerWebhook))
	mux.Handle("POST /integrations/lever/webhook-key/rotate", h.requireRole(roleSuperAdmin, h.rotateWebhookKey))
	mux.Handle("POST /integrations/lever/webhook/check", h.requireRole(roleSuperAdmin, h.checkWebhook))
	mux.Handle("POST /integrations/lever/signature-token", h.requireRole(roleSuperAdmin, h.updateSignatureToken))
	mux.Handle("GET /integrations/lever/write-back-user", h.requireRole(roleSuperAdmin, h.showWriteBackChooser))
	mux.Handle("POST /integrations/lever/write-back-user", h.requireRole(roleSuperAdmin, h.updateWriteBackUser))
	mux.Handle("POST /integrations/lever/stages/refresh", h.requireRole(roleAdmin, h.refreshStages))
	mux.Handle("POST /integrations/lever/stage-mapping", h.requireRole(roleAdmin, h.updateStageMapping))
	mux.Handle("GET /integrations/lever/postings", h.requireLogin(http.HandlerFunc(h.showPostings)))
	mux.Handle("POST /integrations/lever/postings/refresh", h.requireRole(roleAdmin, h.refreshPostings))
	mux.Handle("POST /integrations/lever/postings/{id}/profile", h.requireRole(roleAdmin, h.updatePostingProfile))
	mux.Handle("POST /integrations/lever/postings/bulk", h.requireRole(roleAdmin, h.mapPostingsBulk))
	mux.Handle("POST /integrations/lever/default-profile", h.requireRole(roleAdmin, h.updateDefaultProfile))
	mux.Handle("POST /integrations/lever/sweep", h.requireRole(roleAdmin, h.startSweep))
	mux.Handle("GET /integrations/lever/backfill", h.requireLogin(http.HandlerFunc(h.showBackfillPreview)))
	mux.Handle("POST /integrations/lever/backfill", h.requireRole(roleAdmin, h.startBackfill))
	mux.Handle("GET /integrations/lever/backfill/progress", h.requireLogin(http.HandlerFunc(h.showBackfillProgress)))

	// Interview profiles.
	mux.Handle("GET /profiles", h.requireLogin(http.HandlerFunc(h.showProfiles)))
	mux.Handle("POST /profiles", h.requireRole(roleAdmin, h.createProfile))
	mux.Handle("POST /profiles/{id}/delete", h.requireRole(roleAdmin, h.deleteProfile))
	mux.Handle("GET /profiles/{id}/edit", h.requireRole(roleAdmin, h.editProfile))
	mux.Handle("POST /profiles/{id}", h.requireRole(roleAdmin, h.updateProfile))

	// Dashboard and interviews (events: org admins, and support staff in
	// every organization, audited).
	mux.Handle("GET /interviews", h.requireLogin(http.HandlerFunc(h.showInterviews)))
	mux.Handle("GET /interviews.csv", h.requireLogin(http.HandlerFunc(h.exportInterviews)))
	mux.Handle("GET /interviews/{id}", h.requireLogin(http.HandlerFunc(h.showInterview)))
	mux.Handle("POST /interviews/{id}/schedule", h.requireOps(h.scheduleInterview))
	mux.Handle("POST /interviews/{id}/complete", h.requireOps(h.completeInterview))
	mux.Handle("POST /interviews/{id}/fail", h.requireOps(h.failInterview))
	mux.Handle("POST /interviews/{id}/revoke-links", h.requireRole(roleAdmin, h.revokeLinks))
	mux.Handle("POST /interviews/{id}/reissue-links", h.requireRole(roleAdmin, h.reissueLinks))

	// The organization's API keys (list: admins; changes: super admins).
	mux.Handle("GET /api-keys", h.requireRole(roleAdmin, h.showAPIKeys))
	mux.Handle("POST /api-keys", h.requireRole(roleSuperAdmin, h.createAPIKey))
	mux.Handle("POST /api-keys/{id}/rotate", h.requireRole(roleSuperAdmin, h.rotateAPIKey))
	mux.Handle("POST /api-keys/{id}/revoke", h.requireRole(roleSuperAdmin, h.revokeAPIKey))

	// Sync log and needs attention.
	mux.Handle("GET /sync-log", h.requireLogin(http.HandlerFunc(h.showSyncLog)))
	mux.Handle("GET /sync-log/candidates/{opportunity}", h.requireLogin(http.HandlerFunc(h.showTimeline)))
	mux.Handle("POST /sync-log/writes/{id}/retry", h.requireOps(h.retryWrite))
	mux.Handle("POST /sync-log/deliveries/{id}/retry", h.requireOps(h.retryDelivery))
	mux.Handle("POST /staff/view-org", h.requireStaff(h.setViewOrg))
	mux.Handle("GET /attention", h.requireLogin(http.HandlerFunc(h.showAttention)))
	mux.Handle("POST /attention/resolve", h.requireRole(roleAdmin, h.resolveAttention))
	mux.Handle("POST /attention/notify", h.requireRole(roleAdmin, h.updateNotify))

	// Public, unguessable links written into Lever notes.
	mux.HandleFunc("GET /links/report/{token}", h.showReport)
	mux.HandleFunc("GET /links/playback/{token}", h.redirectPlayback)

	// Lever webhook deliveries.
	mux.HandleFunc("POST /webhooks/lever/{key}", h.receiveWebhook)
	mux.Handle("/webhooks/", h.apiMethodNotAllowed(mux, "/webhooks/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.apiError(w, r, http.StatusNotFound, "not_found", "no webhook endpoint here: Lever delivers to POST /webhooks/lever/{key}, the URL shown on the Lever screen")
	})))

	// JSON API (docs/CONTRACT.md §4), org API key.
	mux.Handle("GET /api/v1/lever", h.apiAuth(h.apiLever))
	mux.Handle("PUT /api/v1/lever/enabled", h.apiAuth(h.apiSetEnabled))
	mux.Handle("PUT /api/v1/lever/webhook-signature-token", h.apiAuth(h.apiSuperAdminOnly("the webhook signature token")))
	mux.Handle("GET /api/v1/lever/stages", h.apiAuth(h.apiStages))
	mux.Handle("GET /api/v1/lever/stage-mapping", h.apiAuth(h.apiStageMapping))
	mux.Handle("PUT /api/v1/lever/stage-mapping", h.apiAuth(h.apiSetStageMapping))
	mux.Handle("GET /api/v1/lever/postings", h.apiAuth(h.apiPostings))
	mux.Handle("PUT /api/v1/lever/postings/{posting_id}/profile", h.apiAuth(h.apiSetPostingProfile))
	mux.Handle("GET /api/v1/profiles", h.apiAuth(h.apiProfiles))
	mux.Handle("POST /api/v1/profiles", h.apiAuth(h.apiCreateProfile))
	mux.Handle("PUT /api/v1/profiles/{id}", h.apiAuth(h.apiUpdateProfile))
	mux.Handle("GET /api/v1/credits", h.apiAuth(h.apiCredits))
	mux.Handle("GET /api/v1/interviews", h.apiAuth(h.apiInterviews))
	mux.Handle("GET /api/v1/interviews/{id}", h.apiAuth(h.apiInterview))
	mux.Handle("POST /api/v1/interviews/{id}/schedule", h.apiAuth(h.apiSchedule))
	mux.Handle("POST /api/v1/interviews/{id}/complete", h.apiAuth(h.apiComplete))
	mux.Handle("POST /api/v1/interviews/{id}/fail", h.apiAuth(h.apiFailInterview))
	mux.Handle("POST /api/v1/interviews/{id}/revoke-links", h.apiAuth(h.apiRevokeLinks))
	mux.Handle("POST /api/v1/interviews/{id}/reissue-links", h.apiAuth(h.apiReissueLinks))
	mux.Handle("GET /api/v1/api-keys", h.apiAuth(h.apiAPIKeys))
	mux.Handle("POST /api/v1/api-keys", h.apiAuth(h.apiCreateAPIKey))
	mux.Handle("POST /api/v1/api-keys/{id}/rotate", h.apiAuth(h.apiRotateAPIKey))
	mux.Handle("POST /api/v1/api-keys/{id}/revoke", h.apiAuth(h.apiRevokeAPIKey))
	mux.Handle("GET /api/v1/sync-log", h.apiAuth(h.apiSyncLog))
	mux.Handle("GET /api/v1/users", h.apiAuth(h.apiUsers))
	mux.Handle("POST /api/v1/users", h.apiAuth(h.apiInviteUser))
	mux.Handle("PUT /api/v1/users/{id}", h.apiAuth(h.apiUpdateUser))
	mux.Handle("DELETE /api/v1/users/{id}", h.apiAuth(h.apiDeleteUser))
	mux.Handle("/api/", h.apiMethodNotAllowed(mux, "/api/", h.apiAuth(h.apiNotFound)))

	// The built-in Lever sandbox (no real Lever app configured).
	if h.sandbox != nil {
		mux.Handle("/sandbox/lever/", http.StripPrefix("/sandbox/lever", h.sandbox))
	}

	// Every other path: the friendly "not found" page (or 405 for a path
	// that takes other methods).
	mux.Handle("/", h.notFound(mux))

	// Cross-site request protection (Go's Sec-Fetch-Site/Origin check); the
	// PUBLIC_URL origin is trusted explicitly so that same-origin requests
	// behind a proxy that rewrites Host are not refused (docs/CONTRACT.md §2).
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(h.crossOriginRefused))
	// Browsers send CSP reports without a same-origin Origin; they change nothing.
	cop.AddInsecureBypassPattern("POST " + cspReportPath)
	if u, err := url.Parse(h.publicURL); err == nil && u.Scheme != "" && u.Host != "" {
		if err := cop.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			h.log.Warn("PUBLIC_URL origin not trusted for cross-origin protection", "err", err)
		}
	}
	return h.logRequests(h.secure(cop.Handler(h.boundInputs(mux))))
}
