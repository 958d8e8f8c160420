package leversync_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkWebhookIngest posts signed deliveries concurrently to the real
// receiver (rig: handlers, group commit, River) and reports the time per
// delivery. Ignored: moves into a stage the integration does not use (no
// job, no sync-log line); Queued: moves into To be Scheduled, each stored
// with its job and its sync-log line (River is stopped, so the benchmark
// measures ingest only). Profile it with
//
//	go test -run '^$' -bench WebhookIngest -cpuprofile cpu.out ./leversync/
func BenchmarkWebhookIngest(b *testing.B) {
	for _, kind := range []string{"Ignored", "Queued"} {
		b.Run(kind, func(b *testing.B) {
			r := newRig(b, rigOptions{})
			o := r.addOrg(5)
			c, _ := r.Store.Connection(context.Background(), o.ID)
			url, key := r.Engine.WebhookURL(c), r.SB.Webhooks(o.Account)[0].SignatureToken
			to := "applicant-new"
			if kind == "Queued" {
				to = o.Mapping.ToBeScheduled
				r.jobsCtl.Stop(context.Background()) // measure ingest, not the jobs
			}
			hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
			var seq, failed atomic.Int64
			now := time.Now().UnixMilli()
			b.SetParallelism(8)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := seq.Add(1)
					data := fmt.Sprintf(`{"opportunityId":"bench-opp-%d","toStageId":%q,"fromStageId":"applicant-new"}`, i%500, to)
					resp, err := hc.Post(url, "application/json", strings.NewReader(signed(key, fmt.Sprintf("bench-%s-%d", kind, i), now, data)))
					if err != nil {
						failed.Add(1)
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						failed.Add(1)
					}
				}
			})
			b.StopTimer()
			if failed.Load() > 0 {
				b.Fatalf("%d deliveries failed", failed.Load())
			}
		})
	}
}
