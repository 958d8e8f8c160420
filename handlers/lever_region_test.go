package handlers_test

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
)

// regionsApp is a leverApp with the sandbox's EU data centre too (the app
// mounts the US one at /sandbox/lever and the EU one at /sandbox/lever/eu,
// and offers both at Begin setup).
type regionsApp struct {
	*leverApp
	EU *sandbox.Server
}

func setupRegionsApp(t *testing.T) *regionsApp {
	t.Helper()
	return newLeverApp(t, "Regions Co", 3, nil)
}

// startFlow posts Begin setup with region and returns the consent page's
// form (its hidden fields) and the path it is on; the consent is not sent.
func (a *regionsApp) startFlow(t *testing.T, region string) (url.Values, string) {
	t.Helper()
	resp, consent := a.post(t, a.Owner, "/integrations/lever/connect", url.Values{"region": {region}}, false)
	form := url.Values{"decision": {"accept"}}
	consent.Find(`form[data-testid="consent-form"] input[type="hidden"]`).Each(func(_ int, s *goquery.Selection) {
		form.Set(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	return form, resp.Request.URL.Path
}

// consent accepts for account on the consent page at path without following
// the redirect, and returns the callback URL Lever sends the browser to.
func (a *regionsApp) consent(t *testing.T, path, account string, form url.Values) *url.URL {
	t.Helper()
	form.Set("account", account)
	nr := *a.Owner
	nr.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	req, _ := http.NewRequest("POST", a.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := nr.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := resp.Location()
	if err != nil || loc.Path != "/integrations/lever/callback" || loc.Query().Get("code") == "" {
		t.Fatalf("consent answered %d to %v (%v)", resp.StatusCode, loc, err)
	}
	return loc
}

// TestBeginSetupOffersUSAndEU: the modal offers both data centres (US
// chosen); choosing Europe goes to the EU data centre's consent page with the
// EU audience, and the callback stores the EU account with the EU hosts,
// which the screen names.
func TestBeginSetupOffersUSAndEU(t *testing.T) {
	a := setupRegionsApp(t)
	_, doc := a.get(t, a.Owner, "/integrations/lever?setup=1", false)
	us, eu := testid(doc, "setup-region-us"), testid(doc, "setup-region-eu")
	if us.Length() != 1 || eu.Length() != 1 {
		t.Fatalf("modal offers %d US and %d EU choices: %s", us.Length(), eu.Length(), text(testid(doc, "setup-modal")))
	}
	if _, checked := us.Attr("checked"); !checked || us.AttrOr("form", "") != "setup-connect" || doc.Find("form#setup-connect").Length() != 1 {
		t.Fatal("US is not the preselected choice of the Continue to Lever form")
	}
	if got := text(testid(doc, "setup-regions")); !strings.Contains(got, "Europe") || !strings.Contains(got, "United States") {
		t.Fatalf("choices read %q", got)
	}

	form, path := a.startFlow(t, "eu")
	if path != "/sandbox/lever/eu/authorize" || form.Get("audience") != a.URL+"/sandbox/lever/eu/v1/" {
		t.Fatalf("EU setup went to %s with audience %q", path, form.Get("audience"))
	}
	cb := a.consent(t, path, sandbox.EUDemoAccountID, form)
	a.get(t, a.Owner, cb.RequestURI(), false)
	_, screen := a.get(t, a.Owner, "/integrations/lever?tab=connect", false)
	c := a.connection(t)
	if c.Status != models.ConnConnected || c.AccountID != sandbox.EUDemoAccountID || c.Region != "eu" ||
		c.LeverAPIURL != a.URL+"/sandbox/lever/eu/v1" || c.LeverAuthURL != a.URL+"/sandbox/lever/eu" {
		t.Fatalf("stored connection: %s %s region %q api %q auth %q", c.Status, c.AccountID, c.Region, c.LeverAPIURL, c.LeverAuthURL)
	}
	if got := text(testid(screen, "connection-region")); !strings.Contains(got, "Europe") {
		t.Fatalf("connection card says %q", got)
	}
	if got := testid(screen, "sandbox-pipeline-link").AttrOr("href", ""); got != "/sandbox/lever/eu/pipeline" {
		t.Fatalf("pipeline link %q", got)
	}
	if !c.WebhookRegistered || len(a.EU.Webhooks(sandbox.EUDemoAccountID)) == 0 || len(a.Sandbox.Webhooks(sandbox.DemoAccountID)) != 0 {
		t.Fatal("the webhook was not registered in the EU data centre only")
	}
	// Reconnect (no region in the form) stays in the connection's data centre.
	_, path = a.startFlow(t, "")
	if path != "/sandbox/lever/eu/authorize" {
		t.Fatalf("Reconnect went to %s", path)
	}
}

// TestCallbackRefusesTamperedRegion: a callback whose state was altered to
// name the other data centre, or that adds a region other than the state's,
// is refused before any token is requested, and nothing is stored.
func TestCallbackRefusesTamperedRegion(t *testing.T) {
	a := setupRegionsApp(t)
	form, path := a.startFlow(t, "us")
	if path != "/sandbox/lever/authorize" {
		t.Fatalf("US setup went to %s", path)
	}
	state := form.Get("state")
	raw, err := base64.RawURLEncoding.DecodeString(state)
	if err != nil || !strings.Contains(string(raw), "us") {
		t.Fatalf("state %q does not carry the region", state)
	}
	i := strings.LastIndex(string(raw[:len(raw)-32]), "us")
	swapped := append([]byte{}, raw...)
	copy(swapped[i:], "eu")

	cases := map[string]func(*url.URL) *url.URL{
		"StateSwapped": func(u *url.URL) *url.URL {
			q := u.Query()
			q.Set("state", base64.RawURLEncoding.EncodeToString(swapped))
			u.RawQuery = q.Encode()
			return u
		},
		"RegionParam": func(u *url.URL) *url.URL {
			q := u.Query()
			q.Set("region", "eu")
			u.RawQuery = q.Encode()
			return u
		},
	}
	for name, tamper := range cases {
		t.Run(name, func(t *testing.T) {
			form, path := a.startFlow(t, "us")
			cb := tamper(a.consent(t, path, sandbox.DemoAccountID, form))
			before := a.Sandbox.TokenCalls() + a.EU.TokenCalls()
			_, screen := a.get(t, a.Owner, cb.RequestURI(), false)
			if got := text(screen.Find(".flash-error")); !strings.Contains(got, "Lever setup was not completed") {
				t.Fatalf("callback answered %q", got)
			}
			if n := a.Sandbox.TokenCalls() + a.EU.TokenCalls(); n != before {
				t.Fatalf("%d token requests after a tampered callback", n-before)
			}
			if c := a.connection(t); c.Status != models.ConnDisconnected || c.LeverAPIURL != "" {
				t.Fatalf("stored after a tampered callback: %s %q", c.Status, c.LeverAPIURL)
			}
		})
	}
	// The untampered callback still works and stores the US data centre.
	form, path = a.startFlow(t, "us")
	cb := a.consent(t, path, sandbox.DemoAccountID, form)
	a.get(t, a.Owner, cb.RequestURI(), false)
	if c := a.connection(t); c.Status != models.ConnConnected || c.Region != "us" || c.LeverAPIURL != a.URL+"/sandbox/lever/v1" {
		t.Fatalf("US connect stored %s region %q api %q", c.Status, c.Region, c.LeverAPIURL)
	}
}
