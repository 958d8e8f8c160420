package leversync_test

import (
	"context"
	"testing"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
)

// creditLines are the candidate's credit lines on the timeline, oldest
// first: each one's outcome code and the credits then available.
func (r *rig) creditLines(o *rigOrg, oppID string) []creditLine {
	evs, _, _ := r.Store.SyncLog(context.Background(), models.SyncLogFilter{OrgID: o.ID, OpportunityID: oppID, Kind: "credit"})
	var out []creditLine
	for _, e := range evs {
		out = append(out, creditLine{leversync.Code(e.Code), leversync.ParseParams(e.Params)["available"]})
	}
	return out
}

type creditLine struct {
	code      leversync.Code
	available string
}

// TestCreditsOnTheTimeline: each reservation, spend and refund of a credit
// is a line on the candidate's timeline, with the credits then available.
func TestCreditsOnTheTimeline(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(5)

	done := r.candidate(o, "Credit Spent", o.PostingID)
	r.move(o, done, o.Mapping.ToBeScheduled)
	iv := r.waitInterview(o, done)
	r.event(o, iv.ID, "schedule", `{"scheduled_at":"2030-01-01T09:00:00Z","timezone":"UTC","duration_minutes":30,"interviewer":"Ada"}`)
	r.event(o, iv.ID, "complete", `{"verdict":"yes","playback_url":"https://play.example/1"}`)

	back := r.candidate(o, "Credit Returned", o.PostingID)
	r.move(o, back, o.Mapping.ToBeScheduled)
	iv2 := r.waitInterview(o, back)
	r.event(o, iv2.ID, "fail", `{"reason":"organisation_cancelled"}`)

	noShow := r.candidate(o, "No Show", o.PostingID)
	r.move(o, noShow, o.Mapping.ToBeScheduled)
	iv3 := r.waitInterview(o, noShow)
	r.event(o, iv3.ID, "schedule", `{"scheduled_at":"2030-01-01T10:00:00Z","timezone":"UTC","duration_minutes":30,"interviewer":"Ada"}`)
	r.event(o, iv3.ID, "fail", `{"reason":"candidate_no_show"}`)

	for _, c := range []struct {
		opp  string
		want []leversync.Code
	}{
		{done, []leversync.Code{leversync.CodeCreditReserved, leversync.CodeCreditSpent}},
		{back, []leversync.Code{leversync.CodeCreditReserved, leversync.CodeCreditReturned}},
		{noShow, []leversync.Code{leversync.CodeCreditReserved, leversync.CodeCreditSpentNoShow}},
	} {
		lines := r.creditLines(o, c.opp)
		if len(lines) != len(c.want) {
			t.Errorf("%s: credit lines %q, want %d", c.opp, lines, len(c.want))
			continue
		}
		for i, w := range c.want {
			if lines[i].code != w || lines[i].available == "" {
				t.Errorf("%s line %d = %+v, want %s and the credits available", c.opp, i, lines[i], w)
			}
		}
	}
	// 5 credits: one spent, one returned, one spent by the no-show.
	if lines := r.creditLines(o, back); len(lines) == 2 && lines[1].available != "4" {
		t.Errorf("after the refund: %+v, want 4 credits available", lines[1])
	}
	org, _ := r.Store.Organization(context.Background(), o.ID)
	if org.Credits != 3 {
		t.Errorf("balance = %d, want 3", org.Credits)
	}
}
