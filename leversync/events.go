package leversync

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/intervue/lever-integration/models"
)

// ScheduleInput is the body of POST /api/v1/interviews/{id}/schedule
// (docs/CONTRACT.md §4). ScheduledAt is an instant (RFC 3339); Timezone an IANA name.
type ScheduleInput struct {
	ScheduledAt     time.Time `json:"scheduled_at"`
	Timezone        string    `json:"timezone"`
	DurationMinutes int       `json:"duration_minutes"`
	Interviewer     string    `json:"interviewer"`
	MeetingURL      string    `json:"meeting_url"`
}

// Validate returns a *models.ValidationError naming each bad field.
func (in ScheduleInput) Validate() error {
	var v models.ValidationError
	if in.ScheduledAt.IsZero() {
		v.Add("scheduled_at", "scheduled_at is required (RFC 3339, e.g. 2026-03-31T10:00:00Z)")
	}
	if _, err := time.LoadLocation(in.Timezone); in.Timezone == "" || in.Timezone == "Local" || err != nil {
		v.Add("timezone", "timezone must be an IANA time zone name, e.g. Europe/Berlin")
	}
	if in.DurationMinutes < 15 || in.DurationMinutes > 480 {
		v.Add("duration_minutes", "duration_minutes must be between 15 and 480")
	}
	if strings.TrimSpace(in.Interviewer) == "" {
		v.Add("interviewer", "interviewer is required")
	}
	if in.MeetingURL != "" && !isHTTPURL(in.MeetingURL) {
		v.Add("meeting_url", "meeting_url must be an http(s) URL")
	}
	models.CheckLen(&v, "timezone", in.Timezone, models.MaxTimezoneLen)
	models.CheckLen(&v, "interviewer", strings.TrimSpace(in.Interviewer), models.MaxNameLen)
	models.CheckLen(&v, "meeting_url", in.MeetingURL, models.MaxMeetingURLLen)
	return v.Err()
}

// Rating is one skill rating of a completed interview (score 1 to 5).
type Rating struct {
	Skill   string `json:"skill"`
	Score   int    `json:"score"`
	Comment string `json:"comment"`
}

// CompleteInput is the body of POST /api/v1/interviews/{id}/complete.
type CompleteInput struct {
	Verdict     string   `json:"verdict"`
	PlaybackURL string   `json:"playback_url"`
	Summary     string   `json:"summary"`
	Ratings     []Rating `json:"ratings"`
}

// Validate returns a *models.ValidationError naming each bad field.
func (in CompleteInput) Validate() error {
	var v models.ValidationError
	if in.Verdict != "yes" && in.Verdict != "no" {
		v.Add("verdict", `verdict must be "yes" or "no"`)
	}
	if !isHTTPURL(in.PlaybackURL) {
		v.Add("playback_url", "playback_url must be an http(s) URL")
	}
	models.CheckLen(&v, "playback_url", in.PlaybackURL, models.MaxPlaybackURLLen)
	models.CheckLen(&v, "summary", in.Summary, models.MaxSummaryLen)
	if len(in.Ratings) > models.MaxRatings {
		v.Add("ratings", fmt.Sprintf("at most %d ratings", models.MaxRatings))
	}
	for i, r := range in.Ratings {
		if strings.TrimSpace(r.Skill) == "" || r.Score < 1 || r.Score > 5 {
			v.Add(fmt.Sprintf("ratings[%d]", i), "each rating needs a skill and a score from 1 to 5")
		}
		models.CheckLen(&v, fmt.Sprintf("ratings[%d].skill", i), strings.TrimSpace(r.Skill), models.MaxSkillLen)
		models.CheckLen(&v, fmt.Sprintf("ratings[%d].comment", i), r.Comment, models.MaxCommentLen)
	}
	return v.Err()
}

// FailInput is the body of POST /api/v1/interviews/{id}/fail.
type FailInput struct {
	Reason string `json:"reason"`
	Detail string `json:"detail"`
}

// Validate returns a *models.ValidationError naming each bad field.
func (in FailInput) Validate() error {
	var v models.ValidationError
	if !slices.Contains(FailReasons, in.Reason) {
		v.Add("reason", "reason must be one of "+strings.Join(FailReasons, ", "))
	}
	if in.Reason == ReasonOther && strings.TrimSpace(in.Detail) == "" {
		v.Add("detail", `detail is required when reason is "other"`)
	}
	models.CheckLen(&v, "detail", strings.TrimSpace(in.Detail), models.MaxDetailLen)
	return v.Err()
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// StateError is an event the interview's current state does not allow
// (docs/CONTRACT.md §8: a no-show of an interview never scheduled); the API
// answers 409 invalid_state with Msg.
type StateError struct{ Msg string }

func (e *StateError) Error() string { return e.Msg }

// wrongState is the refusal of an event the interview's status does not
// allow, in words ("cannot complete: interview IV-… is already done with
// verdict No"; a second click of the same button sees this).
func wrongState(iv *models.Interview, action string) error {
	return &models.ValidationError{Fields: map[string]string{"status": fmt.Sprintf("cannot %s: interview %s is already %s (reload to see it)", action, iv.Ref, statusWords(iv.Status))}}
}

// Schedule records that the interview is scheduled (or rescheduled) and plans
// the move to Scheduled and the schedule note (docs/DESIGN.md §5 item 7).
// by is who asked: the change, its audit entry ("interview_schedule", with
// the time in UTC and the zone) and its sync-log line are one transaction
// (applyEvent). The same schedule sent again changes nothing and writes
// only a schedule_unchanged line, no audit entry.
func (e *Engine) Schedule(ctx context.Context, orgID, id string, in ScheduleInput, by Actor) (*models.Interview, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if err := e.checkScheduleWindow(in.ScheduledAt); err != nil {
		return nil, err
	}
	m, err := e.mapping(ctx, orgID)
	if err != nil {
		return nil, err
	}
	unchanged := false
	plan := func(iv *models.Interview, existing []models.LeverWrite) ([]models.LeverWrite, error) {
		if !iv.Active() {
			return nil, wrongState(iv, "schedule")
		}
		rescheduled := iv.Status == models.StatusScheduled
		var prev *priorSchedule
		if rescheduled && iv.ScheduledAt != nil {
			prev = &priorSchedule{At: *iv.ScheduledAt, Timezone: iv.Timezone}
		}
		at := in.ScheduledAt.UTC()
		if rescheduled && iv.ScheduledAt != nil && iv.ScheduledAt.Equal(at) && iv.Timezone == in.Timezone && iv.DurationMinutes == in.DurationMinutes &&
			iv.Interviewer == strings.TrimSpace(in.Interviewer) && iv.MeetingURL == in.MeetingURL {
			// The same schedule sent again (a retried request, a double
			// click): nothing changed, so nothing is written to Lever.
			unchanged = true
			return nil, nil
		}
		iv.Status, iv.ScheduledAt, iv.Timezone, iv.DurationMinutes = models.StatusScheduled, &at, in.Timezone, in.DurationMinutes
		iv.Interviewer, iv.MeetingURL = strings.TrimSpace(in.Interviewer), in.MeetingURL
		marker := nextMarker(iv.Ref, "scheduled", existing)
		var writes []models.LeverWrite
		if !rescheduled {
			writes = append(writes, models.LeverWrite{Kind: models.WriteMoveStage, StageID: m.Scheduled, Marker: marker + "-move"})
		}
		return append(writes, models.LeverWrite{Kind: models.WritePostNote, Marker: marker, NoteText: scheduleNote(iv, marker, prev)}), nil
	}
	return e.applyEvent(ctx, orgID, id, plan, nil, by, func(_ *models.Store, iv *models.Interview) (eventRecord, error) {
		sub := subject{OrgID: orgID, OpportunityID: iv.OpportunityID, InterviewID: iv.ID}
		if unchanged {
			return eventRecord{lines: []models.SyncEvent{sub.event(CodeScheduleUnchanged, "ref", iv.Ref)}}, nil
		}
		return eventRecord{action: "interview_schedule", details: map[string]any{"scheduled_at": iv.ScheduledAt.UTC(), "timezone": iv.Timezone},
			lines: []models.SyncEvent{sub.event(CodeInterviewScheduled,
				"ref", iv.Ref, "at", iv.ScheduledAt.Format(time.RFC3339), "timezone", iv.Timezone, "interviewer", iv.Interviewer)}}, nil
	})
}

// Complete records the verdict, creates the report and playback links and
// plans the move to Intervue - Yes/No, the verdict note and the upload of
// the PDF report to the opportunity (feature 8, docs/CONTRACT.md §8).
// The change, its audit entry ("interview_complete" by by, with the
// verdict) and its sync-log lines (the verdict, the credit spent) are one
// transaction.
func (e *Engine) Complete(ctx context.Context, orgID, id string, in CompleteInput, by Actor) (*models.Interview, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	m, err := e.mapping(ctx, orgID)
	if err != nil {
		return nil, err
	}
	ratings, _ := json.Marshal(in.Ratings)
	plan := func(iv *models.Interview, existing []models.LeverWrite) ([]models.LeverWrite, error) {
		if iv.Status != models.StatusScheduled {
			return nil, wrongState(iv, "complete")
		}
		iv.Status, iv.Verdict, iv.PlaybackURL, iv.Summary, iv.Ratings = models.StatusNo, in.Verdict, in.PlaybackURL, in.Summary, string(ratings)
		stage := m.No
		if in.Verdict == "yes" {
			iv.Status, stage = models.StatusYes, m.Yes
		}
		report, playback := e.store.IssueLinks(iv, nil)
		marker := nextMarker(iv.Ref, "verdict", existing)
		return []models.LeverWrite{
			{Kind: models.WriteMoveStage, StageID: stage, Marker: marker + "-move"},
			{Kind: models.WritePostNote, Marker: marker, NoteText: verdictNote(iv, marker, e.LinkURL(models.LinkPlayback, playback), e.LinkURL(models.LinkReport, report))},
			{Kind: models.WriteUploadFile, Marker: marker + "-file", FileName: ReportFileName(iv)},
		}, nil
	}
	return e.applyEvent(ctx, orgID, id, plan, nil, by, func(tx *models.Store, iv *models.Interview) (eventRecord, error) {
		r := eventRecord{action: "interview_complete", details: map[string]any{"verdict": iv.Verdict},
			lines: []models.SyncEvent{subject{OrgID: orgID, OpportunityID: iv.OpportunityID, InterviewID: iv.ID}.event(CodeInterviewCompleted, "ref", iv.Ref, "verdict", iv.Verdict)}}
		if iv.CreditReserved {
			ev, err := creditEvent(ctx, tx, iv, CodeCreditSpent)
			if err != nil {
				return r, err
			}
			r.lines = append(r.lines, ev)
		}
		return r, nil
	})
}

// Fail records that the interview cannot take place and plans the move to
// Unable to schedule with the reason note (feature 9). The credit reserved at
// pickup is returned unless the candidate did not show up (README: credits).
// The change, its audit entry ("interview_fail" by by, with the reason)
// and its sync-log lines (the reason, the credit) are one transaction.
func (e *Engine) Fail(ctx context.Context, orgID, id string, in FailInput, by Actor) (*models.Interview, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	m, err := e.mapping(ctx, orgID)
	if err != nil {
		return nil, err
	}
	plan := func(iv *models.Interview, existing []models.LeverWrite) ([]models.LeverWrite, error) {
		if !iv.Active() {
			return nil, wrongState(iv, "fail")
		}
		if in.Reason == ReasonNoShow && iv.Status != models.StatusScheduled {
			return nil, &StateError{Msg: fmt.Sprintf(
				"%s is only for a scheduled interview: interview %s was never scheduled, so the candidate cannot have missed it (use %s or %s)",
				ReasonNoShow, iv.Ref, ReasonCandidateCancel, ReasonOther)}
		}
		iv.Status, iv.FailureReason, iv.FailureDetail = models.StatusUnable, in.Reason, strings.TrimSpace(in.Detail)
		return failWrites(iv, m, existing), nil
	}
	return e.applyEvent(ctx, orgID, id, plan, CreditRefund, by, func(tx *models.Store, iv *models.Interview) (eventRecord, error) {
		r := eventRecord{action: "interview_fail", details: map[string]any{"reason": iv.FailureReason},
			lines: []models.SyncEvent{subject{OrgID: orgID, OpportunityID: iv.OpportunityID, InterviewID: iv.ID}.event(CodeInterviewFailed, "ref", iv.Ref, "reason", ReasonText(iv.FailureReason))}}
		if !iv.CreditReserved {
			return r, nil
		}
		code := CodeCreditReturned
		if iv.FailureReason == ReasonNoShow {
			code = CodeCreditSpentNoShow
		}
		ev, err := creditEvent(ctx, tx, iv, code)
		r.lines = append(r.lines, ev)
		return r, err
	})
}

// eventRecord is what an interview event leaves besides the change itself:
// its audit entry (action "" for none, details merged into it) and its
// sync-log lines.
type eventRecord struct {
	action  string
	details map[string]any
	lines   []models.SyncEvent
}

// applyEvent applies an interview event in one transaction: the transition
// (plan; the credit change; the planned writes and their jobs), then what
// record returns for the interview as changed: the audit entry by by and
// the sync-log lines. Any failure changes nothing and is returned.
func (e *Engine) applyEvent(ctx context.Context, orgID, id string, plan models.Planner, credit func(before, after models.Interview) int,
	by Actor, record func(tx *models.Store, iv *models.Interview) (eventRecord, error)) (*models.Interview, error) {
	var iv *models.Interview
	err := e.store.InTx(ctx, func(tx *models.Store) error {
		var err error
		if iv, err = tx.Transition(ctx, orgID, id, plan, credit, e.enqueueWritesID(orgID, id)); err != nil {
			return err
		}
		r, err := record(tx, iv)
		if err != nil {
			return err
		}
		if r.action != "" {
			if err := tx.Audit(ctx, by.OpsEntry(orgID, r.action, iv.Ref, r.details)); err != nil {
				return err
			}
		}
		for _, ev := range r.lines {
			if err := tx.Log(ctx, ev); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return iv, nil
}

// checkScheduleWindow refuses a start more than Config.ScheduleMaxPast in
// the past or more than Config.ScheduleMaxAhead ahead of now: a
// *models.ValidationError on scheduled_at naming the limit.
func (e *Engine) checkScheduleWindow(at time.Time) error {
	now := e.now()
	switch {
	case at.Before(now.Add(-e.cfg.ScheduleMaxPast)):
		return &models.ValidationError{Fields: map[string]string{"scheduled_at": fmt.Sprintf(
			"scheduled_at %s is more than %s in the past: send the time the interview takes place", at.UTC().Format(time.RFC3339), humanDuration(e.cfg.ScheduleMaxPast))}}
	case at.After(now.Add(e.cfg.ScheduleMaxAhead)):
		return &models.ValidationError{Fields: map[string]string{"scheduled_at": fmt.Sprintf(
			"scheduled_at %s is more than %s ahead: interviews can be scheduled at most that far in advance", at.UTC().Format(time.RFC3339), humanDuration(e.cfg.ScheduleMaxAhead))}}
	}
	return nil
}

// humanDuration says d in days when it is whole days, else as Go prints it.
func humanDuration(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		if days := int(d / (24 * time.Hour)); days != 1 {
			return fmt.Sprintf("%d days", days)
		}
		return "1 day"
	}
	return d.String()
}

// CreditRefund is the credit rule for a failed interview: the credit reserved
// at pickup comes back (+1) unless the candidate did not show up, in which
// case the expert's slot was used and the credit is spent.
func CreditRefund(before, after models.Interview) int {
	if before.CreditReserved && after.Status == models.StatusUnable && after.FailureReason != ReasonNoShow {
		return 1
	}
	return 0
}

func (e *Engine) mapping(ctx context.Context, orgID string) (models.StageMapping, error) {
	c, err := e.store.Connection(ctx, orgID)
	if err != nil {
		return models.StageMapping{}, err
	}
	m := c.Mapping()
	if !m.Complete() {
		return m, &models.ValidationError{Fields: map[string]string{"stage_mapping": "map all five Lever stages first"}}
	}
	return m, nil
}

// LinkURL returns the public, unguessable link for an interview's report
// ("report": a PDF) or playback ("playback": redirects to the recording).
func (e *Engine) LinkURL(kind, token string) string {
	base := strings.TrimRight(e.cfg.PublicURL, "/")
	if kind == "playback" {
		return base + "/links/playback/" + token
	}
	return base + "/links/report/" + token
}

// recordCredit writes a credit line (creditEvent) on the candidate's
// timeline; a failure to read the balance is written as "?".
func (e *Engine) recordCredit(ctx context.Context, iv *models.Interview, code Code) {
	ev, _ := creditEvent(ctx, e.store, iv, code)
	e.logEvent(ctx, ev)
}

// creditEvent is a credit line (code, of kind "credit") read through st:
// what happened to the interview's credit and the credits now available.
// The error is the balance read's; the line then says "?" for it.
func creditEvent(ctx context.Context, st *models.Store, iv *models.Interview, code Code) (models.SyncEvent, error) {
	available := "?"
	org, err := st.Organization(ctx, iv.OrgID)
	if err == nil {
		available = fmt.Sprint(org.Credits)
	}
	return subject{OrgID: iv.OrgID, OpportunityID: iv.OpportunityID, InterviewID: iv.ID, CandidateName: iv.CandidateName, CandidateEmail: iv.CandidateEmail}.event(
		code, "ref", iv.Ref, "available", available), err
}
