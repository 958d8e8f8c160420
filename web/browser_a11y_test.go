package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// superAdminNav is the main navigation of a super admin, the longest.
const superAdminNav = "Integrations › Lever|Interviews|Sync log|Needs attention|Profiles|Users|API keys"

// TestBrowserContrastAndOverflow opens every screen at 1280 px and at
// 390 px, before Lever is connected and with data in it, and computes the
// contrast ratio of all visible text in the page: each reaches WCAG AA. At
// 1280 px the main navigation is one line; at both widths each of a super
// admin's nav links is wholly visible (none cut off or scrolled away) and
// nothing is wider than the screen. The user menu opens at both widths
// within the screen and passes the contrast check.
func TestBrowserContrastAndOverflow(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Second)
	defer cancel()
	app := startApp(t, nil)
	b := newTab(t, ctx, app)
	b.login()

	pages := []struct{ path, ready string }{
		{"/integrations/lever", `[data-testid="begin-setup"]`},
		{"/interviews", `main`},
		{"/profiles", `[data-testid="profiles-table"]`},
	}
	check := func(width int) {
		t.Helper()
		for _, p := range pages {
			b.do("open "+p.path, chromedp.Navigate(app.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready)))
			if got := b.eval("contrast", lowContrastJS); got != "" {
				t.Errorf("%s at %d px: text below WCAG AA contrast:\n%s", p.path, width, got)
			}
			if got := b.overflow(); got != "0" {
				t.Errorf("%s at %d px: the page is %s px wider than the screen", p.path, width, got)
			}
			if width >= 1280 {
				if got := b.eval("nav", navWrapsJS); got != "" {
					t.Errorf("%s at %d px: the navigation wraps (%s on a second line)", p.path, width, got)
				}
			}
			// A super admin's nav has every link, each wholly visible.
			if got := b.eval("nav links", navClippedJS); got != "" {
				t.Errorf("%s at %d px: navigation not wholly visible: %s", p.path, width, got)
			}
			if got := b.eval("nav links", `Array.from(document.querySelectorAll("nav.nav .nav-links a")).map(a => a.textContent.trim().replace(/ \(\d+\)$/, "")).join("|")`); got != superAdminNav {
				t.Errorf("%s at %d px: nav links %q, want %q", p.path, width, got, superAdminNav)
			}
		}
	}
	check(1280)
	menu := func(width int) {
		t.Helper()
		b.do("open the user menu", chromedp.Click(chromedp.CSS(`[data-testid="nav-menu"] summary`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="logout"]`)))
		if got := b.eval("contrast", lowContrastJS); got != "" {
			t.Errorf("user menu at %d px: text below WCAG AA contrast:\n%s", width, got)
		}
		if got := b.overflow(); got != "0" {
			t.Errorf("user menu at %d px: the page is %s px wider than the screen", width, got)
		}
		if got := b.eval("menu", `(() => { const r = document.querySelector('[data-testid="nav-menu-panel"]').getBoundingClientRect();
			return r.left >= 0 && r.right <= window.innerWidth ? "" : r.left + "-" + r.right; })()`); got != "" {
			t.Errorf("user menu at %d px: panel at %s, outside the screen", width, got)
		}
		if got := b.text(`[data-testid="nav-menu-panel"]`); !strings.Contains(got, b.app.DemoEmail) || !strings.Contains(got, "Log out") {
			t.Errorf("user menu at %d px: %q", width, got)
		}
		b.fullShot(scratchDir(t), fmt.Sprintf("nav-menu-%d.png", width))
		b.do("close it with Escape", chromedp.KeyEvent(kb.Escape))
		b.waitJS("menu closed", `!document.querySelector('[data-testid="nav-menu"]').open`, 5*time.Second)
	}
	menu(1280)

	client := login(t, app, app.DemoEmail, app.DemoPassword)
	_, c, _ := orderInterview(t, app, client, "Priya Natarajan")
	pages = append(pages,
		struct{ path, ready string }{"/integrations/lever?tab=postings", `[data-testid="postings-table"]`},
		struct{ path, ready string }{"/integrations/lever?tab=settings", `[data-testid="stage-mapping-card"]`},
		struct{ path, ready string }{"/sync-log", `[data-testid="candidate-row"]`},
		struct{ path, ready string }{"/sync-log/candidates/" + c.ID, `[data-testid="timeline-page"]`},
		struct{ path, ready string }{"/interviews", `[data-testid="interviews-table"]`},
		struct{ path, ready string }{"/attention", `main`},
	)
	pages[0].ready = `[data-testid="lever-overview"]`
	check(1280)
	b.do("narrow screen", chromedp.EmulateViewport(390, 844))
	check(390)
	menu(390)
}
