package handlers

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/lever"
)

// TestOAuthState: a state verifies only for the session that started it,
// within OAuthStateTTL, untampered; the PKCE verifier is RFC 7636-shaped
// and differs per state.
func TestOAuthState(t *testing.T) {
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	h := &Handler{stateKey: []byte(strings.Repeat("k", 32)), now: func() time.Time { return now }}
	st := h.newOAuthState("session-a", lever.RegionUS)
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
		"OtherKey":      {"session-a", (&Handler{stateKey: []byte(strings.Repeat("x", 32)), now: h.now}).newOAuthState("session-a", lever.RegionUS), 0, errStateInvalid},
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
	if h.pkceVerifier(h.newOAuthState("session-a", lever.RegionUS)) == v {
		t.Error("two states share a verifier")
	}
}

// TestOAuthStateRegion: the data centre is signed into the state; one
// altered in the state itself (us to eu) is refused.
func TestOAuthStateRegion(t *testing.T) {
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	h := &Handler{stateKey: []byte(strings.Repeat("k", 32)), now: func() time.Time { return now }}
	for _, r := range lever.AllRegions {
		st, err := h.parseOAuthState("s", h.newOAuthState("s", r))
		if err != nil || st.region != r {
			t.Fatalf("%s: region %q, err %v", r, st.region, err)
		}
	}
	raw, _ := base64.RawURLEncoding.DecodeString(h.newOAuthState("s", lever.RegionUS))
	copy(raw[stateFixedLen:], "eu")
	if _, err := h.parseOAuthState("s", base64.RawURLEncoding.EncodeToString(raw)); !errors.Is(err, errStateInvalid) {
		t.Fatalf("region swapped in the state: err = %v, want refused", err)
	}
	if _, err := h.parseOAuthState("s", h.newOAuthState("s", "mars")); !errors.Is(err, errStateInvalid) {
		t.Fatalf("unknown region: err = %v, want refused", err)
	}
}
