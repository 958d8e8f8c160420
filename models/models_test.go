package models_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/intervue/lever-integration/internal/testdb"
	"github.com/intervue/lever-integration/models"
)

func setupStore(t *testing.T) (*models.Store, *models.NewOrgResult) {
	t.Helper()
	db := testdb.Open(t)
	if err := db.Migrate(context.Background()); err != nil { // re-run is safe
		t.Fatal(err)
	}
	st := models.NewStore(db, testdb.Sealer(t))
	org, err := st.CreateOrganization(context.Background(), models.NewOrgInput{Name: "Acme", Email: "Owner@Acme.test", Password: "password1", Credits: 2})
	if err != nil {
		t.Fatal(err)
	}
	return st, org
}

func TestCreateOrganization(t *testing.T) {
	st, org := setupStore(t)
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		if org.Owner.Email != "owner@acme.test" || org.Owner.Role != models.RoleSuperAdmin {
			t.Fatalf("owner = %+v", org.Owner)
		}
		if id, err := st.OrgIDForAPIKey(ctx, org.APIKey); err != nil || id != org.Org.ID {
			t.Fatalf("api key lookup = %q, %v", id, err)
		}
		if _, err := st.Authenticate(ctx, "OWNER@acme.test", "password1"); err != nil {
			t.Fatalf("authenticate: %v", err)
		}
		if _, err := st.Authenticate(ctx, "owner@acme.test", "wrong-pass"); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("wrong password: %v", err)
		}
	})
	t.Run("ErrEmailTaken", func(t *testing.T) {
		_, err := st.CreateOrganization(ctx, models.NewOrgInput{Name: "Other", Email: "owner@acme.test", Password: "password2"})
		if !errors.Is(err, models.ErrConflict) {
			t.Fatalf("err = %v, want conflict", err)
		}
	})
}

func TestStageMappingValidation(t *testing.T) {
	st, org := setupStore(t)
	ctx := context.Background()
	c, _ := st.Connection(ctx, org.Org.ID)
	stages := []models.LeverStage{{ID: "lead-new", Text: "New lead"}, {ID: "a", Text: "A"}, {ID: "b", Text: "B"}, {ID: "c", Text: "C"}, {ID: "d", Text: "D"}, {ID: "e", Text: "E"}}
	if err := st.ReplaceStages(ctx, c.ID, stages); err != nil {
		t.Fatal(err)
	}
	_, err := st.SaveStageMapping(ctx, org.Org.ID, models.StageMapping{ToBeScheduled: "a", Scheduled: "a", Yes: "zzz"})
	var verr *models.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("err = %v", err)
	}
	for _, f := range []string{"scheduled", "intervue_yes", "intervue_no", "unable_to_schedule"} {
		if verr.Fields[f] == "" {
			t.Errorf("no error for %s: %v", f, verr.Fields)
		}
	}
	if verr.Fields["to_be_scheduled"] != "" {
		t.Errorf("unexpected error for to_be_scheduled")
	}
	c, err = st.SaveStageMapping(ctx, org.Org.ID, models.StageMapping{"lead-new", "a", "b", "c", "d"})
	if err != nil || !c.Mapping().Complete() {
		t.Fatalf("save: %v", err)
	}
	// Stage "b" disappears from Lever: flagged.
	if err := st.ReplaceStages(ctx, c.ID, []models.LeverStage{{ID: "lead-new"}, {ID: "a"}, {ID: "c"}, {ID: "d"}}); err != nil {
		t.Fatal(err)
	}
	del, err := st.DeletedMappedStages(ctx, c)
	if err != nil || del["intervue_yes"] != "b" || len(del) != 1 {
		t.Fatalf("deleted = %v, %v", del, err)
	}
}

func TestOneActiveInterviewAndCredits(t *testing.T) {
	st, org := setupStore(t)
	ctx := context.Background()
	plan := func(iv *models.Interview, _ []models.LeverWrite) ([]models.LeverWrite, error) {
		return []models.LeverWrite{{Kind: models.WriteAddTag, Tag: "intervue.io"}}, nil
	}
	iv, err := st.CreateInterview(ctx, &models.Interview{OrgID: org.Org.ID, OpportunityID: "opp1", Status: models.StatusToBeScheduled}, true, plan, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.CreateInterview(ctx, &models.Interview{OrgID: org.Org.ID, OpportunityID: "opp1", Status: models.StatusToBeScheduled}, true, plan, nil)
	var aie *models.ActiveInterviewError
	if !errors.As(err, &aie) || aie.Existing.ID != iv.ID {
		t.Fatalf("second active: %v", err)
	}
	if _, err := st.CreateInterview(ctx, &models.Interview{OrgID: org.Org.ID, OpportunityID: "opp2", Status: models.StatusToBeScheduled}, true, plan, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateInterview(ctx, &models.Interview{OrgID: org.Org.ID, OpportunityID: "opp3", Status: models.StatusToBeScheduled}, true, plan, nil); !errors.Is(err, models.ErrNoCredits) {
		t.Fatalf("third: %v, want no credits", err)
	}
	o, _ := st.Organization(ctx, org.Org.ID)
	if o.Credits != 0 {
		t.Fatalf("credits = %d", o.Credits)
	}
	ws, _ := st.Writes(ctx, iv.ID)
	if len(ws) != 1 || ws[0].Marker != iv.Ref+"-1" || ws[0].Status != models.WritePending {
		t.Fatalf("writes = %+v", ws)
	}
	// Lease: exclusive.
	ok1, _ := st.AcquireWriteLease(ctx, iv.ID, 60e9)
	ok2, _ := st.AcquireWriteLease(ctx, iv.ID, 60e9)
	if !ok1 || ok2 {
		t.Fatalf("lease %v %v", ok1, ok2)
	}
}

func TestDeliveryDedup(t *testing.T) {
	st, org := setupStore(t)
	ctx := context.Background()
	c, _ := st.Connection(ctx, org.Org.ID)
	hooks := 0
	for i := 0; i < 3; i++ {
		dup, err := st.RecordDelivery(ctx, &models.WebhookDelivery{OrgID: org.Org.ID, ConnectionID: c.ID, Token: "tok1", Event: "candidateStageChange", TriggeredAt: 1, Status: models.DeliveryReceived}, func(ctx context.Context, tx *sql.Tx) error { hooks++; return nil })
		if err != nil {
			t.Fatal(err)
		}
		if dup != (i > 0) {
			t.Fatalf("attempt %d dup = %v", i, dup)
		}
	}
	if hooks != 1 {
		t.Fatalf("hook ran %d times", hooks)
	}
}

func TestSearchTreatsWildcardsLiterally(t *testing.T) {
	st, org := setupStore(t)
	ctx := context.Background()
	c, _ := st.Connection(ctx, org.Org.ID)
	st.ReplacePostings(ctx, c.ID, []models.LeverPosting{{ID: "p1", Text: "100% Remote_Engineer"}, {ID: "p2", Text: "Designer"}})
	for q, want := range map[string]int{"%": 1, "_": 1, "100%": 1, "designer": 1, "x%": 0} {
		rows, _, err := st.Postings(ctx, org.Org.ID, models.PostingFilter{Q: q})
		if err != nil || len(rows) != want {
			t.Errorf("Postings(q=%q) = %d rows, %v; want %d", q, len(rows), err, want)
		}
	}
	noWrites := func(*models.Interview, []models.LeverWrite) ([]models.LeverWrite, error) { return nil, nil }
	st.CreateInterview(ctx, &models.Interview{OrgID: org.Org.ID, OpportunityID: "o1", CandidateName: "Ann", Status: models.StatusToBeScheduled}, false, noWrites, nil)
	if ivs, _, _ := st.Interviews(ctx, models.InterviewFilter{OrgID: org.Org.ID, Q: "%"}); len(ivs) != 0 {
		t.Errorf("interviews matching %%: %d", len(ivs))
	}
}
