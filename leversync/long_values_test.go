package leversync_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
)

// TestLongLeverValuesKeepTheCandidate: Lever documents no length limit for
// names, emails, posting titles, teams or locations. A candidate whose every
// such value is far longer than any column size we once had (300-char names
// were lost on PostgreSQL) is picked up like any other, with the values
// stored whole, on both databases.
func TestLongLeverValuesKeepTheCandidate(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(5)
	title := strings.Repeat("Principal Distributed Systems Engineer ", 20)          // 780 chars
	team := strings.Repeat("Platform Infrastructure ", 15)                          // 360 chars
	location := strings.Repeat("Berlin, Brandenburg, Deutschland · ", 10)           // 350 chars
	name := strings.Repeat("Maximiliane Alexandra ", 15) + strings.Repeat("山田", 60) // 450 runes
	email := strings.Repeat("a", 300) + "@" + strings.Repeat("sub.", 20) + "example.test"
	r.SB.RetitlePosting(o.Account, o.PostingID, title, team, location)
	if err := r.Engine.RefreshPostings(context.Background(), o.ID); err != nil {
		t.Fatal(err)
	}
	opp := r.SB.AddOpportunity(o.Account, sandbox.OpportunityInput{Name: name, Emails: []string{email}, PostingID: o.PostingID, StageID: "applicant-new"})
	r.move(o, opp, o.Mapping.ToBeScheduled)
	r.waitInterview(o, opp)
	r.settled(30 * time.Second)

	var iv models.Interview
	if err := r.Store.Gorm().First(&iv, "org_id = ? AND opportunity_id = ?", o.ID, opp).Error; err != nil {
		t.Fatal(err)
	}
	if iv.CandidateName != name || iv.CandidateEmail != email || iv.PostingTitle != title {
		t.Errorf("interview kept name %d/%d, email %d/%d, title %d/%d bytes", len(iv.CandidateName), len(name),
			len(iv.CandidateEmail), len(email), len(iv.PostingTitle), len(title))
	}
	var p models.LeverPosting
	if err := r.Store.Gorm().First(&p, "id = ?", o.PostingID).Error; err != nil {
		t.Fatal(err)
	}
	if p.Text != title || p.Team != team || p.Location != location {
		t.Errorf("posting kept title %d/%d, team %d/%d, location %d/%d bytes", len(p.Text), len(title), len(p.Team), len(team), len(p.Location), len(location))
	}
	var logged int64
	r.Store.Gorm().Model(&models.SyncEvent{}).Where("opportunity_id = ? AND candidate_name = ?", opp, name).Count(&logged)
	if logged == 0 {
		t.Error("no sync-log line carries the whole name")
	}
	if tags := r.opp(o, opp).Tags; !slices.Contains(tags, "intervue.io") {
		t.Errorf("Lever tags = %v, want intervue.io", tags)
	}
}
