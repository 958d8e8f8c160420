package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserUsers is a colleague joining in a real browser: the super admin
// invites a member on the Users page and copies the link; the member opens
// it, sets a password, is logged in, and is refused an admin action (the
// Users page, and creating a profile).
func TestBrowserUsers(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Second)
	defer cancel()
	app := startApp(t, nil)
	b := newTab(t, ctx, app)
	tid := func(id string) chromedp.CSS { return chromedp.CSS(`[data-testid="` + id + `"]`) }

	b.login()
	b.do("open Users from the nav", chromedp.Click(tid("nav-users")), chromedp.WaitVisible(tid("invite-form")))
	if got := b.unlabelled(); got != "" {
		t.Errorf("unlabelled controls on the Users page:\n%s", got)
	}
	b.choose("#invite-role", "Member: read only")
	b.do("invite", chromedp.SendKeys(chromedp.ID("invite-email"), "kenji@example.test"), chromedp.Click(tid("send-invite")),
		chromedp.WaitVisible(tid("invite-link")))
	link := b.eval("link", `document.querySelector('[data-testid="invite-link"]').value`)
	if !strings.HasPrefix(link, app.URL+"/invite/") {
		t.Fatalf("invite link = %q", link)
	}
	b.do("copy", chromedp.Click(tid("copy-invite-link")))
	b.waitJS("copy status", `document.querySelector('[data-copy-status="invite-link"]').textContent !== ""`, 5*time.Second)
	if got := b.text(`tr[data-email="kenji@example.test"] [data-testid="user-status"]`); got != "Invited" {
		t.Errorf("status = %q", got)
	}
	b.fullShot(scratchDir(t), "users.png")

	b.do("log out from the user menu", chromedp.Click(chromedp.CSS(`[data-testid="nav-menu"] summary`)), chromedp.Click(tid("logout")), chromedp.WaitVisible(chromedp.ID("email")))
	b.do("open the invite", chromedp.Navigate(link), chromedp.WaitVisible(tid("accept-invite")))
	b.do("set a password", chromedp.SendKeys(chromedp.ID("password"), "kenji-long-password"), chromedp.SendKeys(chromedp.ID("confirm"), "kenji-long-password"),
		chromedp.Click(tid("accept-invite")), chromedp.WaitVisible(tid("connection-card")))
	if got := b.text(`[data-testid="nav-user"]`); !strings.Contains(got, "kenji@example.test") {
		t.Errorf("nav user = %q", got)
	}
	if n := b.eval("users link", `String(document.querySelectorAll('[data-testid="nav-users"]').length)`); n != "0" {
		t.Error("a member sees the Users link")
	}

	b.do("open Users as a member", chromedp.Navigate(app.URL+"/users"), chromedp.WaitVisible(tid("error-page")))
	if got := b.text(`[data-testid="error-page"]`); !strings.Contains(got, "Only an organization super admin can do this.") {
		t.Errorf("member on /users: %q", got)
	}
	// An admin action sent anyway (as a tampered form would) is refused.
	status, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`fetch("/profiles", {method: "POST", headers: {"Content-Type": "application/x-www-form-urlencoded"},
		body: "name=Sneaky&duration_minutes=30"}).then(r => String(r.status))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if status != "403" {
		t.Errorf("member POST /profiles = %s, want 403", status)
	}
	b.do("profiles", chromedp.Navigate(app.URL+"/profiles"), chromedp.WaitVisible(tid("profiles-card")))
	if n := b.eval("create form", `String(document.querySelectorAll('[data-testid="profile-form"]').length)`); n != "0" {
		t.Error("a member sees the create profile form")
	}
	b.do("the used link", chromedp.Navigate(link), chromedp.WaitVisible(tid("invite-problem")))
	if got := b.text(`[data-testid="invite-problem"]`); !strings.Contains(got, "already been used") {
		t.Errorf("used link says %q", got)
	}
}
