package lever

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

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
