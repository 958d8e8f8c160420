package models

import (
	"context"
	"errors"
	"fmt"
)

// ErrWrongKey is CheckSecretKey's answer when a stored secret does not open
// with the store's key.
var ErrWrongKey = errors.New("it does not open the secrets stored in this database, which were encrypted with another key")

// CheckSecretKey opens one stored secret of each kind (a Lever
// connection's access token, an interview's report and playback links)
// with the store's key. It returns ErrWrongKey when one does not open (the
// database was written with another SECRET_KEY: every Lever call and link
// would fail one by one), nil when they open or none is stored yet, or a
// database error.
func (s *Store) CheckSecretKey(ctx context.Context) error {
	var c LeverConnection
	err := s.db.WithContext(ctx).Select("id", "access_token_enc").Where("access_token_enc IS NOT NULL AND length(access_token_enc) > 0").Limit(1).Find(&c).Error
	if err != nil {
		return fmt.Errorf("models: check secret key: %w", err)
	}
	if c.ID != "" {
		if _, err := s.sealer.Open(c.AccessTokenEnc, c.ID); err != nil {
			return ErrWrongKey
		}
	}
	var iv Interview
	err = s.db.WithContext(ctx).Select("id", "links_sealed").Where("links_sealed IS NOT NULL AND length(links_sealed) > 0").Limit(1).Find(&iv).Error
	if err != nil {
		return fmt.Errorf("models: check secret key: %w", err)
	}
	if iv.ID != "" {
		if _, err := s.sealer.Open(iv.LinksSealed, linksAD(iv.ID)); err != nil {
			return ErrWrongKey
		}
	}
	return nil
}
