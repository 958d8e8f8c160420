package notify

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestPublicClientRefusesInwardAddresses: the client for admin-typed URLs
// does not connect to this machine (a real server listens there, reached by
// address and by name) and follows no redirect.
func TestPublicClientRefusesInwardAddresses(t *testing.T) {
	hit := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hit = true }))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, u := range []string{srv.URL, strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)} {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, u, nil)
		_, err := PublicClient(2 * time.Second).Do(req)
		if err == nil || !strings.Contains(err.Error(), "not a public internet address") {
			t.Errorf("POST %s = %v, want refused as not public", u, err)
		}
	}
	if hit {
		t.Error("the local server was reached")
	}
	if err := PublicClient(time.Second).CheckRedirect(&http.Request{}, nil); err == nil {
		t.Error("the client follows redirects")
	}
}
