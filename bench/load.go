package main

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/intervue/lever-integration/lever"
)

// client keeps enough idle connections for the highest rate.
var client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512, IdleConnTimeout: time.Minute}}

// delivery is one signed candidateStageChange body for url.
type delivery struct {
	url, body string
}

// signedDelivery builds a delivery as Lever sends it (docs/LEVER_API.md §3).
func signedDelivery(url, key, token, oppID, toStage string) delivery {
	at := time.Now().UnixMilli()
	body := fmt.Sprintf(`{"triggeredAt":%d,"event":"candidateStageChange","token":%q,"signature":%q,"data":{"opportunityId":%q,"toStageId":%q,"fromStageId":"applicant-new"}}`,
		at, token, lever.Signature(key, token, at), oppID, toStage)
	return delivery{url: url, body: body}
}

// send posts one delivery and returns its status (0 on a transport error).
func send(d delivery) int {
	resp, err := client.Post(d.url, "application/json", strings.NewReader(d.body))
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// loadResult is what one load run measured. Latencies are from each
// request's scheduled start (open loop: a slow answer does not delay the
// next request, so queueing shows in the latency).
type loadResult struct {
	sent, ok, failed int
	elapsed          time.Duration
	lat              []time.Duration // sorted
}

func (r loadResult) rate() float64 { return float64(r.ok) / r.elapsed.Seconds() }

func (r loadResult) pct(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	i := int(p / 100 * float64(len(r.lat)-1))
	return r.lat[i]
}

func (r loadResult) String() string {
	return fmt.Sprintf("%5d sent, %5d ok, %3d failed in %5.1fs = %6.0f/s; latency p50 %6s p90 %6s p99 %6s max %6s",
		r.sent, r.ok, r.failed, r.elapsed.Seconds(), r.rate(), ms(r.pct(50)), ms(r.pct(90)), ms(r.pct(99)), ms(r.pct(100)))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond)) }

// atRate sends n deliveries made by gen at rate per second (0: as fast as
// maxInflight concurrent senders allow) and measures them. At most
// maxInflight requests are outstanding; beyond that the schedule slips (and
// the latency shows it).
func atRate(rate float64, n, maxInflight int, gen func(i int) delivery) loadResult {
	var (
		mu   sync.Mutex
		lat  = make([]time.Duration, 0, n)
		ok   atomic.Int64
		bad  atomic.Int64
		wg   sync.WaitGroup
		sem  = make(chan struct{}, maxInflight)
		body = make([]delivery, n)
	)
	for i := range body {
		body[i] = gen(i)
	}
	start := time.Now()
	for i := range n {
		at := start
		if rate > 0 {
			at = start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
			if d := time.Until(at); d > 0 {
				time.Sleep(d)
			}
		} else {
			at = time.Now()
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			st := send(body[i])
			d := time.Since(at)
			if st == 200 {
				ok.Add(1)
			} else {
				bad.Add(1)
			}
			mu.Lock()
			lat = append(lat, d)
			mu.Unlock()
		})
	}
	wg.Wait()
	r := loadResult{sent: n, ok: int(ok.Load()), failed: int(bad.Load()), elapsed: time.Since(start), lat: lat}
	slices.Sort(r.lat)
	return r
}

// windowMax returns the most of the sorted times within any window of d.
func windowMax(times []time.Time, d time.Duration) int {
	best := 0
	for i, j := 0, 0; j < len(times); j++ {
		for times[j].Sub(times[i]) >= d {
			i++
		}
		best = max(best, j-i+1)
	}
	return best
}
