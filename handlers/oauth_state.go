package handlers

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
	"time"

	"github.com/intervue/lever-integration/lever"
)

// OAuthStateTTL is how long an OAuth state (and its PKCE verifier) is
// accepted after the connect flow started.
const OAuthStateTTL = 10 * time.Minute

// oauthState is the OAuth `state` of one connect flow. It is self-contained
// and signed, so starting the flow writes nothing (the documented
// GET /integrations/lever/connect changes no state) and any app process can
// finish it: base64url(nonce 16 bytes | issued-at Unix seconds 8 bytes |
// Lever data centre ("us", "eu") | HMAC-SHA256 over purpose, browser session
// id and everything before it). The data centre chosen at Begin setup is
// signed into it, so the callback exchanges the code with that data
// centre's OAuth server and stores its hosts, and an altered one is refused.
// It is bound to the browser session that started it, expires after
// OAuthStateTTL and is usable once (finishConnect remembers used nonces in
// the session). The PKCE verifier is derived from it with the same key, so it
// never travels to the browser.
type oauthState struct {
	nonce  []byte
	issued time.Time
	region lever.Region
}

const (
	oauthNonceLen = 16
	stateFixedLen = oauthNonceLen + 8
	maxRegionLen  = 8
)

var (
	errStateInvalid = errors.New("the state does not belong to this browser session")
	errStateExpired = errors.New("the state has expired")
)

// newOAuthState signs a fresh state for the session id sid and the Lever
// data centre region.
func (h *Handler) newOAuthState(sid string, region lever.Region) string {
	nonce := make([]byte, oauthNonceLen)
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	buf := make([]byte, 0, stateFixedLen+len(region)+sha256.Size)
	buf = append(buf, nonce...)
	buf = binary.BigEndian.AppendUint64(buf, uint64(h.now().Unix()))
	buf = append(buf, region...)
	buf = append(buf, h.stateMAC(sid, buf)...)
	return base64.RawURLEncoding.EncodeToString(buf)
}

// parseOAuthState checks a state received on the callback against the
// session id sid and the clock; its region is one of lever.AllRegions.
func (h *Handler) parseOAuthState(sid, s string) (*oauthState, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) <= stateFixedLen+sha256.Size || len(b) > stateFixedLen+maxRegionLen+sha256.Size || sid == "" {
		return nil, errStateInvalid
	}
	body, mac := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if !hmac.Equal(mac, h.stateMAC(sid, body)) {
		return nil, errStateInvalid
	}
	region, ok := lever.ParseRegion(string(body[stateFixedLen:]))
	if !ok || string(region) != string(body[stateFixedLen:]) {
		return nil, errStateInvalid
	}
	st := &oauthState{nonce: body[:oauthNonceLen], issued: time.Unix(int64(binary.BigEndian.Uint64(body[oauthNonceLen:stateFixedLen])), 0), region: region}
	if age := h.now().Sub(st.issued); age > OAuthStateTTL || age < -time.Minute {
		return nil, errStateExpired
	}
	return st, nil
}

func (h *Handler) stateMAC(sid string, body []byte) []byte {
	m := hmac.New(sha256.New, h.stateKey)
	m.Write([]byte("oauth-state\x00" + sid + "\x00"))
	m.Write(body)
	return m.Sum(nil)
}

// pkceVerifier derives the RFC 7636 code verifier of a state: 43 characters
// of base64url, known only to the app.
func (h *Handler) pkceVerifier(state string) string {
	m := hmac.New(sha256.New, h.stateKey)
	m.Write([]byte("pkce-verifier\x00" + state))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// usedNonces is the session's list of consumed state nonces (newest last),
// kept short: a state older than OAuthStateTTL is refused anyway.
func usedNonces(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}
