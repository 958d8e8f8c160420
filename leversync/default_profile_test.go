package leversync_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
)

// TestDefaultProfileCatchesUnmappedPostings: with no default profile (the
// default) a candidate of an unmapped posting goes to Unable to schedule;
// once the organization sets one, the next such candidate is picked up
// with it, and a mapped posting keeps its own profile.
func TestDefaultProfileCatchesUnmappedPostings(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(5)
	ctx := context.Background()

	before := r.candidate(o, "Before Default", o.UnmappedPostingID)
	r.move(o, before, o.Mapping.ToBeScheduled)
	if iv := r.waitInterview(o, before); iv.Status != models.StatusUnable {
		t.Fatalf("without a default profile: %+v, want unable to schedule", iv)
	}

	catchAll, err := r.Store.CreateProfile(ctx, o.ID, models.ProfileInput{Name: "General engineering", DurationMinutes: 45})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Store.SetDefaultProfile(ctx, o.ID, catchAll.ID); err != nil {
		t.Fatal(err)
	}
	after := r.candidate(o, "After Default", o.UnmappedPostingID)
	r.move(o, after, o.Mapping.ToBeScheduled)
	r.waitInterview(o, after)
	if iv := r.storedInterview(o, after); iv.Status != models.StatusToBeScheduled || iv.ProfileID != catchAll.ID || iv.DurationMinutes != 45 {
		t.Fatalf("with a default profile: %+v, want to be scheduled with %s", iv, catchAll.ID)
	}
	if ev := r.waitDecision(o, after, leversync.CodePickedUp); leversync.ParseParams(ev.Params)["how"] != "the default profile" {
		t.Errorf("decision = %q (%s), want it to say the default profile was used", ev.Message, ev.Params)
	}

	mapped := r.candidate(o, "Mapped Posting", o.PostingID)
	r.move(o, mapped, o.Mapping.ToBeScheduled)
	r.waitInterview(o, mapped)
	if iv := r.storedInterview(o, mapped); iv.ProfileID != o.ProfileID || iv.Status != models.StatusToBeScheduled {
		t.Fatalf("mapped posting: %+v, want its own profile", iv)
	}

	if _, err := r.Store.SetDefaultProfile(ctx, o.ID, "no-such-profile"); err == nil {
		t.Error("a default profile that is not the organization's own was accepted")
	}
}

// storedInterview is the opportunity's interview as stored.
func (r *rig) storedInterview(o *rigOrg, oppID string) models.Interview {
	r.t.Helper()
	ivs, _, err := r.Store.Interviews(context.Background(), models.InterviewFilter{OrgID: o.ID, OpportunityID: oppID})
	if err != nil || len(ivs) != 1 {
		r.t.Fatalf("interviews of %s: %v %d", oppID, err, len(ivs))
	}
	return ivs[0]
}

// TestPostingNotMappedToDeletedProfile: a deleted profile cannot be chosen
// for a posting (its candidates would all end in Unable to schedule): 422
// naming profile_id, and the posting keeps its mapping.
func TestPostingNotMappedToDeletedProfile(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(1)
	status, body := r.api(o, "POST", "/api/v1/profiles", `{"name":"Soon Gone","duration_minutes":30}`)
	if status != 201 {
		t.Fatalf("create profile: %d %s", status, body)
	}
	var p struct{ ID string }
	json.Unmarshal([]byte(body), &p)
	if err := r.Store.DeleteProfile(context.Background(), o.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	status, body = r.api(o, "PUT", "/api/v1/lever/postings/"+o.PostingID+"/profile", `{"profile_id":"`+p.ID+`"}`)
	if status != 422 || !strings.Contains(body, `"profile_id"`) || !strings.Contains(body, "was deleted") {
		t.Fatalf("map to a deleted profile = %d %s, want 422 on profile_id", status, body)
	}
	if row, err := r.Store.Posting(context.Background(), o.ID, o.PostingID); err != nil || row.ProfileID == p.ID {
		t.Fatalf("posting after the refusal: %+v %v", row, err)
	}
}
