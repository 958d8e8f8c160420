package lever

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
)

const (
	defaultTimeout     = 20 * time.Second
	defaultMaxAttempts = 4
	defaultBaseBackoff = 250 * time.Millisecond
	maxBackoff         = 10 * time.Second
	maxRetryAfter      = 60 * time.Second
	maxRedirects       = 5
	maxBodyBytes       = 32 << 20
	defaultUserAgent   = "intervue-lever-integration"
)

// Options tunes a Client; the zero value gives the defaults documented on each field.
type Options struct {
	// HTTPClient sends requests; default has a 20s timeout (the per-request timeout).
	// The client uses a copy with its own CheckRedirect.
	HTTPClient *http.Client
	// Limiter is the Lever account's shared request budget; nil means no limit.
	Limiter RateLimiter
	// MaxAttempts is the number of attempts per call for retryable failures; default 4.
	MaxAttempts int
	// BaseBackoff is the first retry's backoff ceiling; it doubles per attempt, capped at 10s,
	// with full jitter. Default 250ms. A Retry-After header (seconds or HTTP date, capped at
	// 60s) replaces it and also pauses Limiter.
	BaseBackoff time.Duration
	// Observe is called synchronously after every attempt (sync log, metrics); it must be
	// quick and safe for concurrent use.
	Observe func(CallInfo)
	// UserAgent is sent on every request; default "intervue-lever-integration".
	UserAgent string
	// PerformAs is the Lever user id our writes (notes, tags, stage moves, files) are
	// attributed to, sent as the perform_as query parameter (docs/LEVER_API.md §4.9); "" sends none.
	PerformAs string
}

// CallInfo describes one attempt of one call. Path is relative to the API base with no host
// and no query (e.g. "/opportunities/abc/notes"); it never contains tokens. Status is 0 when
// no HTTP answer arrived. Attempt counts from 1.
type CallInfo struct {
	Method   string
	Path     string
	Status   int
	Duration time.Duration
	Attempt  int
	Err      error
}

// Client is a typed client of Lever's data API (docs/LEVER_API.md §4) for one connection.
// It is safe for concurrent use.
type Client struct {
	baseURL     string
	ts          oauth2.TokenSource
	http        *http.Client
	limiter     RateLimiter
	maxAttempts int
	baseBackoff time.Duration
	observe     func(CallInfo)
	userAgent   string
	performAs   string
	sleep       func(context.Context, time.Duration) error // swapped in tests
}

// NewClient returns a client for baseURL (e.g. https://api.lever.co/v1, see HostsFor) that
// sends "Authorization: Bearer" with a token from ts on every attempt. ts should be the
// connection's persisting, refreshing token source.
func NewClient(baseURL string, ts oauth2.TokenSource, opts Options) *Client {
	c := &Client{
		baseURL:     strings.TrimRight(baseURL, "/"),
		ts:          ts,
		limiter:     opts.Limiter,
		maxAttempts: opts.MaxAttempts,
		baseBackoff: opts.BaseBackoff,
		observe:     opts.Observe,
		userAgent:   opts.UserAgent,
		performAs:   opts.PerformAs,
		sleep:       sleepCtx,
	}
	if c.maxAttempts <= 0 {
		c.maxAttempts = defaultMaxAttempts
	}
	if c.baseBackoff <= 0 {
		c.baseBackoff = defaultBaseBackoff
	}
	if c.userAgent == "" {
		c.userAgent = defaultUserAgent
	}
	hc := http.Client{Timeout: defaultTimeout}
	if opts.HTTPClient != nil {
		hc = *opts.HTTPClient
	}
	hc.CheckRedirect = checkRedirect
	c.http = &hc
	return c
}

// do performs one API call with rate limiting and retries, decoding a 2xx body into out.
// GET, PUT and DELETE are retried on 429, 5xx and transport errors; POST only on 429 and on
// transport errors where the request was certainly not sent (docs/LEVER_API.md §5: no idempotency keys).
func (c *Client) do(ctx context.Context, method, path string, query url.Values, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return fmt.Errorf("lever: %s %s: encode request: %w", method, path, err)
		}
	}
	return c.doRaw(ctx, method, path, query, body, "application/json", out)
}

// doRaw is do with an encoded body of contentType (nil body: none).
func (c *Client) doRaw(ctx context.Context, method, path string, query url.Values, body []byte, contentType string, out any) error {
	for attempt := 1; ; attempt++ {
		err := c.attempt(ctx, method, path, query, body, contentType, out, attempt)
		if err == nil {
			return nil
		}
		wait, retry := c.retryDelay(method, err, attempt)
		if !retry || attempt >= c.maxAttempts {
			return err
		}
		if c.sleep(ctx, wait) != nil {
			return err
		}
	}
}

// retryDelay decides whether err is retried for method and after how long. On a 429 it also
// pauses the limiter so every caller of this connection backs off.
func (c *Client) retryDelay(method string, err error, attempt int) (time.Duration, bool) {
	var ae *APIError
	if errors.As(err, &ae) {
		switch {
		case ae.Status == http.StatusTooManyRequests:
			wait := ae.RetryAfter
			if wait <= 0 {
				wait = c.backoff(attempt)
			}
			if c.limiter != nil {
				c.limiter.Pause(wait)
			}
			return wait, true
		case ae.Status >= 500 && idempotent(method):
			return c.backoff(attempt), true
		}
		return 0, false
	}
	var te *TransportError
	if errors.As(err, &te) && !te.ctxDone && (idempotent(method) || !te.MaybeApplied) {
		return c.backoff(attempt), true
	}
	var se *ShapeError
	if errors.As(err, &se) && method == http.MethodGet {
		return c.backoff(attempt), true
	}
	return 0, false
}

// backoff returns a full-jitter delay in [0, min(10s, base*2^(attempt-1))).
func (c *Client) backoff(attempt int) time.Duration {
	ceil := c.baseBackoff
	for i := 1; i < attempt && ceil < maxBackoff; i++ {
		ceil *= 2
	}
	ceil = min(ceil, maxBackoff)
	if ceil <= 0 {
		return 0
	}
	return rand.N(ceil)
}

// writeQuery returns the query of a write: perform_as when the client has a write-back user.
func (c *Client) writeQuery() url.Values {
	if c.performAs == "" {
		return nil
	}
	return url.Values{"perform_as": {c.performAs}}
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// attempt sends one request and classifies the outcome.
func (c *Client) attempt(ctx context.Context, method, path string, query url.Values, body []byte, contentType string, out any, n int) (err error) {
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			return fmt.Errorf("lever: %s %s: %w", method, path, err)
		}
	}
	status := 0
	start := time.Now()
	if c.observe != nil {
		defer func() {
			c.observe(CallInfo{Method: method, Path: path, Status: status, Duration: time.Since(start), Attempt: n, Err: err})
		}()
	}
	tok, err := c.ts.Token()
	if err != nil {
		return fmt.Errorf("lever: %s %s: get access token: %w", method, path, err)
	}
	u := c.baseURL + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var rdr io.Reader
	if body != nil {
		rdr = bytes.NewReader(body)
	}
	// WroteHeaders tells "certainly not sent" (dial error, refused) from "may have reached Lever".
	var wrote atomic.Bool
	tctx := httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteHeaders: func() { wrote.Store(true) }})
	req, err := http.NewRequestWithContext(tctx, method, u, rdr)
	if err != nil {
		return fmt.Errorf("lever: %s %s: %w", method, path, err)
	}
	tok.SetAuthHeader(req)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	start = time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		var re *RedirectError
		if errors.As(err, &re) {
			re.Method, re.Path = method, path
			status = re.Status
			return re
		}
		return &TransportError{Method: method, Path: path, Err: unwrapURLError(err), MaybeApplied: wrote.Load(), ctxDone: ctx.Err() != nil}
	}
	defer resp.Body.Close()
	status = resp.StatusCode
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes))
	if err != nil {
		return &TransportError{Method: method, Path: path, Err: fmt.Errorf("read response: %w", err), MaybeApplied: true, ctxDone: ctx.Err() != nil}
	}
	if status < 200 || status > 299 {
		ae := newAPIError(method, path, status, data)
		ae.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		return ae
	}
	if out == nil {
		return nil
	}
	return decodeData(method, path, status, data, out)
}

// decodeData decodes a 2xx body into out, which is one of Lever's
// envelopes (docs/LEVER_API.md §4.0); a body without "data" (empty,
// truncated, not an object) or whose fields have the wrong types is a
// *ShapeError.
func decodeData(method, path string, status int, data []byte, out any) error {
	shape := func(reason string) error {
		body := string(data)
		if len(body) > 300 {
			body = body[:300]
		}
		return &ShapeError{Method: method, Path: path, Status: status, Reason: reason, Body: body}
	}
	var env map[string]json.RawMessage
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return shape("empty body")
	case json.Unmarshal(data, &env) != nil:
		return shape("not a JSON object, or cut off")
	case len(env["data"]) == 0 || string(env["data"]) == "null":
		return shape(`no "data"`)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return shape("a field has the wrong type: " + err.Error())
	}
	return nil
}

// unwrapURLError drops net/url's wrapper, whose text repeats the full URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// parseRetryAfter reads a Retry-After value in seconds or as an HTTP date, capped at 60s;
// 0 when absent, invalid or in the past.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.Atoi(v); err == nil {
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return max(0, min(d, maxRetryAfter))
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// checkRedirect follows a redirect only within the same host or the api.*.lever.co family
// (re-adding Authorization, which net/http drops across hosts, docs/LEVER_API.md §6.12), and never
// when it would change the method (a 301/302 turns POST/PUT into GET).
func checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0]
	refuse := func(reason string) error {
		e := &RedirectError{Location: req.URL.Scheme + "://" + req.URL.Host + req.URL.Path, Reason: reason}
		if req.Response != nil {
			e.Status = req.Response.StatusCode
		}
		return e
	}
	switch {
	case len(via) > maxRedirects:
		return refuse("too many redirects")
	case req.Method != first.Method:
		return refuse(fmt.Sprintf("following it would turn %s into %s", first.Method, req.Method))
	case !sameHostFamily(first.URL, req.URL):
		return refuse("cross-host redirect would drop the Authorization header (docs/LEVER_API.md §6.12); set the connection's API base URL to the new host")
	}
	if a := first.Header.Get("Authorization"); a != "" {
		req.Header.Set("Authorization", a)
	}
	return nil
}

// sameHostFamily reports whether a redirect from → to may carry our bearer token: same
// scheme and host:port, or an https Lever API host (api.lever.co, api.eu.lever.co, …) to another.
func sameHostFamily(from, to *url.URL) bool {
	if strings.EqualFold(from.Scheme, to.Scheme) && strings.EqualFold(from.Host, to.Host) {
		return true
	}
	return to.Scheme == "https" && isLeverAPIHost(from.Hostname()) && isLeverAPIHost(to.Hostname())
}

func isLeverAPIHost(h string) bool {
	h = strings.ToLower(h)
	return h == "api.lever.co" || (strings.HasPrefix(h, "api.") && strings.HasSuffix(h, ".lever.co"))
}
