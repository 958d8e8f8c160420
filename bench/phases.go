package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
)

// candidates adds n opportunities applied to the mapped posting, in a
// stage the integration does not use.
func (e *env) candidates(prefix string, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = e.sb.AddOpportunity(e.account, sandbox.OpportunityInput{Name: fmt.Sprintf("%s %04d", prefix, i), PostingID: e.posting, StageID: "applicant-new"})
	}
	return ids
}

// idleLatency moves n candidates into To be Scheduled one at a time in the
// fake Lever, which sends its webhook, and measures move to tag.
func (e *env) idleLatency(n int) {
	fmt.Printf("\n== Idle: webhook to tag, %d candidates one at a time (Lever's own latency here: a local fake, ~1 ms)\n", n)
	var lat []time.Duration
	for _, opp := range e.candidates("Idle", n) {
		start := time.Now()
		if err := e.sb.MoveCandidate(context.Background(), e.account, opp, e.mapping.ToBeScheduled); err != nil {
			fmt.Println("   move failed:", err)
			return
		}
		at, ok := e.waitTag(opp, 30*time.Second)
		if !ok {
			fmt.Println("   not tagged within 30s")
			return
		}
		lat = append(lat, at.Sub(start))
		time.Sleep(100 * time.Millisecond)
	}
	slices.Sort(lat)
	fmt.Printf("   move → tag: p50 %s, p90 %s, max %s\n", ms(lat[len(lat)/2]), ms(lat[len(lat)*9/10]), ms(lat[len(lat)-1]))
}

// irrelevant returns a generator of deliveries that cannot lead to work:
// moves of candidates without an interview into a stage we do not use.
func (e *env) irrelevant(prefix string, pool []string) func(i int) delivery {
	return func(i int) delivery {
		return signedDelivery(e.url(i), e.signKey, fmt.Sprintf("%s-%07d", prefix, i), pool[i%len(pool)], "applicant-new")
	}
}

// ingest measures webhook ingest at fixed rates, seconds each.
func (e *env) ingest(seconds int) {
	fmt.Printf("\n== Ingest at fixed rates (%ds each; deliveries into a stage the integration does not use, stored before the 200)\n", seconds)
	e.sb.SetWebhooksEnabled(e.account, false)
	pool := e.candidates("Ingest", 200)
	for _, rate := range []float64{250, 500, 1000, 1500} {
		cpu := e.procs[0].cpu()
		r := atRate(rate, int(rate)*seconds, 512, e.irrelevant(fmt.Sprintf("ingest-%d", int(rate)), pool))
		used := e.procs[0].cpu() - cpu
		fmt.Printf("   %5.0f/s offered: %s; app CPU %.2f ms/delivery\n", rate, r, float64(used)/float64(time.Millisecond)/float64(r.sent))
	}
	fmt.Printf("   deliveries stored: %d ignored at ingest (no job, no sync-log line)\n", e.count(&models.WebhookDelivery{}, "status = ?", models.DeliveryIgnored))
}

// behindIrrelevant sends n irrelevant deliveries, then one candidate into
// To be Scheduled, and times that candidate's pickup (interview + tag).
func (e *env) behindIrrelevant(n int) {
	fmt.Printf("\n== Pickup behind %d deliveries that cannot lead to work\n", n)
	pool := e.candidates("Noise", 500)
	r := atRate(1000, n, 512, e.irrelevant("noise", pool))
	fmt.Printf("   flood at 1000/s offered: %s\n", r)
	opp := e.candidates("Behind", 1)[0]
	e.sb.MoveCandidate(context.Background(), e.account, opp, e.mapping.ToBeScheduled)
	start := time.Now()
	if st := send(signedDelivery(e.url(0), e.signKey, "behind-"+opp, opp, e.mapping.ToBeScheduled)); st != 200 {
		fmt.Println("   delivery answered", st)
		return
	}
	at, ok := e.waitTag(opp, 2*time.Minute)
	if !ok {
		fmt.Println("   NOT picked up within 2 minutes")
		return
	}
	var iv int64
	e.db.Gorm.Model(&models.Interview{}).Where("opportunity_id = ?", opp).Count(&iv)
	fmt.Printf("   picked up (interviews: %d, tag written) %s after its delivery\n", iv, ms(at.Sub(start)))
}

// drain delivers n pickups at once, spread over the processes, and
// measures the time until every candidate is tagged against the floor at
// Lever's 10 requests/s; with kill, one process is killed half-way.
func (e *env) drain(label string, n int, kill bool) error {
	live := 0
	for _, p := range e.procs {
		select {
		case <-p.done:
		default:
			live++
		}
	}
	fmt.Printf("\n== Drain %d pickups: %s (%d live)\n", n, label, live)
	opps := e.candidates("Drain "+strings.Fields(label)[0], n)
	for _, opp := range opps {
		e.sb.MoveCandidate(context.Background(), e.account, opp, e.mapping.ToBeScheduled)
	}
	ivBefore := e.count(&models.Interview{}, "1 = 1")
	callsBefore := len(e.sb.Calls(e.account))
	start := time.Now()
	prefix := "drain-" + models.RandomToken(3)
	ing := atRate(0, n, 32, func(i int) delivery {
		return signedDelivery(e.url(i), e.signKey, fmt.Sprintf("%s-%04d", prefix, i), opps[i], e.mapping.ToBeScheduled)
	})
	fmt.Printf("   deliveries: %s\n", ing)
	killedAt := time.Time{}
	deadline := start.Add(10 * time.Minute)
	tagged := map[string]time.Time{}
	for len(tagged) < n && time.Now().Before(deadline) {
		if kill && killedAt.IsZero() && len(tagged) >= n/2 {
			e.procs[len(e.procs)-1].kill()
			killedAt = time.Now()
			fmt.Printf("   killed one process (SIGKILL) at %d of %d tagged\n", len(tagged), n)
		}
		time.Sleep(100 * time.Millisecond)
		tagged = e.tags(opps)
	}
	if len(tagged) < n {
		return fmt.Errorf("%s: only %d of %d candidates tagged after 10 minutes", label, len(tagged), n)
	}
	last := latest(tagged)
	calls := e.sb.Calls(e.account)[callsBefore:]
	var times []time.Time
	limited := 0
	for _, c := range calls {
		if c.At.After(last) {
			continue
		}
		times = append(times, c.At)
		if c.Status == 429 {
			limited++
		}
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	took := last.Sub(start)
	floor := time.Duration(float64(len(times)) / 10 * float64(time.Second))
	fmt.Printf("   all %d tagged in %.1fs; %d Lever requests, floor at 10/s %.1fs: drain/floor %.3f\n", n, took.Seconds(), len(times), floor.Seconds(), took.Seconds()/floor.Seconds())
	fmt.Printf("   peak requests for the account: %d in any 1 s (fake Lever's own count since it started: %d), %d in any 10 s; %d answered 429\n",
		windowMax(times, time.Second), e.sb.RequestsPerSecondMax(e.account), windowMax(times, 10*time.Second), limited)
	if !killedAt.IsZero() {
		fmt.Printf("   after the kill: the rest done %.1fs later, no restart\n", last.Sub(killedAt).Seconds())
	}
	e.exactlyOnce(opps, ivBefore)
	return nil
}

// tags returns when each of opps was tagged (addTags answered 2xx).
func (e *env) tags(opps []string) map[string]time.Time {
	want := make(map[string]bool, len(opps))
	for _, o := range opps {
		want[o] = true
	}
	out := map[string]time.Time{}
	for _, c := range e.sb.Calls(e.account) {
		if c.Method != "POST" || c.Status == 0 || c.Status >= 300 || !strings.HasSuffix(c.Path, "/addTags") {
			continue
		}
		opp := strings.TrimSuffix(c.Path[strings.Index(c.Path, "/opportunities/")+len("/opportunities/"):], "/addTags")
		if want[opp] {
			if _, seen := out[opp]; !seen {
				out[opp] = c.At
			}
		}
	}
	return out
}

// exactlyOnce checks one interview and one tag per candidate, no note and
// no stage move, once the processes are idle.
func (e *env) exactlyOnce(opps []string, ivBefore int64) {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) && (e.count(&models.WebhookDelivery{}, "status = ?", models.DeliveryReceived) > 0 || e.count(&models.LeverWrite{}, "status = ?", models.WritePending) > 0) {
		time.Sleep(200 * time.Millisecond)
	}
	bad := 0
	for _, id := range opps {
		var ivs int64
		e.db.Gorm.Model(&models.Interview{}).Where("opportunity_id = ?", id).Count(&ivs)
		op, _ := e.sb.Opportunity(e.account, id)
		tags := 0
		for _, t := range op.Tags {
			if t == "intervue.io" {
				tags++
			}
		}
		if ivs != 1 || tags != 1 || len(op.Notes) != 0 || op.Stage != e.mapping.ToBeScheduled {
			bad++
		}
	}
	fmt.Printf("   exactly once: %d of %d candidates with one interview, the tag once, no note, no move (%d wrong); %d interviews created\n",
		len(opps)-bad, len(opps), bad, e.count(&models.Interview{}, "1 = 1")-ivBefore)
}

// crashRecovery kills the only process with work acknowledged and in
// flight, restarts it, and times the rest.
func (e *env) crashRecovery(n int) error {
	fmt.Printf("\n== Crash recovery: SIGKILL of the only process with %d acknowledged pickups, then restart (default configuration)\n", n)
	for _, p := range e.procs[1:] {
		p.stop()
	}
	e.procs = e.procs[:1]
	opps := e.candidates("Crash", n)
	for _, opp := range opps {
		e.sb.MoveCandidate(context.Background(), e.account, opp, e.mapping.ToBeScheduled)
	}
	ivBefore := e.count(&models.Interview{}, "1 = 1")
	prefix := "crash-" + models.RandomToken(3)
	ing := atRate(0, n, 32, func(i int) delivery {
		return signedDelivery(e.url(0), e.signKey, fmt.Sprintf("%s-%04d", prefix, i), opps[i], e.mapping.ToBeScheduled)
	})
	fmt.Printf("   deliveries: %s\n", ing)
	for len(e.tags(opps)) < n/4 {
		time.Sleep(50 * time.Millisecond)
	}
	e.procs[0].kill()
	left := n - len(e.tags(opps))
	fmt.Printf("   killed with %d of %d acknowledged pickups not done\n", left, n)
	addr := e.procs[0].addr
	p, err := startApp(e.bin, addr, e.appEnv)
	if err != nil {
		return err
	}
	e.procs[0] = p
	restart := time.Now()
	callsAt := len(e.sb.Calls(e.account))
	for len(e.tags(opps)) < n && time.Since(restart) < 5*time.Minute {
		time.Sleep(100 * time.Millisecond)
	}
	last := latest(e.tags(opps))
	after := 0
	for _, c := range e.sb.Calls(e.account)[callsAt:] {
		if !c.At.After(last) {
			after++
		}
	}
	fmt.Printf("   all done %.1fs after the restart was healthy (%d Lever requests after it: %.1fs at 10/s)\n", last.Sub(restart).Seconds(), after, float64(after)/10)
	e.exactlyOnce(opps, ivBefore)
	return nil
}

func latest(m map[string]time.Time) time.Time {
	var last time.Time
	for _, at := range m {
		if at.After(last) {
			last = at
		}
	}
	return last
}
