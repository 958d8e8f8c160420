package handlers

import (
	"context"
	"encoding/hex"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"

	"github.com/intervue/lever-integration/models"
)

// Session cookie names: with an https PUBLIC_URL the __Host- prefix makes
// browsers insist on Secure, Path=/ and no Domain, so no other host (a
// sibling subdomain) can set or shadow it.
const (
	sessionName       = "iv_session"
	secureSessionName = "__Host-iv_session"
)

// Session lifetimes: a session ends after Idle without a request (30 minutes
// unless SESSION_IDLE_TIMEOUT says otherwise) and SessionAbsolute after login
// whatever happens.
const (
	DefaultSessionIdle = 30 * time.Minute
	SessionAbsolute    = 12 * time.Hour
)

// SessionStore is a gorilla/sessions Store that keeps session values in the
// database (so sessions can be revoked) and only a signed session id in the
// cookie. Cookies are HttpOnly and SameSite=Lax; Secure and named
// __Host-iv_session when PUBLIC_URL is https. A session ends after the idle
// limit without a request or SessionAbsolute after it began (row
// created_at), whichever comes first; expires_at holds that end, so an
// expired row is never loaded and the periodic purge deletes it.
type SessionStore struct {
	store  *models.Store
	codecs []securecookie.Codec
	opts   sessions.Options
	name   string
	idle   time.Duration
}

// NewSessionStore returns a store signing with hashKey (32+ bytes); secure
// is true for an https PUBLIC_URL. The idle limit is DefaultSessionIdle.
func NewSessionStore(store *models.Store, hashKey []byte, secure bool) *SessionStore {
	name := sessionName
	if secure {
		name = secureSessionName
	}
	return &SessionStore{
		store:  store,
		codecs: securecookie.CodecsFromPairs(hashKey),
		opts:   sessions.Options{Path: "/", MaxAge: int(SessionAbsolute / time.Second), HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode},
		name:   name,
		idle:   DefaultSessionIdle,
	}
}

// SetIdleTimeout changes the idle limit (SESSION_IDLE_TIMEOUT); d <= 0 is ignored.
func (s *SessionStore) SetIdleTimeout(d time.Duration) {
	if d > 0 {
		s.idle = d
	}
}

// backgroundRefreshHeader marks htmx polling requests (views.
// BackgroundRefreshHeaders): they do not keep a session alive.
const backgroundRefreshHeader = "X-Background-Refresh"

// Name is the session cookie's name.
func (s *SessionStore) Name() string { return s.name }

// end is when a session that began at created and was last used at seen ends.
func (s *SessionStore) end(created, seen time.Time) time.Time {
	return minTime(seen.Add(s.idle), created.Add(SessionAbsolute))
}

// touchEvery is how stale a session's last-use time may get before a
// request writes it again (at most once a minute per session).
func (s *SessionStore) touchEvery() time.Duration { return min(time.Minute, s.idle/4) }

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// Get returns the request's session, cached per request by gorilla's registry.
func (s *SessionStore) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(s, name)
}

// New loads the session named by the cookie, or returns a new empty one.
func (s *SessionStore) New(r *http.Request, name string) (*sessions.Session, error) {
	sess := sessions.NewSession(s, name)
	opts := s.opts
	sess.Options = &opts
	sess.IsNew = true
	c, err := r.Cookie(name)
	if err != nil {
		return sess, nil
	}
	var id string
	if err := securecookie.DecodeMulti(name, c.Value, &id, s.codecs...); err != nil {
		return sess, nil // a bad cookie is just no session
	}
	row, err := s.store.WebSession(r.Context(), id)
	if err != nil {
		if errors.Is(err, models.ErrNotFound) {
			return sess, nil
		}
		return sess, err
	}
	now := time.Now().UTC()
	if !now.Before(s.end(row.CreatedAt, row.UpdatedAt)) {
		_ = s.store.DeleteWebSession(r.Context(), id) // idle or absolute limit reached
		return sess, nil
	}
	if err := securecookie.DecodeMulti(name, row.Data, &sess.Values, s.codecs...); err != nil {
		return sess, nil
	}
	if now.Sub(row.UpdatedAt) >= s.touchEvery() && r.Header.Get(backgroundRefreshHeader) != "1" {
		if err := s.store.TouchWebSession(r.Context(), id, now, s.end(row.CreatedAt, now)); err != nil {
			return sess, err
		}
	}
	sess.ID, sess.IsNew = id, false
	return sess, nil
}

// Save writes the session row and the cookie; MaxAge < 0 deletes both.
func (s *SessionStore) Save(r *http.Request, w http.ResponseWriter, sess *sessions.Session) error {
	if sess.Options.MaxAge < 0 {
		if sess.ID != "" {
			if err := s.store.DeleteWebSession(r.Context(), sess.ID); err != nil {
				return err
			}
		}
		http.SetCookie(w, sessions.NewCookie(sess.Name(), "", sess.Options))
		return nil
	}
	if sess.ID == "" {
		sess.ID = models.RandomToken(32)
	}
	data, err := securecookie.EncodeMulti(sess.Name(), sess.Values, s.codecs...)
	if err != nil {
		return err
	}
	userID, _ := sess.Values[keyUserID].(string)
	now := time.Now().UTC()
	created := now
	if v, ok := sess.Values[keyCreatedAt].(int64); ok {
		created = time.Unix(v, 0).UTC()
	}
	row := &models.WebSession{ID: sess.ID, Data: data, UserID: userID, ExpiresAt: s.end(created, now)}
	if err := s.store.SaveWebSession(r.Context(), row); err != nil {
		return err
	}
	cookie, err := securecookie.EncodeMulti(sess.Name(), sess.ID, s.codecs...)
	if err != nil {
		return err
	}
	http.SetCookie(w, sessions.NewCookie(sess.Name(), cookie, sess.Options))
	return nil
}

// Session keys live in this file only.
const (
	keyUserID    = "user_id"
	keyOAuthUsed = "oauth_used"
	keyCreatedAt = "created_at" // Unix seconds of the login
	keyFlash     = "flash"
	keyFlashKind = "flash_kind"
	keyViewOrg   = "view_org"
)

// websession is the typed accessor for one request's session (docs/DESIGN.md §6.6).
type websession struct {
	s *sessions.Session
	r *http.Request
	w http.ResponseWriter
}

func (h *Handler) session(w http.ResponseWriter, r *http.Request) *websession {
	s, err := h.sessions.Get(r, h.sessions.name)
	if err != nil {
		h.log.Warn("session load failed", "err", err)
	}
	return &websession{s: s, r: r, w: w}
}

func (ws *websession) UserID() string { v, _ := ws.s.Values[keyUserID].(string); return v }

// Login starts a fresh session (new id: no session fixation) for userID.
func (ws *websession) Login(userID string) error {
	if ws.s.ID != "" {
		_ = ws.s.Store().(*SessionStore).store.DeleteWebSession(ws.r.Context(), ws.s.ID)
	}
	ws.s.ID = ""
	ws.s.Values = map[any]any{keyUserID: userID, keyCreatedAt: time.Now().Unix()}
	return ws.s.Save(ws.r, ws.w)
}

// Logout deletes the session.
func (ws *websession) Logout() error {
	ws.s.Options.MaxAge = -1
	return ws.s.Save(ws.r, ws.w)
}

// ID is the server-side session id ("" before the session is saved).
func (ws *websession) ID() string { return ws.s.ID }

// ConsumeOAuthNonce records an OAuth state nonce as used in this session and
// reports whether it was fresh (a state is usable once). The last 8 are kept.
func (ws *websession) ConsumeOAuthNonce(nonce []byte) (fresh bool, err error) {
	n := hex.EncodeToString(nonce)
	v, _ := ws.s.Values[keyOAuthUsed].(string)
	used := usedNonces(v)
	if slices.Contains(used, n) {
		return false, nil
	}
	used = append(used, n)
	if len(used) > 8 {
		used = used[len(used)-8:]
	}
	ws.s.Values[keyOAuthUsed] = strings.Join(used, ",")
	return true, ws.s.Save(ws.r, ws.w)
}

// SetFlash stores a message shown once on the next page; kind is
// "success" or "error".
func (ws *websession) SetFlash(kind, msg string) error {
	ws.s.Values[keyFlash], ws.s.Values[keyFlashKind] = msg, kind
	return ws.s.Save(ws.r, ws.w)
}

// PopFlash returns and clears the flash message.
func (ws *websession) PopFlash() (kind, msg string) {
	msg, _ = ws.s.Values[keyFlash].(string)
	if msg == "" {
		return "", ""
	}
	kind, _ = ws.s.Values[keyFlashKind].(string)
	delete(ws.s.Values, keyFlash)
	delete(ws.s.Values, keyFlashKind)
	_ = ws.s.Save(ws.r, ws.w)
	return kind, msg
}

// ViewOrg is the organization support staff chose to look at ("" = own).
func (ws *websession) ViewOrg() string { v, _ := ws.s.Values[keyViewOrg].(string); return v }

// SetViewOrg sets the organization support staff look at.
func (ws *websession) SetViewOrg(orgID string) error {
	ws.s.Values[keyViewOrg] = orgID
	return ws.s.Save(ws.r, ws.w)
}

type ctxKey int

const (
	ctxUser ctxKey = iota
	ctxOrgID
)

// currentUser returns the logged-in user (nil on public routes).
func currentUser(ctx context.Context) *models.User {
	u, _ := ctx.Value(ctxUser).(*models.User)
	return u
}

// orgIDFrom returns the organization a request acts on: the API key's org,
// or the logged-in user's.
func orgIDFrom(ctx context.Context) string {
	v, _ := ctx.Value(ctxOrgID).(string)
	return v
}
