package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// tab drives one headless Chromium tab for a test; every helper fails the
// test with what it was doing.
type tab struct {
	t   *testing.T
	ctx context.Context
	app *testApp
}

// newTab starts Chromium (skipped when missing, see browser) for app.
func newTab(t *testing.T, ctx context.Context, app *testApp) *tab {
	t.Helper()
	return &tab{t: t, ctx: browser(t, ctx), app: app}
}

// do runs steps.
func (b *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates js, which must give a string.
func (b *tab) eval(what, js string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// text is the visible text of the first element matching css, spaces squashed.
func (b *tab) text(css string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", css, err)
	}
	return strings.Join(strings.Fields(s), " ")
}

// waitJS polls a JavaScript condition for up to d.
func (b *tab) waitJS(what, cond string, d time.Duration) {
	b.t.Helper()
	b.do(what, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(d)))
}

// login signs in through the login form as the demo super admin.
func (b *tab) login() {
	b.t.Helper()
	b.do("log in", chromedp.Navigate(b.app.URL+"/login"),
		chromedp.SendKeys(chromedp.ID("email"), b.app.DemoEmail), chromedp.SendKeys(chromedp.ID("password"), b.app.DemoPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="connection-card"]`)))
}

// choose picks the option with this visible text in the select matched by css.
func (b *tab) choose(css, label string) {
	b.t.Helper()
	b.eval("choose "+label, fmt.Sprintf("(%s)(%q, %q)", selectByText, css, label))
}

// unlabelled lists the page's visible form controls that have no label.
func (b *tab) unlabelled() string {
	b.t.Helper()
	return b.eval("labels", `Array.from(document.querySelectorAll("input, select, textarea, button"))
		.filter(e => e.type !== "hidden" && e.getClientRects().length > 0)
		.filter(e => !(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby") &&
			!(e.tagName === "BUTTON" && e.textContent.trim()))
		.map(e => e.outerHTML.slice(0, 120)).join("\n")`)
}

// overflow reports how far the page is wider than the viewport (px), and
// the outermost elements that stick out.
func (b *tab) overflow() string {
	b.t.Helper()
	return b.eval("overflow", `(() => {
		const over = document.documentElement.scrollWidth - window.innerWidth;
		if (over <= 0) return "0";
		const clipped = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
			if (getComputedStyle(a).overflowX !== "visible") return true; } return false; };
		const wide = Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(e));
		const outer = wide.filter(e => !wide.includes(e.parentElement)).slice(0, 8);
		return over + " (" + outer.map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + "." + e.className + " [" + (e.dataset.testid || "") + "] " + e.textContent.trim().slice(0, 40)).join(", ") + ")";
	})()`)
}

// shotDir is where the documented screenshots go: docs/screenshots with
// UPDATE_SCREENSHOTS=1 (the README's pictures change only on request),
// else scratchDir.
func shotDir(t *testing.T) string {
	t.Helper()
	if os.Getenv("UPDATE_SCREENSHOTS") == "" {
		return scratchDir(t)
	}
	dir := filepath.Join("..", "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// scratchDir is where review screenshots go (narrow screens and the like):
// SCREENSHOT_DIR when set, else the test's temp folder.
func scratchDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// fullShot saves a full-page screenshot as name in dir.
func (b *tab) fullShot(dir, name string) {
	b.t.Helper()
	shot, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), shot, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// regionShot saves the part of the full page from the top of the element
// matching from to the bottom of the one matching to (both CSS selectors).
func (b *tab) regionShot(dir, name, from, to string) {
	b.t.Helper()
	// From the top, so the sticky navigation bar stays where it belongs.
	b.eval("scroll to top", `window.scrollTo(0, 0); ""`)
	js := fmt.Sprintf(`(() => { const a = document.querySelector(%q).getBoundingClientRect(), z = document.querySelector(%q).getBoundingClientRect();
		return {Top: a.top + window.scrollY - 8, Bottom: z.bottom + window.scrollY + 8, Width: document.documentElement.clientWidth}; })()`, from, to)
	box, err := chromedp.Run(b.ctx, chromedp.Evaluate[struct{ Top, Bottom, Width float64 }](js))
	if err != nil {
		b.t.Fatalf("region %s: %v", name, err)
	}
	shot, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		b.t.Fatal(err)
	}
	scale := float64(img.Bounds().Dx()) / box.Width
	r := image.Rect(0, int(box.Top*scale), img.Bounds().Dx(), int(box.Bottom*scale)).Intersect(img.Bounds())
	sub := img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(r)
	var out bytes.Buffer
	if err := png.Encode(&out, sub); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), out.Bytes(), 0o644); err != nil {
		b.t.Fatal(err)
	}
}
