// Command bench is the load and scale benchmark (README "Benchmark"). It
// builds and starts the real app (one or three processes) on a fresh
// PostgreSQL schema against the fake Lever of package sandbox, both on
// 127.0.0.1 over real HTTP, and prints: webhook ingest rate and latency
// percentiles at fixed rates, the pickup time behind 20,000 deliveries that
// cannot lead to work, idle webhook-to-tag latency, the drain time of 500
// pickups against the floor of Lever's 10 requests/s, the peak requests per
// second for the account, then the same drain with three processes, one of
// them killed half-way. Every loop is bounded; it stops by itself and drops
// its schema.
//
//	go run ./bench [-db postgres://…] [-quick]
package main

import (
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
)

const benchSecretKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

// env is the benchmark's running system.
type env struct {
	bin, dbURL, lever string
	sb                *sandbox.Server
	db                *models.DB
	procs             []*proc
	public            string // the first process's URL (PUBLIC_URL)
	appEnv            []string
	benchOrg          // the organization every phase but "fair" loads
}

// benchOrg is one organization connected to its own fake Lever account,
// mapped and enabled as an admin would.
type benchOrg struct {
	id       string
	key      string // the org's API key
	account  string
	hookPath string // /webhooks/lever/{key}
	signKey  string
	mapping  models.StageMapping
	posting  string
}

func main() {
	dbFlag := flag.String("db", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable", "PostgreSQL URL (a fresh schema is created in it and dropped at the end)")
	quick := flag.Bool("quick", false, "smaller runs (for a smoke test): fewer deliveries and pickups")
	only := flag.String("only", "", "run only these phases, comma-separated: idle,ingest,behind,drain,fair,multi,crash")
	flag.Parse()
	phases = map[string]bool{}
	for _, p := range strings.Split(*only, ",") {
		if p = strings.TrimSpace(p); p != "" {
			phases[p] = true
		}
	}
	if err := run(*dbFlag, *quick); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(dbURL string, quick bool) error {
	u, err := url.Parse(dbURL)
	if err != nil || u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" {
		return fmt.Errorf("-db must be a PostgreSQL on 127.0.0.1 (got %q)", dbURL)
	}
	sizes := struct{ irrelevant, pickups, ingestN int }{20000, 500, 5}
	if quick {
		sizes.irrelevant, sizes.pickups, sizes.ingestN = 2000, 60, 2
	}
	admin, err := models.Open(dbURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	schema := "bench_" + models.RandomToken(4)
	if err := admin.Gorm.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		return err
	}
	defer admin.Gorm.Exec("DROP SCHEMA " + schema + " CASCADE")
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()

	dir, err := os.MkdirTemp("", "bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Printf("Building the app… ")
	bin, err := buildApp(dir)
	if err != nil {
		return err
	}
	fmt.Println("done.")
	fmt.Printf("Machine: %d CPUs (GOMAXPROCS %d), %s/%s, Go %s; database: PostgreSQL at %s (schema %s)\n",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runtime.Version(), u.Host, schema)

	e := &env{bin: bin, dbURL: u.String(), benchOrg: benchOrg{account: sandbox.DemoAccountID}}
	lts := httptest.NewServer(nil)
	defer lts.Close()
	e.lever = lts.URL
	e.sb = sandbox.New(sandbox.Options{BaseURL: lts.URL, ClientID: "sandbox-client", ClientSecret: "sandbox-secret"})
	defer e.sb.Close()
	lts.Config.Handler = e.sb.Handler()
	defer func() {
		for _, p := range e.procs {
			p.stop()
		}
	}()
	if err := e.setup(); err != nil {
		return err
	}
	defer e.db.Close()

	if want("idle") {
		e.idleLatency(20)
	}
	if want("ingest") {
		e.ingest(sizes.ingestN)
	}
	if want("behind") {
		e.behindIrrelevant(sizes.irrelevant)
	}
	if want("drain") {
		if err := e.drain("1 process", sizes.pickups, false); err != nil {
			return err
		}
	}
	if want("fair") {
		if err := e.fairness(sizes.pickups / 5); err != nil {
			return err
		}
	}
	if !want("multi") && !want("crash") {
		return nil
	}
	for range 2 {
		addr, err := freeAddr()
		if err != nil {
			return err
		}
		p, err := startApp(e.bin, addr, e.appEnv)
		if err != nil {
			return err
		}
		e.procs = append(e.procs, p)
	}
	if want("multi") {
		if err := e.drain("3 processes", sizes.pickups, false); err != nil {
			return err
		}
		if err := e.drain("3 processes, one killed with SIGKILL half-way", sizes.pickups, true); err != nil {
			return err
		}
	}
	if want("crash") {
		return e.crashRecovery(sizes.pickups / 2)
	}
	return nil
}

// phases are the phases -only selected (empty: all).
var phases map[string]bool

func want(phase string) bool { return len(phases) == 0 || phases[phase] }

// setup starts the first process and sets up the benchmark's organization
// on the fake Lever's demo account.
func (e *env) setup() error {
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	e.public = "http://" + addr
	e.appEnv = []string{"PUBLIC_URL=" + e.public, "DATABASE_URL=" + e.dbURL, "SECRET_KEY=" + benchSecretKey,
		"LEVER_CLIENT_ID=sandbox-client", "LEVER_CLIENT_SECRET=sandbox-secret", "LEVER_AUTH_URL=" + e.lever, "LEVER_API_URL=" + e.lever + "/v1"}
	p, err := startApp(e.bin, addr, e.appEnv)
	if err != nil {
		return err
	}
	e.procs = append(e.procs, p)
	if e.db, err = models.Open(e.dbURL); err != nil {
		return err
	}
	o, err := e.newOrg("Bench Co", "owner@bench.test", e.account)
	if err != nil {
		return err
	}
	e.benchOrg = *o
	return nil
}

// newOrg bootstraps an organization, connects it to the fake Lever account
// through the consent page, maps the stages and one posting, enables it and
// gives it 100,000 credits.
func (e *env) newOrg(name, email, account string) (*benchOrg, error) {
	o := &benchOrg{account: account}
	password, key, id, err := bootstrapLogin(e.bin, e.appEnv, name, email)
	if err != nil {
		return nil, err
	}
	o.key, o.id = key, id
	if err := connect(e.public, email, password, account); err != nil {
		return nil, err
	}
	var stages []struct{ ID, Text string }
	if err := api(e.public, key, "GET", "/api/v1/lever/stages", "", &stages); err != nil {
		return nil, err
	}
	ids := map[string]string{}
	for _, s := range stages {
		ids[s.Text] = s.ID
	}
	o.mapping = models.StageMapping{ToBeScheduled: ids["Intervue - To be Scheduled"], Scheduled: ids["Intervue - Scheduled"],
		Yes: ids["Intervue - Yes"], No: ids["Intervue - No"], Unable: ids["Intervue - Unable to schedule"]}
	body := fmt.Sprintf(`{"to_be_scheduled":%q,"scheduled":%q,"intervue_yes":%q,"intervue_no":%q,"unable_to_schedule":%q}`,
		o.mapping.ToBeScheduled, o.mapping.Scheduled, o.mapping.Yes, o.mapping.No, o.mapping.Unable)
	if err := api(e.public, key, "PUT", "/api/v1/lever/stage-mapping", body, nil); err != nil {
		return nil, err
	}
	var profile struct{ ID string }
	if err := api(e.public, key, "POST", "/api/v1/profiles", `{"name":"Backend (Go)","duration_minutes":60,"skills":["Go"]}`, &profile); err != nil {
		return nil, err
	}
	for _, po := range e.sb.Postings(account) {
		if po.State == "published" && po.Confidentiality != "confidential" {
			o.posting = po.ID
			break
		}
	}
	if err := api(e.public, key, "PUT", "/api/v1/lever/postings/"+o.posting+"/profile", `{"profile_id":"`+profile.ID+`"}`, nil); err != nil {
		return nil, err
	}
	if err := api(e.public, key, "PUT", "/api/v1/lever/enabled", `{"enabled":true}`, nil); err != nil {
		return nil, err
	}
	var st struct {
		WebhookURL string `json:"webhook_url"`
	}
	if err := api(e.public, key, "GET", "/api/v1/lever", "", &st); err != nil {
		return nil, err
	}
	o.hookPath = strings.TrimPrefix(st.WebhookURL, e.public)
	for _, h := range e.sb.Webhooks(account) {
		if h.Event == lever.EventCandidateStageChange {
			o.signKey = h.SignatureToken
		}
	}
	if o.signKey == "" {
		return nil, fmt.Errorf("no Candidate Stage Change webhook registered in the fake Lever account %s", account)
	}
	return o, e.db.Gorm.Model(&models.Organization{}).Where("id = ?", id).Update("credits", 100000).Error
}

// url returns the webhook URL on process i (round robin).
func (e *env) url(i int) string {
	p := e.procs[i%len(e.procs)]
	select {
	case <-p.done: // killed: Lever would retry elsewhere behind a load balancer
		p = e.procs[0]
	default:
	}
	return "http://" + p.addr + e.hookPath
}

// count counts rows of model matching where.
func (e *env) count(model any, where string, args ...any) int64 {
	var n int64
	e.db.Gorm.Model(model).Where(where, args...).Count(&n)
	return n
}

// tagCallAt returns when Lever received the (first successful) addTags of
// opp in the benchmark organization's account, if it did.
func (e *env) tagCallAt(opp string) (time.Time, bool) { return e.tagCallAtIn(e.account, opp) }

// tagCallAtIn is tagCallAt in a given fake Lever account.
func (e *env) tagCallAtIn(account, opp string) (time.Time, bool) {
	for _, c := range e.sb.Calls(account) {
		if c.Method == http.MethodPost && strings.HasSuffix(c.Path, "/opportunities/"+opp+"/addTags") && c.Status < 300 && c.Status > 0 {
			return c.At, true
		}
	}
	return time.Time{}, false
}

func (e *env) waitTag(opp string, timeout time.Duration) (time.Time, bool) {
	return e.waitTagIn(e.account, opp, timeout)
}

// waitTagIn polls (every 5 ms) until opp in account is tagged or timeout.
func (e *env) waitTagIn(account, opp string, timeout time.Duration) (time.Time, bool) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if at, ok := e.tagCallAtIn(account, opp); ok {
			return at, true
		}
		time.Sleep(5 * time.Millisecond)
	}
	return time.Time{}, false
}
