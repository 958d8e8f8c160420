package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// apiKeyPrefixLen is how much of a key lists show: "ivk_" and 8 hex digits
// (keys made before rotation existed show 8 characters).
const apiKeyPrefixLen = 12

// apiKeyTouchEvery is how stale LastUsedAt may get before a request updates it.
const apiKeyTouchEvery = 5 * time.Minute

// MaxAPIKeyName is the longest API key name accepted, in characters.
const MaxAPIKeyName = 100

// MaxAPIKeys is how many live (not revoked) keys an organization may hold.
const MaxAPIKeys = 20

func newAPIKey() string { return "ivk_" + RandomToken(24) }

// AuthenticateAPIKey returns the live key whose plaintext is key, or
// ErrNotFound for an unknown or revoked one (a revoked or rotated key stops
// working at once: every request reads the row).
func (s *Store) AuthenticateAPIKey(ctx context.Context, key string) (*APIKey, error) {
	var k APIKey
	err := s.db.WithContext(ctx).Where("hash = ? AND revoked_at IS NULL", hashKey(key)).First(&k).Error
	if err != nil {
		return nil, notFound(err, "find api key")
	}
	now := s.now()
	if k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) > apiKeyTouchEvery {
		k.LastUsedAt = &now
		s.db.WithContext(ctx).Model(&APIKey{}).Where("id = ?", k.ID).Update("last_used_at", now)
	}
	return &k, nil
}

// OrgIDForAPIKey returns the organization of a plaintext API key, or
// ErrNotFound for an unknown or revoked key.
func (s *Store) OrgIDForAPIKey(ctx context.Context, key string) (string, error) {
	k, err := s.AuthenticateAPIKey(ctx, key)
	if err != nil {
		return "", err
	}
	return k.OrgID, nil
}

// APIKeys returns the organization's keys, live ones first, newest first
// within each group. Only prefixes are kept: a key is shown once, when made.
func (s *Store) APIKeys(ctx context.Context, orgID string) ([]APIKey, error) {
	if err := needOrg(orgID, "list api keys"); err != nil {
		return nil, err
	}
	var out []APIKey
	err := s.db.WithContext(ctx).Where("org_id = ?", orgID).Order("revoked_at IS NOT NULL, created_at DESC, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: list api keys: %w", err)
	}
	return out, nil
}

// CreateAPIKey makes a key for the organization and returns it with its
// plaintext (shown once). A name is required (at most MaxAPIKeyName
// characters); *ValidationError otherwise, or when the organization already
// holds MaxAPIKeys live keys.
func (s *Store) CreateAPIKey(ctx context.Context, orgID, name, createdBy string) (*APIKey, string, error) {
	if err := needOrg(orgID, "create api key"); err != nil {
		return nil, "", err
	}
	name = strings.TrimSpace(name)
	if err := validateKeyName(name); err != nil {
		return nil, "", err
	}
	var k *APIKey
	var plain string
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&APIKey{}).Where("org_id = ? AND revoked_at IS NULL", orgID).Count(&n).Error; err != nil {
			return err
		}
		if n >= MaxAPIKeys {
			return &ValidationError{Fields: map[string]string{"name": fmt.Sprintf("an organization holds at most %d live API keys: revoke one first", MaxAPIKeys)}}
		}
		var err error
		k, plain, err = s.insertAPIKey(tx, orgID, name, createdBy)
		return err
	})
	if err != nil {
		return nil, "", wrapValidation(err, "create api key")
	}
	return k, plain, nil
}

// RotateAPIKey replaces a live key of the organization: the old key is
// revoked at once (its next request answers 401) and a new one with the
// same name is returned with its plaintext. ErrNotFound for another
// organization's or an already revoked key.
func (s *Store) RotateAPIKey(ctx context.Context, orgID, id, by string) (*APIKey, string, error) {
	if err := needOrg(orgID, "rotate api key"); err != nil {
		return nil, "", err
	}
	var k *APIKey
	var plain string
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var old APIKey
		if err := tx.Where("org_id = ? AND id = ? AND revoked_at IS NULL", orgID, id).First(&old).Error; err != nil {
			return err
		}
		if err := tx.Model(&APIKey{}).Where("id = ?", old.ID).Update("revoked_at", s.now()).Error; err != nil {
			return err
		}
		var err error
		k, plain, err = s.insertAPIKey(tx, orgID, old.Name, by)
		return err
	})
	if err != nil {
		return nil, "", notFound(err, "rotate api key")
	}
	return k, plain, nil
}

// RevokeAPIKey makes a key of the organization stop working at once and
// returns it. Revoking a revoked key is a no-op; ErrNotFound for another
// organization's key.
func (s *Store) RevokeAPIKey(ctx context.Context, orgID, id string) (*APIKey, error) {
	if err := needOrg(orgID, "revoke api key"); err != nil {
		return nil, err
	}
	var k APIKey
	db := s.db.WithContext(ctx)
	if err := db.Where("org_id = ? AND id = ?", orgID, id).First(&k).Error; err != nil {
		return nil, notFound(err, "revoke api key")
	}
	if k.RevokedAt == nil {
		now := s.now()
		if err := db.Model(&APIKey{}).Where("id = ? AND revoked_at IS NULL", k.ID).Update("revoked_at", now).Error; err != nil {
			return nil, fmt.Errorf("models: revoke api key: %w", err)
		}
		k.RevokedAt = &now
	}
	return &k, nil
}

func (s *Store) insertAPIKey(tx *gorm.DB, orgID, name, by string) (*APIKey, string, error) {
	plain := newAPIKey()
	k := &APIKey{ID: newID(), OrgID: orgID, Hash: hashKey(plain), Prefix: plain[:apiKeyPrefixLen], Name: name, CreatedBy: truncate(by, 320), CreatedAt: s.now()}
	if err := tx.Create(k).Error; err != nil {
		return nil, "", err
	}
	return k, plain, nil
}

func validateKeyName(name string) error {
	switch {
	case name == "":
		return &ValidationError{Fields: map[string]string{"name": "a name is required: say what the key is for"}}
	case len([]rune(name)) > MaxAPIKeyName:
		return &ValidationError{Fields: map[string]string{"name": fmt.Sprintf("at most %d characters", MaxAPIKeyName)}}
	case BadText(name) != "":
		return &ValidationError{Fields: map[string]string{"name": "name " + BadText(name)}}
	}
	return nil
}

// wrapValidation returns a *ValidationError as it is, other errors wrapped.
func wrapValidation(err error, what string) error {
	if _, ok := err.(*ValidationError); ok {
		return err
	}
	return notFound(err, what)
}

// RotateWebhookKey gives the organization's connection a new webhook key and
// returns the connection before and after: from now on deliveries to the
// old webhook URL answer 404 (docs/CONTRACT.md §3), so whoever learnt the old URL
// can no longer reach us with it. The caller re-registers our webhooks.
func (s *Store) RotateWebhookKey(ctx context.Context, orgID string) (before, after *LeverConnection, err error) {
	if err := needOrg(orgID, "rotate webhook key"); err != nil {
		return nil, nil, err
	}
	before, err = s.Connection(ctx, orgID)
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	if err := s.db.WithContext(ctx).Model(&LeverConnection{}).Where("id = ?", before.ID).
		Updates(map[string]any{"webhook_key": RandomToken(24), "webhook_key_rotated_at": now}).Error; err != nil {
		return nil, nil, fmt.Errorf("models: rotate webhook key: %w", err)
	}
	after, err = s.Connection(ctx, orgID)
	return before, after, err
}
