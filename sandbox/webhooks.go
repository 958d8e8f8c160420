package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/intervue/lever-integration/lever"
)

// webhookEvents are the events a webhook can subscribe to (docs/LEVER_API.md §3.1).
var webhookEvents = []string{"applicationCreated", "candidateHired", "candidateStageChange", "candidateArchiveChange",
	"candidateDeleted", "interviewCreated", "interviewUpdated", "interviewDeleted", "contactCreated", "contactUpdated"}

var webhookOrigins = []string{"applied", "sourced", "referred", "university", "agency", "internal"}

const maxDeliveryAttempts = 6 // the first try and Lever's five retries (§3.4)

type webhookConfig struct {
	SignatureToken string         `json:"signatureToken,omitempty"`
	Conditions     map[string]any `json:"conditions"`
}

type webhookJSON struct {
	ID            string        `json:"id"`
	URL           string        `json:"url"`
	Event         string        `json:"event"`
	CreatedAt     int64         `json:"createdAt"`
	UpdatedAt     int64         `json:"updatedAt"`
	Configuration webhookConfig `json:"configuration"`
}

func toWebhookJSON(h *Webhook, withToken bool) webhookJSON {
	j := webhookJSON{ID: h.ID, URL: h.URL, Event: h.Event, CreatedAt: h.CreatedAt, UpdatedAt: h.UpdatedAt,
		Configuration: webhookConfig{Conditions: map[string]any{"origins": nz(slices.Clone(h.Origins))}}}
	if withToken {
		j.Configuration.SignatureToken = h.SignatureToken
	}
	return j
}

// apiListWebhooks serves GET /v1/webhooks; signature tokens are not included (§3.6).
func (s *Server) apiListWebhooks(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	s.mu.Lock()
	var out []webhookJSON
	for _, h := range s.accounts[c.account].webhooks {
		out = append(out, toWebhookJSON(h, false))
	}
	s.mu.Unlock()
	paginate(s, w, r, c, out)
}

// apiCreateWebhook serves POST /v1/webhooks {url, event, configuration?} →
// 201 {"data":{…, configuration:{signatureToken, conditions}}} (§3.6).
func (s *Server) apiCreateWebhook(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	var in struct {
		URL           string `json:"url"`
		Event         string `json:"event"`
		Configuration *struct {
			Conditions *struct {
				Origins []string `json:"origins"`
			} `json:"conditions"`
		} `json:"configuration"`
	}
	if !decodeBody(w, c, &in) {
		return
	}
	var origins []string
	if in.Configuration != nil && in.Configuration.Conditions != nil {
		origins = in.Configuration.Conditions.Origins
	}
	if msg := validateWebhook(in.URL, in.Event, origins); msg != "" {
		apiError(w, http.StatusBadRequest, "BadRequestError", msg)
		return
	}
	if !s.webhookURLAllowed(in.URL) {
		apiError(w, http.StatusBadRequest, "BadRequestError", "Invalid url: this sandbox only sends webhooks to "+s.opts.WebhookURLPrefix+"…")
		return
	}
	s.mu.Lock()
	h := s.addWebhookLocked(s.accounts[c.account], in.URL, in.Event, origins, true)
	j := toWebhookJSON(h, true)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, map[string]any{"data": j})
}

func validateWebhook(rawURL, event string, origins []string) string {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "Invalid url: must be an absolute http(s) URL"
	}
	if !slices.Contains(webhookEvents, event) {
		return "Invalid event: " + event
	}
	for _, o := range origins {
		if !slices.Contains(webhookOrigins, o) {
			return "Invalid origin condition: " + o
		}
	}
	if len(origins) > 0 && !slices.Contains([]string{"applicationCreated", "candidateArchiveChange", "candidateHired", "candidateStageChange"}, event) {
		return "Origin conditions are not supported for event " + event
	}
	return ""
}

func (s *Server) addWebhookLocked(a *account, rawURL, event string, origins []string, viaAPI bool) *Webhook {
	now := s.nowMS()
	h := &Webhook{ID: newUUID(), URL: rawURL, Event: event, SignatureToken: randomHex(48), Origins: slices.Clone(origins),
		CreatedAt: now, UpdatedAt: now, ViaAPI: viaAPI}
	a.webhooks = append(a.webhooks, h)
	return h
}

// apiDeleteWebhook serves DELETE /v1/webhooks/{id} → 204; UI-made webhooks
// can't be changed through the API (403, §3.6).
func (s *Server) apiDeleteWebhook(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	id := r.PathValue("id")
	s.mu.Lock()
	a := s.accounts[c.account]
	i := slices.IndexFunc(a.webhooks, func(h *Webhook) bool { return h.ID == id })
	viaAPI := i >= 0 && a.webhooks[i].ViaAPI
	if viaAPI {
		a.webhooks = slices.Delete(a.webhooks, i, i+1)
	}
	s.mu.Unlock()
	switch {
	case i < 0:
		apiError(w, http.StatusNotFound, "ResourceNotFound", "webhooks "+id+" was not found")
	case !viaAPI:
		apiError(w, http.StatusForbidden, "ForbiddenError", "Webhooks created in Lever's settings can't be changed through the API.")
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

// delivery is one webhook delivery (with its retries) to one receiver.
type delivery struct {
	account, webhookID, url, event, token string
	body                                  []byte
	first                                 chan struct{} // closed after the first attempt
}

// stageChangeDeliveriesLocked builds the candidateStageChange deliveries for
// a move (§3.2): one per matching webhook, none when the account switched the
// group off.
func (s *Server) stageChangeDeliveriesLocked(a *account, o *Opportunity, from, to string) []*delivery {
	data := map[string]any{"opportunityId": o.ID, "candidateId": o.Contact, "contactId": o.Contact,
		"toStageId": to, "fromStageId": nullStr(from)}
	return s.eventDeliveriesLocked(a, o, lever.EventCandidateStageChange, data)
}

// eventDeliveriesLocked returns the deliveries of event (with data) to
// the account's webhooks for it, honouring their origin conditions.
func (s *Server) eventDeliveriesLocked(a *account, o *Opportunity, event string, data any) []*delivery {
	if !a.webhooksEnabled {
		return nil
	}
	var ds []*delivery
	for _, h := range a.webhooks {
		if h.Event != event || (len(h.Origins) > 0 && !slices.Contains(h.Origins, o.Origin)) {
			continue
		}
		ds = append(ds, s.newDelivery(a.id, h, data))
	}
	return ds
}

// newDelivery signs an envelope for h (§3.3): signature =
// HMAC-SHA256(signatureToken, token + triggeredAt).
func (s *Server) newDelivery(account string, h *Webhook, data any) *delivery {
	token := randomHex(48)
	at := s.nowMS()
	body, _ := json.Marshal(map[string]any{"triggeredAt": at, "event": h.Event, "token": token,
		"signature": lever.Signature(h.SignatureToken, token, at), "data": data})
	return &delivery{account: account, webhookID: h.ID, url: h.URL, event: h.Event, token: token, body: body,
		first: make(chan struct{})}
}

// startDeliveries sends each delivery in its own goroutine.
func (s *Server) startDeliveries(ds []*delivery) {
	if len(ds) == 0 {
		return
	}
	s.mu.Lock()
	s.inflight += len(ds)
	s.mu.Unlock()
	for _, d := range ds {
		go s.deliver(d)
	}
}

// deliver POSTs d, retrying a non-2xx answer 5 times with gaps base, 2*base,
// 4*base … (§3.4), recording every attempt.
func (s *Server) deliver(d *delivery) {
	defer s.deliveryDone()
	gap := s.opts.WebhookRetryBase
	for attempt := 1; attempt <= maxDeliveryAttempts; attempt++ {
		status, errMsg := s.post(d)
		s.mu.Lock()
		s.deliveries = append(s.deliveries, DeliveryRecord{Account: d.account, WebhookID: d.webhookID, URL: d.url,
			Event: d.event, Token: d.token, Body: string(d.body), Attempt: attempt, Status: status, Error: errMsg, At: time.Now()})
		s.mu.Unlock()
		s.log.Info("sandbox: webhook delivery", "url", maskURL(d.url), "attempt", attempt, "status", status, "error", errMsg)
		if attempt == 1 {
			close(d.first)
		}
		if status >= 200 && status < 300 || attempt == maxDeliveryAttempts {
			return
		}
		t := time.NewTimer(gap)
		select {
		case <-t.C:
		case <-s.ctx.Done():
			t.Stop()
			return
		}
		gap *= 2
	}
}

func (s *Server) post(d *delivery) (int, string) {
	if !s.webhookURLAllowed(d.url) {
		return 0, "refused: this sandbox only sends webhooks to " + s.opts.WebhookURLPrefix + "…"
	}
	req, err := http.NewRequestWithContext(s.ctx, http.MethodPost, d.url, bytes.NewReader(d.body))
	if err != nil {
		return 0, err.Error()
	}
	req.Header.Set("User-Agent", "Lever-Webhooks")
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.opts.HTTPClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	return resp.StatusCode, ""
}

func (s *Server) deliveryDone() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inflight--
	if s.inflight == 0 && s.idle != nil {
		close(s.idle)
		s.idle = nil
	}
}

// WaitDeliveries blocks until no webhook delivery is in flight (retries
// included) or ctx ends.
func (s *Server) WaitDeliveries(ctx context.Context) error {
	s.mu.Lock()
	if s.inflight == 0 {
		s.mu.Unlock()
		return nil
	}
	if s.idle == nil {
		s.idle = make(chan struct{})
	}
	idle := s.idle
	s.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Webhooks returns the account's registered webhooks, signature tokens included.
func (s *Server) Webhooks(account string) []Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[account]
	if a == nil {
		return nil
	}
	out := make([]Webhook, 0, len(a.webhooks))
	for _, h := range a.webhooks {
		c := *h
		c.Origins = slices.Clone(h.Origins)
		out = append(out, c)
	}
	return out
}

// Deliveries returns every delivery attempt so far, across accounts, in order.
func (s *Server) Deliveries() []DeliveryRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.deliveries)
}
