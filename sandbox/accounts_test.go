package sandbox

import (
	"slices"
	"strings"
	"testing"
)

func TestStagesUsersAndMultiAccount(t *testing.T) {
	s, ts := setup(t, Options{DisableRateLimit: true})
	c := newClient(t, s, ts.URL, DemoAccountID, "stages:read:admin", "users:read:admin", "opportunities:write:admin", "tags:read:admin")
	var stages list[Stage]
	c.json("GET", "/v1/stages", nil, 200, &stages)
	if !slices.Equal(stages.Data, s.Stages(DemoAccountID)) {
		t.Errorf("stages %v", stages.Data)
	}
	var names []string
	for _, st := range stages.Data {
		names = append(names, st.Text)
	}
	for _, want := range []string{"Intervue - To be Scheduled", "Intervue - Scheduled", "Intervue - Yes", "Intervue - No", "Intervue - Unable to schedule"} {
		if !slices.Contains(names, want) {
			t.Errorf("no stage %q", want)
		}
	}
	yes := stageID(t, s, DemoAccountID, "Intervue - Yes")
	var st one[Stage]
	c.json("GET", "/v1/stages/"+yes, nil, 200, &st)
	if st.Data.Text != "Intervue - Yes" {
		t.Errorf("stage %+v", st.Data)
	}
	s.DeleteStage(DemoAccountID, yes)
	c.json("GET", "/v1/stages/"+yes, nil, 404, nil)
	ada := oppNamed(t, s, DemoAccountID, "Ada Lovelace")
	c.json("PUT", "/v1/opportunities/"+ada.ID+"/stage", map[string]any{"stage": yes}, 400, nil)

	var users list[userJSON]
	c.json("GET", "/v1/users?email=Alex.Admin@sandbox-co.example", nil, 200, &users)
	if len(users.Data) != 1 || users.Data[0].AccessRole != "super admin" {
		t.Errorf("users %+v", users.Data)
	}
	c.json("GET", "/v1/users", nil, 200, &users)
	for _, u := range users.Data {
		if u.DeactivatedAt != nil {
			t.Errorf("deactivated user listed: %+v", u)
		}
	}
	c.json("GET", "/v1/tags", nil, 200, nil)

	other := s.NewAccount("Other Org")
	oc := newClient(t, s, ts.URL, other, "opportunities:read:admin")
	oc.json("GET", "/v1/opportunities/"+ada.ID, nil, 404, nil)
	if s.Opportunities(other)[0].ID == s.Opportunities(DemoAccountID)[0].ID {
		t.Error("accounts share opportunity ids")
	}
	calls := s.Calls(other)
	if len(calls) != 1 || calls[0].Path != "/v1/opportunities/"+ada.ID || calls[0].Status != 404 || calls[0].Account != other {
		t.Errorf("calls %+v", calls)
	}
}

func TestSeed(t *testing.T) {
	a, b := New(Options{}), New(Options{})
	defer a.Close()
	defer b.Close()
	if !slices.Equal(a.Stages(DemoAccountID), b.Stages(DemoAccountID)) {
		t.Error("stages differ between servers")
	}
	pa, pb := a.Postings(DemoAccountID), b.Postings(DemoAccountID)
	if len(pa) < 130 || pa[50].ID != pb[50].ID {
		t.Errorf("postings not deterministic: %d", len(pa))
	}
	states := map[string]int{}
	internalOnly, confidential := 0, 0
	for _, p := range pa {
		states[p.State]++
		if p.State == "published" && !slices.Contains(p.DistributionChannels, "public") {
			internalOnly++
		}
		if p.Confidentiality == "confidential" {
			confidential++
		}
	}
	for _, st := range []string{"published", "internal", "closed", "draft", "pending", "rejected"} {
		if states[st] == 0 {
			t.Errorf("no %s posting", st)
		}
	}
	if internalOnly < 2 || confidential < 2 {
		t.Errorf("internal-only %d, confidential %d", internalOnly, confidential)
	}
	opps := a.Opportunities(DemoAccountID)
	if len(opps) < 25 || opps[3].ID != b.Opportunities(DemoAccountID)[3].ID {
		t.Errorf("opportunities: %d", len(opps))
	}
	applicants := 0
	for _, o := range opps {
		st, _, _ := a.accounts[DemoAccountID].stage(o.Stage)
		if strings.HasPrefix(st.Text, "Intervue") {
			t.Errorf("%s starts in %s", o.Name, st.Text)
		}
		if o.Stage == "applicant-new" {
			applicants++
		}
		if len(o.StageChanges) == 0 || o.StageChanges[len(o.StageChanges)-1].ToStageID != o.Stage {
			t.Errorf("%s: stageChanges %v do not end in %s", o.Name, o.StageChanges, o.Stage)
		}
	}
	if applicants < 3 {
		t.Errorf("%d candidates in applicant-new", applicants)
	}
}
