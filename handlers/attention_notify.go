package handlers

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// notifyCard is orgID's notification setting as the Needs attention page shows it.
func (h *Handler) notifyCard(ctx context.Context, orgID string) (*views.NotifyCard, error) {
	n, err := h.store.AttentionNotifySettings(ctx, orgID)
	if err != nil {
		return nil, err
	}
	c := &views.NotifyCard{URL: n.WebhookURL, LastError: n.LastError, Interval: wordsDuration(h.notifyEvery)}
	if n.LastSentAt != nil && n.WebhookURL != "" {
		c.LastSent = utc(*n.LastSentAt)
	}
	return c, nil
}

// updateNotify handles POST /attention/notify (admin), fields webhook_url
// ("" turns notifications off; otherwise https) and next. A bad URL comes
// back as a message on the page.
func (h *Handler) updateNotify(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgID := orgIDFrom(ctx)
	raw := strings.TrimSpace(r.PostFormValue("webhook_url"))
	next := safeRedirect(r.PostFormValue("next"), "/attention")
	err := h.audited(r, "attention_notify", func(tx *models.Store) (any, any, error) {
		before, err := tx.AttentionNotifySettings(ctx, orgID)
		if err != nil {
			return nil, nil, err
		}
		if err := tx.SetAttentionNotifyURL(ctx, orgID, raw); err != nil || before.WebhookURL == raw {
			return nil, nil, err
		}
		return map[string]string{"webhook": redactURL(before.WebhookURL)}, map[string]string{"webhook": redactURL(raw)}, nil
	})
	var verr *models.ValidationError
	if errors.As(err, &verr) {
		h.flash(w, r, "error", "Notification not saved: "+verr.Fields["webhook_url"]+".")
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	msg := "Notifications are off."
	if raw != "" {
		msg = "Saved: new items are announced at most every " + wordsDuration(h.notifyEvery) + "."
	}
	h.flash(w, r, "success", msg)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// redactURL keeps a webhook URL's host for the audit log: its path is a secret.
func redactURL(raw string) string {
	if raw == "" {
		return "off"
	}
	if i := strings.Index(raw[min(len(raw), len("https://")):], "/"); i >= 0 {
		return raw[:len("https://")+i] + "/…"
	}
	return raw
}

// wordsDuration is d in words: "10 minutes", "30 seconds".
func wordsDuration(d time.Duration) string {
	switch {
	case d >= time.Minute && d%time.Minute == 0:
		if d == time.Minute {
			return "1 minute"
		}
		return thousands(int(d/time.Minute)) + " minutes"
	case d >= time.Second:
		return thousands(int(d/time.Second)) + " seconds"
	}
	return d.String()
}
