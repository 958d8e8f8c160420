package models

import (
	"context"
	"fmt"
	"time"
)

// AttentionLeftStage is the kind of a Needs attention item for a candidate
// who left the stage: their interview is in progress (to be scheduled or
// scheduled) but a recruiter has since moved them in Lever to a stage that
// is none of the five mapped ones. The item is the interview; it clears
// itself when a later move brings the candidate back into a mapped stage
// (or that stage is mapped) and when the interview ends.
const AttentionLeftStage = "left_stage"

// leftStageFrom is the FROM and WHERE of the left-the-stage items (org is
// attentionSQL's organization condition on x): each interview in progress
// x whose candidate's latest stage change stored after the interview was
// created (d, latest by Lever's triggeredAt) moved them into a stage that
// is none of the connection's five mapped stages. Every stored stage-change
// delivery counts, whatever became of it: "ignored" ones never name a
// candidate with an interview in progress (the receiver checks), so the
// moves of these candidates are the "skipped" deliveries the sync engine
// decided ("Moved to …, which is not the To be Scheduled stage").
func leftStageFrom(org string) string {
	return ` FROM interviews x
		JOIN lever_connections c ON c.org_id = x.org_id
		JOIN webhook_deliveries d ON d.org_id = x.org_id AND d.opportunity_id = x.opportunity_id
		WHERE x.status IN @active` + org + `
		AND d.event = @stagechange AND d.to_stage_id <> '' AND d.received_at > x.created_at
		AND d.to_stage_id NOT IN (COALESCE(c.stage_to_be_scheduled, ''), COALESCE(c.stage_scheduled, ''), COALESCE(c.stage_yes, ''),
			COALESCE(c.stage_no, ''), COALESCE(c.stage_unable, ''))
		AND NOT EXISTS (SELECT 1 FROM webhook_deliveries n WHERE n.org_id = d.org_id AND n.opportunity_id = d.opportunity_id
			AND n.event = d.event AND n.to_stage_id <> ''
			AND (n.triggered_at > d.triggered_at OR (n.triggered_at = d.triggered_at AND n.received_at > d.received_at)))`
}

// leftStageSQL selects the left-the-stage items as attentionSQL's rows:
// (org_id, opportunity_id, kind, item_id = the interview, at = when the
// move reached us).
func leftStageSQL(org string) string {
	return `SELECT x.org_id, x.opportunity_id, '` + AttentionLeftStage + `' AS kind, x.id AS item_id, d.received_at AS at` + leftStageFrom(org)
}

// leftStageItems lists the interviews of orgID ("" = every org) whose
// candidate left the stage, with the stage they are in now in the reason.
func (s *Store) leftStageItems(ctx context.Context, orgID string) ([]AttentionItem, error) {
	org := ""
	if orgID != "" {
		org = " AND x.org_id = @org"
	}
	var rows []struct {
		OrgID, OpportunityID, InterviewID string
		ConnectionID                      string
		Status                            string
		CandidateName, CandidateEmail     string
		ToStageID, StageName              string
		At                                time.Time
	}
	q := `SELECT l.*, COALESCE(st.text, '') AS stage_name FROM (SELECT x.org_id, x.opportunity_id, x.id AS interview_id, x.status,
			x.candidate_name, x.candidate_email, c.id AS connection_id, d.to_stage_id, d.received_at AS at` + leftStageFrom(org) + `) l
		LEFT JOIN lever_stages st ON st.connection_id = l.connection_id AND st.id = l.to_stage_id`
	if err := s.db.WithContext(ctx).Raw(q, attentionArgs(orgID)).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("models: needs attention: left the stage: %w", err)
	}
	out := make([]AttentionItem, 0, len(rows))
	for _, r := range rows {
		stage := "another stage"
		if r.StageName != "" {
			stage = fmt.Sprintf("%q", r.StageName)
		}
		state := "is still to be scheduled"
		if r.Status == StatusScheduled {
			state = "is scheduled"
		}
		out = append(out, AttentionItem{OrgID: r.OrgID, OpportunityID: r.OpportunityID, CandidateName: r.CandidateName, CandidateEmail: r.CandidateEmail,
			InterviewID: r.InterviewID, Kind: AttentionLeftStage, At: r.At,
			Reason: fmt.Sprintf("A recruiter moved the candidate in Lever to %s, which is not one of the integration's stages, while their interview %s.", stage, state)})
	}
	return out, nil
}
