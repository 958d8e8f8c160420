package leversync_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
)

// TestArchiveAndDeleteEndings (docs/CONTRACT.md §8): our three webhooks are
// registered, one per event with its own token; a candidate archived in
// Lever ends their interview (to be scheduled or scheduled) with the credit
// back, one note and no stage write; a candidate deleted in Lever ends it
// with no Lever write at all and leaves no trace of their name or email in
// any table.
func TestArchiveAndDeleteEndings(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(5)
	hooks := r.SB.Webhooks(o.Account)
	tokens := map[string]string{}
	for _, h := range hooks {
		tokens[h.Event] = h.SignatureToken
	}
	if len(hooks) != 3 || len(tokens) != 3 || tokens[lever.EventCandidateArchiveChange] == tokens[lever.EventCandidateDeleted] ||
		tokens[lever.EventCandidateArchiveChange] == tokens[lever.EventCandidateStageChange] {
		t.Fatalf("webhooks in Lever: %+v, want one per event with distinct tokens", hooks)
	}
	credits := func() int {
		org, _ := r.Store.Organization(context.Background(), o.ID)
		return org.Credits
	}
	ended := func(ivID, detail string) models.Interview {
		t.Helper()
		var iv models.Interview
		r.Store.Gorm().First(&iv, "id = ?", ivID)
		if iv.Status != models.StatusUnable || iv.FailureReason != "organisation_cancelled" || !strings.Contains(iv.FailureDetail, detail) {
			t.Errorf("interview %s: %s / %s / %q, want unable_to_schedule / organisation_cancelled / %q", iv.Ref, iv.Status, iv.FailureReason, iv.FailureDetail, detail)
		}
		return iv
	}

	// Archived while to be scheduled, and while scheduled.
	waiting := r.candidate(o, "Archived Waiting", o.PostingID)
	r.move(o, waiting, o.Mapping.ToBeScheduled)
	iv1 := r.waitInterview(o, waiting)
	booked := r.candidate(o, "Archived Booked", o.PostingID)
	r.move(o, booked, o.Mapping.ToBeScheduled)
	iv2 := r.waitInterview(o, booked)
	r.event(o, iv2.ID, "schedule", `{"scheduled_at":"2030-01-02T15:00:00Z","timezone":"UTC","duration_minutes":30,"interviewer":"Ada"}`)
	r.settled(30 * time.Second)
	if got := credits(); got != 3 {
		t.Fatalf("credits before the archives = %d, want 3", got)
	}
	before := map[string]writeCalls{waiting: r.writeCalls(o, waiting), booked: r.writeCalls(o, booked)}
	for _, opp := range []string{waiting, booked} {
		if !r.SB.ArchiveOpportunity(o.Account, opp, "reason-not-a-fit") {
			t.Fatal("archive")
		}
	}
	r.delivered()
	ended(iv1.ID, "archived in Lever")
	ended(iv2.ID, "archived in Lever")
	if got := credits(); got != 5 {
		t.Errorf("credits after the archives = %d, want 5 (both returned)", got)
	}
	for _, opp := range []string{waiting, booked} {
		after := r.writeCalls(o, opp)
		if after.Notes != before[opp].Notes+1 || after.Moves != before[opp].Moves || after.Tags != before[opp].Tags {
			t.Errorf("%s: Lever writes %+v -> %+v, want one more note and nothing else", opp, before[opp], after)
		}
		if notes := notesText(r.opp(o, opp)); !strings.Contains(notes[len(notes)-1], "archived in Lever") {
			t.Errorf("%s: last note = %q", opp, notes[len(notes)-1])
		}
	}

	// Deleted: the interview ends, nothing is written, nothing of them is kept.
	name, email := "Zanele Deleted-Person", "zanele.deleted@erase.test"
	gone := r.SB.AddOpportunity(o.Account, sandboxInput(name, email, o.PostingID))
	r.move(o, gone, o.Mapping.ToBeScheduled)
	iv3 := r.waitInterview(o, gone)
	r.settled(30 * time.Second)
	sqlDB, err := r.Store.Gorm().DB()
	if err != nil {
		t.Fatal(err)
	}
	if where := findText(t, sqlDB, name, email); len(where) < 3 {
		t.Fatalf("before the deletion the scan finds the candidate only in %v: it would prove nothing", where)
	}
	callsBefore := len(r.SB.Calls(o.Account))
	r.SB.DeleteOpportunity(o.Account, gone)
	r.delivered()
	if iv := ended(iv3.ID, "deleted in Lever"); iv.CandidateName != "" || iv.CandidateEmail != "" {
		t.Errorf("deleted candidate's interview keeps %q %q", iv.CandidateName, iv.CandidateEmail)
	}
	if got := credits(); got != 5 {
		t.Errorf("credits after the deletion = %d, want 5", got)
	}
	for _, c := range r.SB.Calls(o.Account)[callsBefore:] {
		if c.Method != http.MethodGet {
			t.Errorf("a Lever write after the deletion: %s %s", c.Method, c.Path)
		}
	}
	if where := findText(t, sqlDB, name, email, strings.ToLower(name)); len(where) > 0 {
		t.Errorf("the deleted candidate's name or email is still stored: %v", where)
	}
}

// TestLifecycleWebhooksOwnTokens: a candidateDeleted delivery signed with
// the stage-change webhook's token is refused (each webhook's deliveries
// are checked with its own token only), and reconnecting keeps exactly one
// webhook per event.
func TestLifecycleWebhooksOwnTokens(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(5)
	c, err := r.Store.Connection(context.Background(), o.ID)
	if err != nil {
		t.Fatal(err)
	}
	stageToken, _ := r.Store.SignatureToken(c)
	deletedToken, _ := r.Store.SignatureTokenFor(c, lever.EventCandidateDeleted)
	post := func(key string) int {
		at := time.Now().UnixMilli()
		tok := fmt.Sprintf("tok-%d", at)
		body := fmt.Sprintf(`{"event":%q,"triggeredAt":%d,"token":%q,"signature":%q,"data":{"opportunityId":"opp-x"}}`,
			lever.EventCandidateDeleted, at, tok, lever.Signature(key, tok, at))
		resp, err := http.Post(r.Engine.WebhookURL(c), "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if st := post(stageToken); st != 401 {
		t.Errorf("candidateDeleted signed with the stage-change token = %d, want 401", st)
	}
	if st := post(deletedToken); st != 200 {
		t.Errorf("candidateDeleted signed with its own token = %d, want 200", st)
	}
	tok, _ := r.SB.IssueToken(o.Account, strings.Fields(lever.DefaultScopes)...)
	if _, err := r.Engine.Connect(context.Background(), o.ID, models.Grant{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken,
		ExpiresAt: time.Now().Add(time.Hour), Scopes: tok.Scope, AccountID: lever.AccountID(tok.AccessToken)}); err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, h := range r.SB.Webhooks(o.Account) {
		count[h.Event]++
	}
	for _, ev := range lever.OurEvents {
		if count[ev] != 1 {
			t.Errorf("after reconnecting: %d %s webhooks, want 1 (%v)", count[ev], ev, count)
		}
	}
}

// findText scans every text column of every table for any of needles and
// returns "table.column" where one was found.
func findText(t *testing.T, db *sql.DB, needles ...string) []string {
	t.Helper()
	tables, err := tableNames(db)
	if err != nil {
		t.Fatal(err)
	}
	var where []string
	for _, table := range tables {
		rows, err := db.Query("SELECT * FROM " + table)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				var s string
				switch x := v.(type) {
				case string:
					s = x
				case []byte:
					s = string(x)
				}
				for _, n := range needles {
					if n != "" && strings.Contains(s, n) {
						where = append(where, table+"."+cols[i])
					}
				}
			}
		}
		rows.Close()
	}
	return where
}

// tableNames lists the tables of the test database (SQLite or the
// PostgreSQL schema on the search path).
func tableNames(db *sql.DB) ([]string, error) {
	q := `SELECT name FROM sqlite_master WHERE type = 'table'`
	if _, err := db.Exec(`SELECT 1 FROM pg_catalog.pg_tables LIMIT 1`); err == nil {
		q = `SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()`
	}
	rows, err := db.Query(q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func sandboxInput(name, email, postingID string) sandbox.OpportunityInput {
	return sandbox.OpportunityInput{Name: name, Emails: []string{email}, PostingID: postingID, StageID: "applicant-new"}
}

// TestSweepCatchesLostEndings: with Lever's webhooks switched off, a
// candidate archived, one moved out and one deleted while their interviews
// wait, and one archived and one deleted while scheduled, are all found by
// the reconciliation sweep and end like with the webhook; candidates still
// in To be Scheduled or Scheduled are left alone, and a second sweep in the
// same hour queues nothing more.
func TestSweepCatchesLostEndings(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(10)
	ctx := context.Background()
	opps := map[string]string{}
	ivs := map[string]string{}
	for _, k := range []string{"archived", "moved", "deleted", "waiting", "booked archived", "booked deleted", "booked"} {
		opps[k] = r.candidate(o, "Sweep "+k, o.PostingID)
		r.move(o, opps[k], o.Mapping.ToBeScheduled)
		ivs[k] = r.waitInterview(o, opps[k]).ID
		if strings.HasPrefix(k, "booked") {
			r.event(o, ivs[k], "schedule", `{"scheduled_at":"2030-01-02T15:00:00Z","timezone":"UTC","duration_minutes":30,"interviewer":"Ada"}`)
		}
	}
	r.settled(30 * time.Second)
	r.SB.SetWebhooksEnabled(o.Account, false)
	screen, _ := r.SB.StageByName(o.Account, "Phone Screen")
	r.SB.ArchiveOpportunity(o.Account, opps["archived"], "reason-withdrew")
	r.SB.ArchiveOpportunity(o.Account, opps["booked archived"], "reason-withdrew")
	r.move(o, opps["moved"], screen)
	r.SB.DeleteOpportunity(o.Account, opps["deleted"])
	r.SB.DeleteOpportunity(o.Account, opps["booked deleted"])
	r.settled(30 * time.Second)
	if n, err := r.Engine.Reconcile(ctx, o.ID); err != nil || n != 5 {
		t.Fatalf("sweep queued %d (%v), want 5", n, err)
	}
	r.settled(30 * time.Second)
	for k, want := range map[string]string{"archived": "archived in Lever", "moved": "Phone Screen", "deleted": "deleted in Lever",
		"booked archived": "archived in Lever", "booked deleted": "deleted in Lever"} {
		var iv models.Interview
		r.Store.Gorm().First(&iv, "id = ?", ivs[k])
		if iv.Status != models.StatusUnable || !strings.Contains(iv.FailureDetail, want) {
			t.Errorf("%s: %s %q, want unable_to_schedule saying %q", k, iv.Status, iv.FailureDetail, want)
		}
	}
	for k, want := range map[string]string{"waiting": models.StatusToBeScheduled, "booked": models.StatusScheduled} {
		var iv models.Interview
		r.Store.Gorm().First(&iv, "id = ?", ivs[k])
		if iv.Status != want {
			t.Errorf("the %s candidate's interview is %s, want %s", k, iv.Status, want)
		}
	}
	if org, _ := r.Store.Organization(ctx, o.ID); org.Credits != 8 {
		t.Errorf("credits = %d, want 8 (two held, five returned)", org.Credits)
	}
	if n, err := r.Engine.Reconcile(ctx, o.ID); err != nil || n != 0 {
		t.Errorf("second sweep queued %d (%v), want 0", n, err)
	}
}

// TestAnonymizedIsErased: a candidate anonymized in Lever keeps no name or
// email here once we next read their opportunity (their move out of To be
// Scheduled, which also ends the interview).
func TestAnonymizedIsErased(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(5)
	name, email := "Priyanka Anonymized-Later", "priyanka.anon@erase.test"
	opp := r.SB.AddOpportunity(o.Account, sandboxInput(name, email, o.PostingID))
	r.move(o, opp, o.Mapping.ToBeScheduled)
	r.waitInterview(o, opp)
	r.settled(30 * time.Second)
	sqlDB, err := r.Store.Gorm().DB()
	if err != nil {
		t.Fatal(err)
	}
	if where := findText(t, sqlDB, name, email); len(where) == 0 {
		t.Fatal("the candidate is not stored before anonymization: the test would prove nothing")
	}
	r.SB.AnonymizeOpportunity(o.Account, opp)
	screen, _ := r.SB.StageByName(o.Account, "Phone Screen")
	r.move(o, opp, screen)
	r.delivered()
	if where := findText(t, sqlDB, name, email, strings.ToLower(name)); len(where) > 0 {
		t.Errorf("the anonymized candidate's name or email is still stored: %v", where)
	}
}
