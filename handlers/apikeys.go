package handlers

import (
	"errors"
	"net/http"
	"time"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// showAPIKeys handles GET /api-keys (org admins): the organization's keys
// by prefix; super admins also get the create, rotate and revoke forms.
func (h *Handler) showAPIKeys(w http.ResponseWriter, r *http.Request) {
	h.renderAPIKeys(w, r, views.APIKeysPage{})
}

// createAPIKey handles POST /api-keys (super admin) with field name: the
// page again at 200 with the new key shown once (never put in a flash,
// which is stored in the session), or with the form's error.
func (h *Handler) createAPIKey(w http.ResponseWriter, r *http.Request) {
	p := views.APIKeysPage{Name: r.PostFormValue("name")}
	k, plain, err := h.createKey(r, p.Name)
	var verr *models.ValidationError
	if errors.As(err, &verr) {
		p.Error = verr.Fields["name"]
		h.renderAPIKeys(w, r, p)
		return
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.renderAPIKeys(w, r, views.APIKeysPage{NewKey: plain, NewName: k.Name})
}

// rotateAPIKey handles POST /api-keys/{id}/rotate (super admin): the old
// key stops working at once; the page shows the new one once.
func (h *Handler) rotateAPIKey(w http.ResponseWriter, r *http.Request) {
	k, plain, err := h.rotateKey(r, r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.renderAPIKeys(w, r, views.APIKeysPage{NewKey: plain, NewName: k.Name})
}

// revokeAPIKey handles POST /api-keys/{id}/revoke (super admin): 303 back
// to the page; the key's next request answers 401.
func (h *Handler) revokeAPIKey(w http.ResponseWriter, r *http.Request) {
	k, err := h.revokeKey(r, r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.flash(w, r, "success", "API key “"+k.Name+"” ("+k.Prefix+"…) revoked: it no longer works.")
	http.Redirect(w, r, "/api-keys", http.StatusSeeOther)
}

// renderAPIKeys writes the page at 200.
func (h *Handler) renderAPIKeys(w http.ResponseWriter, r *http.Request, p views.APIKeysPage) {
	ctx := r.Context()
	orgID := orgIDFrom(ctx)
	keys, err := h.store.APIKeys(ctx, orgID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p.Chrome = h.chrome(w, r, "API keys", "apikeys")
	p.CanEdit, p.MaxName = effectiveRank(currentUser(ctx), orgID) >= roleSuperAdmin, models.MaxAPIKeyName
	w.Header().Set("Cache-Control", "no-store")
	for _, k := range keys {
		row := views.APIKeyRow{ID: k.ID, Name: k.Name, Prefix: k.Prefix, CreatedBy: k.CreatedBy, Created: utc(k.CreatedAt)}
		if k.LastUsedAt != nil {
			row.LastUsed = utc(*k.LastUsedAt)
		}
		if k.RevokedAt != nil {
			row.Revoked = utc(*k.RevokedAt)
		}
		p.Keys = append(p.Keys, row)
	}
	views.APIKeysScreen(p).Render(ctx, w)
}

// createKey makes an API key of the request's organization named name,
// with its audit entry, in one transaction: the key and its plaintext
// (shown once), or CreateAPIKey's error. The page and the API call it.
func (h *Handler) createKey(r *http.Request, name string) (k *models.APIKey, plain string, err error) {
	err = h.audited(r, "api_key_create", func(tx *models.Store) (any, any, error) {
		if k, plain, err = tx.CreateAPIKey(r.Context(), orgIDFrom(r.Context()), name, auditActor(r)); err != nil {
			return nil, nil, err
		}
		return nil, apiKeyAudit(k), nil
	})
	return k, plain, err
}

// rotateKey replaces the live key id with a new one of the same name, with
// its audit entry, in one transaction (RotateAPIKey's answer and errors).
func (h *Handler) rotateKey(r *http.Request, id string) (k *models.APIKey, plain string, err error) {
	err = h.audited(r, "api_key_rotate", func(tx *models.Store) (any, any, error) {
		if k, plain, err = tx.RotateAPIKey(r.Context(), orgIDFrom(r.Context()), id, auditActor(r)); err != nil {
			return nil, nil, err
		}
		return map[string]string{"id": id}, apiKeyAudit(k), nil
	})
	return k, plain, err
}

// revokeKey revokes the key id, with its audit entry, in one transaction
// (RevokeAPIKey's answer and errors).
func (h *Handler) revokeKey(r *http.Request, id string) (k *models.APIKey, err error) {
	err = h.audited(r, "api_key_revoke", func(tx *models.Store) (any, any, error) {
		if k, err = tx.RevokeAPIKey(r.Context(), orgIDFrom(r.Context()), id); err != nil {
			return nil, nil, err
		}
		return apiKeyAudit(k), nil, nil
	})
	return k, err
}

// apiKeyAudit is a key as the audit log records it (never its secret).
func apiKeyAudit(k *models.APIKey) map[string]string {
	return map[string]string{"id": k.ID, "name": k.Name, "prefix": k.Prefix}
}

// apiKeyJSON is an API key in the JSON API: the plaintext only in the
// answer that made it.
type apiKeyJSON struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	CreatedBy  string     `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	APIKey     string     `json:"api_key,omitempty"`
}

func toAPIKeyJSON(k *models.APIKey, plain string) apiKeyJSON {
	out := apiKeyJSON{ID: k.ID, Name: k.Name, Prefix: k.Prefix, CreatedBy: k.CreatedBy, CreatedAt: k.CreatedAt.UTC(), LastUsedAt: utcPtr(k.LastUsedAt), RevokedAt: utcPtr(k.RevokedAt), APIKey: plain}
	return out
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// apiAPIKeys handles GET /api/v1/api-keys: every key of the organization,
// by prefix.
func (h *Handler) apiAPIKeys(w http.ResponseWriter, r *http.Request) {
	keys, err := h.store.APIKeys(r.Context(), orgIDFrom(r.Context()))
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	out := make([]apiKeyJSON, 0, len(keys))
	for i := range keys {
		out = append(out, toAPIKeyJSON(&keys[i], ""))
	}
	writeJSON(w, http.StatusOK, out)
}

// apiCreateAPIKey handles POST /api/v1/api-keys {"name"}: 201 with the key,
// its plaintext in "api_key" (shown once).
func (h *Handler) apiCreateAPIKey(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name string `json:"name"`
	}
	if !h.apiDecode(w, r, &in) {
		return
	}
	k, plain, err := h.createKey(r, in.Name)
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPIKeyJSON(k, plain))
}

// apiRotateAPIKey handles POST /api/v1/api-keys/{id}/rotate: 201 with the
// new key (plaintext in "api_key"); the old one answers 401 from now on,
// also when it is the key making this request.
func (h *Handler) apiRotateAPIKey(w http.ResponseWriter, r *http.Request) {
	k, plain, err := h.rotateKey(r, r.PathValue("id"))
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPIKeyJSON(k, plain))
}

// apiRevokeAPIKey handles POST /api/v1/api-keys/{id}/revoke: 200 with the
// revoked key.
func (h *Handler) apiRevokeAPIKey(w http.ResponseWriter, r *http.Request) {
	k, err := h.revokeKey(r, r.PathValue("id"))
	if err != nil {
		h.apiErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIKeyJSON(k, ""))
}
