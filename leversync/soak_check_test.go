package leversync_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
)

// soakEndState checks the end state of TestSoak candidate by candidate (our
// interview, and in Lever the stage, our tag, our notes each once, our
// stage moves) and returns the totals of interviews, tags, notes and stage
// moves by us.
func soakEndState(t *testing.T, r *rig, orgs []*soakOrg, cands []*soakCandidate) (interviews, tags, notes, moves int) {
	refRE := regexp.MustCompile(`Ref (IV-[0-9A-F]+-[a-z]+(?:-\d+)?)`)
	for _, c := range cands {
		so := orgs[slices.IndexFunc(orgs, func(x *soakOrg) bool { return x.rigOrg == c.org })]
		m := c.org.Mapping
		wantStatus, wantStage, wantTag, wantNotes := "", so.phone, 0, 0
		var wantMoves []string
		switch c.scenario {
		case soakMovedOn:
		case soakUnmapped:
			wantStatus, wantStage, wantNotes, wantMoves = models.StatusUnable, m.Unable, 1, []string{m.Unable}
		default:
			wantStatus, wantStage, wantTag = models.StatusToBeScheduled, m.ToBeScheduled, 1
			switch c.event {
			case evSchedule:
				wantStatus, wantStage, wantNotes, wantMoves = models.StatusScheduled, m.Scheduled, 1, []string{m.Scheduled}
			case evYes:
				wantStatus, wantStage, wantNotes, wantMoves = models.StatusYes, m.Yes, 2, []string{m.Scheduled, m.Yes}
			case evNo:
				wantStatus, wantStage, wantNotes, wantMoves = models.StatusNo, m.No, 2, []string{m.Scheduled, m.No}
			case evScheduleFail, evNoShow:
				wantStatus, wantStage, wantNotes, wantMoves = models.StatusUnable, m.Unable, 2, []string{m.Scheduled, m.Unable}
			case evFail:
				wantStatus, wantStage, wantNotes, wantMoves = models.StatusUnable, m.Unable, 1, []string{m.Unable}
			case evMovedOn:
				wantStatus, wantStage, wantNotes = models.StatusScheduled, so.phone, 1
			}
		}
		what := fmt.Sprintf("candidate %s (%s, %s)", c.opp, c.scenario, c.event)
		ivs := r.interviewsOf(c.org, c.opp)
		switch {
		case wantStatus == "" && len(ivs) != 0:
			t.Errorf("%s: %d interviews, want none", what, len(ivs))
		case wantStatus != "" && (len(ivs) != 1 || ivs[0].Status != wantStatus):
			t.Errorf("%s: %d interviews %+v, want one %s", what, len(ivs), statuses(ivs), wantStatus)
		}
		interviews += len(ivs)
		op := r.opp(c.org, c.opp)
		if op.Stage != wantStage {
			t.Errorf("%s: stage %s, want %s", what, op.Stage, wantStage)
		}
		nTags := 0
		for _, tg := range op.Tags {
			if tg == leversync.TagName {
				nTags++
			}
		}
		if nTags != wantTag {
			t.Errorf("%s: tag %q %d times, want %d", what, leversync.TagName, nTags, wantTag)
		}
		tags += nTags
		refs := map[string]int{}
		for _, n := range op.Notes {
			mm := refRE.FindStringSubmatch(n.Value)
			if mm == nil {
				t.Errorf("%s: note without our reference: %q", what, n.Value)
				continue
			}
			refs[mm[1]]++
		}
		for ref, k := range refs {
			if k != 1 {
				t.Errorf("%s: note %s posted %d times", what, ref, k)
			}
		}
		if len(op.Notes) != wantNotes {
			t.Errorf("%s: %d notes, want %d", what, len(op.Notes), wantNotes)
		}
		notes += len(op.Notes)
		var ours []string
		for _, ch := range op.StageChanges {
			if ch.UserID == so.apiUser {
				ours = append(ours, ch.ToStageID)
			}
		}
		if !slices.Equal(ours, wantMoves) {
			t.Errorf("%s: our stage moves %v, want %v (forward only, each once)", what, ours, wantMoves)
		}
		moves += len(ours)
	}
	return interviews, tags, notes, moves
}

// soakStoredOnce checks that every unique delivery of TestSoak was stored
// exactly once and decided, that no Lever write is pending or failed, and
// each organization's credits.
func soakStoredOnce(t *testing.T, r *rig, orgs []*soakOrg, cands []*soakCandidate) {
	ctx := context.Background()
	// Every unique delivery stored exactly once and decided; nothing pending or failed.
	for _, so := range orgs {
		var rows []struct {
			Token  string
			Status string
		}
		r.Store.Gorm().Model(&models.WebhookDelivery{}).Select("token, status").Where("org_id = ?", so.ID).Scan(&rows)
		seen := map[string]int{}
		for _, row := range rows {
			seen[row.Token]++
			if row.Status == models.DeliveryReceived {
				t.Errorf("delivery %s never processed", row.Token)
			}
		}
		for _, c := range cands {
			if c.org != so.rigOrg {
				continue
			}
			for _, d := range c.sends {
				if seen[d.token] != 1 {
					t.Errorf("delivery %s stored %d times, want 1", d.token, seen[d.token])
				}
				delete(seen, d.token)
			}
		}
		if len(seen) != 0 {
			t.Errorf("org %s: %d unexpected deliveries stored", so.ID, len(seen))
		}
	}
	var badWrites []models.LeverWrite
	r.Store.Gorm().Where("status IN ?", []string{models.WritePending, models.WriteFailed}).Find(&badWrites)
	for _, w := range badWrites {
		t.Errorf("write %s %s is %s: %s", w.Kind, w.Marker, w.Status, w.Result)
	}
	// Credits: one reserved per mapped pickup, returned on a failure other than a no-show.
	for _, so := range orgs {
		want := so.credits
		for _, c := range cands {
			if c.org != so.rigOrg || c.scenario == soakMovedOn || c.scenario == soakUnmapped {
				continue
			}
			want--
			if c.event == evFail || c.event == evScheduleFail {
				want++
			}
		}
		org, _ := r.Store.Organization(ctx, so.ID)
		if org.Credits != want {
			t.Errorf("org %s: %d credits, want %d", so.ID, org.Credits, want)
		}
	}
}

func phoneOf(orgs []*soakOrg, o *rigOrg) string {
	for _, so := range orgs {
		if so.rigOrg == o {
			return so.phone
		}
	}
	return ""
}

func statuses(ivs []models.Interview) []string {
	var out []string
	for _, iv := range ivs {
		out = append(out, iv.Ref+":"+iv.Status)
	}
	return out
}
