package lever

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
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

func Test429RetryAfterPausesLimiter(t *testing.T) {
	var mu sync.Mutex
	var hits []time.Time
	f := setupFake(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits = append(hits, time.Now())
		n := len(hits)
		mu.Unlock()
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			writeLeverError(w, 429, "TooManyRequests", "slow down")
			return
		}
		writeJSON(w, 200, map[string]any{"data": []Stage{{ID: "lead-new", Text: "New lead"}}})
	}, Options{Limiter: NewLimiter(100, 10)})

	start := time.Now()
	got, err := f.client.Stages(context.Background())
	if err != nil || len(got) != 1 || got[0].ID != "lead-new" {
		t.Fatalf("Stages = %v, %v", got, err)
	}
	if len(f.sleeps) != 1 || f.sleeps[0] != time.Second {
		t.Errorf("sleeps = %v, want [1s] from Retry-After", f.sleeps)
	}
	if until := f.client.limiter.(*Limiter).PausedUntil(); until.Before(start.Add(900*time.Millisecond)) || until.After(start.Add(2*time.Second)) {
		t.Errorf("limiter paused until %v, want ~1s after %v", until, start)
	}
	// The test sleep returns at once, so only the limiter's pause held the retry back.
	if gap := hits[1].Sub(hits[0]); gap < 900*time.Millisecond {
		t.Errorf("retry sent %v after the 429", gap)
	}
	if len(f.calls) != 2 || f.calls[0].Status != 429 || f.calls[1].Status != 200 || f.calls[1].Attempt != 2 {
		t.Errorf("calls = %+v", f.calls)
	}
}

func Test429OnPostRetried(t *testing.T) {
	n := 0
	f := setupFake(t, func(w http.ResponseWriter, r *http.Request) {
		n++
		if n < 3 {
			writeLeverError(w, 429, "TooManyRequests", "rate limit")
			return
		}
		writeJSON(w, 201, map[string]any{"data": map[string]string{"noteId": "n1"}})
	}, Options{})
	id, err := f.client.AddNote(context.Background(), "opp1", "hello")
	if err != nil || id != "n1" || n != 3 {
		t.Fatalf("AddNote = %q, %v after %d requests", id, err, n)
	}
}

func TestRetryPolicy(t *testing.T) {
	tests := []struct {
		name       string
		status     []int // answer per request; the last repeats
		call       func(*Client) error
		wantHits   int
		wantStatus int
		ambiguous  bool
		retryable  bool
	}{
		{"GET5xxRetriedThenOK", []int{503, 500, 200}, func(c *Client) error { _, err := c.Stages(context.Background()); return err }, 3, 0, false, false},
		{"GET5xxGivesUp", []int{500}, func(c *Client) error { _, err := c.Stages(context.Background()); return err }, 4, 500, false, true},
		{"PUTStage5xxRetried", []int{502, 200}, func(c *Client) error { return c.MoveStage(context.Background(), "o", "s") }, 2, 0, false, false},
		{"DELETE5xxRetried", []int{503, 204}, func(c *Client) error { return c.DeleteWebhook(context.Background(), "w") }, 2, 0, false, false},
		{"POSTNote5xxNotRetried", []int{502, 201}, func(c *Client) error { _, err := c.AddNote(context.Background(), "o", "v"); return err }, 1, 502, true, true},
		{"POSTNote503NotRetried", []int{503, 201}, func(c *Client) error { _, err := c.AddNote(context.Background(), "o", "v"); return err }, 1, 503, true, true},
		{"POSTTags504NotRetried", []int{504, 200}, func(c *Client) error { return c.AddTags(context.Background(), "o", "x") }, 1, 504, true, true},
		{"GET404NotRetried", []int{404}, func(c *Client) error { _, err := c.Opportunity(context.Background(), "o"); return err }, 1, 404, false, false},
		{"GET401", []int{401}, func(c *Client) error { _, err := c.Opportunity(context.Background(), "o"); return err }, 1, 401, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := 0
			f := setupFake(t, func(w http.ResponseWriter, r *http.Request) {
				st := tt.status[min(hits, len(tt.status)-1)]
				hits++
				switch {
				case st == 204:
					w.WriteHeader(204)
				case st < 300 && r.URL.Path == "/stages":
					writeJSON(w, st, map[string]any{"data": []any{}, "hasNext": false})
				case st < 300:
					writeJSON(w, st, map[string]any{"data": map[string]any{"id": "x", "noteId": "n"}})
				default:
					writeLeverError(w, st, "Err", "failed")
				}
			}, Options{})
			err := tt.call(f.client)
			if tt.wantStatus == 0 && err != nil {
				t.Fatalf("want success, got %v", err)
			}
			if hits != tt.wantHits {
				t.Errorf("%d requests, want %d", hits, tt.wantHits)
			}
			if got := StatusOf(err); got != tt.wantStatus {
				t.Fatalf("StatusOf(%v) = %d, want %d", err, got, tt.wantStatus)
			}
			if got := IsAmbiguous(err); got != tt.ambiguous {
				t.Errorf("IsAmbiguous = %v", got)
			}
			if got := IsRetryable(err); got != tt.retryable {
				t.Errorf("IsRetryable = %v", got)
			}
			if got := IsUnauthorized(err); got != (tt.wantStatus == 401) {
				t.Errorf("IsUnauthorized = %v", got)
			}
		})
	}
}

// dropAfterRead reads the request and then closes the connection without answering.
func dropAfterRead(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		conn.Close()
	}
}

func TestConnectionDroppedAfterWrite(t *testing.T) {
	t.Run("POSTNote", func(t *testing.T) {
		f := setupFake(t, dropAfterRead(t), Options{})
		_, err := f.client.AddNote(context.Background(), "opp1", "Ref IV-1")
		var te *TransportError
		if !errors.As(err, &te) || !te.MaybeApplied {
			t.Fatalf("err = %#v, want TransportError MaybeApplied", err)
		}
		if !IsAmbiguous(err) || !IsRetryable(err) || f.attempts() != 1 {
			t.Errorf("ambiguous=%v retryable=%v attempts=%d", IsAmbiguous(err), IsRetryable(err), f.attempts())
		}
		if te.Method != "POST" || te.Path != "/opportunities/opp1/notes" {
			t.Errorf("TransportError = %+v", te)
		}
	})
	t.Run("GETRetried", func(t *testing.T) {
		f := setupFake(t, dropAfterRead(t), Options{MaxAttempts: 3})
		_, err := f.client.Stages(context.Background())
		var te *TransportError
		if !errors.As(err, &te) || IsAmbiguous(err) || f.attempts() != 3 {
			t.Fatalf("err = %v, ambiguous=%v attempts=%d", err, IsAmbiguous(err), f.attempts())
		}
	})
}

func TestDialErrorPOSTRetried(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens: connection refused, request certainly not sent
	var calls []CallInfo
	c := NewClient("http://"+addr+"/v1", oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testToken}), Options{
		BaseBackoff: time.Millisecond,
		Observe:     func(ci CallInfo) { calls = append(calls, ci) },
	})
	_, err = c.AddNote(context.Background(), "o", "v")
	var te *TransportError
	if !errors.As(err, &te) || te.MaybeApplied {
		t.Fatalf("err = %#v, want TransportError not applied", err)
	}
	if IsAmbiguous(err) || !IsRetryable(err) || len(calls) != 4 {
		t.Errorf("ambiguous=%v retryable=%v attempts=%d", IsAmbiguous(err), IsRetryable(err), len(calls))
	}
	if strings.Contains(err.Error(), testToken) {
		t.Errorf("error leaks the token: %v", err)
	}
}

func TestTimeouts(t *testing.T) {
	slow := func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // lets the server notice the client hanging up
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	}
	t.Run("PerRequestTimeoutRetried", func(t *testing.T) {
		f := setupFake(t, slow, Options{HTTPClient: &http.Client{Timeout: 30 * time.Millisecond}, MaxAttempts: 2})
		_, err := f.client.Stages(context.Background())
		var te *TransportError
		if !errors.As(err, &te) || !IsRetryable(err) || f.attempts() != 2 {
			t.Fatalf("err = %v, retryable=%v attempts=%d", err, IsRetryable(err), f.attempts())
		}
	})
	t.Run("PerRequestTimeoutPOSTAmbiguous", func(t *testing.T) {
		f := setupFake(t, slow, Options{HTTPClient: &http.Client{Timeout: 30 * time.Millisecond}})
		_, err := f.client.AddNote(context.Background(), "o", "v")
		if !IsAmbiguous(err) || !IsRetryable(err) || f.attempts() != 1 {
			t.Fatalf("err = %v, ambiguous=%v attempts=%d", err, IsAmbiguous(err), f.attempts())
		}
	})
	t.Run("CallerCancelNotRetryable", func(t *testing.T) {
		f := setupFake(t, slow, Options{})
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
		defer cancel()
		_, err := f.client.Stages(ctx)
		if err == nil || IsRetryable(err) || !errors.Is(err, context.DeadlineExceeded) || f.attempts() != 1 {
			t.Fatalf("err = %v, retryable=%v attempts=%d", err, IsRetryable(err), f.attempts())
		}
	})
}

func TestErrorBodies(t *testing.T) {
	long := strings.Repeat("x", 300)
	tests := []struct {
		name   string
		status int
		ctype  string
		body   string
		want   string
	}{
		{"LeverJSON", 404, "application/json", `{"code":"ResourceNotFound","message":"opportunities x was not found"}`,
			"lever: POST /opportunities/x/notes: 404 ResourceNotFound: opportunities x was not found"},
		{"HTML", 502, "text/html", `<html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head><body><center><h1>502 Bad&nbsp;Gateway</h1></center><hr><center>nginx</center></body></html>`,
			"lever: POST /opportunities/x/notes: 502 Bad Gateway: 502 Bad Gateway 502 Bad Gateway nginx"},
		{"Empty", 500, "", ``, "lever: POST /opportunities/x/notes: 500 Internal Server Error"},
		{"OAuthStyle", 403, "application/json", `{"error":"insufficient_scope","error_description":"missing notes:write:admin"}`,
			"lever: POST /opportunities/x/notes: 403 insufficient_scope: missing notes:write:admin"},
		{"OtherJSON", 400, "application/json", `{"detail":"bad"}`, `lever: POST /opportunities/x/notes: 400 Bad Request: {"detail":"bad"}`},
		{"LongText", 503, "text/plain", long, "lever: POST /opportunities/x/notes: 503 Service Unavailable: " + long[:200] + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setupFake(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.ctype != "" {
					w.Header().Set("Content-Type", tt.ctype)
				}
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}, Options{})
			_, err := f.client.AddNote(context.Background(), "x", "v")
			var ae *APIError
			if !errors.As(err, &ae) || ae.Status != tt.status {
				t.Fatalf("err = %#v", err)
			}
			if err.Error() != tt.want {
				t.Fatalf("Error() = %q\nwant      %q", err.Error(), tt.want)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"3", 3 * time.Second},
		{"600", 60 * time.Second},
		{"-1", 0},
		{now.Add(7 * time.Second).Format(http.TimeFormat), 7 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{"soon", 0},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestBackoffBounds(t *testing.T) {
	c := NewClient("http://x", nil, Options{BaseBackoff: 250 * time.Millisecond})
	for attempt, ceil := range map[int]time.Duration{1: 250 * time.Millisecond, 3: time.Second, 10: 10 * time.Second, 60: 10 * time.Second} {
		for range 100 {
			if d := c.backoff(attempt); d < 0 || d >= ceil {
				t.Fatalf("backoff(%d) = %v, want [0, %v)", attempt, d, ceil)
			}
		}
	}
}

func TestRedirects(t *testing.T) {
	tests := []struct {
		name     string
		method   string
		location string // relative to the fake's /v1, or absolute
		code     int
		wantErr  string
	}{
		{"SameHostFollowedWithAuth", "GET", "/v1/stages-moved", 301, ""},
		{"CrossHostRefused", "GET", "http://api.elsewhere.example/v1/stages", 301, "cross-host redirect would drop the Authorization header"},
		{"MethodChangeRefused", "POST", "/v1/notes-moved", 301, "turn POST into GET"},
		{"TemporaryPOSTFollowed", "POST", "/v1/notes-moved", 307, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setupFake(t, func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/stages", "/opportunities/o/notes":
					http.Redirect(w, r, tt.location, tt.code)
				case "/stages-moved":
					writeJSON(w, 200, map[string]any{"data": []Stage{{ID: "s"}}})
				case "/notes-moved":
					if b, _ := io.ReadAll(r.Body); !strings.Contains(string(b), `"value":"v"`) {
						t.Errorf("redirected body = %s", b)
					}
					writeJSON(w, 201, map[string]any{"data": map[string]string{"noteId": "n"}})
				default:
					t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
				}
			}, Options{})
			var err error
			if tt.method == "GET" {
				_, err = f.client.Stages(context.Background())
			} else {
				_, err = f.client.AddNote(context.Background(), "o", "v")
			}
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var re *RedirectError
			if !errors.As(err, &re) || !strings.Contains(err.Error(), tt.wantErr) || re.Status != tt.code {
				t.Fatalf("err = %v", err)
			}
			if IsRetryable(err) || IsAmbiguous(err) || f.attempts() != 1 {
				t.Errorf("retryable=%v ambiguous=%v attempts=%d", IsRetryable(err), IsAmbiguous(err), f.attempts())
			}
		})
	}
}

func TestSameHostFamily(t *testing.T) {
	tests := []struct {
		from, to string
		want     bool
	}{
		{"https://api.lever.co/v1/x", "https://api.lever.co/v1/y", true},
		{"https://api.lever.co/v1/x", "https://api.eu.lever.co/v1/x", true},
		{"https://api.sandbox.lever.co/v1/x", "https://api.lever.co/v1/x", true},
		{"https://api.lever.co/v1/x", "http://api.eu.lever.co/v1/x", false},
		{"https://api.lever.co/v1/x", "https://hire.lever.co/x", false},
		{"https://api.lever.co/v1/x", "https://api.lever.co.evil.com/x", false},
		{"https://api.lever.co/v1/x", "https://evil.com/x", false},
		{"http://127.0.0.1:8080/v1/x", "http://127.0.0.1:9090/v1/x", false},
		{"http://localhost:8080/sandbox/v1/x", "http://localhost:8080/sandbox/v1/y", true},
	}
	for _, tt := range tests {
		from, _ := url.Parse(tt.from)
		to, _ := url.Parse(tt.to)
		if got := sameHostFamily(from, to); got != tt.want {
			t.Errorf("sameHostFamily(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestCallInfoHasNoQueryOrToken(t *testing.T) {
	f := setupFake(t, func(w http.ResponseWriter, r *http.Request) {
		writeLeverError(w, 403, "Forbidden", "confidential")
	}, Options{})
	_, err := f.client.Opportunities(context.Background(), OpportunityFilter{StageID: "s1"})
	if err == nil {
		t.Fatal("want error")
	}
	if len(f.calls) != 1 {
		t.Fatalf("calls = %+v", f.calls)
	}
	ci := f.calls[0]
	if ci.Method != "GET" || ci.Path != "/opportunities" || ci.Status != 403 || ci.Attempt != 1 || ci.Err == nil || ci.Duration <= 0 {
		t.Errorf("CallInfo = %+v", ci)
	}
	if strings.Contains(fmt.Sprintf("%+v", ci), testToken) || strings.Contains(err.Error(), testToken) {
		t.Errorf("token leaked: %+v", ci)
	}
}

func TestUserAgentAndHeaders(t *testing.T) {
	f := setupFake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("User-Agent") != "intervue-test/1" || r.Header.Get("Content-Type") != "application/json" || r.Header.Get("Accept") != "application/json" {
			t.Errorf("headers = %v", r.Header)
		}
		w.WriteHeader(200)
	}, Options{UserAgent: "intervue-test/1"})
	if err := f.client.AddTags(context.Background(), "o", "intervue"); err != nil {
		t.Fatal(err)
	}
}
