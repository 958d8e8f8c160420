package models_test

import (
	"context"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/models"
)

func TestNeedsAttentionAndActivity(t *testing.T) {
	st, org := setupStore(t)
	ctx := context.Background()
	c, _ := st.Connection(ctx, org.Org.ID)
	noWrites := func(*models.Interview, []models.LeverWrite) ([]models.LeverWrite, error) { return nil, nil }
	// A fixable pickup failure, later fixed by a new interview: not listed.
	if _, err := st.CreateInterview(ctx, &models.Interview{OrgID: org.Org.ID, OpportunityID: "fixed", Status: models.StatusUnable, FailureReason: "posting_not_mapped"}, false, noWrites, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateInterview(ctx, &models.Interview{OrgID: org.Org.ID, OpportunityID: "fixed", Status: models.StatusToBeScheduled}, false, noWrites, nil); err != nil {
		t.Fatal(err)
	}
	// Still blocked.
	if _, err := st.CreateInterview(ctx, &models.Interview{OrgID: org.Org.ID, OpportunityID: "blocked", CandidateName: "Blocked Person", Status: models.StatusUnable, FailureReason: "no_posting", FailureDetail: "no application"}, false, noWrites, nil); err != nil {
		t.Fatal(err)
	}
	// Candidate cancelled is not fixable by the org: not listed.
	if _, err := st.CreateInterview(ctx, &models.Interview{OrgID: org.Org.ID, OpportunityID: "cancelled", Status: models.StatusUnable, FailureReason: "candidate_cancelled"}, false, noWrites, nil); err != nil {
		t.Fatal(err)
	}
	d := &models.WebhookDelivery{OrgID: org.Org.ID, ConnectionID: c.ID, Token: "t1", Event: "candidateStageChange", TriggeredAt: 1, OpportunityID: "confidential", Status: models.DeliveryReceived}
	if _, err := st.RecordDelivery(ctx, d, nil); err != nil {
		t.Fatal(err)
	}
	st.FinishDelivery(ctx, d.ID, models.DeliveryFailed, "opportunity_forbidden", "Lever refused to show this opportunity (403)")
	st.Log(ctx, models.SyncEvent{OrgID: org.Org.ID, OpportunityID: "confidential", Kind: "decision", Status: models.LogFailed, Message: "x"})

	items, err := st.NeedsAttention(ctx, org.Org.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, it := range items {
		got[it.OpportunityID] = it.Kind
	}
	if len(items) != 2 || got["blocked"] != "pickup" || got["confidential"] != "delivery" {
		t.Fatalf("needs attention = %+v", items)
	}
	for _, it := range items {
		if it.Kind == "pickup" && (it.ReasonCode != "no_posting" || it.CandidateName != "Blocked Person") {
			t.Errorf("pickup item = %+v", it)
		}
	}
	if n := st.CountNeedsAttention(ctx, org.Org.ID); n != 2 {
		t.Errorf("count = %d, want 2", n)
	}
	if n := st.CountNeedsAttentionAllOrgs(ctx); n != 2 {
		t.Errorf("count of every org = %d, want 2", n)
	}
	// Another org sees none of it.
	other, _ := st.CreateOrganization(ctx, models.NewOrgInput{Name: "Other", Email: "o@other.test", Password: "password1"})
	if items, _ := st.NeedsAttention(ctx, other.Org.ID, 0); len(items) != 0 || st.CountNeedsAttention(ctx, other.Org.ID) != 0 {
		t.Fatalf("other org sees %d items", len(items))
	}

	days, err := st.Activity(ctx, org.Org.ID, 30)
	if err != nil {
		t.Fatal(err)
	}
	today := days[len(days)-1]
	if len(days) != 30 || today.Deliveries != 1 || today.Interviews != 4 || today.Failures != 1 {
		t.Fatalf("activity today = %+v (%d days)", today, len(days))
	}

	st.Audit(ctx, models.AuditEntry{OrgID: org.Org.ID, ActorEmail: "a@b", Action: "stage_mapping", Before: "{}", After: `{"x":1}`})
	if log, _ := st.AuditLog(ctx, org.Org.ID, 10); len(log) != 1 || log[0].After != `{"x":1}` {
		t.Fatalf("audit = %+v", log)
	}
}

// TestNotifyURLMustBePublic: an admin-typed notification URL naming this
// machine or an inward address is refused at save (the sender checks the
// dialled address again); a public name is accepted.
func TestNotifyURLMustBePublic(t *testing.T) {
	for _, u := range []string{"https://169.254.169.254/latest", "https://127.0.0.1:8080/x", "https://10.0.0.1/", "https://[::1]/",
		"https://localhost/x", "https://app.localhost./x", "https://192.168.1.10/", "https://100.64.1.1/", "https://[::ffff:10.0.0.1]/"} {
		if err := models.ValidateNotifyURL(u); err == nil || !strings.Contains(err.Error(), "public internet") {
			t.Errorf("ValidateNotifyURL(%s) = %v, want refused as not public", u, err)
		}
	}
	for _, u := range []string{"https://hooks.slack.com/services/T/B/x", "https://8.8.8.8/hook"} {
		if err := models.ValidateNotifyURL(u); err != nil {
			t.Errorf("ValidateNotifyURL(%s) = %v, want accepted", u, err)
		}
	}
}
