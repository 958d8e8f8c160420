//go:build unix

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/intervue/lever-integration/internal/testdb"
	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
)

// TestCrashRecovery runs the real binary against a fake Lever, kills it with
// SIGKILL while deliveries and Lever writes are in flight, restarts it on the
// same database and port, and checks that every acknowledged delivery and
// interview event ends in Lever exactly once. Then SIGTERM with jobs running
// must end the process cleanly within seconds, and a restart finishes the rest.
func TestCrashRecovery(t *testing.T) {
	if os.Getenv("TEST_DATABASE_URL") == "" {
		t.Skip("runs against PostgreSQL only (TEST_DATABASE_URL): it starts the real binary, which needs a database both runs share")
	}
	bin := crashBuild(t)
	ctx := context.Background()

	// The fake Lever, slowed down so that work is in flight when we kill.
	var delay atomic.Int64
	mux := http.NewServeMux()
	lts := httptest.NewServer(mux)
	t.Cleanup(lts.Close)
	sb := sandbox.New(sandbox.Options{BaseURL: lts.URL, ClientID: "sandbox-client", ClientSecret: "sandbox-secret"})
	t.Cleanup(sb.Close)
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/v1/") {
			time.Sleep(time.Duration(delay.Load()))
		}
		sb.Handler().ServeHTTP(w, r)
	}))

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	appURL := "http://" + addr
	dbURL, _ := testdb.URL(t)
	env := []string{"LISTEN_ADDR=" + addr, "PUBLIC_URL=" + appURL, "DATABASE_URL=" + dbURL, "SECRET_KEY=" + testSecretKey,
		"LEVER_CLIENT_ID=sandbox-client", "LEVER_CLIENT_SECRET=sandbox-secret", "LEVER_AUTH_URL=" + lts.URL, "LEVER_API_URL=" + lts.URL + "/v1",
		"RESCUE_STUCK_JOBS_AFTER=5s"}
	p := crashStart(t, bin, env, appURL)
	email, password, key := bootstrapOrg(t, bin, env)
	db, err := models.Open(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	gdb := db.Gorm

	// Set up like an admin: connect through the consent page, then the JSON API.
	const account = sandbox.DemoAccountID
	crashConnect(t, appURL, email, password, account)
	var status struct {
		Status     string `json:"status"`
		WebhookURL string `json:"webhook_url"`
	}
	crashAPI(t, appURL, key, "GET", "/api/v1/lever", "", 200, &status)
	if status.Status != "connected" {
		t.Fatalf("after connect: %+v", status)
	}
	var stages []struct{ ID, Text string }
	crashAPI(t, appURL, key, "GET", "/api/v1/lever/stages", "", 200, &stages)
	stage := map[string]string{}
	for _, s := range stages {
		stage[s.Text] = s.ID
	}
	mapping := models.StageMapping{ToBeScheduled: stage["Intervue - To be Scheduled"], Scheduled: stage["Intervue - Scheduled"],
		Yes: stage["Intervue - Yes"], No: stage["Intervue - No"], Unable: stage["Intervue - Unable to schedule"]}
	mj, _ := json.Marshal(mapping)
	crashAPI(t, appURL, key, "PUT", "/api/v1/lever/stage-mapping", string(mj), 200, nil)
	var profile struct{ ID string }
	crashAPI(t, appURL, key, "POST", "/api/v1/profiles", `{"name":"Backend (Go)","duration_minutes":60,"skills":["Go"]}`, 201, &profile)
	posting := ""
	for _, po := range sb.Postings(account) {
		if po.State == "published" && po.Confidentiality != "confidential" {
			posting = po.ID
			break
		}
	}
	crashAPI(t, appURL, key, "PUT", "/api/v1/lever/postings/"+posting+"/profile", `{"profile_id":"`+profile.ID+`"}`, 200, nil)
	crashAPI(t, appURL, key, "PUT", "/api/v1/lever/enabled", `{"enabled":true}`, 200, nil)
	// The demo organization has 25 credits; buy enough for every candidate.
	if err := gdb.Model(&models.Organization{}).Where("1 = 1").Update("credits", 1000).Error; err != nil {
		t.Fatal(err)
	}

	// Candidates enter To be Scheduled; we send Lever's deliveries ourselves.
	hook := stageHook(t, sb.Webhooks(account))
	if hook.URL != status.WebhookURL {
		t.Fatalf("stage-change webhook in Lever = %+v, want it at %s", hook, status.WebhookURL)
	}
	sb.SetWebhooksEnabled(account, false)
	var opps []string
	addCandidates := func(n int) []string {
		var ids []string
		for i := 0; i < n; i++ {
			id := sb.AddOpportunity(account, sandbox.OpportunityInput{Name: fmt.Sprintf("Crash Candidate %03d", len(opps)), PostingID: posting, StageID: "applicant-new"})
			if err := sb.MoveCandidate(ctx, account, id, mapping.ToBeScheduled); err != nil {
				t.Fatal(err)
			}
			opps = append(opps, id)
			ids = append(ids, id)
		}
		return ids
	}
	deliver := func(ids []string) {
		var wg sync.WaitGroup
		for _, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				token := "crash-" + id
				data := fmt.Sprintf(`{"opportunityId":%q,"toStageId":%q,"fromStageId":"applicant-new"}`, id, mapping.ToBeScheduled)
				at := time.Now().UnixMilli()
				body := fmt.Sprintf(`{"triggeredAt":%d,"event":"candidateStageChange","token":%q,"signature":%q,"data":%s}`,
					at, token, lever.Signature(hook.SignatureToken, token, at), data)
				resp, err := http.Post(status.WebhookURL, "application/json", strings.NewReader(body))
				if err != nil {
					t.Errorf("delivery for %s: %v", id, err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode != 200 {
					t.Errorf("delivery for %s answered %d", id, resp.StatusCode)
				}
			}()
		}
		wg.Wait()
	}
	count := func(model any, where string, args ...any) int64 {
		var n int64
		gdb.Model(model).Where(where, args...).Count(&n)
		return n
	}

	delay.Store(int64(120 * time.Millisecond))
	sb.SetFaults(sandbox.Faults{Seed: 3, RateApplyThenFail: 0.05})
	first := addCandidates(60)
	deliver(first)
	eventually := func(timeout time.Duration, what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(timeout)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out after %s waiting for: %s", timeout, what)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	eventually(30*time.Second, "20 interviews", func() bool { return count(&models.Interview{}, "1 = 1") >= 20 })
	var early []models.Interview
	gdb.Order("created_at").Limit(20).Find(&early)
	for _, iv := range early {
		crashAPI(t, appURL, key, "POST", "/api/v1/interviews/"+iv.ID+"/schedule",
			`{"scheduled_at":"`+time.Now().UTC().Add(72*time.Hour).Truncate(time.Hour).Format(time.RFC3339)+`","timezone":"UTC","duration_minutes":30,"interviewer":"Grace Hopper"}`, 200, nil)
	}
	deliver(addCandidates(40))
	// Kill while some interview's Lever writes are being performed.
	eventually(30*time.Second, "Lever writes in flight", func() bool {
		return count(&models.Interview{}, "writer_lease > ?", time.Now().UTC()) > 0
	})

	// kill -9 with work in flight.
	received := count(&models.WebhookDelivery{}, "status = ?", models.DeliveryReceived)
	pending := count(&models.LeverWrite{}, "status = ?", models.WritePending)
	var running int64
	gdb.Table("river_job").Where("state = ?", "running").Count(&running)
	leased := count(&models.Interview{}, "writer_lease > ?", time.Now().UTC())
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-p.done
	t.Logf("killed with SIGKILL: %d of %d acknowledged deliveries unprocessed, %d Lever writes pending, %d jobs running, %d interviews' writes leased by the killed process",
		received, len(opps), pending, running, leased)
	if received == 0 || pending == 0 || running == 0 {
		t.Fatalf("nothing was in flight at the kill: %d deliveries, %d writes, %d jobs", received, pending, running)
	}

	// Restart on the same database and port; everything acknowledged completes.
	restart := time.Now()
	callsAtRestart := len(sb.Calls(account))
	p = crashStart(t, bin, env, appURL)
	done := func() bool {
		return count(&models.WebhookDelivery{}, "status = ?", models.DeliveryReceived) == 0 &&
			count(&models.LeverWrite{}, "status = ?", models.WritePending) == 0 &&
			count(&models.Interview{}, "1 = 1") == int64(len(opps))
	}
	eventually(4*time.Minute, "all acknowledged work done after the restart", done)
	recovery := time.Since(restart)
	crashCheck(t, sb, gdb, account, mapping, opps, early)
	after := len(sb.Calls(account)) - callsAtRestart
	floor := time.Duration(after-lever.DefaultBurst) * time.Second / lever.DefaultRPS
	t.Logf("recovered in %s after the restart (%d candidates, %d scheduled): %d Lever calls, at least %s at %d/s",
		recovery.Round(time.Millisecond), len(opps), len(early), after, floor.Round(time.Second), lever.DefaultRPS)
	// Jobs of the killed process run again once River rescues them (5s
	// here), not after some longer lease of their own.
	if recovery > floor+45*time.Second {
		t.Errorf("recovery took %s for %s of Lever calls", recovery, floor)
	}

	// SIGTERM with jobs running: a clean exit within seconds, nothing lost.
	more := addCandidates(30)
	deliver(more)
	eventually(10*time.Second, "jobs running", func() bool {
		var n int64
		gdb.Table("river_job").Where("state = ?", "running").Count(&n)
		return n > 0
	})
	term := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		t.Fatal("no exit within 30s of SIGTERM")
	}
	stopped := time.Since(term)
	if p.err != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", p.err, tail(p.stderr.String(), 2000))
	}
	t.Logf("SIGTERM: exited 0 in %s with %d of %d new deliveries still unprocessed", stopped.Round(time.Millisecond),
		count(&models.WebhookDelivery{}, "status = ?", models.DeliveryReceived), len(more))
	if stopped > 10*time.Second {
		t.Errorf("graceful shutdown took %s", stopped)
	}
	restart = time.Now()
	p = crashStart(t, bin, env, appURL)
	eventually(3*time.Minute, "the rest done after the graceful restart", done)
	t.Logf("after SIGTERM, the restart finished the rest in %s", time.Since(restart).Round(time.Millisecond))
	crashCheck(t, sb, gdb, account, mapping, opps, early)
}

// crashCheck asserts the exact end state: one interview, one tag and one
// processed delivery per candidate; the scheduled ones moved to Scheduled
// once, with one note.
func crashCheck(t *testing.T, sb *sandbox.Server, gdb *gorm.DB, account string, m models.StageMapping, opps []string, scheduled []models.Interview) {
	t.Helper()
	sched := map[string]bool{}
	for _, iv := range scheduled {
		sched[iv.OpportunityID] = true
	}
	for _, id := range opps {
		var ivs []models.Interview
		gdb.Where("opportunity_id = ?", id).Find(&ivs)
		var ds []models.WebhookDelivery
		gdb.Where("opportunity_id = ?", id).Find(&ds)
		op, _ := sb.Opportunity(account, id)
		tags := 0
		for _, tg := range op.Tags {
			if tg == leversync.TagName {
				tags++
			}
		}
		moves := 0
		for _, ch := range op.StageChanges {
			if ch.ToStageID == m.Scheduled {
				moves++
			}
		}
		wantStatus, wantStage, wantNotes, wantMoves := models.StatusToBeScheduled, m.ToBeScheduled, 0, 0
		if sched[id] {
			wantStatus, wantStage, wantNotes, wantMoves = models.StatusScheduled, m.Scheduled, 1, 1
		}
		if len(ivs) != 1 || ivs[0].Status != wantStatus || len(ds) != 1 || ds[0].Status == models.DeliveryReceived ||
			tags != 1 || op.Stage != wantStage || len(op.Notes) != wantNotes || moves != wantMoves {
			var st []string
			for _, iv := range ivs {
				st = append(st, iv.Status)
			}
			t.Errorf("candidate %s: interviews %v (want one %s), %d deliveries, tag %d times, stage %s (want %s), %d notes (want %d), %d moves to Scheduled (want %d)",
				id, st, wantStatus, len(ds), tags, op.Stage, wantStage, len(op.Notes), wantNotes, moves, wantMoves)
		}
	}
	var bad int64
	gdb.Model(&models.LeverWrite{}).Where("status <> ?", models.WriteDone).Count(&bad)
	if bad != 0 {
		t.Errorf("%d Lever writes not done", bad)
	}
}

// stageHook returns the one Candidate Stage Change webhook among hooks.
func stageHook(t testing.TB, hooks []sandbox.Webhook) sandbox.Webhook {
	t.Helper()
	var out []sandbox.Webhook
	for _, h := range hooks {
		if h.Event == lever.EventCandidateStageChange {
			out = append(out, h)
		}
	}
	if len(out) != 1 {
		t.Fatalf("webhooks in Lever = %+v, want one Candidate Stage Change webhook", hooks)
	}
	return out[0]
}
