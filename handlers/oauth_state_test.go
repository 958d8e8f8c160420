package handlers

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestOAuthState: a state verifies only for the session that started it,
// within OAuthStateTTL, untampered; the PKCE verifier is RFC 7636-shaped
// and differs per state.
func TestOAuthState(t *testing.T) {
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	h := &Handler{stateKey: []byte(strings.Repeat("k", 32)), now: func() time.Time { return now }}
	st := h.newOAuthState("session-a")
	if _, err := h.parseOAuthState("session-a", st); err != nil {
		t.Fatalf("fresh state refused: %v", err)
	}
	for name, tt := range map[string]struct {
		sid, state string
		after      time.Duration
		want       error
	}{
		"OtherSession":  {"session-b", st, 0, errStateInvalid},
		"NoSession":     {"", st, 0, errStateInvalid},
		"Tampered":      {"session-a", st[:len(st)-2] + "AA", 0, errStateInvalid},
		"Garbage":       {"session-a", "forged", 0, errStateInvalid},
		"Empty":         {"session-a", "", 0, errStateInvalid},
		"AtNineMinutes": {"session-a", st, 9 * time.Minute, nil},
		"Expired":       {"session-a", st, OAuthStateTTL + time.Second, errStateExpired},
		"OtherKey":      {"session-a", (&Handler{stateKey: []byte(strings.Repeat("x", 32)), now: h.now}).newOAuthState("session-a"), 0, errStateInvalid},
	} {
		t.Run(name, func(t *testing.T) {
			clock := now.Add(tt.after)
			h2 := &Handler{stateKey: h.stateKey, now: func() time.Time { return clock }}
			if _, err := h2.parseOAuthState(tt.sid, tt.state); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	v := h.pkceVerifier(st)
	if len(v) < 43 || len(v) > 128 || strings.ContainsAny(v, "+/=") {
		t.Errorf("verifier %q is not 43-128 base64url characters", v)
	}
	if h.pkceVerifier(h.newOAuthState("session-a")) == v {
		t.Error("two states share a verifier")
	}
}
