package leversync_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
)

// dataCentre is a sandbox Lever data centre on its own host, recording
// which Lever account every request carried a token of.
type dataCentre struct {
	SB    *sandbox.Server
	Hosts lever.Hosts
	mu    sync.Mutex
	seen  map[string]int // account id of the bearer token ("" for the token endpoint) -> requests
}

func newDataCentre(t *testing.T, name string) *dataCentre {
	t.Helper()
	d := &dataCentre{seen: map[string]int{}}
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	d.SB = sandbox.New(sandbox.Options{BaseURL: base, Logger: quietLog, DataCentre: name, WebhookRetryBase: 200 * time.Millisecond})
	t.Cleanup(d.SB.Close)
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.mu.Lock()
		d.seen[lever.AccountID(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))]++
		d.mu.Unlock()
		d.SB.Handler().ServeHTTP(w, r)
	})
	srv.Start()
	t.Cleanup(srv.Close)
	d.Hosts = lever.Hosts{AuthURL: base, APIURL: base + "/v1"}
	return d
}

// accounts returns the accounts whose tokens reached this data centre.
func (d *dataCentre) accounts() map[string]int {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[string]int{}
	for k, v := range d.seen {
		if k != "" {
			out[k] = v
		}
	}
	return out
}

// connectAt connects a new organization to the demo account of d as
// region, with stages, a profile and one posting mapped, enabled.
func (r *rig) connectAt(d *dataCentre, region lever.Region, credits int) *rigOrg {
	t := r.t
	t.Helper()
	ctx := context.Background()
	res, err := r.Store.CreateOrganization(ctx, models.NewOrgInput{Name: "Org " + string(region), Email: "owner-" + string(region) + "@org.test", Password: "password1", Credits: credits})
	if err != nil {
		t.Fatal(err)
	}
	account := d.SB.DemoAccount()
	tok, ok := d.SB.IssueToken(account, strings.Fields(lever.DefaultScopes)...)
	if !ok {
		t.Fatal("issue token")
	}
	c, err := r.Engine.Connect(ctx, res.Org.ID, models.Grant{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken,
		ExpiresAt: time.Now().Add(time.Hour), Scopes: tok.Scope, AccountID: lever.AccountID(tok.AccessToken),
		Region: string(region), APIURL: d.Hosts.APIURL, AuthURL: d.Hosts.AuthURL})
	if err != nil {
		t.Fatal(err)
	}
	if c.Region != string(region) || c.LeverAPIURL != d.Hosts.APIURL || c.LeverAuthURL != d.Hosts.AuthURL || !c.WebhookRegistered {
		t.Fatalf("stored connection: region %q, api %q, auth %q, webhook %v", c.Region, c.LeverAPIURL, c.LeverAuthURL, c.WebhookRegistered)
	}
	stage := func(name string) string {
		id, ok := d.SB.StageByName(account, name)
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
	p, err := r.Store.CreateProfile(ctx, res.Org.ID, models.ProfileInput{Name: "Backend", DurationMinutes: 60, Skills: []string{"Go"}})
	if err != nil {
		t.Fatal(err)
	}
	var posting string
	for _, po := range d.SB.Postings(account) {
		if po.State == "published" && po.Confidentiality != "confidential" {
			posting = po.ID
			break
		}
	}
	if _, err := r.Store.SetPostingProfile(ctx, res.Org.ID, posting, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Store.SetEnabled(ctx, res.Org.ID, true); err != nil {
		t.Fatal(err)
	}
	o := &rigOrg{ID: res.Org.ID, APIKey: res.APIKey, Account: account, Mapping: m, PostingID: posting, ProfileID: p.ID}
	r.orgs = append(r.orgs, o)
	return o
}

// pickUp adds a candidate in d, moves them into To be Scheduled (the
// sandbox sends the webhook) and waits for their interview and tag.
func (r *rig) pickUp(d *dataCentre, o *rigOrg, name string) {
	r.t.Helper()
	opp := d.SB.AddOpportunity(o.Account, sandbox.OpportunityInput{Name: name, Emails: []string{strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@mail.test"}, PostingID: o.PostingID, StageID: "applicant-new"})
	if err := d.SB.MoveCandidate(context.Background(), o.Account, opp, o.Mapping.ToBeScheduled); err != nil {
		r.t.Fatal(err)
	}
	r.waitInterview(o, opp)
	eventually(r.t, 15*time.Second, "intervue.io tag on "+name, func() bool {
		op, _ := d.SB.Opportunity(o.Account, opp)
		for _, tag := range op.Tags {
			if tag == "intervue.io" {
				return true
			}
		}
		return false
	})
}

// TestUSAndEUOrganizationsSideBySide: one organization on Lever's US data
// centre and one on the EU one, each a sandbox on its own host, are
// connected, pick up a candidate each, and after every token expired pick up
// another (each refreshing at its own OAuth server). Every request with the
// EU account's token reaches the EU host only, and the US account's the US
// host only; the engine's deployment-wide base (the rig's built-in sandbox)
// is never used for either.
func TestUSAndEUOrganizationsSideBySide(t *testing.T) {
	r := newRig(t, rigOptions{})
	us, eu := newDataCentre(t, ""), newDataCentre(t, "eu")
	usOrg := r.connectAt(us, lever.RegionUS, 5)
	euOrg := r.connectAt(eu, lever.RegionEU, 5)
	if usOrg.Account == euOrg.Account {
		t.Fatalf("both data centres gave account %s", usOrg.Account)
	}

	r.pickUp(us, usOrg, "Ada US")
	r.pickUp(eu, euOrg, "Bea EU")

	// A token of one data centre is refused by the other (each has its own
	// accounts and grants). Asked directly, not through the recorders.
	for _, tt := range []struct {
		from, to *dataCentre
		account  string
	}{{us, eu, usOrg.Account}, {eu, us, euOrg.Account}} {
		tok, _ := tt.from.SB.IssueToken(tt.account, "stages:read:admin")
		req := httptest.NewRequest("GET", "/v1/stages", nil)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		rec := httptest.NewRecorder()
		tt.to.SB.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized {
			t.Fatalf("token of %s on the other data centre: %d, want 401", tt.account, rec.Code)
		}
	}

	// Every access token expires: the next calls refresh each grant at its
	// own data centre's token endpoint (an EU refresh token means nothing
	// to the US one, and would end in needs_reauth).
	us.SB.ExpireAccessTokens()
	eu.SB.ExpireAccessTokens()
	usCalls, euCalls := us.SB.TokenCalls(), eu.SB.TokenCalls()
	r.pickUp(us, usOrg, "Cid US")
	r.pickUp(eu, euOrg, "Dee EU")
	if us.SB.TokenCalls() == usCalls || eu.SB.TokenCalls() == euCalls {
		t.Fatalf("token refreshes: US %d -> %d, EU %d -> %d; want one at each data centre", usCalls, us.SB.TokenCalls(), euCalls, eu.SB.TokenCalls())
	}
	r.delivered()
	for _, o := range []*rigOrg{usOrg, euOrg} {
		c, err := r.Store.Connection(context.Background(), o.ID)
		if err != nil || c.Status != models.ConnConnected {
			t.Fatalf("connection of %s after refresh: %+v %v", o.Account, c, err)
		}
	}

	usSeen, euSeen := us.accounts(), eu.accounts()
	if len(usSeen) != 1 || usSeen[usOrg.Account] == 0 {
		t.Errorf("US data centre saw tokens of %v, want only %s", usSeen, usOrg.Account)
	}
	if len(euSeen) != 1 || euSeen[euOrg.Account] == 0 {
		t.Errorf("EU data centre saw tokens of %v, want only %s", euSeen, euOrg.Account)
	}
	for _, acct := range []string{usOrg.Account, euOrg.Account} {
		if calls := r.SB.Calls(acct); len(calls) != 0 {
			t.Errorf("the deployment-wide base got %d calls for %s", len(calls), acct)
		}
	}
	if n := len(r.SB.Deliveries()); n != 0 {
		t.Errorf("the deployment-wide sandbox sent %d deliveries", n)
	}
}
