package models_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/intervue/lever-integration/internal/testdb"
	"github.com/intervue/lever-integration/models"
)

// seedSyncLog logs a few candidates in two organizations and returns the
// second organization's id.
func seedSyncLog(t *testing.T, st *models.Store, orgID string) string {
	t.Helper()
	ctx := context.Background()
	other, err := st.CreateOrganization(ctx, models.NewOrgInput{Name: "Other", Email: "o@other.test", Password: "password1"})
	if err != nil {
		t.Fatal(err)
	}
	day := func(d int) time.Time { return time.Date(2026, 3, d, 12, 0, 0, 0, time.UTC) }
	events := []models.SyncEvent{
		{OrgID: orgID, OpportunityID: "opp-priya", Kind: "webhook", Status: models.LogOK, At: day(1)},
		{OrgID: orgID, OpportunityID: "opp-priya", CandidateName: "Priya  Natarajan", CandidateEmail: "Priya@Example.com", Kind: "decision", Status: models.LogOK, At: day(2)},
		{OrgID: orgID, OpportunityID: "opp-priya", Kind: "write", Status: models.LogFailed, Message: "Failed: tag", At: day(3)},
		{OrgID: orgID, OpportunityID: "opp-sam", CandidateName: "Sam Lee", CandidateEmail: "sam_lee@example.com", Kind: "decision", Status: models.LogSkipped, At: day(5)},
		{OrgID: orgID, OpportunityID: "opp-ann", CandidateName: "Mary Ann Smith", CandidateEmail: "mas@example.com", Kind: "lever_call", Status: models.LogOK, At: day(7)},
		{OrgID: orgID, OpportunityID: "opp-ann", Kind: "lever_call", Status: models.LogOK, At: day(9)},
		{OrgID: orgID, OpportunityID: "opp-ann", Kind: "lever_call", Status: models.LogOK, At: day(11)},
		{OrgID: orgID, Kind: "connection", Status: models.LogOK, Message: "Connected", At: day(7)},
		{OrgID: other.Org.ID, OpportunityID: "opp-pri", CandidateName: "Prince Other", CandidateEmail: "prince@other.test", Kind: "decision", Status: models.LogFailed, At: day(4)},
	}
	for _, ev := range events {
		if err := st.Log(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	return other.Org.ID
}

func TestLogKeepsCandidate(t *testing.T) {
	st, org := setupStore(t)
	ctx := context.Background()
	seedSyncLog(t, st, org.Org.ID)

	c, err := st.SyncCandidate(ctx, org.Org.ID, "opp-priya")
	if err != nil {
		t.Fatal(err)
	}
	if c.CandidateName != "Priya  Natarajan" || c.NameLower != "priya natarajan" || c.NameTail != "natarajan" || c.EmailLower != "priya@example.com" {
		t.Errorf("identity = %+v", c)
	}
	if c.Events != 3 || c.Failures != 1 || c.LastStatus != models.LogFailed || c.LastKind != "write" || !c.FirstAt.Equal(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("activity = %+v", c)
	}
	evs, _, err := st.SyncLog(ctx, models.SyncLogFilter{OrgID: org.Org.ID, OpportunityID: "opp-priya"})
	if err != nil || len(evs) != 3 || evs[2].CandidateName != "Priya  Natarajan" {
		t.Fatalf("events = %+v, %v", evs, err)
	}
	if evs[0].CandidateName != "" {
		t.Error("an event logged before the name was known got a name")
	}
	// An event logged late (older At) does not become the last one.
	if err := st.Log(ctx, models.SyncEvent{OrgID: org.Org.ID, OpportunityID: "opp-priya", Kind: "retry", Status: models.LogOK, At: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	c, _ = st.SyncCandidate(ctx, org.Org.ID, "opp-priya")
	if c.LastKind != "write" || c.Events != 4 || !c.FirstAt.Equal(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("after a late event = %+v", c)
	}
	if _, err := st.SyncCandidate(ctx, "nope", "opp-priya"); err == nil {
		t.Error("candidate of another organization found")
	}
}

func TestSyncCandidates(t *testing.T) {
	st, org := setupStore(t)
	ctx := context.Background()
	otherID := seedSyncLog(t, st, org.Org.ID)
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }

	tests := []struct {
		name string
		f    models.SyncCandidateFilter
		want []string
	}{
		{"All", models.SyncCandidateFilter{OrgID: org.Org.ID}, []string{"opp-ann", "opp-sam", "opp-priya"}},
		{"StaffAll", models.SyncCandidateFilter{AllOrgs: true}, []string{"opp-ann", "opp-sam", "opp-pri", "opp-priya"}},
		{"EmailExact", models.SyncCandidateFilter{OrgID: org.Org.ID, Q: "PRIYA@example.com"}, []string{"opp-priya"}},
		{"EmailWithUnderscore", models.SyncCandidateFilter{OrgID: org.Org.ID, Q: "sam_"}, []string{"opp-sam"}},
		{"NamePrefix", models.SyncCandidateFilter{OrgID: org.Org.ID, Q: "pri"}, []string{"opp-priya"}},
		{"NamePrefixStaff", models.SyncCandidateFilter{AllOrgs: true, Q: "pri"}, []string{"opp-pri", "opp-priya"}},
		{"FullName", models.SyncCandidateFilter{OrgID: org.Org.ID, Q: " priya   natarajan "}, []string{"opp-priya"}},
		{"LastName", models.SyncCandidateFilter{OrgID: org.Org.ID, Q: "Natara"}, []string{"opp-priya"}},
		{"SubstringFallback", models.SyncCandidateFilter{OrgID: org.Org.ID, Q: "smith"}, []string{"opp-ann"}},
		{"OpportunityID", models.SyncCandidateFilter{OrgID: org.Org.ID, Q: "opp-sam"}, []string{"opp-sam"}},
		{"OtherOrgHidden", models.SyncCandidateFilter{OrgID: org.Org.ID, Q: "prince"}, nil},
		{"LikeWildcardIsLiteral", models.SyncCandidateFilter{OrgID: org.Org.ID, Q: "%"}, nil},
		{"FailedOnly", models.SyncCandidateFilter{OrgID: org.Org.ID, FailedOnly: true}, []string{"opp-priya"}},
		{"FailedOnlyStaff", models.SyncCandidateFilter{AllOrgs: true, FailedOnly: true}, []string{"opp-pri", "opp-priya"}},
		{"Kind", models.SyncCandidateFilter{OrgID: org.Org.ID, Kind: "decision"}, []string{"opp-sam", "opp-priya"}},
		{"KindFrom", models.SyncCandidateFilter{OrgID: org.Org.ID, Kind: "decision", From: day(3)}, []string{"opp-sam"}},
		{"KindFailed", models.SyncCandidateFilter{OrgID: org.Org.ID, Kind: "decision", FailedOnly: true}, nil},
		{"DateRange", models.SyncCandidateFilter{OrgID: org.Org.ID, From: day(2), To: day(6)}, []string{"opp-sam", "opp-priya"}},
		{"DateRangeGap", models.SyncCandidateFilter{OrgID: org.Org.ID, From: day(4), To: day(5)}, nil},
		{"RangeInsideActivity", models.SyncCandidateFilter{OrgID: org.Org.ID, From: day(8), To: day(10)}, []string{"opp-ann"}},
		{"RangeInGap", models.SyncCandidateFilter{OrgID: org.Org.ID, From: day(10), To: day(11)}, nil},
		{"From", models.SyncCandidateFilter{OrgID: org.Org.ID, From: day(6)}, []string{"opp-ann"}},
		{"To", models.SyncCandidateFilter{OrgID: org.Org.ID, To: day(2)}, []string{"opp-priya"}},
		{"Paged", models.SyncCandidateFilter{OrgID: org.Org.ID, Limit: 1, Offset: 1}, []string{"opp-sam"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := st.SyncCandidates(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, c := range got {
				ids = append(ids, c.OpportunityID)
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("candidates = %v, want %v", ids, tt.want)
			}
			if tt.f.Limit == 0 && total != int64(len(tt.want)) {
				t.Errorf("total = %d, want %d", total, len(tt.want))
			}
		})
	}

	t.Run("SyncLogQ", func(t *testing.T) {
		evs, total, err := st.SyncLog(ctx, models.SyncLogFilter{OrgID: org.Org.ID, Q: "natarajan", Newest: true, Limit: 2})
		if err != nil || total != 3 || len(evs) != 2 || evs[0].Kind != "write" {
			t.Fatalf("SyncLog q = %d events of %d (%v)", len(evs), total, err)
		}
		if evs, _, _ := st.SyncLog(ctx, models.SyncLogFilter{OrgID: otherID, Q: "natarajan"}); len(evs) != 0 {
			t.Errorf("other org finds %d events", len(evs))
		}
	})

	t.Run("Rebuild", func(t *testing.T) {
		before, _, _ := st.SyncCandidates(ctx, models.SyncCandidateFilter{AllOrgs: true})
		if err := st.RebuildSyncCandidates(ctx); err != nil {
			t.Fatal(err)
		}
		after, _, _ := st.SyncCandidates(ctx, models.SyncCandidateFilter{AllOrgs: true})
		if len(after) != len(before) {
			t.Fatalf("rebuilt %d candidates, had %d", len(after), len(before))
		}
		for i := range before {
			b, a := before[i], after[i]
			b.FirstAt, b.LastAt, a.FirstAt, a.LastAt = b.FirstAt.UTC(), b.LastAt.UTC(), a.FirstAt.UTC(), a.LastAt.UTC()
			if a != b {
				t.Errorf("rebuilt\n%+v\nwas\n%+v", a, b)
			}
		}
	})
}

func TestMigrationBackfillsSyncCandidates(t *testing.T) {
	db := testdb.Open(t)
	st := models.NewStore(db, testdb.Sealer(t))
	ctx := context.Background()
	org, err := st.CreateOrganization(ctx, models.NewOrgInput{Name: "Acme", Email: "owner@acme.test", Password: "password1"})
	if err != nil {
		t.Fatal(err)
	}
	seedSyncLog(t, st, org.Org.ID)
	// As on a database logged before migration 4: events, no candidates.
	for _, q := range []string{"DELETE FROM sync_candidates", "DELETE FROM schema_migrations WHERE version >= 4"} {
		if err := st.Gorm().Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	got, total, err := st.SyncCandidates(ctx, models.SyncCandidateFilter{AllOrgs: true, Q: "natarajan"})
	if err != nil || total != 1 || got[0].Events != 3 || got[0].Failures != 1 || got[0].NameTail != "natarajan" {
		t.Fatalf("after the migration: %+v (%d, %v)", got, total, err)
	}
}

// TestMigrationOutcomeCodes: on a database from before migration 20 (no
// code columns, rows with text only) the migration adds the columns; old
// rows keep their text with code "", and new rows keep code and params.
func TestMigrationOutcomeCodes(t *testing.T) {
	db := testdb.Open(t)
	st := models.NewStore(db, testdb.Sealer(t))
	ctx := context.Background()
	org, err := st.CreateOrganization(ctx, models.NewOrgInput{Name: "Acme", Email: "owner@acme.test", Password: "password1"})
	if err != nil {
		t.Fatal(err)
	}
	g := st.Gorm()
	for _, q := range []string{"ALTER TABLE sync_events DROP COLUMN code", "ALTER TABLE sync_events DROP COLUMN params",
		"ALTER TABLE webhook_deliveries DROP COLUMN reason_code", "ALTER TABLE lever_writes DROP COLUMN result_code", "DELETE FROM schema_migrations WHERE version >= 20"} {
		if err := g.Exec(q).Error; err != nil {
			t.Fatal(q, err)
		}
	}
	if err := g.Exec("INSERT INTO sync_events (org_id, opportunity_id, at, kind, status, message) VALUES (?, 'opp-old', ?, 'decision', 'skipped', 'Own change: echo')", org.Org.ID, time.Now().UTC()).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil { // again: a no-op
		t.Fatal(err)
	}
	for _, c := range [][2]string{{"sync_events", "code"}, {"sync_events", "params"}, {"webhook_deliveries", "reason_code"}, {"lever_writes", "result_code"}} {
		if !g.Migrator().HasColumn(c[0], c[1]) {
			t.Errorf("%s.%s missing after migration 20", c[0], c[1])
		}
	}
	if err := st.Log(ctx, models.SyncEvent{OrgID: org.Org.ID, OpportunityID: "opp-old", Kind: "decision", Status: models.LogOK, Code: "picked_up", Params: `{"ref":"IV-1"}`, Message: "Picked up"}); err != nil {
		t.Fatal(err)
	}
	evs, _, err := st.SyncLog(ctx, models.SyncLogFilter{OrgID: org.Org.ID, OpportunityID: "opp-old"})
	if err != nil || len(evs) != 2 {
		t.Fatalf("sync log = %+v, %v", evs, err)
	}
	if evs[0].Code != "" || evs[0].Params != "" || evs[0].Message != "Own change: echo" {
		t.Errorf("old row = %+v", evs[0])
	}
	if evs[1].Code != "picked_up" || evs[1].Params != `{"ref":"IV-1"}` {
		t.Errorf("new row = %+v", evs[1])
	}
}
