package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Connection returns the organization's Lever connection.
func (s *Store) Connection(ctx context.Context, orgID string) (*LeverConnection, error) {
	if err := needOrg(orgID, "connection"); err != nil {
		return nil, err
	}
	var c LeverConnection
	if err := s.db.WithContext(ctx).First(&c, "org_id = ?", orgID).Error; err != nil {
		return nil, notFound(err, "find lever connection")
	}
	return &c, nil
}

// ConnectionForUpdate is Connection with the row locked until the enclosing
// transaction ends (SELECT ... FOR UPDATE on PostgreSQL; SQLite transactions
// here are already exclusive), so that two changes of one organization's
// connection made at the same moment see each other. Errors as Connection.
func (s *Store) ConnectionForUpdate(ctx context.Context, orgID string) (*LeverConnection, error) {
	if err := needOrg(orgID, "connection"); err != nil {
		return nil, err
	}
	q := s.db.WithContext(ctx)
	if s.dialect == Postgres {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var c LeverConnection
	if err := q.First(&c, "org_id = ?", orgID).Error; err != nil {
		return nil, notFound(err, "find lever connection")
	}
	return &c, nil
}

// ConnectionByID returns a Lever connection by its id.
func (s *Store) ConnectionByID(ctx context.Context, id string) (*LeverConnection, error) {
	var c LeverConnection
	if err := s.db.WithContext(ctx).First(&c, "id = ?", id).Error; err != nil {
		return nil, notFound(err, "find lever connection")
	}
	return &c, nil
}

// ConnectionByWebhookKey returns the connection whose webhook URL carries key.
func (s *Store) ConnectionByWebhookKey(ctx context.Context, key string) (*LeverConnection, error) {
	var c LeverConnection
	if key == "" {
		return nil, fmt.Errorf("models: find connection by webhook key: %w", ErrNotFound)
	}
	if err := s.db.WithContext(ctx).First(&c, "webhook_key = ?", key).Error; err != nil {
		return nil, notFound(err, "find connection by webhook key")
	}
	return &c, nil
}

// ConnectionByAccount returns a connection of another organization than
// exceptOrgID that holds a grant for the Lever account, or ErrNotFound.
func (s *Store) ConnectionByAccount(ctx context.Context, accountID, exceptOrgID string) (*LeverConnection, error) {
	var c LeverConnection
	err := s.db.WithContext(ctx).Where("account_id = ? AND org_id <> ? AND status <> ?", accountID, exceptOrgID, ConnDisconnected).First(&c).Error
	if err != nil {
		return nil, notFound(err, "find connection by account")
	}
	return &c, nil
}

// ConnectedConnections returns every connection holding tokens (connected or
// needing re-authorization), for scheduled sweeps and token upkeep.
func (s *Store) ConnectedConnections(ctx context.Context) ([]LeverConnection, error) {
	var out []LeverConnection
	err := s.db.WithContext(ctx).Where("status IN ?", []string{ConnConnected, ConnNeedsReauth}).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: list connections: %w", err)
	}
	return out, nil
}

// Grant is an OAuth token pair with what Lever said about it. ExpiresAt is UTC.
type Grant struct {
	AccessToken  string
	RefreshToken string
	ExpiresAt    time.Time
	Scopes       string
	AccountID    string
	LeverUserID  string
	// Region, APIURL and AuthURL are the Lever data centre the grant was
	// made in and its hosts (lever.Hosts); empty: left as stored.
	Region, APIURL, AuthURL string
}

// SaveGrant stores a new grant from the OAuth callback: tokens encrypted,
// status connected. A reconnect to a different Lever account keeps the
// mappings only when the account is the same; otherwise they are cleared.
func (s *Store) SaveGrant(ctx context.Context, orgID string, g Grant) (*LeverConnection, error) {
	if err := needOrg(orgID, "save grant"); err != nil {
		return nil, err
	}
	var c LeverConnection
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.First(&c, "org_id = ?", orgID).Error; err != nil {
			return err
		}
		now := s.now()
		upd := map[string]any{
			"status": ConnConnected, "status_reason": "", "status_code": "", "scopes": g.Scopes,
			"access_token_enc":  s.sealer.Seal(g.AccessToken, c.ID),
			"refresh_token_enc": s.sealer.Seal(g.RefreshToken, c.ID),
			"token_expires_at":  g.ExpiresAt.UTC(), "token_refreshed_at": now, "granted_at": now,
			"account_id": g.AccountID, "lever_user_id": g.LeverUserID,
		}
		if g.Region != "" {
			upd["region"], upd["lever_api_url"], upd["lever_auth_url"] = g.Region, g.APIURL, g.AuthURL
		}
		if c.AccountID != "" && c.AccountID != g.AccountID {
			for _, col := range []string{"stage_to_be_scheduled", "stage_scheduled", "stage_yes", "stage_no", "stage_unable"} {
				upd[col] = ""
			}
			upd["enabled"] = false
			upd["webhook_id"], upd["webhook_registered"], upd["signature_token_enc"] = "", false, nil
			if err := tx.Where("connection_id = ?", c.ID).Delete(&LeverStage{}).Error; err != nil {
				return err
			}
			if err := tx.Where("connection_id = ?", c.ID).Delete(&LeverPosting{}).Error; err != nil {
				return err
			}
			if err := tx.Where("org_id = ?", orgID).Delete(&PostingProfile{}).Error; err != nil {
				return err
			}
		}
		if err := tx.Model(&c).Updates(upd).Error; err != nil {
			return err
		}
		return tx.First(&c, "id = ?", c.ID).Error
	})
	if err != nil {
		return nil, notFound(err, "save lever grant")
	}
	return &c, nil
}

// Tokens returns the decrypted access and refresh tokens of c.
func (s *Store) Tokens(c *LeverConnection) (access, refresh string, err error) {
	if access, err = s.sealer.Open(c.AccessTokenEnc, c.ID); err != nil {
		return "", "", err
	}
	if refresh, err = s.sealer.Open(c.RefreshTokenEnc, c.ID); err != nil {
		return "", "", err
	}
	return access, refresh, nil
}

// SignatureToken returns the decrypted webhook signature token of c ("" if none).
func (s *Store) SignatureToken(c *LeverConnection) (string, error) {
	return s.sealer.Open(c.SignatureTokenEnc, c.ID)
}

// WithTokenLock runs fn with the connection row locked (SELECT ... FOR UPDATE
// on PostgreSQL; SQLite has a single writer) and re-read after the lock, so
// that one refresh of a single-use refresh token happens at a time across
// processes (docs/DESIGN.md §3). When fn returns a non-nil grant it is stored in
// the same transaction before the lock is released.
func (s *Store) WithTokenLock(ctx context.Context, connID string, fn func(c *LeverConnection, access, refresh string) (*Grant, error)) (*LeverConnection, error) {
	var c LeverConnection
	err := s.tx(ctx, func(tx *gorm.DB) error {
		q := tx
		if s.dialect == Postgres {
			q = tx.Clauses(clause.Locking{Strength: "UPDATE"})
		} else {
			// Take SQLite's write lock now (a no-op update) so the read below is current.
			if err := tx.Exec(`UPDATE lever_connections SET id = id WHERE id = ?`, connID).Error; err != nil {
				return err
			}
		}
		if err := q.First(&c, "id = ?", connID).Error; err != nil {
			return err
		}
		access, refresh, err := s.Tokens(&c)
		if err != nil {
			return err
		}
		g, err := fn(&c, access, refresh)
		if err != nil {
			return err
		}
		if g == nil {
			return nil
		}
		upd := map[string]any{
			"access_token_enc": s.sealer.Seal(g.AccessToken, c.ID), "token_expires_at": g.ExpiresAt.UTC(),
			"token_refreshed_at": s.now(),
		}
		if g.RefreshToken != "" {
			upd["refresh_token_enc"] = s.sealer.Seal(g.RefreshToken, c.ID)
		}
		if g.Scopes != "" {
			upd["scopes"] = g.Scopes
		}
		if err := tx.Model(&c).Updates(upd).Error; err != nil {
			return err
		}
		return tx.First(&c, "id = ?", c.ID).Error
	})
	if err != nil {
		return nil, fmt.Errorf("models: token lock: %w", err)
	}
	return &c, nil
}

// MarkNeedsReauth records that the grant no longer works (refresh answered
// invalid_grant, or 401 after a refresh): the screen shows Reconnect. code
// is the outcome code that says why (kept as StatusCode), reason its
// message (StatusReason, cut to 500 characters).
func (s *Store) MarkNeedsReauth(ctx context.Context, connID, code, reason string) error {
	err := s.db.WithContext(ctx).Model(&LeverConnection{}).Where("id = ? AND status <> ?", connID, ConnDisconnected).
		Updates(map[string]any{"status": ConnNeedsReauth, "status_code": code, "status_reason": truncate(reason, 500)}).Error
	if err != nil {
		return fmt.Errorf("models: mark needs reauth: %w", err)
	}
	return nil
}

// WebhookState is the outcome of registering our webhook in Lever.
type WebhookState struct {
	WebhookID      string
	SignatureToken string
	Registered     bool
	Error          string // why registration failed: the screen then offers manual setup
}

// SetWebhook stores the registration outcome; an empty SignatureToken keeps
// the one stored (pasted by hand earlier).
func (s *Store) SetWebhook(ctx context.Context, connID string, w WebhookState) error {
	upd := map[string]any{"webhook_id": w.WebhookID, "webhook_registered": w.Registered, "webhook_error": truncate(w.Error, 1000)}
	if w.SignatureToken != "" {
		upd["signature_token_enc"] = s.sealer.Seal(w.SignatureToken, connID)
	}
	if err := s.db.WithContext(ctx).Model(&LeverConnection{ID: connID}).Updates(upd).Error; err != nil {
		return fmt.Errorf("models: set webhook: %w", err)
	}
	return nil
}

// SetSignatureToken stores a signature token pasted by the admin for a
// webhook created by hand in Lever.
func (s *Store) SetSignatureToken(ctx context.Context, orgID, token string) error {
	if err := needOrg(orgID, "set signature token"); err != nil {
		return err
	}
	token = strings.TrimSpace(token)
	if len(token) < 8 || len(token) > MaxSecretLen {
		return &ValidationError{Fields: map[string]string{"signature_token": fmt.Sprintf("paste the signature token Lever shows next to the Candidate Stage Change webhook (8 to %d characters)", MaxSecretLen)}}
	}
	c, err := s.Connection(ctx, orgID)
	if err != nil {
		return err
	}
	err = s.db.WithContext(ctx).Model(c).Updates(map[string]any{"signature_token_enc": s.sealer.Seal(token, c.ID), "webhook_error": ""}).Error
	if err != nil {
		return fmt.Errorf("models: set signature token: %w", err)
	}
	return nil
}

// TouchWebhook records when the last verified delivery arrived; a failure
// to write it is returned.
func (s *Store) TouchWebhook(ctx context.Context, connID string, at time.Time) error {
	err := s.db.WithContext(ctx).Model(&LeverConnection{}).Where("id = ?", connID).Update("last_webhook_at", at.UTC()).Error
	if err != nil {
		return fmt.Errorf("models: touch webhook: %w", err)
	}
	return nil
}

// Disconnect removes the tokens and the webhook record and turns the
// integration off. Mappings are kept for a later reconnect to the same account.
func (s *Store) Disconnect(ctx context.Context, orgID string) error {
	if err := needOrg(orgID, "disconnect"); err != nil {
		return err
	}
	err := s.db.WithContext(ctx).Model(&LeverConnection{}).Where("org_id = ?", orgID).Updates(map[string]any{
		"status": ConnDisconnected, "status_reason": "", "status_code": "", "enabled": false,
		"access_token_enc": nil, "refresh_token_enc": nil, "token_expires_at": nil,
		"webhook_id": "", "webhook_registered": false, "webhook_error": "", "signature_token_enc": nil,
		"archive_webhook_id": "", "archive_token_enc": nil, "deleted_webhook_id": "", "deleted_token_enc": nil,
	}).Error
	if err != nil {
		return fmt.Errorf("models: disconnect: %w", err)
	}
	return nil
}

// SetEnabled turns processing on or off. Turning on requires a connected
// grant, a signature token to verify deliveries and a complete, valid stage
// mapping; otherwise a *ValidationError says what is missing.
func (s *Store) SetEnabled(ctx context.Context, orgID string, enabled bool) (*LeverConnection, error) {
	if err := needOrg(orgID, "set enabled"); err != nil {
		return nil, err
	}
	c, err := s.Connection(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if enabled {
		var verr ValidationError
		switch {
		case c.Status == ConnDisconnected:
			verr.Add("enabled", "connect a Lever account first (Begin setup)")
		case c.Status == ConnNeedsReauth:
			verr.Add("enabled", "Lever access was revoked or expired: reconnect first")
		case len(c.SignatureTokenEnc) == 0:
			verr.Add("enabled", "the webhook is not set up: register it or paste its signature token")
		case !c.Mapping().Complete():
			verr.Add("enabled", "map all five stages first")
		}
		if err := verr.Err(); err != nil {
			return nil, err
		}
		if deleted, err := s.DeletedMappedStages(ctx, c); err != nil {
			return nil, err
		} else if len(deleted) > 0 {
			return nil, &ValidationError{Fields: map[string]string{"enabled": "a mapped stage no longer exists in Lever: fix the stage mapping first"}}
		}
	}
	if err := s.db.WithContext(ctx).Model(c).Updates(s.enabledUpdates(c, enabled)).Error; err != nil {
		return nil, fmt.Errorf("models: set enabled: %w", err)
	}
	c.Enabled = enabled
	return c, nil
}
