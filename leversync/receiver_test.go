package leversync_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// signed builds a delivery body signed with key.
func signed(key, token string, at int64, data string) string {
	return fmt.Sprintf(`{"triggeredAt":%d,"event":"candidateStageChange","token":%q,"signature":%q,"data":%s}`, at, token, lever.Signature(key, token, at), data)
}

func post(t *testing.T, url, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestWebhookReceiver(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(5)
	ctx := context.Background()
	c, _ := r.Store.Connection(ctx, o.ID)
	url := r.Engine.WebhookURL(c)
	hooks := byEvent(r.SB.Webhooks(o.Account), lever.EventCandidateStageChange)
	if len(hooks) != 1 || hooks[0].URL != url || hooks[0].SignatureToken == "" {
		t.Fatalf("registered webhooks = %+v, want exactly one at %s", hooks, url)
	}
	key := hooks[0].SignatureToken
	oppID := r.candidate(o, "Webhook Tester", o.PostingID)
	r.SB.SetWebhooksEnabled(o.Account, false) // we send deliveries ourselves
	if err := r.SB.MoveCandidate(ctx, o.Account, oppID, o.Mapping.ToBeScheduled); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UnixMilli()
	data := fmt.Sprintf(`{"opportunityId":%q,"toStageId":%q,"fromStageId":"applicant-new"}`, oppID, o.Mapping.ToBeScheduled)
	count := func(q string, args ...any) int64 {
		var n int64
		r.Store.Gorm().Model(&models.WebhookDelivery{}).Where(q, args...).Count(&n)
		return n
	}
	// Rejections are counted per connection and reason, not logged one row
	// each: only a stale delivery (its signature verified) is in the sync log.
	rejected := func() int64 {
		var n int64
		r.Store.Gorm().Model(&models.WebhookRejection{}).Where("connection_id = ?", c.ID).Select("COALESCE(SUM(total), 0)").Scan(&n)
		return n
	}
	logged := func() int64 {
		var n int64
		r.Store.Gorm().Model(&models.SyncEvent{}).Where("org_id = ? AND kind = ?", o.ID, "webhook_rejected").Count(&n)
		return n
	}

	tests := []struct {
		name       string
		url, body  string
		wantStatus int
		wantIn     string
	}{
		{"BadSignature", url, signed("wrong-key", strings.Repeat("a", 48), now, data), 401, "signature"},
		{"MissingSignature", url, fmt.Sprintf(`{"triggeredAt":%d,"event":"candidateStageChange","token":"t1","data":%s}`, now, data), 401, "signature"},
		{"Stale", url, signed(key, strings.Repeat("b", 48), now-2*3600*1000, data), 422, "more than"},
		{"FloatTriggeredAt", url, `{"triggeredAt":1.7e12,"event":"candidateStageChange","token":"t","signature":"s","data":{}}`, 400, "wrong type"},
		{"NotJSON", url, `<xml/>`, 400, "not a JSON"},
		{"UnknownKey", r.URL + "/webhooks/lever/nope", signed(key, strings.Repeat("c", 48), now, data), 404, "unknown webhook"},
		// Signed, but with text no column can hold (PostgreSQL answered 503
		// and Lever would have retried it five times) or an id no Lever id is.
		{"NULInData", url, signed(key, strings.Repeat("g", 48), now, `{"opportunityId":"a\u0000b","toStageId":"x"}`), 400, "control character"},
		{"LongID", url, signed(key, strings.Repeat("h", 48), now, `{"opportunityId":"`+strings.Repeat("o", 5000)+`","toStageId":"x"}`), 400, "longer than 200"},
		{"NotUTF8", url, signed(key, strings.Repeat("i", 48), now, "{\"opportunityId\":\"a\xffb\",\"toStageId\":\"x\"}"), 400, "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, beforeLog := rejected(), logged()
			status, body := post(t, tt.url, tt.body)
			if status != tt.wantStatus || !strings.Contains(body, tt.wantIn) {
				t.Fatalf("got %d %s, want %d containing %q", status, body, tt.wantStatus, tt.wantIn)
			}
			if tt.name != "UnknownKey" && rejected() != before+1 {
				t.Fatalf("rejection not counted")
			}
			wantLog := beforeLog
			if tt.name == "Stale" {
				wantLog++
			}
			if n := logged(); n != wantLog {
				t.Fatalf("sync-log rows for rejections = %d, want %d (only a verified stale delivery is logged)", n, wantLog)
			}
		})
	}
	if n := count("org_id = ?", o.ID); n != 0 {
		t.Fatalf("%d deliveries stored from rejected requests", n)
	}

	t.Run("ValidThenDuplicates", func(t *testing.T) {
		body := signed(key, strings.Repeat("d", 48), now, data)
		for i := 0; i < 3; i++ {
			if status, resp := post(t, url, body); status != 200 {
				t.Fatalf("attempt %d: %d %s", i, status, resp)
			}
		}
		r.waitInterview(o, oppID)
		r.settled(10 * time.Second)
		if n := count("org_id = ? AND opportunity_id = ?", o.ID, oppID); n != 1 {
			t.Fatalf("stored %d deliveries, want 1", n)
		}
		if wc := r.writeCalls(o, oppID); wc.Tags != 1 {
			t.Fatalf("tags = %d", wc.Tags)
		}
	})
	t.Run("LeverTestDelivery", func(t *testing.T) {
		status, _ := post(t, url, signed(key, strings.Repeat("e", 48), now, `{}`))
		if status != 200 {
			t.Fatalf("status = %d", status)
		}
		eventually(t, 10*time.Second, "test delivery skipped", func() bool {
			return count("token = ? AND status = ?", strings.Repeat("e", 48), models.DeliverySkipped) == 1
		})
	})
	t.Run("DisabledOrgRecordsOnly", func(t *testing.T) {
		if _, err := r.Store.SetEnabled(ctx, o.ID, false); err != nil {
			t.Fatal(err)
		}
		other := r.candidate(o, "While Disabled", o.PostingID)
		payload := fmt.Sprintf(`{"opportunityId":%q,"toStageId":%q}`, other, o.Mapping.ToBeScheduled)
		if status, _ := post(t, url, signed(key, strings.Repeat("f", 48), now, payload)); status != 200 {
			t.Fatalf("status = %d", status)
		}
		if n := count("opportunity_id = ? AND status = ?", other, models.DeliveryDisabled); n != 1 {
			t.Fatalf("disabled deliveries = %d", n)
		}
		var d models.WebhookDelivery
		r.Store.Gorm().Where("opportunity_id = ?", other).First(&d)
		var jobs int64
		r.Store.Gorm().Table("river_job").Where("args LIKE ?", "%"+d.ID+"%").Count(&jobs)
		if d.ID == "" || jobs != 0 {
			t.Fatalf("delivery %q: %d jobs enqueued for a delivery received while disabled", d.ID, jobs)
		}
	})
}
