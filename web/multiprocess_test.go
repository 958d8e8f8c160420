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
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/intervue/lever-integration/internal/testdb"
	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
)

// freeAddr returns a free 127.0.0.1 port.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestThreeProcessesExactlyOnce runs three app processes (the real binary)
// on one PostgreSQL database against one fake Lever account, spreads a
// burst of deliveries over all three, and kills one with SIGKILL in the
// middle. Every candidate is picked up exactly once (one interview, the tag
// once, no note or move), nothing acknowledged is lost, the survivors take
// over the killed process's running jobs without a restart, and Lever never
// sees more than 20 requests in any second or more than 10/s sustained:
// the rate budget is the account's, held in the database, not each
// process's. Timed targets are in bench/, not here.
func TestThreeProcessesExactlyOnce(t *testing.T) {
	if os.Getenv("TEST_DATABASE_URL") == "" {
		t.Skip("PostgreSQL only (TEST_DATABASE_URL): three processes share one database")
	}
	n := 150
	if v, err := strconv.Atoi(os.Getenv("MULTI_DELIVERIES")); err == nil && v > 0 {
		n = v
	}
	bin := crashBuild(t)
	ctx := context.Background()
	lts := httptest.NewServer(nil)
	t.Cleanup(lts.Close)
	sb := sandbox.New(sandbox.Options{BaseURL: lts.URL, ClientID: "sandbox-client", ClientSecret: "sandbox-secret"})
	t.Cleanup(sb.Close)
	lts.Config.Handler = sb.Handler()

	dbURL, _ := testdb.URL(t)
	addrs := []string{freeAddr(t), freeAddr(t), freeAddr(t)}
	publicURL := "http://" + addrs[0]
	env := func(addr string) []string {
		return []string{"LISTEN_ADDR=" + addr, "PUBLIC_URL=" + publicURL, "DATABASE_URL=" + dbURL, "SECRET_KEY=" + testSecretKey,
			"LEVER_CLIENT_ID=sandbox-client", "LEVER_CLIENT_SECRET=sandbox-secret", "LEVER_AUTH_URL=" + lts.URL, "LEVER_API_URL=" + lts.URL + "/v1"}
	}
	procs := []*crashProc{crashStart(t, bin, env(addrs[0]), publicURL)}
	email, password, key := bootstrapOrg(t, bin, env(addrs[0]))
	const account = sandbox.DemoAccountID
	crashConnect(t, publicURL, email, password, account)
	mapping, posting := multiSetup(t, sb, publicURL, key, account)
	for _, a := range addrs[1:] {
		procs = append(procs, crashStart(t, bin, env(a), "http://"+a))
	}
	db, err := models.Open(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	gdb := db.Gorm
	if err := gdb.Model(&models.Organization{}).Where("1 = 1").Update("credits", n+10).Error; err != nil {
		t.Fatal(err)
	}
	count := func(model any, where string, args ...any) int64 {
		var c int64
		gdb.Model(model).Where(where, args...).Count(&c)
		return c
	}

	hook := stageHook(t, sb.Webhooks(account))
	sb.SetWebhooksEnabled(account, false) // we deliver, spread over the processes
	path := strings.TrimPrefix(hook.URL, publicURL)
	opps := make([]string, n)
	for i := range opps {
		opps[i] = sb.AddOpportunity(account, sandbox.OpportunityInput{Name: fmt.Sprintf("Multi Candidate %03d", i), PostingID: posting, StageID: "applicant-new"})
		if err := sb.MoveCandidate(ctx, account, opps[i], mapping.ToBeScheduled); err != nil {
			t.Fatal(err)
		}
	}
	callsBefore := len(sb.Calls(account))
	var wg sync.WaitGroup
	next := make(chan int)
	for range 16 {
		wg.Go(func() {
			for i := range next {
				at := time.Now().UnixMilli()
				token := fmt.Sprintf("multi-%04d", i)
				body := fmt.Sprintf(`{"triggeredAt":%d,"event":"candidateStageChange","token":%q,"signature":%q,"data":{"opportunityId":%q,"toStageId":%q,"fromStageId":"applicant-new"}}`,
					at, token, lever.Signature(hook.SignatureToken, token, at), opps[i], mapping.ToBeScheduled)
				resp, err := http.Post("http://"+addrs[i%3]+path, "application/json", strings.NewReader(body))
				if err != nil {
					t.Errorf("delivery %d: %v", i, err)
					continue
				}
				resp.Body.Close()
				if resp.StatusCode != 200 {
					t.Errorf("delivery %d answered %d", i, resp.StatusCode)
				}
			}
		})
	}
	for i := range opps {
		next <- i
	}
	close(next)
	wg.Wait()

	// Kill one process while it runs jobs.
	deadline := time.Now().Add(2 * time.Minute)
	for count(&models.Interview{}, "1 = 1") < int64(n/3) {
		if time.Now().After(deadline) {
			t.Fatal("a third of the candidates not picked up within 2 minutes")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := procs[1].cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-procs[1].done
	killed := time.Now()
	t.Logf("killed one of three processes with %d of %d candidates picked up", count(&models.Interview{}, "1 = 1"), n)

	for {
		if count(&models.WebhookDelivery{}, "status = ?", models.DeliveryReceived) == 0 &&
			count(&models.LeverWrite{}, "status = ?", models.WritePending) == 0 && count(&models.Interview{}, "1 = 1") == int64(n) {
			break
		}
		if time.Since(killed) > 4*time.Minute {
			t.Fatalf("not done 4 minutes after the kill: %d interviews of %d, %d deliveries unprocessed, %d writes pending", count(&models.Interview{}, "1 = 1"), n,
				count(&models.WebhookDelivery{}, "status = ?", models.DeliveryReceived), count(&models.LeverWrite{}, "status = ?", models.WritePending))
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("all %d done %s after the kill, without a restart", n, time.Since(killed).Round(time.Second))

	for _, id := range opps {
		var ivs []models.Interview
		gdb.Where("opportunity_id = ?", id).Find(&ivs)
		op, _ := sb.Opportunity(account, id)
		tags := 0
		for _, tg := range op.Tags {
			if tg == leversync.TagName {
				tags++
			}
		}
		if len(ivs) != 1 || tags != 1 || len(op.Notes) != 0 || op.Stage != mapping.ToBeScheduled {
			t.Errorf("candidate %s: %d interviews, tag %d times, %d notes, stage %s; want 1, 1, 0, To be Scheduled", id, len(ivs), tags, len(op.Notes), op.Stage)
		}
	}
	calls := sb.Calls(account)[callsBefore:]
	var times []time.Time
	limited := 0
	for _, c := range calls {
		times = append(times, c.At)
		if c.Status == http.StatusTooManyRequests {
			limited++
		}
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	perSecond, per10 := windowMax(times, time.Second), windowMax(times, 10*time.Second)
	t.Logf("%d Lever calls from three processes: at most %d in one second (sandbox's count %d), %d in ten seconds, %d answered 429",
		len(calls), perSecond, sb.RequestsPerSecondMax(account), per10, limited)
	if perSecond > 20 || sb.RequestsPerSecondMax(account) > 20 {
		t.Errorf("more than 20 requests in one second for one account: %d", max(perSecond, sb.RequestsPerSecondMax(account)))
	}
	if per10 > 10*10+20 {
		t.Errorf("%d requests in ten seconds: above 10/s sustained", per10)
	}
	if limited > 0 {
		t.Errorf("Lever answered 429 %d times", limited)
	}
}

// multiSetup maps the stages, creates a profile, maps a posting and
// enables the integration through the JSON API; it returns the mapping and
// the mapped posting.
func multiSetup(t *testing.T, sb *sandbox.Server, appURL, key, account string) (models.StageMapping, string) {
	t.Helper()
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
	return mapping, posting
}

// windowMax returns the most times within any window of d (times sorted).
func windowMax(times []time.Time, d time.Duration) int {
	best := 0
	for i, j := 0, 0; j < len(times); j++ {
		for times[j].Sub(times[i]) >= d {
			i++
		}
		best = max(best, j-i+1)
	}
	return best
}
