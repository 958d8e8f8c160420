package leversync

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// ErrNeedsReauth means the connection's grant no longer works (revoked in
// Lever, or the refresh token expired): an admin must reconnect. Jobs that
// meet it wait (snooze) without using up their attempts.
var ErrNeedsReauth = errors.New("leversync: Lever access needs to be re-authorized (Reconnect on the Lever screen)")

// ErrDisconnected means the organization has no Lever connection.
var ErrDisconnected = errors.New("leversync: Lever is not connected")

// tokenSource is an oauth2.TokenSource for one connection that persists
// rotated refresh tokens and serialises refreshes (docs/DESIGN.md §3): an
// in-process mutex makes concurrent workers share one refresh, and the row
// lock in the database does the same across processes.
type tokenSource struct {
	e      *Engine
	connID string
	orgID  string
	last   atomic.Pointer[string] // access token last handed out
}

// Token returns a valid access token, refreshing it when it expires within
// RefreshBefore. It returns ErrNeedsReauth after invalid_grant.
func (ts *tokenSource) Token() (*oauth2.Token, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	tok, err := ts.e.token(ctx, ts.connID, "")
	if err == nil {
		ts.last.Store(&tok.AccessToken)
	}
	return tok, err
}

// lastAccess returns the access token last handed out ("" if none).
func (ts *tokenSource) lastAccess() string {
	if p := ts.last.Load(); p != nil {
		return *p
	}
	return ""
}

func (e *Engine) connMutex(connID string) *sync.Mutex {
	m, _ := e.tokenMu.LoadOrStore(connID, &sync.Mutex{})
	return m.(*sync.Mutex)
}

// token returns the connection's access token; when rejected is the access
// token Lever just refused with 401, it is refreshed even if not expired
// (unless another caller already replaced it).
func (e *Engine) token(ctx context.Context, connID, rejected string) (*oauth2.Token, error) {
	c, err := e.store.ConnectionByID(ctx, connID)
	if err != nil {
		return nil, err
	}
	if tok, ok, err := e.usableToken(c, rejected); err != nil || ok {
		return tok, err
	}
	mu := e.connMutex(connID)
	mu.Lock()
	defer mu.Unlock()
	var invalidGrant error
	c, err = e.store.WithTokenLock(ctx, connID, func(c *models.LeverConnection, access, refresh string) (*models.Grant, error) {
		if _, ok, err := e.usableToken(c, rejected); err != nil || ok {
			return nil, err // someone refreshed while we waited for the lock
		}
		if refresh == "" {
			invalidGrant = errors.New("no refresh token stored (offline_access was not granted)")
			return nil, nil
		}
		hc := e.cfg.HTTPClient
		rctx := ctx
		if hc != nil {
			rctx = context.WithValue(ctx, oauth2.HTTPClient, hc)
		}
		old := &oauth2.Token{AccessToken: access, RefreshToken: refresh, Expiry: time.Unix(1, 0)}
		start := e.now()
		nt, err := e.oauthFor(c).TokenSource(rctx, old).Token()
		e.cfg.Metrics.tokenRefresh(err)
		if err != nil {
			if lever.IsInvalidGrant(err) {
				invalidGrant = err
				return nil, nil
			}
			return nil, fmt.Errorf("leversync: refresh Lever token: %w", err)
		}
		g := &models.Grant{AccessToken: nt.AccessToken, RefreshToken: nt.RefreshToken, ExpiresAt: nt.Expiry}
		if g.ExpiresAt.IsZero() {
			g.ExpiresAt = start.Add(time.Hour)
		}
		if sc, ok := nt.Extra("scope").(string); ok {
			g.Scopes = sc
		}
		return g, nil
	})
	if err != nil {
		return nil, err
	}
	if invalidGrant != nil {
		ev := subject{OrgID: c.OrgID}.event(CodeRefreshRefused, "error", invalidGrant)
		if err := e.store.MarkNeedsReauth(ctx, connID, ev.Code, ev.Message); err != nil {
			return nil, err
		}
		e.logEvent(ctx, ev)
		return nil, ErrNeedsReauth
	}
	tok, ok, err := e.usableToken(c, rejected)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errors.New("leversync: refreshed Lever token is not usable")
	}
	return tok, nil
}

// refreshMargin is how long before its expiry the connection's access token
// is refreshed: RefreshBefore (5 minutes), or a tenth of the token's
// lifetime when Lever issued a shorter-lived token, so that a token that
// lives less than RefreshBefore is still used until just before it expires.
func (e *Engine) refreshMargin(c *models.LeverConnection) time.Duration {
	margin := e.cfg.RefreshBefore
	if c.TokenRefreshedAt != nil && c.TokenExpiresAt != nil {
		if life := c.TokenExpiresAt.Sub(*c.TokenRefreshedAt); life > 0 && life/10 < margin {
			margin = life / 10
		}
	}
	return margin
}

// usableToken returns the stored token when it is valid for its refresh
// margin more and is not the rejected one.
func (e *Engine) usableToken(c *models.LeverConnection, rejected string) (*oauth2.Token, bool, error) {
	switch c.Status {
	case models.ConnNeedsReauth:
		return nil, false, ErrNeedsReauth
	case models.ConnDisconnected:
		return nil, false, ErrDisconnected
	}
	access, _, err := e.store.Tokens(c)
	if err != nil {
		return nil, false, err
	}
	if access == "" || c.TokenExpiresAt == nil || access == rejected {
		return nil, false, nil
	}
	if c.TokenExpiresAt.Before(e.now().Add(e.refreshMargin(c))) {
		return nil, false, nil
	}
	return &oauth2.Token{AccessToken: access, TokenType: "Bearer", Expiry: *c.TokenExpiresAt}, true, nil
}

// RefreshIdle refreshes the token of a connection not refreshed for
// maxIdle, so the refresh token never reaches Lever's 90-day idle expiry
// (docs/LEVER_API.md §1.3). It returns whether a refresh happened.
func (e *Engine) RefreshIdle(ctx context.Context, connID string, maxIdle time.Duration) (bool, error) {
	c, err := e.store.ConnectionByID(ctx, connID)
	if err != nil {
		return false, err
	}
	if c.Status != models.ConnConnected || (c.TokenRefreshedAt != nil && c.TokenRefreshedAt.After(e.now().Add(-maxIdle))) {
		return false, nil
	}
	access, _, err := e.store.Tokens(c)
	if err != nil {
		return false, err
	}
	_, err = e.token(ctx, connID, access)
	return err == nil, err
}
