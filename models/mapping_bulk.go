package models

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// MaxBulkPostings caps how many postings one bulk mapping may change.
const MaxBulkPostings = 5000

// PostingFacets lists the distinct teams and locations of an
// organization's cached postings (not deleted), sorted, for the filters.
func (s *Store) PostingFacets(ctx context.Context, orgID string) (teams, locations []string, err error) {
	if err := needOrg(orgID, "posting facets"); err != nil {
		return nil, nil, err
	}
	c, err := s.Connection(ctx, orgID)
	if err != nil {
		return nil, nil, err
	}
	base := s.db.WithContext(ctx).Model(&LeverPosting{}).Where("connection_id = ? AND deleted = ?", c.ID, false)
	if err := base.Session(&gorm.Session{}).Where("team <> ''").Distinct().Order("team").Pluck("team", &teams).Error; err != nil {
		return nil, nil, fmt.Errorf("models: posting teams: %w", err)
	}
	if err := base.Session(&gorm.Session{}).Where("location <> ''").Distinct().Order("location").Pluck("location", &locations).Error; err != nil {
		return nil, nil, fmt.Errorf("models: posting locations: %w", err)
	}
	return teams, locations, nil
}

// PostingIDs returns the ids of every posting matching f (Limit and Offset
// are ignored), at most MaxBulkPostings+1 so a caller can refuse too many.
func (s *Store) PostingIDs(ctx context.Context, orgID string, f PostingFilter) ([]string, error) {
	if err := needOrg(orgID, "posting ids"); err != nil {
		return nil, err
	}
	f.Limit, f.Offset = MaxBulkPostings+1, 0
	rows, _, err := s.Postings(ctx, orgID, f)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out, nil
}

// SetPostingsProfile maps every posting in ids to profileID ("" unmaps
// them) in one transaction and returns how many changed. Each id must be a
// known posting of the organization's connection and the profile one of
// its own (not deleted); otherwise nothing is changed and a
// *ValidationError says why.
func (s *Store) SetPostingsProfile(ctx context.Context, orgID string, ids []string, profileID string) (int, error) {
	if err := needOrg(orgID, "set postings profile"); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, &ValidationError{Fields: map[string]string{"posting_id": "select at least one posting"}}
	}
	if len(ids) > MaxBulkPostings {
		return 0, &ValidationError{Fields: map[string]string{"posting_id": fmt.Sprintf("at most %d postings can be changed at once", MaxBulkPostings)}}
	}
	if profileID != "" {
		p, err := s.Profile(ctx, orgID, profileID)
		if err != nil || p.DeletedAt != nil {
			return 0, &ValidationError{Fields: map[string]string{"profile_id": "choose one of your interview profiles"}}
		}
	}
	c, err := s.Connection(ctx, orgID)
	if err != nil {
		return 0, err
	}
	changed := 0
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var known []PostingRow
		for start := 0; start < len(ids); start += 500 {
			var part []PostingRow
			err := tx.Table("lever_postings p").
				Joins("LEFT JOIN posting_profiles pp ON pp.org_id = ? AND pp.posting_id = p.id", orgID).
				Select("p.id, COALESCE(pp.profile_id, '') AS profile_id").
				Where("p.connection_id = ? AND p.deleted = ? AND p.id IN ?", c.ID, false, ids[start:min(start+500, len(ids))]).Scan(&part).Error
			if err != nil {
				return err
			}
			known = append(known, part...)
		}
		if len(known) != len(uniq(ids)) {
			return &ValidationError{Fields: map[string]string{"posting_id": "some selected postings are no longer in Lever: refresh the postings and try again"}}
		}
		var todo []string
		for _, p := range known {
			if p.ProfileID != profileID {
				todo = append(todo, p.ID)
			}
		}
		changed = len(todo)
		if len(todo) == 0 {
			return nil
		}
		if profileID == "" {
			return tx.Where("org_id = ? AND posting_id IN ?", orgID, todo).Delete(&PostingProfile{}).Error
		}
		rows := make([]PostingProfile, len(todo))
		for i, id := range todo {
			rows[i] = PostingProfile{OrgID: orgID, PostingID: id, ProfileID: profileID, UpdatedAt: s.now()}
		}
		return tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "org_id"}, {Name: "posting_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"profile_id", "updated_at"}),
		}).CreateInBatches(rows, 200).Error
	})
	if err != nil {
		var verr *ValidationError
		if errors.As(err, &verr) {
			return 0, err
		}
		return 0, fmt.Errorf("models: map postings: %w", err)
	}
	return changed, nil
}

func uniq(ids []string) map[string]bool {
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out
}

// SetDefaultProfile sets the interview profile that catches postings with
// no mapping of their own ("" turns it off). The profile must be one of the
// organization's own, not deleted.
func (s *Store) SetDefaultProfile(ctx context.Context, orgID, profileID string) (*LeverConnection, error) {
	if err := needOrg(orgID, "set default profile"); err != nil {
		return nil, err
	}
	if profileID != "" {
		p, err := s.Profile(ctx, orgID, profileID)
		if err != nil || p.DeletedAt != nil {
			return nil, &ValidationError{Fields: map[string]string{"default_profile_id": "choose one of your interview profiles"}}
		}
	}
	c, err := s.Connection(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if err := s.db.WithContext(ctx).Model(c).Update("default_profile_id", profileID).Error; err != nil {
		return nil, fmt.Errorf("models: set default profile: %w", err)
	}
	c.DefaultProfileID = profileID
	return c, nil
}

// UpdateProfile changes an interview profile's name, duration and skills.
// Interviews already created keep the values they were created with.
func (s *Store) UpdateProfile(ctx context.Context, orgID, id string, in ProfileInput) (*Profile, error) {
	if err := needOrg(orgID, "update profile"); err != nil {
		return nil, err
	}
	p, err := s.Profile(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	if p.DeletedAt != nil {
		return nil, fmt.Errorf("models: update profile: %w", ErrNotFound)
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	name := strings.TrimSpace(in.Name)
	if err := s.uniqueProfileName(ctx, orgID, id, name); err != nil {
		return nil, err
	}
	var skills []string
	for _, sk := range in.Skills {
		if sk = strings.TrimSpace(sk); sk != "" {
			skills = append(skills, sk)
		}
	}
	set := map[string]any{"name": name, "duration_minutes": in.DurationMinutes, "skills": strings.Join(skills, "\n"), "updated_at": s.now()}
	if err := s.db.WithContext(ctx).Model(p).Updates(set).Error; err != nil {
		return nil, fmt.Errorf("models: update profile: %w", err)
	}
	return s.Profile(ctx, orgID, id)
}

// uniqueProfileName refuses a name another live profile of the
// organization has (case and surrounding spaces ignored), except the
// profile self.
func (s *Store) uniqueProfileName(ctx context.Context, orgID, self, name string) error {
	var n int64
	err := s.db.WithContext(ctx).Model(&Profile{}).
		Where("org_id = ? AND deleted_at IS NULL AND id <> ? AND LOWER(name) = ?", orgID, self, strings.ToLower(strings.TrimSpace(name))).Count(&n).Error
	if err != nil {
		return fmt.Errorf("models: check profile name: %w", err)
	}
	if n > 0 {
		return &ValidationError{Fields: map[string]string{"name": fmt.Sprintf("a profile named %q already exists: choose another name", strings.TrimSpace(name))}}
	}
	return nil
}

// Credits is an organization's interview credits: Available can be
// reserved by new pickups; Reserved are held by interviews that are to be
// scheduled or scheduled (spent when the interview takes place, returned
// when it cannot).
type Credits struct {
	Available int
	Reserved  int
}

// CreditState reads an organization's available and reserved credits.
func (s *Store) CreditState(ctx context.Context, orgID string) (Credits, error) {
	if err := needOrg(orgID, "credit state"); err != nil {
		return Credits{}, err
	}
	org, err := s.Organization(ctx, orgID)
	if err != nil {
		return Credits{}, err
	}
	var n int64
	err = s.db.WithContext(ctx).Model(&Interview{}).
		Where("org_id = ? AND credit_reserved = ? AND status IN ?", orgID, true, []string{StatusToBeScheduled, StatusScheduled}).Count(&n).Error
	if err != nil {
		return Credits{}, fmt.Errorf("models: reserved credits: %w", err)
	}
	return Credits{Available: org.Credits, Reserved: int(n)}, nil
}
