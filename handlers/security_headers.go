package handlers

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
)

// securityHeaders are the response headers of docs/CONTRACT.md §5: on every
// response X-Content-Type-Options: nosniff, Referrer-Policy: no-referrer and,
// with an https PUBLIC_URL, Strict-Transport-Security; on HTML responses
// also the Content-Security-Policy (frame-ancestors 'none', no inline
// script) and X-Frame-Options for older browsers. Pages behind login add
// Cache-Control: no-store (requireLogin).
type securityHeaders struct {
	csp  string
	hsts bool
}

// newSecurityHeaders builds the policy. form-action also allows the origin
// of each Lever authorization server (one per data centre offered), because
// the Begin setup form's answer redirects there and browsers check
// form-action on redirects.
func newSecurityHeaders(publicURL string, leverAuthURLs ...string) securityHeaders {
	formAction := "'self'"
	seen := map[string]bool{origin(publicURL): true}
	for _, u := range leverAuthURLs {
		if o := origin(u); o != "" && !seen[o] {
			seen[o] = true
			formAction += " " + o
		}
	}
	csp := strings.Join([]string{
		"default-src 'self'",
		"script-src 'self'",
		// Inline style attributes are kept (layout tweaks in the views); no
		// inline script runs, which is what CSP protects against here.
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data:",
		"connect-src 'self'",
		"object-src 'none'",
		"base-uri 'none'",
		"form-action " + formAction,
		"frame-ancestors 'none'",
		"report-uri " + cspReportPath,
	}, "; ")
	return securityHeaders{csp: csp, hsts: strings.HasPrefix(publicURL, "https://")}
}

// origin is scheme://host of u, or "".
func origin(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Scheme == "" || p.Host == "" {
		return ""
	}
	return p.Scheme + "://" + p.Host
}

// secure adds the security headers to every response of next.
func (h *Handler) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hdr := w.Header()
		hdr.Set("X-Content-Type-Options", "nosniff")
		hdr.Set("Referrer-Policy", "no-referrer")
		if h.secHeaders.hsts {
			hdr.Set("Strict-Transport-Security", "max-age=31536000")
		}
		sw := &secWriter{ResponseWriter: w, csp: h.secHeaders.csp}
		next.ServeHTTP(sw, r)
		sw.writeHeader(nil)
	})
}

// secWriter holds back the status line until the first body bytes, so it
// can tell an HTML response (declared, or a body starting with "<" as templ
// writes it) and add the HTML-only headers.
type secWriter struct {
	http.ResponseWriter
	csp    string
	status int
	sent   bool
}

func (s *secWriter) WriteHeader(code int) {
	if s.sent {
		return
	}
	if code >= 100 && code < 200 {
		s.ResponseWriter.WriteHeader(code)
		return
	}
	if s.status == 0 {
		s.status = code
	}
}

func (s *secWriter) Write(b []byte) (int, error) {
	s.writeHeader(b)
	return s.ResponseWriter.Write(b)
}

// Flush sends the held status line and flushes (live updates stream).
func (s *secWriter) Flush() {
	s.writeHeader(nil)
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the real writer.
func (s *secWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (s *secWriter) writeHeader(first []byte) {
	if s.sent {
		return
	}
	s.sent = true
	hdr := s.Header()
	ct := hdr.Get("Content-Type")
	if ct == "" && len(first) > 0 && hdr.Get("Content-Encoding") == "" {
		if bytes.HasPrefix(bytes.TrimLeft(first, " \t\r\n"), []byte("<")) {
			ct = "text/html; charset=utf-8"
		} else {
			ct = http.DetectContentType(first)
		}
		hdr.Set("Content-Type", ct)
	}
	if strings.HasPrefix(ct, "text/html") {
		hdr.Set("Content-Security-Policy", s.csp)
		hdr.Set("X-Frame-Options", "DENY")
	}
	if s.status == 0 {
		if first == nil {
			return // nothing written: net/http sends 200 itself
		}
		s.status = http.StatusOK
	}
	s.ResponseWriter.WriteHeader(s.status)
}
