package lever

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

const testToken = "secret-access-token"

// fake is a test Lever: handler answers requests under /v1; calls records every CallInfo.
type fake struct {
	srv    *httptest.Server
	client *Client
	mu     sync.Mutex
	calls  []CallInfo
	sleeps []time.Duration
}

// setupFake starts handler behind /v1 and returns a client with instant backoff sleeps.
func setupFake(t *testing.T, handler http.HandlerFunc, opts Options) *fake {
	t.Helper()
	f := &fake{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
			t.Errorf("%s %s: Authorization = %q", r.Method, r.URL.Path, got)
		}
		if !strings.HasPrefix(r.URL.Path, "/v1/") {
			t.Errorf("path %q outside /v1", r.URL.Path)
		}
		r.URL.Path = strings.TrimPrefix(r.URL.Path, "/v1")
		r.URL.RawPath = strings.TrimPrefix(r.URL.RawPath, "/v1")
		handler(w, r)
	}))
	t.Cleanup(f.srv.Close)
	opts.Observe = func(ci CallInfo) {
		f.mu.Lock()
		f.calls = append(f.calls, ci)
		f.mu.Unlock()
	}
	if opts.BaseBackoff == 0 {
		opts.BaseBackoff = time.Millisecond
	}
	f.client = NewClient(f.srv.URL+"/v1/", oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testToken}), opts)
	f.client.sleep = func(ctx context.Context, d time.Duration) error {
		f.mu.Lock()
		f.sleeps = append(f.sleeps, d)
		f.mu.Unlock()
		return ctx.Err()
	}
	return f
}

func (f *fake) attempts() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeLeverError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]string{"code": code, "message": msg})
}

func TestPostingsPagination(t *testing.T) {
	counts := map[string]int{"published": 250, "internal": 3, "closed": 1}
	// offset tokens look like Lever's: URL-encoded JSON that must come back byte for byte.
	token := func(state string, i int) string {
		return fmt.Sprintf("%%5B%d%%2C%%22%s%%22%%5D", 1628543173558+i, state)
	}
	var mu sync.Mutex
	requests := 0
	f := setupFake(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests++
		mu.Unlock()
		q := r.URL.Query()
		if r.Method != "GET" || r.URL.Path != "/postings" {
			t.Errorf("request %s %s", r.Method, r.URL.Path)
		}
		if got := q["distributionChannel"]; strings.Join(got, ",") != "public,internal" {
			t.Errorf("distributionChannel = %v", got)
		}
		if q.Get("confidentiality") != "all" || q.Get("limit") != "100" || len(q["state"]) != 1 {
			t.Errorf("query = %v", q)
		}
		state := q.Get("state")
		start := 0
		if off := q.Get("offset"); off != "" {
			var n int
			if _, err := fmt.Sscanf(off, "%%5B%d", &n); err != nil || token(state, n-1628543173558) != off {
				t.Errorf("offset %q not passed back unchanged", off)
			}
			start = n - 1628543173558
		}
		end := min(start+100, counts[state])
		resp := map[string]any{"hasNext": end < counts[state]}
		if end < counts[state] {
			resp["next"] = token(state, end)
		}
		data := []map[string]any{}
		for i := start; i < end; i++ {
			data = append(data, map[string]any{
				"id": fmt.Sprintf("%s-%03d", state, i), "text": "Engineer", "state": state,
				"confidentiality": "non-confidential", "distributionChannels": []string{"public"},
				"categories": map[string]any{"team": "Eng", "location": "Berlin", "allLocations": []string{"Berlin"}},
				"createdAt":  1700000000000, "updatedAt": 1700000000001, "content": map[string]any{"description": "x"},
				"urls": map[string]string{"show": "https://jobs.lever.co/x/" + state},
			})
		}
		resp["data"] = data
		writeJSON(w, 200, resp)
	}, Options{})

	got, err := f.client.Postings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 254 {
		t.Fatalf("got %d postings, want 254", len(got))
	}
	if got[0].ID != "published-000" || got[249].ID != "published-249" || got[250].State != "internal" {
		t.Errorf("order: %s %s %s", got[0].ID, got[249].ID, got[250].State)
	}
	p := got[0]
	if p.Categories.Location != "Berlin" || p.CreatedAt != 1700000000000 || p.URLs.Show == "" || p.DistributionChannels[0] != "public" {
		t.Errorf("posting = %+v", p)
	}
	// published: 3 pages, then one page for each of the other 5 states.
	if requests != 8 {
		t.Errorf("%d requests, want 8", requests)
	}
}

func TestPaginationEdgeCases(t *testing.T) {
	tests := []struct {
		name    string
		page    func(n int, offset string) map[string]any // n counts requests from 0
		want    int                                       // items, -1 for an error
		wantErr string
	}{
		{"RepeatedToken", func(n int, _ string) map[string]any {
			return map[string]any{"data": []Stage{{ID: fmt.Sprint(n)}}, "hasNext": true, "next": "same"}
		}, -1, "repeated offset token"},
		{"MissingNext", func(n int, _ string) map[string]any {
			return map[string]any{"data": []Stage{{ID: "a"}}, "hasNext": true}
		}, 1, ""},
		{"NullNext", func(n int, _ string) map[string]any {
			return map[string]any{"data": []Stage{{ID: "a"}}, "hasNext": true, "next": nil}
		}, 1, ""},
		{"NoHasNext", func(n int, _ string) map[string]any {
			return map[string]any{"data": []Stage{{ID: "a"}, {ID: "b"}}, "next": "ignored"}
		}, 2, ""},
		{"TwoPages", func(n int, off string) map[string]any {
			if off == "" {
				return map[string]any{"data": []Stage{{ID: "a"}}, "hasNext": true, "next": "p2"}
			}
			return map[string]any{"data": []Stage{{ID: "b"}}, "hasNext": false}
		}, 2, ""},
		{"PageCap", func(n int, _ string) map[string]any {
			return map[string]any{"data": []Stage{}, "hasNext": true, "next": fmt.Sprint(n)}
		}, -1, "more than 1000 pages"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			f := setupFake(t, func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 200, tt.page(n, r.URL.Query().Get("offset")))
				n++
			}, Options{})
			got, err := f.client.Stages(context.Background())
			if tt.want < 0 {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(got) != tt.want {
				t.Fatalf("got %d stages, %v; want %d", len(got), err, tt.want)
			}
		})
	}
}
