package leversync_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
)

// How a soak candidate reaches (or not) To be Scheduled, and the deliveries
// that say so, in the order they are sent.
const (
	soakPlain     = "plain"      // → TBS
	soakLateStale = "late-stale" // → Phone Screen → TBS; the older Phone Screen delivery arrives last
	soakMovedOn   = "moved-on"   // → TBS → Phone Screen; the stale, older TBS delivery arrives last
	soakReentered = "re-entered" // → TBS → Phone Screen → TBS; deliveries in random order
	soakUnmapped  = "unmapped"   // → TBS on a posting without a profile: Unable to schedule
)

// Interview events driven through the API after pickup.
const (
	evNone         = "none"
	evSchedule     = "schedule"
	evYes          = "schedule+yes"
	evNo           = "schedule+no"
	evScheduleFail = "schedule+fail"
	evNoShow       = "schedule+no-show"
	evFail         = "fail"
	evMovedOn      = "recruiter-moved-on+schedule" // recruiter moves the candidate on, then the interview is scheduled
)

type soakDelivery struct {
	token, body string
}

type soakCandidate struct {
	org      *rigOrg
	opp      string
	scenario string
	event    string
	sends    []soakDelivery // unique deliveries in send order
	dupNow   map[int]bool   // send index resent concurrently with the original
}

type soakOrg struct {
	*rigOrg
	url, key string
	phone    string
	credits  int
	apiUser  string // the Lever user our API calls act as (the grant's user)
}

// TestSoak sends thousands of signed deliveries for several organizations
// through a Lever that answers 429, 500, hangs, and applies writes then
// drops the answer, with duplicates and out-of-order pairs, then drives
// interview events, and checks the exact end state per candidate: no
// delivery lost or stored twice, one interview, one tag, each note once,
// only forward stage moves, exact credits (docs/DESIGN.md §5, what correct means).
func TestSoak(t *testing.T) {
	longTest(t, "SOAK")
	t.Parallel()
	total := envInt("SOAK_DELIVERIES", 2000)
	nOrgs := envInt("SOAK_ORGS", 8)
	seed := uint64(envInt("SOAK_SEED", 20261129))
	rng := rand.New(rand.NewPCG(seed, 7))
	t.Logf("soak: %d deliveries, %d organizations, seed %d", total, nOrgs, seed)
	began := time.Now()

	r := newRig(t, rigOptions{HTTPTimeout: time.Second, MaxWorkers: envInt("SOAK_WORKERS", 24)})
	ctx := context.Background()
	const credits = 100000
	var orgs []*soakOrg
	for range nOrgs {
		o := r.addOrg(credits)
		c, _ := r.Store.Connection(ctx, o.ID)
		phone, _ := r.SB.StageByName(o.Account, "Phone Screen")
		so := &soakOrg{rigOrg: o, url: r.Engine.WebhookURL(c), key: r.SB.Webhooks(o.Account)[0].SignatureToken, phone: phone, credits: credits}
		for _, u := range r.SB.Users(o.Account) {
			if u.AccessRole == "super admin" {
				so.apiUser = u.ID
			}
		}
		// We send the deliveries ourselves: the sandbox only keeps Lever's state.
		r.SB.SetWebhooksEnabled(o.Account, false)
		orgs = append(orgs, so)
	}

	// Candidates and their deliveries, until 80% of the total are unique.
	pick := func(weights map[string]int) string {
		keys := make([]string, 0, len(weights))
		sum := 0
		for k, w := range weights {
			keys = append(keys, k)
			sum += w
		}
		slices.Sort(keys)
		n := rng.IntN(sum)
		for _, k := range keys {
			if n -= weights[k]; n < 0 {
				return k
			}
		}
		return keys[0]
	}
	scenarios := map[string]int{soakPlain: 45, soakLateStale: 15, soakMovedOn: 15, soakReentered: 12, soakUnmapped: 8}
	events := map[string]int{evNone: 40, evSchedule: 10, evYes: 12, evNo: 10, evScheduleFail: 8, evNoShow: 5, evFail: 8, evMovedOn: 7}
	unique := total * 8 / 10
	var cands []*soakCandidate
	count := map[string]int{}
	base := time.Now().UnixMilli() - 60_000
	sent := 0
	for i := 0; sent < unique; i++ {
		so := orgs[i%len(orgs)]
		sc := &soakCandidate{org: so.rigOrg, scenario: pick(scenarios), event: evNone, dupNow: map[int]bool{}}
		posting := so.PostingID
		if sc.scenario == soakUnmapped {
			posting = so.UnmappedPostingID
		}
		sc.opp = r.candidate(so.rigOrg, fmt.Sprintf("Soak %s %04d", sc.scenario, i), posting)
		var path []string
		switch sc.scenario {
		case soakPlain, soakUnmapped:
			path = []string{so.Mapping.ToBeScheduled}
		case soakLateStale:
			path = []string{so.phone, so.Mapping.ToBeScheduled}
		case soakMovedOn:
			path = []string{so.Mapping.ToBeScheduled, so.phone}
		case soakReentered:
			path = []string{so.Mapping.ToBeScheduled, so.phone, so.Mapping.ToBeScheduled}
		}
		from := "applicant-new"
		for k, to := range path {
			r.move(so.rigOrg, sc.opp, to)
			token := fmt.Sprintf("soak-%05d-%d-%s", i, k, models.RandomToken(8))
			data := fmt.Sprintf(`{"opportunityId":%q,"toStageId":%q,"fromStageId":%q}`, sc.opp, to, from)
			sc.sends = append(sc.sends, soakDelivery{token, signed(so.key, token, base+int64(i*10+k), data)})
			from = to
		}
		switch sc.scenario {
		case soakLateStale, soakMovedOn: // the older delivery arrives after the newer one
			slices.Reverse(sc.sends)
		case soakReentered:
			rng.Shuffle(len(sc.sends), func(a, b int) { sc.sends[a], sc.sends[b] = sc.sends[b], sc.sends[a] })
		}
		if sc.scenario != soakMovedOn && sc.scenario != soakUnmapped {
			sc.event = pick(events)
		}
		count[sc.scenario]++
		sent += len(sc.sends)
		cands = append(cands, sc)
	}
	// 20% duplicates: half resent at the same moment as the original, half later.
	dups := total - sent
	type ref struct{ c, i int }
	var all []ref
	for ci, c := range cands {
		for i := range c.sends {
			all = append(all, ref{ci, i})
		}
	}
	rng.Shuffle(len(all), func(a, b int) { all[a], all[b] = all[b], all[a] })
	nowDups := min(dups/2, len(all))
	for _, x := range all[:nowDups] {
		cands[x.c].dupNow[x.i] = true
	}
	var late []string
	for range dups - nowDups {
		x := all[rng.IntN(len(all))]
		late = append(late, cands[x.c].sends[x.i].body)
	}
	t.Logf("setup %s: %d candidates %v; %d unique deliveries + %d duplicates (%d concurrent, %d later) = %d",
		time.Since(began).Round(time.Millisecond), len(cands), count, sent, dups, nowDups, len(late), sent+dups)

	faults := sandbox.Faults{Seed: int64(seed), Rate429: 0.04, Rate500: 0.04, RateHang: 0.02, RateApplyThenFail: 0.02,
		HangFor: 1500 * time.Millisecond, RetryAfter: "1"}
	r.SB.SetFaults(faults)
	callsBefore := map[string]int{}
	for _, so := range orgs {
		callsBefore[so.Account] = len(r.SB.Calls(so.Account))
	}

	// Phase 1: deliveries, candidates interleaved across organizations.
	phase := time.Now()
	var posted atomic.Int64
	postOK := func(url, body string) {
		if status, resp := post(t, url, body); status != 200 {
			t.Errorf("delivery answered %d %s", status, resp)
		}
		posted.Add(1)
	}
	work := make(chan func())
	var wg sync.WaitGroup
	for range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range work {
				f()
			}
		}()
	}
	urlOf := map[*rigOrg]string{}
	for _, so := range orgs {
		urlOf[so.rigOrg] = so.url
	}
	for _, c := range cands {
		work <- func() {
			for i, d := range c.sends {
				if !c.dupNow[i] {
					postOK(urlOf[c.org], d.body)
					continue
				}
				var both sync.WaitGroup
				for range 2 {
					both.Add(1)
					go func() { defer both.Done(); postOK(urlOf[c.org], d.body) }()
				}
				both.Wait()
			}
		}
	}
	bodyOrg := map[string]*rigOrg{}
	for _, c := range cands {
		for _, d := range c.sends {
			bodyOrg[d.body] = c.org
		}
	}
	for _, b := range late {
		work <- func() { postOK(urlOf[bodyOrg[b]], b) }
	}
	close(work)
	wg.Wait()
	accepted := time.Since(phase)
	eventually(t, 6*time.Minute, "every delivery processed", func() bool {
		var n int64
		r.Store.Gorm().Model(&models.WebhookDelivery{}).Where("status = ?", models.DeliveryReceived).Count(&n)
		return n == 0
	})
	processed := time.Since(phase)
	t.Logf("phase 1: %d deliveries posted in %s, all processed after %s", posted.Load(), accepted.Round(time.Millisecond), processed.Round(time.Millisecond))

	// Phase 2: interview events through the API, while Lever still fails
	// (now 429 without Retry-After: our own backoff).
	faults.RetryAfter = ""
	faults.Seed++
	r.SB.SetFaults(faults)
	phase = time.Now()
	schedule := `{"scheduled_at":"2026-12-01T09:30:00Z","timezone":"Europe/Berlin","duration_minutes":45,"interviewer":"Grace Hopper"}`
	complete := func(v string) string {
		return fmt.Sprintf(`{"verdict":%q,"playback_url":"https://play.example/rec/1","summary":"ok","ratings":[{"skill":"Go","score":4,"comment":""}]}`, v)
	}
	evCount := map[string]int{}
	work = make(chan func())
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range work {
				f()
			}
		}()
	}
	for _, c := range cands {
		if c.event == evNone {
			continue
		}
		evCount[c.event]++
		ivs := r.interviewsOf(c.org, c.opp)
		if len(ivs) != 1 {
			t.Fatalf("%s (%s): %d interviews after phase 1, want 1", c.opp, c.scenario, len(ivs))
		}
		id := ivs[0].ID
		work <- func() {
			steps := map[string][][2]string{
				evSchedule:     {{"schedule", schedule}},
				evYes:          {{"schedule", schedule}, {"complete", complete("yes")}},
				evNo:           {{"schedule", schedule}, {"complete", complete("no")}},
				evScheduleFail: {{"schedule", schedule}, {"fail", `{"reason":"candidate_cancelled","detail":"moved abroad"}`}},
				evNoShow:       {{"schedule", schedule}, {"fail", `{"reason":"candidate_no_show"}`}},
				evFail:         {{"fail", `{"reason":"organisation_cancelled","detail":"role closed"}`}},
				evMovedOn:      {{"schedule", schedule}},
			}[c.event]
			if c.event == evMovedOn {
				if err := r.SB.MoveCandidate(ctx, c.org.Account, c.opp, phoneOf(orgs, c.org)); err != nil {
					t.Error(err)
				}
			}
			for _, s := range steps {
				if status, body := r.api(c.org, "POST", "/api/v1/interviews/"+id+"/"+s[0], s[1]); status != 200 {
					t.Errorf("%s %s: %d %s", s[0], id, status, body)
				}
			}
		}
	}
	close(work)
	wg.Wait()
	r.settled(8 * time.Minute)
	t.Logf("phase 2: events %v; Lever writes settled after %s", evCount, time.Since(phase).Round(time.Millisecond))
	r.SB.SetFaults(sandbox.Faults{})
	r.settled(time.Minute)
	elapsed := time.Since(began)

	interviews, tags, notes, moves := soakEndState(t, r, orgs, cands)
	soakStoredOnce(t, r, orgs, cands)

	// How often the ledger had to recover from an answer lost after Lever applied a write.
	var recovered, retried int64
	r.Store.Gorm().Model(&models.LeverWrite{}).Where("result LIKE ?", "%not posted again%").Count(&recovered)
	r.Store.Gorm().Model(&models.LeverWrite{}).Where("attempts > 1").Count(&retried)
	t.Logf("write ledger: %d notes found by their reference after a lost answer (not posted again), %d writes sent more than once", recovered, retried)

	// What Lever saw.
	byStatus := map[int]int{}
	calls, rpsMax := 0, 0
	var perAccount []int
	for _, so := range orgs {
		cs := r.SB.Calls(so.Account)[callsBefore[so.Account]:]
		calls += len(cs)
		var times []time.Time
		for _, c := range cs {
			byStatus[c.Status]++
			times = append(times, c.At)
		}
		perAccount = append(perAccount, max(r.SB.RequestsPerSecondMax(so.Account), maxInWindow(times, time.Second)))
		rpsMax = max(rpsMax, perAccount[len(perAccount)-1])
	}
	t.Logf("end state: %d interviews, %d tags, %d notes, %d stage moves by us; %d candidates checked", interviews, tags, notes, moves, len(cands))
	t.Logf("Lever saw %d calls by status %v (0 = connection dropped after applying); most requests in one second per account %v (max %d)",
		calls, byStatus, perAccount, rpsMax)
	t.Logf("soak took %s", elapsed.Round(time.Millisecond))
	if rpsMax > 20 {
		t.Errorf("an account saw %d requests in one second, above Lever's burst of 20", rpsMax)
	}
	if byStatus[429] == 0 || byStatus[500] == 0 || byStatus[504] == 0 || byStatus[0] == 0 {
		t.Errorf("not every fault was injected: %v", byStatus)
	}
}
