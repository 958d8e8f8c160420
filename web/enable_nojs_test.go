package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/intervue/lever-integration/models"
)

// formFields is what a browser without JavaScript sends for form: its
// hidden inputs and, when tick, its checkboxes, in document order; and the
// form's action (which must be a plain POST form).
func formFields(t *testing.T, form *goquery.Selection, tick bool) (string, url.Values) {
	t.Helper()
	if form.Length() != 1 || !strings.EqualFold(form.AttrOr("method", ""), "post") || form.AttrOr("action", "") == "" {
		t.Fatalf("not one plain POST form: %d, method %q, action %q", form.Length(), form.AttrOr("method", ""), form.AttrOr("action", ""))
	}
	v := url.Values{}
	form.Find("input").Each(func(_ int, in *goquery.Selection) {
		name, typ := in.AttrOr("name", ""), in.AttrOr("type", "text")
		if name == "" || in.Is("[disabled]") {
			return
		}
		if typ == "hidden" || (typ == "checkbox" && tick) {
			v.Add(name, in.AttrOr("value", "on"))
		}
	})
	return form.AttrOr("action", ""), v
}

// TestEnableWithoutCreditsNoJavaScript: the Go live step of the guided
// setup with no credit left, used as a browser without JavaScript uses it
// (only the HTML forms, their Apply button and plain posts, no htmx
// headers): the step warns before anything is sent, ticking the switch and
// Apply answers a page that asks first and leaves the integration off, and
// its "Enable anyway" form (a plain form carrying the explicit confirmation)
// turns it on. A post without the confirmation never enables it.
func TestEnableWithoutCreditsNoJavaScript(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	connectAndMap(t, app, owner)
	apiJSON(t, app, "PUT", "/api/v1/lever/enabled", `{"enabled":false}`, 200, nil)
	store := openStore(t, app)
	orgID := demoOrgID(t, store)
	// Back to the guided setup (never live), with no credit left.
	if err := store.Gorm().Model(&models.LeverConnection{}).Where("org_id = ?", orgID).Update("setup_done_at", nil).Error; err != nil {
		t.Fatal(err)
	}
	var credits struct{ Available int }
	apiJSON(t, app, "GET", "/api/v1/credits", "", 200, &credits)
	if _, err := store.AddCredits(context.Background(), orgID, -credits.Available); err != nil {
		t.Fatal(err)
	}

	doc := getDoc(t, app, owner, "/integrations/lever?tab=golive", 200)
	if byTestID(doc, "step-panel-golive").Length() != 1 {
		t.Fatalf("not the Go live step: %q", squash(doc.Find("main")))
	}
	if got := squash(byTestID(doc, "no-credits-hint")); !strings.Contains(got, "no interview credits") {
		t.Errorf("no warning on the step before turning on: %q", squash(byTestID(doc, "enable-card")))
	}
	toggle := byTestID(doc, "enable-card").Find("form").First()
	// (The HTML parser reads <noscript> as text, as a browser with scripting does.)
	if ns := toggle.Find("noscript").Text(); !strings.Contains(ns, `type="submit"`) || !strings.Contains(ns, ">Apply<") {
		t.Errorf("the switch has no Apply button without JavaScript: %s", squash(toggle))
	}
	action, fields := formFields(t, toggle, true)
	resp, body := postForm(t, app, noRedirect(owner), action, fields)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("Apply with 0 credits = %d, want the page that asks first", resp.StatusCode)
	}
	doc = parseHTML(t, body)
	ask := byTestID(doc, "no-credits-confirm")
	if got := squash(ask); !strings.Contains(got, "You have no interview credits") || !strings.Contains(got, "Unable to schedule") {
		t.Errorf("Apply with 0 credits did not ask first: %q", squash(byTestID(doc, "enable-card")))
	}
	if byTestID(doc, "step-panel-golive").Length() != 1 || byTestID(doc, "nav-user").Length() != 1 {
		t.Error("the question is not the whole Go live page")
	}
	if _, on, _ := leverStatus(t, app); on {
		t.Fatal("enabled without confirming")
	}
	if href := ask.Find(`a[href]`).AttrOr("href", ""); href != "/integrations/lever?tab=golive" {
		t.Errorf("Not now leads to %q", href)
	}
	// The same post again still asks: only the confirmation turns it on.
	if _, body := postForm(t, app, noRedirect(owner), action, fields); byTestID(parseHTML(t, body), "no-credits-confirm").Length() != 1 {
		t.Error("a second Apply did not ask again")
	}
	if _, on, _ := leverStatus(t, app); on {
		t.Fatal("enabled without confirming")
	}
	action, fields = formFields(t, ask.Find("form"), false)
	if fields.Get("confirm_no_credits") != "1" || fields.Get("enabled") != "on" {
		t.Fatalf("Enable anyway sends %v", fields)
	}
	resp, _ = postForm(t, app, noRedirect(owner), action, fields)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/integrations/lever" {
		t.Errorf("Enable anyway = %d -> %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, on, _ := leverStatus(t, app); !on {
		t.Error("Enable anyway did not enable")
	}
}
