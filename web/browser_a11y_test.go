package main

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserContrastAndOverflow opens every screen at 1280 px and at
// 390 px, before Lever is connected and with data in it, and computes the
// contrast ratio of all visible text in the page: each reaches WCAG AA. At
// 1280 px the main navigation is one line; at both widths nothing is wider
// than the screen.
func TestBrowserContrastAndOverflow(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
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
		}
	}
	check(1280)

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
}
