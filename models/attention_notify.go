package models

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// AttentionNotify is an organization's Needs attention notification: an
// incoming webhook URL (Slack-compatible JSON) and when it was last sent.
// NotifiedThrough is the arising time of the newest item already announced;
// LastSentAt the last claim to send (one message per interval across every
// process). Times are UTC.
type AttentionNotify struct {
	OrgID           string `gorm:"primaryKey;size:36"`
	WebhookURL      string `gorm:"size:2000;not null;default:''"`
	LastSentAt      *time.Time
	NotifiedThrough *time.Time
	LastError       string `gorm:"size:1000;not null;default:''"`
	UpdatedAt       time.Time
}

// TableName is the notifications table (migration 19).
func (AttentionNotify) TableName() string { return "attention_notify" }

// ValidateNotifyURL checks an incoming webhook URL: https with a host, at
// most 2000 characters. "" (notifications off) is valid.
func ValidateNotifyURL(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	switch {
	case len(raw) > 2000:
		return &ValidationError{Fields: map[string]string{"webhook_url": "the URL is longer than 2000 characters"}}
	case err != nil || u.Host == "" || u.User != nil:
		return &ValidationError{Fields: map[string]string{"webhook_url": "enter the full incoming webhook URL, e.g. https://hooks.slack.com/services/…"}}
	case u.Scheme != "https":
		return &ValidationError{Fields: map[string]string{"webhook_url": "the URL must start with https:// (messages name candidates)"}}
	case !publicHost(u.Hostname()):
		return &ValidationError{Fields: map[string]string{"webhook_url": "the URL must be on the public internet: " + u.Hostname() + " is a local or private address"}}
	}
	return nil
}

// publicHost reports whether host (a name or an IP literal) may be on the
// public internet: not localhost and not an inward address. A name is
// checked again on the address dialled (notify.PublicClient).
func publicHost(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return false
	}
	if a, err := netip.ParseAddr(h); err == nil {
		return IsPublicAddr(a)
	}
	return true
}

// cgnat is the carrier-grade NAT range (RFC 6598), not the public internet.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// IsPublicAddr reports whether a is an address on the public internet: not
// loopback, private, link-local, CGNAT, unspecified or multicast (IPv4, or
// IPv6 including IPv4-mapped forms).
func IsPublicAddr(a netip.Addr) bool {
	a = a.Unmap()
	return a.IsValid() && !a.IsLoopback() && !a.IsPrivate() && !a.IsLinkLocalUnicast() && !a.IsLinkLocalMulticast() &&
		!a.IsInterfaceLocalMulticast() && !a.IsMulticast() && !a.IsUnspecified() && !cgnat.Contains(a)
}

// AttentionNotifySettings returns orgID's notification row (a zero one with
// no URL when none was set).
func (s *Store) AttentionNotifySettings(ctx context.Context, orgID string) (*AttentionNotify, error) {
	if err := needOrg(orgID, "notification settings"); err != nil {
		return nil, err
	}
	n := AttentionNotify{OrgID: orgID}
	err := s.db.WithContext(ctx).Take(&n, "org_id = ?", orgID).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("models: notification settings: %w", err)
	}
	return &n, nil
}

// SetAttentionNotifyURL sets (or with "" clears) orgID's webhook URL. Items
// that arose before it was set are not announced. A *ValidationError for a
// URL that is not https.
func (s *Store) SetAttentionNotifyURL(ctx context.Context, orgID, raw string) error {
	if err := needOrg(orgID, "set notification url"); err != nil {
		return err
	}
	raw = strings.TrimSpace(raw)
	if err := ValidateNotifyURL(raw); err != nil {
		return err
	}
	now := s.now()
	row := AttentionNotify{OrgID: orgID, WebhookURL: raw, NotifiedThrough: &now, UpdatedAt: now}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "org_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"webhook_url", "notified_through", "last_error", "updated_at"}),
	}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("models: set notification URL: %w", err)
	}
	return nil
}

// AttentionNotifyTargets returns every organization with a webhook URL.
func (s *Store) AttentionNotifyTargets(ctx context.Context) ([]AttentionNotify, error) {
	var out []AttentionNotify
	if err := s.db.WithContext(ctx).Where("webhook_url <> ''").Order("org_id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("models: notification targets: %w", err)
	}
	return out, nil
}

// ClaimAttentionNotify claims the right to send orgID's next message at now
// when none was claimed within every: one UPDATE, so across any number of
// processes at most one claim succeeds per interval. It reports whether
// this caller won.
func (s *Store) ClaimAttentionNotify(ctx context.Context, orgID string, now time.Time, every time.Duration) (bool, error) {
	if err := needOrg(orgID, "claim notification"); err != nil {
		return false, err
	}
	res := s.db.WithContext(ctx).Model(&AttentionNotify{}).
		Where("org_id = ? AND webhook_url <> '' AND (last_sent_at IS NULL OR last_sent_at <= ?)", orgID, now.Add(-every).UTC()).
		Updates(map[string]any{"last_sent_at": now.UTC(), "updated_at": now.UTC()})
	if res.Error != nil {
		return false, fmt.Errorf("models: claim notification: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// FinishAttentionNotify records a sent message (through: the newest item
// announced) or, with a non-empty errMsg, why sending failed (the items are
// announced again with the next message).
func (s *Store) FinishAttentionNotify(ctx context.Context, orgID string, through time.Time, errMsg string) error {
	if err := needOrg(orgID, "finish notification"); err != nil {
		return err
	}
	set := map[string]any{"last_error": truncate(errMsg, 1000), "updated_at": s.now()}
	if errMsg == "" {
		set["notified_through"] = through.UTC()
	}
	if err := s.db.WithContext(ctx).Model(&AttentionNotify{}).Where("org_id = ?", orgID).Updates(set).Error; err != nil {
		return fmt.Errorf("models: finish notification: %w", err)
	}
	return nil
}
