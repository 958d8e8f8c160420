package lever

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
)

// Webhook is a webhook registered through the API (docs/LEVER_API.md §3.6). SignatureToken is the
// HMAC key for Verify; Lever returns it only when the webhook is created, not from the list.
// CreatedAt is ms since epoch.
type Webhook struct {
	ID             string `json:"id"`
	URL            string `json:"url"`
	Event          string `json:"event"`
	SignatureToken string `json:"signatureToken,omitempty"`
	CreatedAt      int64  `json:"createdAt"`
}

// UnmarshalJSON reads Lever's shape, where the token sits at configuration.signatureToken;
// a top-level signatureToken (our own encoding) is accepted too.
func (w *Webhook) UnmarshalJSON(b []byte) error {
	var wire struct {
		ID             string `json:"id"`
		URL            string `json:"url"`
		Event          string `json:"event"`
		SignatureToken string `json:"signatureToken"`
		CreatedAt      int64  `json:"createdAt"`
		Configuration  *struct {
			SignatureToken string `json:"signatureToken"`
		} `json:"configuration"`
	}
	if err := json.Unmarshal(b, &wire); err != nil {
		return err
	}
	*w = Webhook{ID: wire.ID, URL: wire.URL, Event: wire.Event, SignatureToken: wire.SignatureToken, CreatedAt: wire.CreatedAt}
	if wire.Configuration != nil && wire.Configuration.SignatureToken != "" {
		w.SignatureToken = wire.Configuration.SignatureToken
	}
	return nil
}

// Webhooks returns every webhook registered by any API client of the account (GET /webhooks).
func (c *Client) Webhooks(ctx context.Context) ([]Webhook, error) {
	return list[Webhook](ctx, c, "/webhooks", nil)
}

// CreateWebhook registers target (our HTTPS receiver URL) for event (POST /webhooks) and returns it with its signature
// token. A Super Admin must still enable the webhook group in Lever's settings before anything
// is delivered. Lever's answer is {"data":{…}} or {"data":{"data":{…}}}; both are read.
func (c *Client) CreateWebhook(ctx context.Context, target, event string) (*Webhook, error) {
	body := struct {
		URL   string `json:"url"`
		Event string `json:"event"`
	}{target, event}
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := c.do(ctx, "POST", "/webhooks", nil, body, &env); err != nil {
		return nil, err
	}
	data := env.Data
	var inner struct {
		Data json.RawMessage `json:"data"`
	}
	if json.Unmarshal(data, &inner) == nil && len(bytes.TrimSpace(inner.Data)) > 0 && bytes.TrimSpace(inner.Data)[0] == '{' {
		data = inner.Data
	}
	var w Webhook
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, fmt.Errorf("lever: POST /webhooks: decode response: %w", err)
	}
	return &w, nil
}

// DeleteWebhook removes a webhook (DELETE /webhooks/:id, answered 204).
func (c *Client) DeleteWebhook(ctx context.Context, id string) error {
	return c.do(ctx, "DELETE", "/webhooks/"+url.PathEscape(id), nil, nil, nil)
}
