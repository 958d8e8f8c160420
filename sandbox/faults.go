package sandbox

import (
	"bytes"
	"math/rand"
	"net/http"
	"sync"
	"time"
)

// Faults injects failures into Data API requests (after authentication and
// the rate limit). Each matching request draws one number from a math/rand
// source seeded with Seed, so a given request sequence fails the same way
// every run. The rates are probabilities checked in this order:
//   - Rate429: answer 429 TooManyRequests without applying (with a Retry-After
//     header when RetryAfter is set);
//   - Rate500: answer 500 without applying;
//   - RateHang: sleep HangFor (default 30s; ends early when the client goes
//     away) then answer 504 without applying;
//   - RateApplyThenFail: for POST, PUT and DELETE only, apply the write, then
//     alternately answer 500 with an HTML body or close the connection without
//     answering — Lever applied a write whose answer we never got.
//
// ApplyThenClose makes every RateApplyThenFail fault close the connection
// (never the 500 answer): the dropped connection after a stored write.
//
// Only, when set, limits faults to the requests it returns true for (other
// requests draw nothing).
type Faults struct {
	Seed              int64
	Rate429           float64
	Rate500           float64
	RateHang          float64
	RateApplyThenFail float64
	HangFor           time.Duration
	RetryAfter        string
	ApplyThenClose    bool
	Only              func(r *http.Request) bool
}

type faultState struct {
	mu         sync.Mutex
	f          Faults
	rng        *rand.Rand
	applyFails int
}

type faultKind int

const (
	faultNone faultKind = iota
	fault429
	fault500
	faultHang
	faultApplyThenFail  // apply, then answer 500 with an HTML body
	faultApplyThenClose // apply, then close the connection without answering
)

// SetFaults replaces the fault injection settings and reseeds the source;
// SetFaults(Faults{}) turns faults off.
func (s *Server) SetFaults(f Faults) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.f = f
	s.faults.rng = rand.New(rand.NewSource(f.Seed))
	s.faults.applyFails = 0
}

func (s *Server) pickFault(r *http.Request) (faultKind, Faults) {
	fs := &s.faults
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f := fs.f
	if fs.rng == nil || f.Rate429+f.Rate500+f.RateHang+f.RateApplyThenFail <= 0 {
		return faultNone, f
	}
	if f.Only != nil && !f.Only(r) {
		return faultNone, f
	}
	x := fs.rng.Float64()
	switch {
	case x < f.Rate429:
		return fault429, f
	case x < f.Rate429+f.Rate500:
		return fault500, f
	case x < f.Rate429+f.Rate500+f.RateHang:
		return faultHang, f
	case x < f.Rate429+f.Rate500+f.RateHang+f.RateApplyThenFail && r.Method != http.MethodGet:
		fs.applyFails++
		if fs.applyFails%2 == 0 || f.ApplyThenClose {
			return faultApplyThenClose, f
		}
		return faultApplyThenFail, f
	}
	return faultNone, f
}

// applyFault injects the drawn fault, if any; run performs the real request.
// orig is the server's writer (for hijacking), rec the recording wrapper.
// It reports whether it answered the request.
func (s *Server) applyFault(orig http.ResponseWriter, rec *statusWriter, r *http.Request, run func(http.ResponseWriter)) bool {
	kind, f := s.pickFault(r)
	switch kind {
	case faultNone:
		return false
	case fault429:
		if f.RetryAfter != "" {
			rec.Header().Set("Retry-After", f.RetryAfter)
		}
		apiError(rec, http.StatusTooManyRequests, "TooManyRequests", "Rate limit exceeded (injected fault).")
	case fault500:
		apiError(rec, http.StatusInternalServerError, "InternalServerError", "Internal server error (injected fault).")
	case faultHang:
		d := f.HangFor
		if d <= 0 {
			d = 30 * time.Second
		}
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
		case <-s.ctx.Done():
		}
		apiError(rec, http.StatusGatewayTimeout, "GatewayTimeout", "Upstream timed out (injected fault).")
	default:
		buf := &bufferWriter{header: http.Header{}}
		run(buf)
		if buf.status >= 300 {
			// The write was refused, nothing applied: answer truthfully.
			for k, v := range buf.header {
				rec.Header()[k] = v
			}
			rec.WriteHeader(buf.status)
			_, _ = rec.Write(buf.body.Bytes())
			return true
		}
		s.log.Info("sandbox: applied write then failed (injected fault)", "path", r.URL.Path)
		if kind == faultApplyThenClose {
			if conn, _, err := http.NewResponseController(orig).Hijack(); err == nil {
				_ = conn.Close()
				return true
			}
		}
		rec.Header().Set("Content-Type", "text/html; charset=utf-8")
		rec.WriteHeader(http.StatusInternalServerError)
		_, _ = rec.Write([]byte("<html><head><title>500 Internal Server Error</title></head><body><h1>500 Internal Server Error</h1><p>nginx</p></body></html>\n"))
	}
	return true
}

// bufferWriter captures a response so it can be replaced.
type bufferWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferWriter) Header() http.Header { return b.header }
func (b *bufferWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}
func (b *bufferWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}
