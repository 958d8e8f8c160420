package models

import (
	"context"
	"fmt"
)

// outcomeWindow is how many recent events per candidate LatestOutcomes reads.
const outcomeWindow = 12

// RecentOutcomes returns, for each candidate key {org id, opportunity id},
// its newest events (at most 12, newest first) other than those of the
// given kinds (e.g. Lever calls, deliveries received: the mechanics behind
// an outcome). The caller picks the latest meaningful one. One query for
// the whole page.
func (s *Store) RecentOutcomes(ctx context.Context, keys [][2]string, skipKinds []string) (map[[2]string][]SyncEvent, error) {
	out := map[[2]string][]SyncEvent{}
	if len(keys) == 0 {
		return out, nil
	}
	orgSet, oppSet := map[string]bool{}, map[string]bool{}
	var orgs, opps []string
	for _, k := range keys {
		if !orgSet[k[0]] {
			orgSet[k[0]] = true
			orgs = append(orgs, k[0])
		}
		if !oppSet[k[1]] {
			oppSet[k[1]] = true
			opps = append(opps, k[1])
		}
	}
	if len(skipKinds) == 0 {
		skipKinds = []string{""}
	}
	var rows []SyncEvent
	err := s.db.WithContext(ctx).Raw(`SELECT * FROM (SELECT e.*, ROW_NUMBER() OVER (PARTITION BY e.org_id, e.opportunity_id ORDER BY e.id DESC) AS rn
		FROM sync_events e WHERE e.org_id IN @orgs AND e.opportunity_id IN @opps AND e.kind NOT IN @skip) t WHERE t.rn <= @n ORDER BY t.id DESC`,
		map[string]any{"orgs": orgs, "opps": opps, "skip": skipKinds, "n": outcomeWindow}).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("models: recent outcomes: %w", err)
	}
	want := map[[2]string]bool{}
	for _, k := range keys {
		want[k] = true
	}
	for _, ev := range rows {
		k := [2]string{ev.OrgID, ev.OpportunityID}
		if want[k] {
			out[k] = append(out[k], ev)
		}
	}
	return out, nil
}
