package handlers

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// startConnect handles POST /integrations/lever/connect (super admin; the
// Begin setup and Reconnect buttons) and the documented
// GET /integrations/lever/connect (docs/CONTRACT.md §2): 302 to Lever's
// authorize URL with audience, the scopes (offline_access included), a
// signed state bound to this browser session and, unless LEVER_PKCE=0, an
// S256 PKCE code challenge. The authorize URL and audience are those of the
// Lever data centre chosen (form field region, see connectRegion), which the
// state carries. Starting writes nothing (see oauthState). A GET
// that a browser marks as coming from another site only shows a page with a
// button that POSTs here, so no other site can start a connect flow.
func (h *Handler) startConnect(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && crossSite(r) {
		views.ConnectConfirmPage(h.chrome(w, r, "Connect Lever", "lever")).Render(r.Context(), w)
		return
	}
	region, hosts, err := h.connectRegion(r)
	if err != nil {
		h.flash(w, r, "error", "Lever setup was not started: choose the United States or Europe as the data centre of your Lever account.")
		http.Redirect(w, r, "/integrations/lever?setup=1#setup-modal", http.StatusSeeOther)
		return
	}
	state := h.newOAuthState(h.session(w, r).ID(), region)
	var opts []oauth2.AuthCodeOption
	if h.pkce {
		opts = append(opts, oauth2.S256ChallengeOption(h.pkceVerifier(state)))
	}
	http.Redirect(w, r, lever.AuthCodeURL(h.oauthAt(hosts), hosts, state, opts...), http.StatusFound)
}

// crossSite reports whether a browser says the request comes from another
// site (Sec-Fetch-Site); requests without the header (non-browser clients,
// old browsers) are not cross-site.
func crossSite(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
		return false
	}
	return true
}

// finishConnect handles GET /integrations/lever/callback?code&state: the
// state must be one this browser session started less than OAuthStateTTL ago
// and not used before, or nothing is requested from Lever; a region
// parameter that differs from the data centre signed into the state is
// refused the same way. Then the code is exchanged at that data centre's
// OAuth server (with the PKCE verifier), the grant stored encrypted with the
// data centre's hosts, the webhook
// registered and stages and postings loaded. It ends with 303 back to the
// Lever screen and a message.
func (h *Handler) finishConnect(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	ws := h.session(w, r)
	st, err := h.parseOAuthState(ws.ID(), q.Get("state"))
	if err == nil {
		var fresh bool
		if fresh, err = ws.ConsumeOAuthNonce(st.nonce); err != nil {
			h.renderError(w, r, err)
			return
		}
		if !fresh {
			err = errStateInvalid
		}
	}
	if err == nil && q.Has("region") && q.Get("region") != string(st.region) {
		err = errStateInvalid
	}
	var hosts lever.Hosts
	if err == nil {
		var ok bool
		if hosts, ok = h.regions[st.region]; !ok {
			err = errRegionNotOffered
		}
	}
	if err != nil {
		h.log.Warn("oauth callback with bad state", "reason", err.Error())
		msg := "Lever setup was not completed: the authorization answer did not match a setup started in this browser (it may have been used already). Click Begin setup again."
		if errors.Is(err, errStateExpired) {
			msg = "Lever setup was not completed: it was started more than 10 minutes ago, so its authorization answer has expired. Click Begin setup again."
		}
		h.flash(w, r, "error", msg)
		http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
		return
	}
	if e := q.Get("error"); e != "" {
		// Lever's error code and description are for developers: log them,
		// and tell the admin what happened in words.
		h.log.Warn("oauth authorization refused", "error", e, "description", q.Get("error_description"), "org", orgIDFrom(ctx))
		msg := "Lever did not grant access, so Intervue.io is not connected"
		switch e {
		case "access_denied":
			msg = "You declined the authorization in Lever, so Intervue.io is not connected"
		case "invalid_scope":
			msg = "Lever did not grant the access we asked for (your Lever plan or role may not allow it), so Intervue.io is not connected"
		}
		h.flash(w, r, "error", msg+". Click Begin setup to try again.")
		http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
		return
	}
	u := currentUser(ctx)
	orgID := orgIDFrom(ctx)
	if effectiveRank(u, orgID) < roleSuperAdmin {
		h.renderError(w, r, errForbidden(roleSuperAdmin))
		return
	}
	code := q.Get("code")
	if code == "" {
		h.flash(w, r, "error", "Lever did not send an authorization code. Click Begin setup to try again.")
		http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
		return
	}
	opts := []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("audience", strings.TrimRight(hosts.APIURL, "/")+"/")}
	if h.pkce {
		opts = append(opts, oauth2.VerifierOption(h.pkceVerifier(q.Get("state"))))
	}
	tok, err := h.oauthAt(hosts).Exchange(ctx, code, opts...)
	if err != nil {
		h.log.Warn("oauth exchange failed", "err", err, "org", orgID, "pkce", h.pkce)
		msg := "Lever did not confirm the sign-in (it may have taken too long, or been used already). Click Begin setup to try again."
		if h.pkce {
			msg += " If this keeps happening, your Lever app may not accept PKCE: the operator can set LEVER_PKCE=0."
		}
		h.flash(w, r, "error", msg)
		http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
		return
	}
	g := models.Grant{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, ExpiresAt: tok.Expiry,
		AccountID: lever.AccountID(tok.AccessToken), LeverUserID: lever.UserID(tok.AccessToken),
		Region: string(st.region), APIURL: hosts.APIURL, AuthURL: hosts.AuthURL}
	if g.ExpiresAt.IsZero() {
		g.ExpiresAt = time.Now().Add(time.Hour)
	}
	if sc, ok := tok.Extra("scope").(string); ok {
		g.Scopes = sc
	}
	before := h.connectionNow(ctx, orgID)
	c, err := h.engine.Connect(ctx, orgID, g)
	var verr *models.ValidationError
	if errors.As(err, &verr) && verr.Fields["account"] != "" {
		h.renderErrorView(w, r, views.ErrorView{Status: http.StatusConflict,
			Title: "This Lever account is already connected to another organization",
			Message: "Lever account " + g.AccountID + " is connected to another Intervue.io organization, and each Lever account can send its candidates to one organization only. " +
				"Sign in to Lever with your own organization's Lever account, or ask the other organization's super admin to disconnect it first (Integrations › Lever › Disconnect).",
			Fix: "Connect a different Lever account", FixURL: "/integrations/lever?setup=1#setup-modal", BackURL: "/integrations/lever", BackText: "Back to the Lever screen"})
		return
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.auditConnection(r, before)
	msg := "Connected to Lever account " + c.AccountID + "."
	if g.RefreshToken == "" {
		msg += " Lever did not grant offline access (no refresh token): you will have to reconnect within an hour."
	}
	if !c.WebhookRegistered {
		msg += " The webhook could not be registered automatically: follow the manual webhook step below."
	}
	h.flash(w, r, "success", msg)
	http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
}
