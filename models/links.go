package models

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Link kinds: the public report (a PDF) and playback (a redirect) links of
// a completed interview.
const (
	LinkReport   = "report"
	LinkPlayback = "playback"
)

// IssueLinks gives iv new report and playback link secrets (192 bits each)
// and returns them: iv keeps only their SHA-256 hashes and a copy sealed to
// the interview (AES-GCM with SECRET_KEY), and is no longer revoked. The
// caller saves iv (inside Transition, or ReissueLinks). expireAt (UTC) is
// optional: nil links never expire.
func (s *Store) IssueLinks(iv *Interview, expireAt *time.Time) (report, playback string) {
	report, playback = RandomToken(24), RandomToken(24)
	now := s.now()
	iv.ReportHash, iv.PlaybackHash = hashKey(report), hashKey(playback)
	iv.LinksSealed = s.sealer.Seal(report+"\n"+playback, linksAD(iv.ID))
	iv.LinksIssuedAt, iv.LinksRevokedAt, iv.LinksExpireAt = &now, nil, nil
	if expireAt != nil {
		t := expireAt.UTC()
		iv.LinksExpireAt = &t
	}
	return report, playback
}

func linksAD(interviewID string) string { return "links:" + interviewID }

// LinkSecrets returns iv's report and playback secrets ("" when it has none
// or they were revoked or expired), for its own organization's pages.
func (s *Store) LinkSecrets(iv *Interview) (report, playback string, err error) {
	if !s.LinksLive(iv) {
		return "", "", nil
	}
	pt, err := s.sealer.Open(iv.LinksSealed, linksAD(iv.ID))
	if err != nil {
		return "", "", err
	}
	report, playback, _ = strings.Cut(pt, "\n")
	return report, playback, nil
}

// LinksLive reports whether iv has links that work now: issued, not
// revoked, not expired.
func (s *Store) LinksLive(iv *Interview) bool {
	return len(iv.LinksSealed) > 0 && iv.LinksRevokedAt == nil && (iv.LinksExpireAt == nil || iv.LinksExpireAt.After(s.now()))
}

// InterviewByLinkToken returns the interview whose report (kind LinkReport)
// or playback (LinkPlayback) link secret is token, looked up by its hash;
// ErrNotFound when unknown, revoked or expired.
func (s *Store) InterviewByLinkToken(ctx context.Context, kind, token string) (*Interview, error) {
	col := "report_hash"
	if kind == LinkPlayback {
		col = "playback_hash"
	}
	if len(token) < 32 || len(token) > 128 {
		return nil, fmt.Errorf("models: find interview by link: %w", ErrNotFound)
	}
	var iv Interview
	err := s.db.WithContext(ctx).Where(col+" = ? AND links_revoked_at IS NULL AND (links_expire_at IS NULL OR links_expire_at > ?)", hashKey(token), s.now()).First(&iv).Error
	if err != nil {
		return nil, notFound(err, "find interview by link")
	}
	return &iv, nil
}

// RevokeLinks makes the interview's report and playback links stop working
// at once (also those already written into Lever notes). revoked is false
// when they already were (nothing changes); ErrNotFound when orgID has no
// such interview.
func (s *Store) RevokeLinks(ctx context.Context, orgID, id string) (revoked bool, err error) {
	if err := needOrg(orgID, "revoke links"); err != nil {
		return false, err
	}
	db := s.db.WithContext(ctx)
	res := db.Model(&Interview{}).Where("org_id = ? AND id = ? AND links_revoked_at IS NULL", orgID, id).Update("links_revoked_at", s.now())
	if res.Error != nil {
		return false, fmt.Errorf("models: revoke links: %w", res.Error)
	}
	if res.RowsAffected > 0 {
		return true, nil
	}
	var n int64
	if err := db.Model(&Interview{}).Where("org_id = ? AND id = ?", orgID, id).Count(&n).Error; err != nil {
		return false, fmt.Errorf("models: revoke links: %w", err)
	}
	if n == 0 {
		return false, fmt.Errorf("models: revoke links: %w", ErrNotFound)
	}
	return false, nil
}

// SealLegacyLinks converts link secrets stored in plaintext by earlier
// versions (interviews.report_token, playback_token) into hashes and sealed
// copies, then blanks the plaintext, so links already written into Lever
// notes keep working. It needs SECRET_KEY, so it runs at start after
// Migrate, not as a migration; it is safe to run again and returns how many
// interviews it converted.
func (s *Store) SealLegacyLinks(ctx context.Context) (int, error) {
	db := s.db.WithContext(ctx)
	if !db.Migrator().HasColumn("interviews", "report_token") {
		return 0, nil
	}
	n := 0
	for {
		var rows []struct{ ID, ReportToken, PlaybackToken string }
		err := db.Table("interviews").Select("id, report_token, playback_token").
			Where("report_token IS NOT NULL AND report_token <> ''").Limit(200).Scan(&rows).Error
		if err != nil {
			return n, fmt.Errorf("models: seal legacy links: %w", err)
		}
		if len(rows) == 0 {
			return n, nil
		}
		for _, r := range rows {
			err := db.Table("interviews").Where("id = ?", r.ID).Updates(map[string]any{
				"report_hash": hashKey(r.ReportToken), "playback_hash": hashKey(r.PlaybackToken),
				"links_sealed": s.sealer.Seal(r.ReportToken+"\n"+r.PlaybackToken, linksAD(r.ID)),
				"report_token": "", "playback_token": "",
			}).Error
			if err != nil {
				return n, fmt.Errorf("models: seal legacy links: %w", err)
			}
			n++
		}
	}
}
