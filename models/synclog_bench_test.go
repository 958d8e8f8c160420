package models_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/intervue/lever-integration/internal/testdb"
	"github.com/intervue/lever-integration/models"
)

// Benchmark data set: 1,000,000 sync events of 49,550 candidates in 20
// organizations over 90 days; candidates 1-50 have 200 events each, the
// others 20. 3% of events failed.
const (
	benchEvents     = 1_000_000
	benchHeavy      = 50  // candidates with 200 events
	benchHeavyEach  = 200 // events each
	benchNormalEach = 20
	benchOrgs       = 20
)

// benchStore seeds the data set on PostgreSQL (TEST_DATABASE_URL) into a
// schema of its own, dropped when b ends. It skips without PostgreSQL.
func benchStore(b *testing.B) *models.Store {
	b.Helper()
	if os.Getenv("TEST_DATABASE_URL") == "" {
		b.Skip("set TEST_DATABASE_URL to benchmark on PostgreSQL")
	}
	ctx := context.Background()
	start := time.Now()
	db := testdb.Open(b)
	st := models.NewStore(db, testdb.Sealer(b))
	heavyEvents := benchHeavy * benchHeavyEach
	err := st.Gorm().Exec(`INSERT INTO sync_events (org_id, opportunity_id, interview_id, delivery_id, write_id, candidate_name, candidate_email,
			at, kind, status, message, method, path, http_status, duration_ms, attempt)
		SELECT 'org-' || lpad((1 + c % @orgs)::text, 2, '0'), 'opp-' || lpad(c::text, 6, '0'), '', '', '',
			CASE WHEN i = 0 THEN '' ELSE fn || ' ' || ln END,
			CASE WHEN i = 0 THEN '' ELSE lower(fn || '.' || ln || '.' || c) || '@example.test' END,
			TIMESTAMPTZ '2026-01-01 00:00:00+00' + (c * INTERVAL '155 seconds') + (i * INTERVAL '7 minutes'),
			(ARRAY['webhook','decision','lever_call','lever_call','lever_call','lever_call','write','write','event','retry'])[1 + e % 10],
			CASE WHEN (e::bigint * 7919) % 1000 < 30 THEN 'failed' WHEN (e::bigint * 7919) % 1000 < 130 THEN 'skipped'
				WHEN (e::bigint * 7919) % 1000 < 150 THEN 'retrying' ELSE 'ok' END,
			'PUT /opportunities/opp-' || c || '/stage → 200 in 84 ms', 'PUT', '/opportunities/opp-' || c || '/stage', 200, 84, 1
		FROM (SELECT e,
				CASE WHEN e < @heavy THEN 1 + e / @heavyEach ELSE @heavyN + 1 + (e - @heavy) / @normalEach END AS c,
				CASE WHEN e < @heavy THEN e % @heavyEach ELSE (e - @heavy) % @normalEach END AS i
			FROM generate_series(0, @events - 1) AS e) g,
		LATERAL (SELECT (ARRAY['Priya','Sam','Fatima','Jonas','Mei','Carlos','Aisha','Lukas','Olga','Kenji','Amara','Diego','Hana','Ivan','Zara','Tomas','Leila','Noah','Ines','Omar'])[1 + (g.c / 20) % 20] AS fn,
			(ARRAY['Natarajan','Lee','Zahra','Berg','Chen','Silva','Okafor','Novak','Ivanova','Tanaka','Mensah','Garcia','Kim','Petrov','Ali','Horvat','Haddad','Smith','Costa','Rahman','Walker','Dubois','Rossi','Nagy','Sato'])[1 + (g.c / 400) % 25] AS ln) n`,
		map[string]any{"orgs": benchOrgs, "heavy": heavyEvents, "heavyEach": benchHeavyEach, "heavyN": benchHeavy,
			"normalEach": benchNormalEach, "events": benchEvents}).Error
	if err != nil {
		b.Fatalf("seed events: %v", err)
	}
	if err := st.RebuildSyncCandidates(ctx); err != nil {
		b.Fatal(err)
	}
	for _, table := range []string{"sync_events", "sync_candidates"} {
		if err := st.Gorm().Exec("ANALYZE " + table).Error; err != nil {
			b.Fatal(err)
		}
	}
	var events, cands int64
	st.Gorm().Table("sync_events").Count(&events)
	st.Gorm().Table("sync_candidates").Count(&cands)
	b.Logf("seeded %d sync events, %d candidates, %d organizations in %s", events, cands, benchOrgs, time.Since(start).Round(time.Millisecond))
	return st
}

// benchCandidate is the org, opportunity id and email of candidate c.
func benchCandidate(b *testing.B, st *models.Store, c int) models.SyncCandidate {
	b.Helper()
	sc, err := st.SyncCandidate(context.Background(), fmt.Sprintf("org-%02d", 1+c%benchOrgs), fmt.Sprintf("opp-%06d", c))
	if err != nil {
		b.Fatal(err)
	}
	return *sc
}

func BenchmarkSyncLogSearch(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	c := benchCandidate(b, st, 31337)
	week := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		f    models.SyncCandidateFilter
	}{
		{"EmailExact", models.SyncCandidateFilter{OrgID: c.OrgID, Q: c.CandidateEmail, Limit: 50}},
		{"NamePrefix", models.SyncCandidateFilter{OrgID: c.OrgID, Q: "pri", Limit: 50}},
		{"LastName", models.SyncCandidateFilter{OrgID: c.OrgID, Q: "natarajan", Limit: 50}},
		{"OpportunityID", models.SyncCandidateFilter{OrgID: c.OrgID, Q: c.OpportunityID, Limit: 50}},
		{"OrgList", models.SyncCandidateFilter{OrgID: c.OrgID, Limit: 50}},
		{"FailedOnly", models.SyncCandidateFilter{OrgID: c.OrgID, FailedOnly: true, Limit: 50}},
		{"OrgWeek", models.SyncCandidateFilter{OrgID: c.OrgID, From: week, To: week.AddDate(0, 0, 7), Limit: 50}},
		{"WeekKindFailed", models.SyncCandidateFilter{OrgID: c.OrgID, From: week, To: week.AddDate(0, 0, 7), Kind: "write", FailedOnly: true, Limit: 50}},
		{"StaffEmailExact", models.SyncCandidateFilter{AllOrgs: true, Q: c.CandidateEmail, Limit: 50}},
		{"StaffNamePrefix", models.SyncCandidateFilter{AllOrgs: true, Q: "pri", Limit: 50}},
		{"StaffSubstring", models.SyncCandidateFilter{AllOrgs: true, Q: "atara", Limit: 50}},
		{"StaffFailedOnly", models.SyncCandidateFilter{AllOrgs: true, FailedOnly: true, Limit: 50}},
		{"StaffWeek", models.SyncCandidateFilter{AllOrgs: true, From: week, To: week.AddDate(0, 0, 7), Limit: 50}},
		{"StaffWeekFailed", models.SyncCandidateFilter{AllOrgs: true, From: week, To: week.AddDate(0, 0, 7), FailedOnly: true, Limit: 50}},
		{"StaffKindAllTime", models.SyncCandidateFilter{AllOrgs: true, Kind: "retry", Limit: 50}},
		{"StaffKindFailedAllTime", models.SyncCandidateFilter{AllOrgs: true, Kind: "write", FailedOnly: true, Limit: 50}},
	}
	for _, tt := range tests {
		explain(b, st, tt.name, func() error { _, _, err := st.SyncCandidates(ctx, tt.f); return err })
		b.Run(tt.name, func(b *testing.B) {
			var total int64
			for b.Loop() {
				var err error
				if _, total, err = st.SyncCandidates(ctx, tt.f); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(total), "matches")
		})
	}
}

func BenchmarkTimeline(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		c    int
	}{{"Events20", 31337}, {"Events200", 7}} {
		c := benchCandidate(b, st, tt.c)
		f := models.SyncLogFilter{OrgID: c.OrgID, OpportunityID: c.OpportunityID}
		explain(b, st, "Timeline"+tt.name, func() error { _, _, err := st.SyncLog(ctx, f); return err })
		b.Run(tt.name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				evs, _, err := st.SyncLog(ctx, f)
				if err != nil {
					b.Fatal(err)
				}
				n = len(evs)
			}
			b.ReportMetric(float64(n), "events")
		})
	}
}

// explain logs EXPLAIN ANALYZE of every statement fn runs, when
// BENCH_EXPLAIN is set.
func explain(b *testing.B, st *models.Store, name string, fn func() error) {
	b.Helper()
	if os.Getenv("BENCH_EXPLAIN") == "" {
		return
	}
	var stmts []string
	capture := func(db *gorm.DB) {
		stmts = append(stmts, db.Dialector.Explain(db.Statement.SQL.String(), db.Statement.Vars...))
	}
	g := st.Gorm()
	g.Callback().Query().After("gorm:query").Register("bench:capture", capture)
	g.Callback().Row().After("gorm:row").Register("bench:capture", capture)
	err := fn()
	g.Callback().Query().Remove("bench:capture")
	g.Callback().Row().Remove("bench:capture")
	if err != nil {
		b.Fatal(err)
	}
	for _, sql := range stmts {
		var lines []string
		if err := g.Raw("EXPLAIN (ANALYZE, COSTS OFF) " + sql).Scan(&lines).Error; err != nil {
			b.Fatalf("explain %s: %v", sql, err)
		}
		b.Logf("%s\n%s\n%s", name, sql, strings.Join(lines, "\n"))
	}
}
