package lever

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

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
