package static

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAppCSSJoinsTheParts checks that /static/app.css is every css/ part in
// name order, served as CSS under its versioned path, and that the parts
// themselves are not served.
func TestAppCSSJoinsTheParts(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	get := func(path string) (*http.Response, string) {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res, string(b)
	}
	res, body := get(Path("app.css"))
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("app.css: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("versioned app.css not cacheable: %q", res.Header.Get("Cache-Control"))
	}
	// Each part's first and last rules appear in order: tokens before the
	// Lever screens' rules.
	for _, marker := range [][2]string{{"--- tokens", "--- base"}, {"--- nav", "--- buttons"}, {"--- badges", "Integrations > Lever"}} {
		a, b := strings.Index(body, marker[0]), strings.Index(body, marker[1])
		if a < 0 || b < 0 || a > b {
			t.Errorf("app.css: %q (at %d) should come before %q (at %d)", marker[0], a, marker[1], b)
		}
	}
	if n := strings.Count(body, "{"); n < 200 {
		t.Errorf("app.css has %d rules; want the whole stylesheet", n)
	}
	if res, _ := get("/static/css/1-tokens-base.css"); res.StatusCode != 404 {
		t.Errorf("a css part is served: %d", res.StatusCode)
	}
	if res, _ := get(Path("htmx.min.js")); res.StatusCode != 200 {
		t.Errorf("htmx: %d", res.StatusCode)
	}
}
