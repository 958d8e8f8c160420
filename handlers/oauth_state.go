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
)

// OAuthStateTTL is how long an OAuth state (and its PKCE verifier) is
// accepted after the connect flow started.
const OAuthStateTTL = 10 * time.Minute

// oauthState is the OAuth `state` of one connect flow. It is self-contained
// and signed, so starting the flow writes nothing (the documented
// GET /integrations/lever/connect changes no state) and any app process can
// finish it: base64url(nonce 16 bytes | issued-at Unix seconds 8 bytes |
// HMAC-SHA256 over purpose, browser session id, nonce and issued-at).
// It is bound to the browser session that started it, expires after
// OAuthStateTTL and is usable once (finishConnect remembers used nonces in
// the session). The PKCE verifier is derived from it with the same key, so it
// never travels to the browser.
type oauthState struct {
	nonce  []byte
	issued time.Time
}

const oauthNonceLen = 16

var (
	errStateInvalid = errors.New("the state does not belong to this browser session")
	errStateExpired = errors.New("the state has expired")
)

// newOAuthState signs a fresh state for the session id sid.
func (h *Handler) newOAuthState(sid string) string {
	nonce := make([]byte, oauthNonceLen)
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	buf := make([]byte, 0, oauthNonceLen+8+sha256.Size)
	buf = append(buf, nonce...)
	buf = binary.BigEndian.AppendUint64(buf, uint64(h.now().Unix()))
	buf = append(buf, h.stateMAC(sid, buf)...)
	return base64.RawURLEncoding.EncodeToString(buf)
}

// parseOAuthState checks a state received on the callback against the
// session id sid and the clock.
func (h *Handler) parseOAuthState(sid, s string) (*oauthState, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != oauthNonceLen+8+sha256.Size || sid == "" {
		return nil, errStateInvalid
	}
	body, mac := b[:oauthNonceLen+8], b[oauthNonceLen+8:]
	if !hmac.Equal(mac, h.stateMAC(sid, body)) {
		return nil, errStateInvalid
	}
	st := &oauthState{nonce: body[:oauthNonceLen], issued: time.Unix(int64(binary.BigEndian.Uint64(body[oauthNonceLen:])), 0)}
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
