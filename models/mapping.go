package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Stages returns the cached Lever stages of a connection in Lever's order,
// deleted ones included (flagged).
func (s *Store) Stages(ctx context.Context, connID string) ([]LeverStage, error) {
	var out []LeverStage
	if err := s.db.WithContext(ctx).Where("connection_id = ?", connID).Order("deleted, position").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("models: list stages: %w", err)
	}
	return out, nil
}

// StageNames maps a connection's cached Lever stage ids (deleted ones
// included) to their names.
func (s *Store) StageNames(ctx context.Context, connID string) (map[string]string, error) {
	stages, err := s.Stages(ctx, connID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(stages))
	for _, st := range stages {
		out[st.ID] = st.Text
	}
	return out, nil
}

// ReplaceStages stores the stages Lever returned now; stages we knew that
// Lever no longer lists are kept and flagged Deleted (so a mapping that
// points at one can be shown as broken).
func (s *Store) ReplaceStages(ctx context.Context, connID string, stages []LeverStage) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.lockConnection(tx, connID); err != nil {
			return err
		}
		if err := tx.Model(&LeverStage{}).Where("connection_id = ?", connID).Update("deleted", true).Error; err != nil {
			return err
		}
		for i := range stages {
			stages[i].ConnectionID = connID
			stages[i].Position = i
			stages[i].Deleted = false
		}
		if len(stages) > 0 {
			err := tx.Clauses(clause.OnConflict{
				Columns:   []clause.Column{{Name: "connection_id"}, {Name: "id"}},
				DoUpdates: clause.AssignmentColumns([]string{"text", "position", "deleted"}),
			}).CreateInBatches(stages, 200).Error
			if err != nil {
				return err
			}
		}
		return tx.Model(&LeverConnection{}).Where("id = ?", connID).Update("stages_synced_at", s.now()).Error
	})
}

// DeletedMappedStages returns the mapping fields whose stage Lever no longer
// has, as field name -> stage id.
func (s *Store) DeletedMappedStages(ctx context.Context, c *LeverConnection) (map[string]string, error) {
	stages, err := s.Stages(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	if len(stages) == 0 {
		return nil, nil
	}
	state := map[string]bool{} // id -> deleted
	for _, st := range stages {
		state[st.ID] = st.Deleted
	}
	out := map[string]string{}
	for _, f := range c.Mapping().Fields() {
		if f[2] == "" {
			continue
		}
		if deleted, ok := state[f[2]]; !ok || deleted {
			out[f[0]] = f[2]
		}
	}
	return out, nil
}

// ReplacePostings stores the postings Lever returned now (all pages, all
// states); postings no longer listed are flagged Deleted. Mappings are kept.
func (s *Store) ReplacePostings(ctx context.Context, connID string, postings []LeverPosting) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.lockConnection(tx, connID); err != nil {
			return err
		}
		if err := tx.Model(&LeverPosting{}).Where("connection_id = ?", connID).Update("deleted", true).Error; err != nil {
			return err
		}
		for i := range postings {
			postings[i].ConnectionID = connID
			postings[i].Deleted = false
		}
		if len(postings) > 0 {
			err := tx.Clauses(clause.OnConflict{
				Columns:   []clause.Column{{Name: "connection_id"}, {Name: "id"}},
				DoUpdates: clause.AssignmentColumns([]string{"text", "state", "team", "location", "confidential", "deleted", "lever_updated_at"}),
			}).CreateInBatches(postings, 200).Error
			if err != nil {
				return err
			}
		}
		return tx.Model(&LeverConnection{}).Where("id = ?", connID).Update("postings_synced_at", s.now()).Error
	})
}

// PostingRow is a posting with its mapped profile (ProfileID "" if none).
type PostingRow struct {
	LeverPosting
	ProfileID   string
	ProfileName string
}

// PostingFilter narrows Postings. Q matches title, team or location,
// case-insensitively; State is one Lever posting state or "" for all.
type PostingFilter struct {
	Q        string
	State    string
	Team     string // exact team name, "" for all
	Location string // exact location, "" for all
	Unmapped bool
	Limit    int // 0: no limit
	Offset   int
}

// Postings returns an organization's cached postings (not deleted) with their
// mapping, ordered by title, and the total matching count.
func (s *Store) Postings(ctx context.Context, orgID string, f PostingFilter) ([]PostingRow, int64, error) {
	if err := needOrg(orgID, "postings"); err != nil {
		return nil, 0, err
	}
	c, err := s.Connection(ctx, orgID)
	if err != nil {
		return nil, 0, err
	}
	q := s.db.WithContext(ctx).Table("lever_postings p").
		Joins("LEFT JOIN posting_profiles pp ON pp.org_id = ? AND pp.posting_id = p.id", orgID).
		Joins("LEFT JOIN profiles pr ON pr.id = pp.profile_id").
		Where("p.connection_id = ? AND p.deleted = ?", c.ID, false)
	if f.Q != "" {
		like := "%" + escapeLike(strings.ToLower(f.Q)) + "%"
		q = q.Where(`LOWER(p.text) LIKE ? ESCAPE '\' OR LOWER(p.team) LIKE ? ESCAPE '\' OR LOWER(p.location) LIKE ? ESCAPE '\'`, like, like, like)
	}
	if f.State != "" {
		q = q.Where("p.state = ?", f.State)
	}
	if f.Team != "" {
		q = q.Where("p.team = ?", f.Team)
	}
	if f.Location != "" {
		q = q.Where("p.location = ?", f.Location)
	}
	if f.Unmapped {
		q = q.Where("pp.profile_id IS NULL")
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("models: count postings: %w", err)
	}
	q = q.Select("p.*, COALESCE(pp.profile_id, '') AS profile_id, COALESCE(pr.name, '') AS profile_name").Order("LOWER(p.text), p.id")
	if f.Limit > 0 {
		q = q.Limit(f.Limit).Offset(f.Offset)
	}
	var out []PostingRow
	if err := q.Scan(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("models: list postings: %w", err)
	}
	return out, total, nil
}

// Posting returns one cached posting of the organization's connection.
func (s *Store) Posting(ctx context.Context, orgID, postingID string) (*PostingRow, error) {
	if err := needOrg(orgID, "posting"); err != nil {
		return nil, err
	}
	c, err := s.Connection(ctx, orgID)
	if err != nil {
		return nil, err
	}
	var out PostingRow
	err = s.db.WithContext(ctx).Table("lever_postings p").
		Joins("LEFT JOIN posting_profiles pp ON pp.org_id = ? AND pp.posting_id = p.id", orgID).
		Joins("LEFT JOIN profiles pr ON pr.id = pp.profile_id").
		Select("p.*, COALESCE(pp.profile_id, '') AS profile_id, COALESCE(pr.name, '') AS profile_name").
		Where("p.connection_id = ? AND p.id = ?", c.ID, postingID).Take(&out).Error
	if err != nil {
		return nil, notFound(err, "find posting")
	}
	return &out, nil
}

// SetPostingProfile maps a posting to a profile, or unmaps it when profileID
// is "". The posting must be known and the profile the organization's own and
// not deleted (else a *ValidationError on profile_id).
func (s *Store) SetPostingProfile(ctx context.Context, orgID, postingID, profileID string) (*PostingRow, error) {
	if err := needOrg(orgID, "set posting profile"); err != nil {
		return nil, err
	}
	if _, err := s.Posting(ctx, orgID, postingID); err != nil {
		return nil, err
	}
	if profileID == "" {
		if err := s.db.WithContext(ctx).Delete(&PostingProfile{}, "org_id = ? AND posting_id = ?", orgID, postingID).Error; err != nil {
			return nil, fmt.Errorf("models: unmap posting: %w", err)
		}
		return s.Posting(ctx, orgID, postingID)
	}
	if p, err := s.Profile(ctx, orgID, profileID); err != nil {
		return nil, &ValidationError{Fields: map[string]string{"profile_id": "unknown interview profile"}}
	} else if p.DeletedAt != nil {
		// Its candidates would all end in Unable to schedule.
		return nil, &ValidationError{Fields: map[string]string{"profile_id": "this interview profile was deleted: choose one of your interview profiles"}}
	}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "org_id"}, {Name: "posting_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"profile_id", "updated_at"}),
	}).Create(&PostingProfile{OrgID: orgID, PostingID: postingID, ProfileID: profileID, UpdatedAt: s.now()}).Error
	if err != nil {
		return nil, fmt.Errorf("models: map posting: %w", err)
	}
	return s.Posting(ctx, orgID, postingID)
}

// ProfileInput is a new interview profile.
type ProfileInput struct {
	Name            string   `json:"name"`
	DurationMinutes int      `json:"duration_minutes"`
	Skills          []string `json:"skills"`
}

// Validate checks a profile input.
func (in ProfileInput) Validate() error {
	var verr ValidationError
	if strings.TrimSpace(in.Name) == "" {
		verr.Add("name", "name is required")
	}
	if in.DurationMinutes < 15 || in.DurationMinutes > 240 {
		verr.Add("duration_minutes", "duration must be between 15 and 240 minutes")
	}
	CheckLen(&verr, "name", strings.TrimSpace(in.Name), MaxNameLen)
	if len(in.Skills) > MaxSkills {
		verr.Add("skills", fmt.Sprintf("at most %d skills", MaxSkills))
	}
	for _, sk := range in.Skills {
		if !CheckLen(&verr, "skills", strings.TrimSpace(sk), MaxSkillLen) {
			break
		}
	}
	return verr.Err()
}

// CreateProfile adds an interview profile.
func (s *Store) CreateProfile(ctx context.Context, orgID string, in ProfileInput) (*Profile, error) {
	if err := needOrg(orgID, "create profile"); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var skills []string
	for _, sk := range in.Skills {
		if sk = strings.TrimSpace(sk); sk != "" {
			skills = append(skills, sk)
		}
	}
	p := &Profile{ID: newID(), OrgID: orgID, Name: strings.TrimSpace(in.Name), DurationMinutes: in.DurationMinutes, Skills: strings.Join(skills, "\n")}
	if err := s.uniqueProfileName(ctx, orgID, "", p.Name); err != nil {
		return nil, err
	}
	if err := s.db.WithContext(ctx).Create(p).Error; err != nil {
		return nil, fmt.Errorf("models: create profile: %w", err)
	}
	return p, nil
}

// SkillList returns the profile's skills.
func (p *Profile) SkillList() []string {
	if p.Skills == "" {
		return []string{}
	}
	return strings.Split(p.Skills, "\n")
}

// Profiles returns the organization's profiles (not deleted), by name.
func (s *Store) Profiles(ctx context.Context, orgID string) ([]Profile, error) {
	if err := needOrg(orgID, "profiles"); err != nil {
		return nil, err
	}
	var out []Profile
	if err := s.db.WithContext(ctx).Where("org_id = ? AND deleted_at IS NULL", orgID).Order("name").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("models: list profiles: %w", err)
	}
	return out, nil
}

// Profile returns one of the organization's profiles (deleted ones included,
// with DeletedAt set).
func (s *Store) Profile(ctx context.Context, orgID, id string) (*Profile, error) {
	if err := needOrg(orgID, "profile"); err != nil {
		return nil, err
	}
	var p Profile
	if err := s.db.WithContext(ctx).First(&p, "org_id = ? AND id = ?", orgID, id).Error; err != nil {
		return nil, notFound(err, "find profile")
	}
	return &p, nil
}

// DeleteProfile soft-deletes a profile; postings mapped to it then show as
// mapped to a deleted profile until remapped.
func (s *Store) DeleteProfile(ctx context.Context, orgID, id string) error {
	if err := needOrg(orgID, "delete profile"); err != nil {
		return err
	}
	res := s.db.WithContext(ctx).Model(&Profile{}).Where("org_id = ? AND id = ? AND deleted_at IS NULL", orgID, id).Update("deleted_at", time.Now().UTC())
	if res.Error != nil {
		return fmt.Errorf("models: delete profile: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("models: delete profile: %w", ErrNotFound)
	}
	return nil
}

// lockConnection takes the connection row's lock first, so that concurrent
// replacements of its cached stages or postings run one after the other
// (on PostgreSQL each locks the same rows in a different order otherwise,
// and deadlocks). SQLite has a single writer already.
func (s *Store) lockConnection(tx *gorm.DB, connID string) error {
	if s.dialect != Postgres {
		return nil
	}
	var id string
	return tx.Raw(`SELECT id FROM lever_connections WHERE id = ? FOR UPDATE`, connID).Scan(&id).Error
}
