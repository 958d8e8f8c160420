package models

import (
	"context"
	"fmt"
)

// StageMapping holds the five mapped Lever stage ids (docs/CONTRACT.md §4).
type StageMapping struct {
	ToBeScheduled string `json:"to_be_scheduled"`
	Scheduled     string `json:"scheduled"`
	Yes           string `json:"intervue_yes"`
	No            string `json:"intervue_no"`
	Unable        string `json:"unable_to_schedule"`
}

// Mapping returns c's stage mapping.
func (c *LeverConnection) Mapping() StageMapping {
	return StageMapping{c.StageToBeScheduled, c.StageScheduled, c.StageYes, c.StageNo, c.StageUnable}
}

// Complete reports whether all five stages are set.
func (m StageMapping) Complete() bool {
	return m.ToBeScheduled != "" && m.Scheduled != "" && m.Yes != "" && m.No != "" && m.Unable != ""
}

// Fields returns the mapping as (field name, label, stage id) in screen order.
func (m StageMapping) Fields() [][3]string {
	return [][3]string{
		{"to_be_scheduled", "To be Scheduled", m.ToBeScheduled},
		{"scheduled", "Scheduled", m.Scheduled},
		{"intervue_yes", "Intervue - Yes", m.Yes},
		{"intervue_no", "Intervue - No", m.No},
		{"unable_to_schedule", "Unable to schedule", m.Unable},
	}
}

// Has reports whether stageID is one of the five mapped stages.
func (m StageMapping) Has(stageID string) bool {
	for _, f := range m.Fields() {
		if f[2] == stageID && stageID != "" {
			return true
		}
	}
	return false
}

// ForStatus returns the stage id mapped for an interview status.
func (m StageMapping) ForStatus(status string) string {
	switch status {
	case StatusToBeScheduled:
		return m.ToBeScheduled
	case StatusScheduled:
		return m.Scheduled
	case StatusYes:
		return m.Yes
	case StatusNo:
		return m.No
	case StatusUnable:
		return m.Unable
	}
	return ""
}

// SaveStageMapping validates and stores the mapping: every stage required,
// all different, each a known, not deleted Lever stage. It returns a
// *ValidationError keyed by the docs/CONTRACT.md field names.
func (s *Store) SaveStageMapping(ctx context.Context, orgID string, m StageMapping) (*LeverConnection, error) {
	if err := needOrg(orgID, "save stage mapping"); err != nil {
		return nil, err
	}
	c, err := s.Connection(ctx, orgID)
	if err != nil {
		return nil, err
	}
	stages, err := s.Stages(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, st := range stages {
		if !st.Deleted {
			known[st.ID] = true
		}
	}
	var verr ValidationError
	seen := map[string]string{}
	for _, f := range m.Fields() {
		switch {
		case f[2] == "":
			verr.Add(f[0], "choose the Lever stage for "+f[1])
		case !known[f[2]]:
			verr.Add(f[0], "this stage does not exist in Lever (any more): refresh stages and choose another")
		case seen[f[2]] != "":
			verr.Add(f[0], "already used for "+seen[f[2]]+": each Intervue stage needs its own Lever stage")
		default:
			seen[f[2]] = f[1]
		}
	}
	if err := verr.Err(); err != nil {
		return nil, err
	}
	err = s.db.WithContext(ctx).Model(c).Updates(map[string]any{
		"stage_to_be_scheduled": m.ToBeScheduled, "stage_scheduled": m.Scheduled,
		"stage_yes": m.Yes, "stage_no": m.No, "stage_unable": m.Unable,
	}).Error
	if err != nil {
		return nil, fmt.Errorf("models: save stage mapping: %w", err)
	}
	return s.Connection(ctx, orgID)
}
