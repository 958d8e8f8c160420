package leversync_test

import (
	"cmp"
	"context"
	"database/sql"
	"gorm.io/gorm"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
	"github.com/intervue/lever-integration/web/app"
	"github.com/intervue/lever-integration/web/app/apptest"
)

// rig is the real app, started by package app as the web binary starts it
// (models on a real database, the engine, River workers, the handlers with
// the webhook receiver and API, the built-in sandbox Lever), all over real
// HTTP on one loopback port.
type rig struct {
	t       testing.TB
	DB      *models.DB
	Store   *models.Store
	Engine  *leversync.Engine
	SB      *sandbox.Server
	URL     string
	jobsCtl interface{ Stop(context.Context) error }
	Jobs    *river.Client[*sql.Tx]
	orgs    []*rigOrg
}

// rigOrg is one organization connected to its own sandbox Lever account,
// with stages mapped, one profile and postings mapped, and enabled.
type rigOrg struct {
	ID, APIKey, Account string
	Mapping             models.StageMapping
	PostingID           string // mapped to ProfileID
	UnmappedPostingID   string
	ProfileID           string
}

// century is the schedule window of tests that use fixed calendar dates.
const century = 100 * 365 * 24 * time.Hour

type rigOptions struct {
	Faults      *sandbox.Faults
	TokenTTL    time.Duration
	RateLimit   float64 // Lever requests/s per account (0: default)
	RateBurst   int
	HTTPTimeout time.Duration
	RescueAfter time.Duration
	// DeadRunnerAfter is how long a silent job runner's running jobs wait
	// before another runner makes them available (0: the default 15s).
	DeadRunnerAfter time.Duration
	MaxWorkers      int
	// ReauthSnooze is how long jobs wait while the connection needs
	// re-authorization (0: the engine's default).
	ReauthSnooze time.Duration
	// ScheduleMaxPast and ScheduleMaxAhead: the schedule window (0: a
	// century each way, for the fixed dates of the other tests).
	ScheduleMaxPast, ScheduleMaxAhead time.Duration
	// LeverLatency delays every sandbox Data API request, as a real network would.
	LeverLatency time.Duration
}

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

func newRig(t testing.TB, o rigOptions) *rig {
	t.Helper()
	if o.HTTPTimeout == 0 {
		o.HTTPTimeout = 10 * time.Second
	}
	env := map[string]string{
		// Tests schedule on fixed calendar dates (notes compared as text):
		// a century each way, unless the test is about the window.
		"SCHEDULE_MAX_PAST": cmp.Or(o.ScheduleMaxPast, century).String(), "SCHEDULE_MAX_AHEAD": cmp.Or(o.ScheduleMaxAhead, century).String(),
	}
	if o.RescueAfter > 0 {
		env["RESCUE_STUCK_JOBS_AFTER"] = o.RescueAfter.String()
	}
	a := apptest.Start(t, env, app.Options{
		Engine: func(c *leversync.Config) {
			c.HTTPClient = &http.Client{Timeout: o.HTTPTimeout}
			c.RateLimit, c.RateBurst, c.ReauthSnooze = o.RateLimit, o.RateBurst, o.ReauthSnooze
		},
		River: func(c *leversync.RiverConfig) { c.FetchPollInterval, c.MaxWorkers = 100*time.Millisecond, o.MaxWorkers },
		Sandbox: func(so *sandbox.Options) {
			so.AccessTokenTTL, so.WebhookRetryBase = o.TokenTTL, 200*time.Millisecond
		},
		SandboxHandler:  func(h http.Handler) http.Handler { return withLatency(h, o.LeverLatency) },
		DeadRunnerAfter: o.DeadRunnerAfter,
	})
	r := &rig{t: t, DB: a.DB, Store: a.Store, Engine: a.Engine, SB: a.Sandbox, URL: a.URL, jobsCtl: a.Jobs, Jobs: a.Jobs}
	if o.Faults != nil {
		r.SB.SetFaults(*o.Faults)
	}
	return r
}

// addOrg creates an organization with credits, connects it to a new sandbox
// account (or the demo one for the first org), maps stages, creates a
// profile, maps one posting and enables the integration.
func (r *rig) addOrg(credits int) *rigOrg {
	t := r.t
	t.Helper()
	ctx := context.Background()
	n := len(r.orgs)
	res, err := r.Store.CreateOrganization(ctx, models.NewOrgInput{Name: "Org " + string(rune('A'+n)), Email: "owner" + string(rune('a'+n)) + "@org.test", Password: "password1", Credits: credits})
	if err != nil {
		t.Fatal(err)
	}
	account := sandbox.DemoAccountID
	if n > 0 {
		account = r.SB.NewAccount("Account " + string(rune('A'+n)))
	}
	tok, ok := r.SB.IssueToken(account, strings.Fields(lever.DefaultScopes)...)
	if !ok {
		t.Fatal("issue token")
	}
	_, err = r.Engine.Connect(ctx, res.Org.ID, models.Grant{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken,
		ExpiresAt: time.Now().Add(time.Duration(tok.ExpiresIn) * time.Second), Scopes: tok.Scope, AccountID: lever.AccountID(tok.AccessToken),
		LeverUserID: lever.UserID(tok.AccessToken)})
	if err != nil {
		t.Fatal(err)
	}
	stage := func(name string) string {
		id, ok := r.SB.StageByName(account, name)
		if !ok {
			t.Fatalf("no sandbox stage %q", name)
		}
		return id
	}
	m := models.StageMapping{ToBeScheduled: stage("Intervue - To be Scheduled"), Scheduled: stage("Intervue - Scheduled"),
		Yes: stage("Intervue - Yes"), No: stage("Intervue - No"), Unable: stage("Intervue - Unable to schedule")}
	if _, err := r.Store.SaveStageMapping(ctx, res.Org.ID, m); err != nil {
		t.Fatal(err)
	}
	p, err := r.Store.CreateProfile(ctx, res.Org.ID, models.ProfileInput{Name: "Backend <Go>", DurationMinutes: 60, Skills: []string{"Go", "SQL"}})
	if err != nil {
		t.Fatal(err)
	}
	var published []string
	for _, po := range r.SB.Postings(account) {
		if po.State == "published" && po.Confidentiality != "confidential" {
			published = append(published, po.ID)
		}
	}
	if len(published) < 2 {
		t.Fatal("sandbox has fewer than two published postings")
	}
	if _, err := r.Store.SetPostingProfile(ctx, res.Org.ID, published[0], p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Store.SetEnabled(ctx, res.Org.ID, true); err != nil {
		t.Fatal(err)
	}
	o := &rigOrg{ID: res.Org.ID, APIKey: res.APIKey, Account: account, Mapping: m, PostingID: published[0], UnmappedPostingID: published[1], ProfileID: p.ID}
	r.orgs = append(r.orgs, o)
	return o
}

// candidate adds an opportunity in a neutral stage applied to postingID
// ("" = no application) and returns its id.
func (r *rig) candidate(o *rigOrg, name, postingID string) string {
	return r.SB.AddOpportunity(o.Account, sandbox.OpportunityInput{Name: name, Emails: []string{strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@mail.test"}, PostingID: postingID, StageID: "applicant-new"})
}

// move moves a candidate as a recruiter would in Lever (fires the webhook).
func (r *rig) move(o *rigOrg, oppID, stageID string) {
	r.t.Helper()
	if err := r.SB.MoveCandidate(context.Background(), o.Account, oppID, stageID); err != nil {
		r.t.Fatal(err)
	}
}

// eventually polls cond every 50ms until it holds or timeout passes.
func eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for: %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// settled waits until the org has no pending writes and no unprocessed
// deliveries, and River has no runnable jobs.
// delivered waits until the sandbox has sent every webhook it queued (a
// move's delivery is sent asynchronously), then until all is settled.
func (r *rig) delivered() {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := r.SB.WaitDeliveries(ctx); err != nil {
		r.t.Fatalf("sandbox deliveries: %v", err)
	}
	r.settled(30 * time.Second)
}

func (r *rig) settled(timeout time.Duration) {
	r.t.Helper()
	open := func() *gorm.DB {
		return r.Store.Gorm().Table("river_job").Where("state IN ?", []string{"available", "running", "retryable", "scheduled"}).
			Where("kind IN ?", []string{"lever_process_delivery", "lever_perform_writes"})
	}
	deadline := time.Now().Add(timeout)
	for {
		var pending, received, jobs int64
		r.Store.Gorm().Model(&models.LeverWrite{}).Where("status = ?", models.WritePending).Count(&pending)
		r.Store.Gorm().Model(&models.WebhookDelivery{}).Where("status = ?", models.DeliveryReceived).Count(&received)
		open().Count(&jobs)
		if pending == 0 && received == 0 && jobs == 0 {
			return
		}
		if time.Now().After(deadline) {
			// Say what is left, and why: a retried job's errors are the clue.
			var left []struct {
				Kind, State string
				Attempt     int
				Errors      string
			}
			open().Select("kind, state, attempt, CAST(errors AS TEXT) AS errors").Limit(5).Scan(&left)
			r.t.Fatalf("not settled after %s: %d pending writes, %d received deliveries, %d open jobs; first jobs: %+v",
				timeout, pending, received, jobs, left)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// writeCalls counts Lever write calls per kind for one opportunity.
type writeCalls struct{ Tags, Moves, Notes, Files int }

func (r *rig) writeCalls(o *rigOrg, oppID string) writeCalls {
	var wc writeCalls
	for _, c := range r.SB.Calls(o.Account) {
		if !strings.Contains(c.Path, "/opportunities/"+oppID+"/") || c.Status >= 300 || c.Status == 0 {
			continue
		}
		switch {
		case c.Method == "POST" && strings.HasSuffix(c.Path, "/addTags"):
			wc.Tags++
		case c.Method == "PUT" && strings.HasSuffix(c.Path, "/stage"):
			wc.Moves++
		case c.Method == "POST" && strings.HasSuffix(c.Path, "/notes"):
			wc.Notes++
		case c.Method == "POST" && strings.HasSuffix(c.Path, "/files"):
			wc.Files++
		}
	}
	return wc
}

// api calls our JSON API as the org.
func (r *rig) api(o *rigOrg, method, path, body string) (int, string) {
	r.t.Helper()
	req, _ := http.NewRequest(method, r.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+o.APIKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// withLatency delays the sandbox's Data API requests (/v1/...) by d.
func withLatency(h http.Handler, d time.Duration) http.Handler {
	if d <= 0 {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if strings.HasPrefix(req.URL.Path, "/v1/") {
			time.Sleep(d)
		}
		h.ServeHTTP(w, req)
	})
}

// byEvent returns the webhooks of one event.
func byEvent(hooks []sandbox.Webhook, event string) []sandbox.Webhook {
	var out []sandbox.Webhook
	for _, h := range hooks {
		if h.Event == event {
			out = append(out, h)
		}
	}
	return out
}
