package sandbox

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// apiCtx is what an authenticated Data API request carries.
type apiCtx struct {
	account string
	grant   *grant
	base    string
	body    []byte
}

type apiHandler func(w http.ResponseWriter, r *http.Request, c *apiCtx)

// api wraps a Data API handler: bearer auth (401), call recording, the
// per-account rate limit (429, §5), injected faults, then the scope check (403).
func (s *Server) api(scope string, h apiHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, msg := s.authenticate(r)
		if c == nil {
			apiError(w, http.StatusUnauthorized, "UnauthorizedError", msg)
			return
		}
		body, _ := io.ReadAll(io.LimitReader(r.Body, 4<<20))
		r.Body = io.NopCloser(bytes.NewReader(body))
		c.body = body
		c.base = s.baseURL(r)
		rec := &statusWriter{ResponseWriter: w}
		at := time.Now()
		allowed := s.admit(c.account, at)
		defer func() {
			s.recordCall(Call{At: at, Account: c.account, Method: r.Method, Path: r.URL.Path,
				Query: r.URL.RawQuery, Status: rec.status, Body: string(body)})
		}()
		if !allowed {
			apiError(rec, http.StatusTooManyRequests, "TooManyRequests", "Rate limit exceeded: 10 requests per second, bursts of 20.")
			return
		}
		if s.applyFault(w, rec, r, func(w http.ResponseWriter) { s.checkScope(w, r, c, scope, h) }) {
			return
		}
		s.checkScope(rec, r, c, scope, h)
	})
}

func (s *Server) checkScope(w http.ResponseWriter, r *http.Request, c *apiCtx, scope string, h apiHandler) {
	if scope != "" && !c.grant.has(scope) {
		apiError(w, http.StatusForbidden, "ForbiddenError", "This token is missing the "+scope+" scope.")
		return
	}
	h(w, r, c)
}

// authenticate resolves the bearer token, or returns why it is refused.
func (s *Server) authenticate(r *http.Request) (*apiCtx, string) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || tok == "" {
		return nil, "Missing bearer token in the Authorization header."
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	at := s.access[strings.TrimSpace(tok)]
	switch {
	case at == nil:
		return nil, "Invalid access token."
	case at.grant.revoked:
		return nil, "The access token has been revoked."
	case !s.now().Before(at.expires):
		return nil, "The access token is expired."
	case s.accounts[at.grant.account] == nil:
		return nil, "Unknown account."
	}
	return &apiCtx{account: at.grant.account, grant: at.grant}, ""
}

// admit counts the request in the account's sliding window and takes a token
// from its bucket; false means rate limited.
func (s *Server) admit(acct string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[acct]
	cut := now.Add(-time.Second)
	i := 0
	for i < len(a.window) && !a.window[i].After(cut) {
		i++
	}
	a.window = append(a.window[i:], now)
	a.rpsMax = max(a.rpsMax, len(a.window))
	if s.opts.DisableRateLimit {
		return true
	}
	return a.bucket.allow(now, 10, 20)
}

func (s *Server) recordCall(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.accounts[c.Account]; a != nil {
		a.calls = append(a.calls, c)
	}
}

// bucket is a token bucket (docs/LEVER_API.md §5: 10 req/s, bursts of 20).
type bucket struct {
	tokens float64
	last   time.Time
}

func (b *bucket) allow(now time.Time, rate, burst float64) bool {
	if b.last.IsZero() {
		b.tokens = burst
	} else {
		b.tokens = min(burst, b.tokens+now.Sub(b.last).Seconds()*rate)
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// listPage is Lever's list envelope (docs/LEVER_API.md §4.0); Next is omitted on
// the last page.
type listPage struct {
	Data    any    `json:"data"`
	HasNext bool   `json:"hasNext"`
	Next    string `json:"next,omitempty"`
}

// paginate answers one page of items: limit 1..100 (default 100, larger values
// are capped at 100); offset must be a token issued for the same account,
// path and filters (limit may change), else 400 "Invalid offset token".
func paginate[T any](s *Server, w http.ResponseWriter, r *http.Request, c *apiCtx, items []T) {
	q := r.URL.Query()
	limit := 100
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			apiError(w, http.StatusBadRequest, "BadRequestError", "Invalid limit: "+v+" (must be an integer from 1 to 100).")
			return
		}
		limit = min(n, 100)
	}
	start := 0
	if v := q.Get("offset"); v != "" {
		n, ok := s.parseOffset(c.account, r, v)
		if !ok {
			apiError(w, http.StatusBadRequest, "BadRequestError", "Invalid offset token: Offset token is invalid for sort")
			return
		}
		start = min(n, len(items))
	}
	end := min(start+limit, len(items))
	page := listPage{Data: nz(items[start:end]), HasNext: end < len(items)}
	if page.HasNext {
		page.Next = s.offsetToken(c.account, r, end)
	}
	writeJSON(w, http.StatusOK, page)
}

// queryKey is the request's identity for offset tokens: path and sorted
// query parameters except offset and limit.
func queryKey(account string, r *http.Request) string {
	q := r.URL.Query()
	q.Del("offset")
	q.Del("limit")
	for _, v := range q {
		slices.Sort(v)
	}
	return account + "\x00" + r.URL.Path + "\x00" + q.Encode()
}

func (s *Server) offsetMAC(key string, index int) string {
	m := hmac.New(sha256.New, s.offsetKey)
	fmt.Fprintf(m, "%s\x00%d", key, index)
	return formatUUID(m.Sum(nil)[:16])
}

// offsetToken looks like Lever's: URL-encoded JSON [position,"<id>"].
func (s *Server) offsetToken(account string, r *http.Request, index int) string {
	raw := fmt.Sprintf(`[%d,"%s"]`, index, s.offsetMAC(queryKey(account, r), index))
	return url.QueryEscape(raw)
}

func (s *Server) parseOffset(account string, r *http.Request, tok string) (int, bool) {
	if !strings.HasPrefix(tok, "[") {
		u, err := url.QueryUnescape(tok)
		if err != nil {
			return 0, false
		}
		tok = u
	}
	var parts []any
	if err := json.Unmarshal([]byte(tok), &parts); err != nil || len(parts) != 2 {
		return 0, false
	}
	f, ok1 := parts[0].(float64)
	mac, ok2 := parts[1].(string)
	if !ok1 || !ok2 || f < 0 {
		return 0, false
	}
	want := s.offsetMAC(queryKey(account, r), int(f))
	return int(f), hmac.Equal([]byte(want), []byte(mac))
}

// decodeBody decodes a JSON body into v, answering 400 when it is not JSON.
func decodeBody(w http.ResponseWriter, c *apiCtx, v any) bool {
	if err := json.Unmarshal(c.body, v); err != nil {
		apiError(w, http.StatusBadRequest, "BadRequestError", "Request body is not valid JSON: "+err.Error())
		return false
	}
	return true
}

// performAs validates the optional perform_as query parameter (§4.9):
// returns the user id ("" when absent) or false after answering 400.
func (s *Server) performAs(w http.ResponseWriter, r *http.Request, c *apiCtx) (string, bool) {
	id := r.URL.Query().Get("perform_as")
	if id == "" {
		return "", true
	}
	s.mu.Lock()
	u := s.accounts[c.account].user(id)
	s.mu.Unlock()
	if u == nil || u.DeactivatedAt != 0 {
		apiError(w, http.StatusBadRequest, "BadRequestError", "Invalid perform_as user: "+id)
		return "", false
	}
	return id, true
}

func queryBool(v string) (val, set bool) {
	switch strings.ToLower(v) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// msParam reads a millisecond timestamp parameter: value, whether it was
// given, and whether it is a valid integer.
func msParam(q url.Values, name string) (n int64, set, valid bool) {
	v := q.Get(name)
	if v == "" {
		return 0, false, true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, true, err == nil
}
