package main

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// TestRejectedWebhooksCounted: a flood of unsigned or unreadable deliveries
// is answered with reasons in our words and counted (Prometheus by reason,
// and a per-connection counter on the Lever screen), and writes no
// sync-log row.
func TestRejectedWebhooksCounted(t *testing.T) {
	t.Parallel()
	app := startApp(t, map[string]string{"METRICS_TOKEN": "m3trics-t0ken-0000"})
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	connectAndMap(t, app, owner)
	var lev struct {
		WebhookURL string `json:"webhook_url"`
	}
	apiJSON(t, app, "GET", "/api/v1/lever", "", 200, &lev)
	post := func(body string) (int, string) {
		resp, b := do(t, http.DefaultClient, mustReq(t, "POST", lev.WebhookURL, body))
		return resp.StatusCode, b
	}
	now := time.Now().UnixMilli()
	for i := 0; i < 30; i++ {
		token := fmt.Sprintf("%048d", i)
		body := fmt.Sprintf(`{"triggeredAt":%d,"event":"candidateStageChange","token":%q,"signature":%q,"data":{"opportunityId":"x"}}`,
			now, token, lever.Signature("not-the-token", token, now))
		if status, _ := post(body); status != 401 {
			t.Fatalf("unsigned delivery %d = %d", i, status)
		}
	}
	for _, tt := range []struct{ body, want string }{
		{`{"triggeredAt":"yesterday","event":"x","token":"t"}`, `{"error":{"code":"malformed","message":"field triggeredAt has the wrong type: it must be an integer (milliseconds since 1970)"}}`},
		{`[1,2]`, `{"error":{"code":"malformed","message":"the body is not a JSON object"}}`},
		{`{"event":"x","token":"t"}`, `{"error":{"code":"malformed","message":"the body has no triggeredAt (integer milliseconds since 1970)"}}`},
	} {
		status, body := post(tt.body)
		if status != 400 || strings.TrimSpace(body) != tt.want {
			t.Errorf("%s = %d %s, want 400 %s", tt.body, status, body, tt.want)
		}
		if strings.Contains(body, "Go value") || strings.Contains(body, "json:") || strings.Contains(body, "int64") {
			t.Errorf("decoder text in %s", body)
		}
	}

	var logged int64
	openStore(t, app).Gorm().Model(&models.SyncEvent{}).Where("kind = ?", "webhook_rejected").Count(&logged)
	if logged != 0 {
		t.Errorf("%d sync-log rows for rejected deliveries, want 0", logged)
	}
	doc := getDoc(t, app, owner, "/integrations/lever?tab=webhooks", 200)
	for sel, want := range map[string]string{`[data-testid="webhook-rejected"]`: "33", `[data-testid="webhook-rejected-bad_signature"]`: "30", `[data-testid="webhook-rejected-malformed"]`: "3"} {
		if got := doc.Find(sel).AttrOr("data-count", ""); got != want {
			t.Errorf("%s count = %q, want %s", sel, got, want)
		}
	}
	if s := doc.Find(`[data-testid="webhook-rejected-bad_signature"]`).Text(); !strings.Contains(s, "Bad or missing signature") {
		t.Errorf("bad signature row = %q", s)
	}
	req := mustReq(t, "GET", app.URL+"/metrics", "")
	req.Header.Set("Authorization", "Bearer m3trics-t0ken-0000")
	_, metrics := do(t, http.DefaultClient, req)
	for reason, n := range map[string]string{"rejected_bad_signature": "30", "rejected_malformed": "3"} {
		if !regexp.MustCompile(`lever_webhooks_total\{result="` + reason + `"\} ` + n + `\b`).MatchString(metrics) {
			t.Errorf("metrics lack lever_webhooks_total{result=%q} %s:\n%s", reason, n, grepLines(metrics, "lever_webhooks_total"))
		}
	}
}

func mustReq(t *testing.T, method, u, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	return req
}
