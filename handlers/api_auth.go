package handlers

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/intervue/lever-integration/models"
)

// What an organization's API key may do (docs/security.md, "API keys"): a
// key acts for its organization only, like an org admin who is not a super
// admin: it reads everything of the organization, runs interview events,
// revokes and re-issues links, edits the stage mapping, posting profiles and
// interview profiles, turns the integration on and off, and manages the
// organization's API keys (list, create, rotate, revoke; audited with the
// acting key's prefix). It never sets connection secrets: the webhook
// signature token and the webhook key need a super admin on the Lever screen.

// ctxAPIKey holds the *models.APIKey that authenticated the request.
const ctxAPIKey ctxKey = 100

// apiKeyFrom returns the API key that authenticated the request (nil for a
// browser session).
func apiKeyFrom(ctx context.Context) *models.APIKey {
	k, _ := ctx.Value(ctxAPIKey).(*models.APIKey)
	return k
}

// apiAuth authenticates the JSON API with "Authorization: Bearer <org API key>".
func (h *Handler) apiAuth(fn http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || strings.TrimSpace(key) == "" {
			h.apiError(w, r, http.StatusUnauthorized, "unauthorized", "send the organization API key as Authorization: Bearer <key>")
			return
		}
		k, err := h.store.AuthenticateAPIKey(r.Context(), strings.TrimSpace(key))
		if errors.Is(err, models.ErrNotFound) {
			h.apiError(w, r, http.StatusUnauthorized, "unauthorized", "unknown or revoked API key")
			return
		}
		if err != nil {
			h.apiErr(w, r, err)
			return
		}
		ctx := context.WithValue(r.Context(), ctxOrgID, k.OrgID)
		fn(w, r.WithContext(context.WithValue(ctx, ctxAPIKey, k)))
	})
}

// apiSuperAdminOnly answers 403 to every API key: what needs a super admin
// in the browser (what names it) cannot be done with a key.
func (h *Handler) apiSuperAdminOnly(what string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h.apiError(w, r, http.StatusForbidden, "forbidden", "API keys cannot set "+what+": a super admin sets it on the Integrations > Lever screen")
	}
}
