package handlers

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// startConnect handles GET /integrations/lever/connect (super admin): a new
// random state bound to this browser session, then 302 to Lever's authorize
// URL with audience and the scopes (offline_access included).
func (h *Handler) startConnect(w http.ResponseWriter, r *http.Request) {
	state := models.RandomToken(24)
	if err := h.session(w, r).SetOAuthState(state); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, lever.AuthCodeURL(h.oauth, h.hosts, state), http.StatusFound)
}

// finishConnect handles GET /integrations/lever/callback?code&state: the
// state must match the one this session started (compared in constant time,
// usable once) before any token is requested; then the code is exchanged,
// the grant stored encrypted, the webhook registered and stages and postings
// loaded. It ends with 303 back to the Lever screen and a message.
func (h *Handler) finishConnect(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	want, err := h.session(w, r).PopOAuthState()
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	got := q.Get("state")
	if want == "" || got == "" || subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1 {
		h.log.Warn("oauth callback with bad state", "has_session_state", want != "")
		h.flash(w, r, "error", "Lever setup was not completed: the authorization answer did not match a setup started in this browser (it may have been used already or have expired). Click Begin setup again.")
		http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
		return
	}
	if e := q.Get("error"); e != "" {
		msg := "Lever authorization was not granted"
		if e == "access_denied" {
			msg = "You declined the authorization in Lever, so Intervue.io is not connected"
		}
		if d := q.Get("error_description"); d != "" {
			msg += " (" + d + ")"
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
	tok, err := h.oauth.Exchange(ctx, code, oauth2.SetAuthURLParam("audience", strings.TrimRight(h.hosts.APIURL, "/")+"/"))
	if err != nil {
		h.log.Warn("oauth exchange failed", "err", err, "org", orgID)
		h.flash(w, r, "error", "Lever did not accept the authorization code ("+err.Error()+"). Click Begin setup to try again.")
		http.Redirect(w, r, "/integrations/lever", http.StatusSeeOther)
		return
	}
	g := models.Grant{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, ExpiresAt: tok.Expiry,
		AccountID: lever.AccountID(tok.AccessToken), LeverUserID: lever.UserID(tok.AccessToken)}
	if g.ExpiresAt.IsZero() {
		g.ExpiresAt = time.Now().Add(time.Hour)
	}
	if sc, ok := tok.Extra("scope").(string); ok {
		g.Scopes = sc
	}
	before := h.connectionNow(ctx, orgID)
	c, err := h.engine.Connect(ctx, orgID, g)
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
