package handlers

import (
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// clientAddr is the client's IP address: from the configured proxy header
// (its last comma-separated entry, the one our own proxy added) or else the
// TCP peer. It is what login throttling counts and logs show.
func (h *Handler) clientAddr(r *http.Request) string {
	if h.clientIPHeader != "" {
		if v := r.Header.Get(h.clientIPHeader); v != "" {
			parts := strings.Split(v, ",")
			if ip := strings.TrimSpace(parts[len(parts)-1]); net.ParseIP(ip) != nil {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// loginThrottled answers 429 with Retry-After (whole seconds, rounded up)
// and the login form with a message when email or the client address has
// reached its failed-login limit (docs/CONTRACT.md §5), before any password
// is checked. It reports whether it answered.
func (h *Handler) loginThrottled(w http.ResponseWriter, r *http.Request, email, addr string) bool {
	wait, err := h.store.LoginRetryAfter(r.Context(), email, addr, h.loginLimits)
	if err != nil {
		h.renderError(w, r, err)
		return true
	}
	if wait <= 0 {
		return false
	}
	secs := int(math.Ceil(wait.Seconds()))
	h.log.Warn("login refused: too many failed attempts", "client_addr", addr, "email", email, "retry_after_s", secs)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	w.WriteHeader(http.StatusTooManyRequests)
	msg := fmt.Sprintf("Too many failed logins. For your account's safety, logging in is paused: try again in %s.", roundUp(wait))
	h.renderLogin(w, r, email, msg)
	return true
}

// roundUp says a wait in whole minutes ("1 minute", "15 minutes"), or
// seconds under a minute.
func roundUp(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d seconds", int(math.Ceil(d.Seconds())))
	}
	m := int(math.Ceil(d.Minutes()))
	if m == 1 {
		return "1 minute"
	}
	return fmt.Sprintf("%d minutes", m)
}
