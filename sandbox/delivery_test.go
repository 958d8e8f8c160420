package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/intervue/lever-integration/lever"
)

// receiver is a webhook endpoint that records deliveries; statuses are
// answered in turn (then 200).
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	got      []*http.Request
	bodies   [][]byte
	statuses []int
}

func newReceiver(t *testing.T, statuses ...int) *receiver {
	rc := &receiver{statuses: statuses}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.got = append(rc.got, r)
		rc.bodies = append(rc.bodies, body)
		status := 200
		if len(rc.statuses) > 0 {
			status, rc.statuses = rc.statuses[0], rc.statuses[1:]
		}
		rc.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) deliveries() ([]*http.Request, [][]byte) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]*http.Request(nil), rc.got...), append([][]byte(nil), rc.bodies...)
}

// registerWebhook creates a candidateStageChange webhook through the API and
// returns its signature token.
func registerWebhook(t *testing.T, c apiClient, target string) (id, token string) {
	t.Helper()
	var created one[webhookJSON]
	c.json("POST", "/v1/webhooks", map[string]any{"url": target, "event": "candidateStageChange",
		"configuration": map[string]any{"conditions": map[string]any{"origins": []string{}}}}, 201, &created)
	if created.Data.Configuration.SignatureToken == "" || created.Data.ID == "" || created.Data.URL != target {
		t.Fatalf("webhook %+v", created.Data)
	}
	return created.Data.ID, created.Data.Configuration.SignatureToken
}

func TestStageMoveSendsSignedWebhook(t *testing.T) {
	s, ts := setup(t, Options{})
	rc := newReceiver(t)
	c := newClient(t, s, ts.URL, DemoAccountID, "opportunities:write:admin", "webhooks:write:admin")
	hookID, sigToken := registerWebhook(t, c, rc.URL+"/webhooks/lever/conn-1")
	if hooks := s.Webhooks(DemoAccountID); len(hooks) != 1 || hooks[0].SignatureToken != sigToken || !hooks[0].ViaAPI {
		t.Fatalf("Webhooks() = %+v", hooks)
	}
	var listed list[map[string]any]
	c.json("GET", "/v1/webhooks", nil, 200, &listed)
	if len(listed.Data) != 1 || strings.Contains(jsonString(listed.Data), sigToken) {
		t.Errorf("GET /webhooks %+v (must not carry the signature token)", listed.Data)
	}

	ada := oppNamed(t, s, DemoAccountID, "Ada Lovelace")
	tbs := stageID(t, s, DemoAccountID, "Intervue - To be Scheduled")
	var moved one[wireOpp]
	c.json("PUT", "/v1/opportunities/"+ada.ID+"/stage", map[string]any{"stage": tbs}, 200, &moved)
	if string(moved.Data.Stage) != `"`+tbs+`"` || moved.Data.StageChanges[len(moved.Data.StageChanges)-1].ToStageID != tbs {
		t.Errorf("moved %+v", moved.Data)
	}
	waitDeliveries(t, s)

	reqs, bodies := rc.deliveries()
	if len(reqs) != 1 {
		t.Fatalf("%d deliveries", len(reqs))
	}
	if reqs[0].Header.Get("User-Agent") != "Lever-Webhooks" || reqs[0].Header.Get("Content-Type") != "application/json" ||
		reqs[0].URL.Path != "/webhooks/lever/conn-1" {
		t.Errorf("delivery request %s %v", reqs[0].URL, reqs[0].Header)
	}
	d, err := lever.ParseDelivery(bodies[0])
	if err != nil {
		t.Fatal(err)
	}
	if !d.Verify(sigToken) || d.Signature != lever.Signature(sigToken, d.Token, d.TriggeredAt) || len(d.Token) != 48 {
		t.Errorf("signature does not verify: %s", bodies[0])
	}
	if d.Verify("wrong-token") {
		t.Error("verifies with the wrong key")
	}
	sc, err := d.StageChange()
	if err != nil || sc.OpportunityID != ada.ID || sc.ToStageID != tbs || sc.FromStageID != "applicant-new" || sc.ContactID != ada.Contact {
		t.Errorf("stage change %+v %v", sc, err)
	}
	if d.Event != "candidateStageChange" || d.TriggeredAt < time.Now().Add(-time.Minute).UnixMilli() {
		t.Errorf("envelope %+v", d)
	}
	recs := s.Deliveries()
	if len(recs) != 1 || recs[0].Status != 200 || recs[0].Attempt != 1 || recs[0].WebhookID != hookID || recs[0].Token != d.Token {
		t.Errorf("Deliveries() = %+v", recs)
	}

	// Same stage again: no change, no webhook. A recruiter's move: webhook.
	c.json("PUT", "/v1/opportunities/"+ada.ID+"/stage", map[string]any{"stage": tbs}, 200, nil)
	if err := s.MoveCandidate(context.Background(), DemoAccountID, ada.ID, "offer"); err != nil {
		t.Fatal(err)
	}
	waitDeliveries(t, s)
	if reqs, _ := rc.deliveries(); len(reqs) != 2 {
		t.Errorf("%d deliveries after recruiter move, want 2", len(reqs))
	}
	snap, _ := s.Opportunity(DemoAccountID, ada.ID)
	if snap.Stage != "offer" || snap.StageChanges[len(snap.StageChanges)-1].UserID != s.Users(DemoAccountID)[1].ID {
		t.Errorf("snapshot %+v", snap.StageChanges)
	}
	if err := s.MoveCandidate(context.Background(), DemoAccountID, ada.ID, "nope"); !errors.Is(err, ErrUnknownStage) {
		t.Errorf("unknown stage: %v", err)
	}

	var e apiErr
	c.json("PUT", "/v1/opportunities/"+ada.ID+"/stage", map[string]any{"stage": "nope"}, 400, &e)
	c.json("PUT", "/v1/opportunities/"+ada.ID+"/stage", map[string]any{}, 400, nil)
	c.json("PUT", "/v1/opportunities/nope/stage", map[string]any{"stage": tbs}, 404, nil)

	c.json("DELETE", "/v1/webhooks/"+hookID, nil, 204, nil)
	c.json("DELETE", "/v1/webhooks/"+hookID, nil, 404, nil)
	c.json("POST", "/v1/webhooks", map[string]any{"url": "ftp://x", "event": "candidateStageChange"}, 400, nil)
	c.json("POST", "/v1/webhooks", map[string]any{"url": "https://x.example", "event": "candidateExploded"}, 400, nil)
}

func jsonString(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestWebhookRetriesAndSwitch(t *testing.T) {
	s, ts := setup(t, Options{WebhookRetryBase: 5 * time.Millisecond})
	c := newClient(t, s, ts.URL, DemoAccountID, "opportunities:write:admin", "webhooks:write:admin")
	flaky := newReceiver(t, 500, 302, 200)
	broken := newReceiver(t, 500, 500, 500, 500, 500, 500, 500)
	registerWebhook(t, c, flaky.URL)
	registerWebhook(t, c, broken.URL)
	ada := oppNamed(t, s, DemoAccountID, "Ada Lovelace")
	if err := s.MoveCandidate(context.Background(), DemoAccountID, ada.ID, "offer"); err != nil {
		t.Fatal(err)
	}
	waitDeliveries(t, s)
	fr, fb := flaky.deliveries()
	br, _ := broken.deliveries()
	if len(fr) != 3 || len(br) != 6 {
		t.Fatalf("flaky got %d attempts (want 3), broken %d (want 6)", len(fr), len(br))
	}
	if string(fb[0]) != string(fb[2]) {
		t.Error("a retry changed the envelope")
	}
	var attempts []int
	for _, d := range s.Deliveries() {
		if d.URL == broken.URL {
			attempts = append(attempts, d.Attempt)
		}
	}
	if len(attempts) != 6 || attempts[5] != 6 {
		t.Errorf("attempts %v", attempts)
	}

	s.SetWebhooksEnabled(DemoAccountID, false)
	n := len(s.Deliveries())
	if err := s.MoveCandidate(context.Background(), DemoAccountID, ada.ID, "applicant-new"); err != nil {
		t.Fatal(err)
	}
	waitDeliveries(t, s)
	if len(s.Deliveries()) != n {
		t.Error("delivered although the webhook group is switched off")
	}
}

func TestFaultsDeterministic(t *testing.T) {
	run := func(seed int64) []int {
		s, ts := setup(t, Options{DisableRateLimit: true})
		s.SetFaults(Faults{Seed: seed, Rate429: 0.2, Rate500: 0.2, RetryAfter: "2"})
		c := newClient(t, s, ts.URL, DemoAccountID, "stages:read:admin")
		var statuses []int
		for range 40 {
			status, body, h := c.do("GET", "/v1/stages", nil)
			statuses = append(statuses, status)
			if status == 429 && (h.Get("Retry-After") != "2" || !strings.Contains(string(body), "TooManyRequests")) {
				t.Errorf("429 without Retry-After: %v %s", h, body)
			}
		}
		calls := s.Calls(DemoAccountID)
		for i, call := range calls {
			if call.Status != statuses[i] {
				t.Errorf("call %d recorded %d, answered %d", i, call.Status, statuses[i])
			}
		}
		return statuses
	}
	a, b, other := run(7), run(7), run(8)
	if jsonString(a) != jsonString(b) {
		t.Errorf("same seed, different faults:\n%v\n%v", a, b)
	}
	if jsonString(a) == jsonString(other) {
		t.Error("different seeds, same faults")
	}
	count := map[int]int{}
	for _, st := range a {
		count[st]++
	}
	if count[429] == 0 || count[500] == 0 || count[200] == 0 {
		t.Errorf("status mix %v", count)
	}
}

func TestFaultApplyThenFail(t *testing.T) {
	s, ts := setup(t, Options{DisableRateLimit: true})
	s.SetFaults(Faults{Seed: 1, RateApplyThenFail: 1, Only: func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/notes") }})
	c := newClient(t, s, ts.URL, DemoAccountID, "notes:write:admin", "opportunities:write:admin")
	ada := oppNamed(t, s, DemoAccountID, "Ada Lovelace")

	status, body, h := c.do("POST", "/v1/opportunities/"+ada.ID+"/notes", map[string]any{"value": "first"})
	if status != 500 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") || !strings.Contains(string(body), "<html>") {
		t.Errorf("first variant: %d %s", status, body)
	}
	req, _ := http.NewRequest("POST", ts.URL+"/v1/opportunities/"+ada.ID+"/notes", strings.NewReader(`{"value":"second"}`))
	req.Header.Set("Authorization", "Bearer "+c.token)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Errorf("second variant answered %d, want a closed connection", resp.StatusCode)
	}
	// GETs and writes refused by validation are not faulted into applied writes.
	c.json("GET", "/v1/opportunities/"+ada.ID+"/notes", nil, 200, nil)
	c.json("POST", "/v1/opportunities/"+ada.ID+"/notes", map[string]any{}, 400, nil)
	c.json("POST", "/v1/opportunities/"+ada.ID+"/addTags", map[string]any{"tags": []string{"x"}}, 200, nil)

	snap, _ := s.Opportunity(DemoAccountID, ada.ID)
	if len(snap.Notes) != 2 || snap.Notes[0].Value != "first" || snap.Notes[1].Value != "second" {
		t.Errorf("writes not applied: %+v", snap.Notes)
	}
	// The dropped request is recorded when its handler returns, which may be
	// after the client saw the connection close and sent the next request:
	// look it up by body, not by position.
	var calls []Call
	var dropped *Call
	for deadline := time.Now().Add(2 * time.Second); dropped == nil && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		calls = s.Calls(DemoAccountID)
		for i := range calls {
			if calls[i].Body == `{"value":"second"}` {
				dropped = &calls[i]
			}
		}
	}
	if calls[0].Status != 500 || dropped == nil || dropped.Status != 0 {
		t.Errorf("calls %+v", calls)
	}
}

func TestFaultHang(t *testing.T) {
	s, ts := setup(t, Options{})
	s.SetFaults(Faults{Seed: 1, RateHang: 1, HangFor: 30 * time.Millisecond})
	c := newClient(t, s, ts.URL, DemoAccountID, "opportunities:write:admin")
	ada := oppNamed(t, s, DemoAccountID, "Ada Lovelace")
	start := time.Now()
	status, _, _ := c.do("PUT", "/v1/opportunities/"+ada.ID+"/stage", map[string]any{"stage": "offer"})
	if status != 504 || time.Since(start) < 30*time.Millisecond {
		t.Errorf("hang: %d after %v", status, time.Since(start))
	}
	if snap, _ := s.Opportunity(DemoAccountID, ada.ID); snap.Stage == "offer" {
		t.Error("a hung request applied the write")
	}

	s.SetFaults(Faults{Seed: 1, RateHang: 1}) // 30s by default: the client gives up
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/v1/stages", nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	if _, err := http.DefaultClient.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("want a client timeout, got %v", err)
	}
	s.SetFaults(Faults{})
	c.json("GET", "/v1/opportunities/"+ada.ID, nil, 200, nil)
}

func TestRateLimit(t *testing.T) {
	s, ts := setup(t, Options{})
	c := newClient(t, s, ts.URL, DemoAccountID, "stages:read:admin")
	var limited atomic.Int32
	var wg sync.WaitGroup
	for range 40 {
		wg.Go(func() {
			status, body, _ := c.do("GET", "/v1/stages", nil)
			if status == 429 {
				limited.Add(1)
				if !strings.Contains(string(body), `"code":"TooManyRequests"`) {
					t.Errorf("429 body %s", body)
				}
			}
		})
	}
	wg.Wait()
	// 20 of burst, plus whatever refilled (10/s) while the 40 requests ran.
	if n := limited.Load(); n < 5 || n > 20 {
		t.Errorf("%d of 40 requests limited", n)
	}
	if got := s.RequestsPerSecondMax(DemoAccountID); got < 20 || got > 40 {
		t.Errorf("RequestsPerSecondMax = %d, want 20..40", got)
	}
	other := newClient(t, s, ts.URL, s.NewAccount(""), "stages:read:admin")
	other.json("GET", "/v1/stages", nil, 200, nil) // buckets are per account

	time.Sleep(250 * time.Millisecond) // refills 2.5 tokens
	c.json("GET", "/v1/stages", nil, 200, nil)

	s2, ts2 := setup(t, Options{DisableRateLimit: true})
	c2 := newClient(t, s2, ts2.URL, DemoAccountID, "stages:read:admin")
	for range 30 {
		c2.json("GET", "/v1/stages", nil, 200, nil)
	}
}
