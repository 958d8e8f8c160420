package main

import (
	"context"
	"fmt"
	"time"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/sandbox"
)

// fairness measures another organization's pickup while the benchmark's
// organization has a backlog of n pickups: one organization whose jobs share
// the busy one's River queue and one in another queue, each on its own fake
// Lever account (its own rate budget), moved in Lever one second into the
// burst. Target (issue: fairness): picked up within 1 s.
func (e *env) fairness(n int) error {
	fmt.Printf("\n== Fairness: another organization's pickup during a backlog of %d pickups\n", n)
	same, other, err := e.fairnessOrgs()
	if err != nil {
		return err
	}
	opps := e.candidates("Fair burst", n)
	for _, opp := range opps {
		e.sb.MoveCandidate(context.Background(), e.account, opp, e.mapping.ToBeScheduled)
	}
	go atRate(0, n, 32, func(i int) delivery {
		return signedDelivery(e.url(i), e.signKey, fmt.Sprintf("fair-%04d", i), opps[i], e.mapping.ToBeScheduled)
	})
	time.Sleep(time.Second) // the burst is queued and running
	for _, q := range []struct {
		label string
		o     *benchOrg
	}{{"same River queue", same}, {"another River queue", other}} {
		opp := e.sb.AddOpportunity(q.o.account, sandbox.OpportunityInput{Name: "Quiet " + q.label, PostingID: q.o.posting, StageID: "applicant-new"})
		start := time.Now()
		// The fake Lever sends this account's webhook itself, as Lever would.
		if err := e.sb.MoveCandidate(context.Background(), q.o.account, opp, q.o.mapping.ToBeScheduled); err != nil {
			return err
		}
		at, ok := e.waitTagIn(q.o.account, opp, time.Minute)
		if !ok {
			fmt.Printf("   %s: NOT tagged within a minute\n", q.label)
			continue
		}
		pending := n - len(e.tags(opps))
		fmt.Printf("   %s: move → tag %s, with %d of the %d burst pickups still waiting\n", q.label, ms(at.Sub(start)), pending, n)
	}
	deadline := time.Now().Add(5 * time.Minute)
	for len(e.tags(opps)) < n && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	if got := len(e.tags(opps)); got < n {
		return fmt.Errorf("fairness: only %d of %d burst pickups tagged after 5 minutes", got, n)
	}
	return nil
}

// fairnessOrgs makes organizations on new fake Lever accounts until one
// hashes to the benchmark organization's River queue and one to another.
func (e *env) fairnessOrgs() (same, other *benchOrg, err error) {
	want := leversync.QueueFor(e.id)
	for i := 0; same == nil || other == nil; i++ {
		if i > 40 {
			return nil, nil, fmt.Errorf("no organization in queue %s after 40 tries", want)
		}
		account := e.sb.NewAccount(fmt.Sprintf("Fair %d", i))
		o, err := e.newOrg(fmt.Sprintf("Fair Co %d", i), fmt.Sprintf("owner%d@fair.test", i), account)
		if err != nil {
			return nil, nil, err
		}
		switch q := leversync.QueueFor(o.id); {
		case q == want && same == nil:
			same = o
		case q != want && other == nil:
			other = o
		}
	}
	return same, other, nil
}
