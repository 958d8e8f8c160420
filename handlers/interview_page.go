package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// defaultTimezone preselects the Schedule form's zone.
const defaultTimezone = "Europe/Berlin"

// scheduleZones are suggested in the Schedule form; any IANA name is accepted.
var scheduleZones = []string{
	"Europe/Berlin", "Europe/London", "Europe/Paris", "Europe/Zurich", "Europe/Madrid", "Europe/Stockholm", "Europe/Warsaw",
	"UTC", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Toronto",
	"America/Sao_Paulo", "Asia/Kolkata", "Asia/Dubai", "Asia/Singapore", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney",
}

// interviewForms are forms a POST re-renders with the submitted values and
// errors; nil forms get their defaults.
type interviewForms struct {
	schedule *views.ScheduleForm
	complete *views.CompleteForm
	fail     *views.FailForm
}

// showInterview handles GET /interviews/{id}: details, Lever writes and the
// ops forms valid for the status. htmx polls get the writes table only.
func (h *Handler) showInterview(w http.ResponseWriter, r *http.Request) {
	iv, err := h.findInterview(r.Context(), r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.renderInterview(w, r, iv, interviewForms{})
}

// renderInterview renders the interview page at 200 with forms.
func (h *Handler) renderInterview(w http.ResponseWriter, r *http.Request, iv *models.Interview, forms interviewForms) {
	ctx := r.Context()
	canAct := canOps(currentUser(ctx), iv.OrgID)
	writes, err := h.writeRows(ctx, iv, canAct)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if isHTMX(r) {
		views.InterviewWritesTable(writes).Render(ctx, w)
		return
	}
	var profile models.Profile
	if p, err := h.store.Profile(ctx, iv.OrgID, iv.ProfileID); err == nil {
		profile = *p
	} else if !errors.Is(err, models.ErrNotFound) {
		h.renderError(w, r, err)
		return
	}
	p := views.InterviewPage{
		Chrome: h.chrome(w, r, iv.Ref+" · Interview", "interviews"), ID: iv.ID, Ref: iv.Ref, Status: iv.Status,
		CandidateName: iv.CandidateName, CandidateEmail: iv.CandidateEmail, LeverURL: iv.LeverURL, OpportunityID: iv.OpportunityID,
		PostingTitle: iv.PostingTitle, ProfileName: iv.ProfileName, Created: utc(iv.CreatedAt), Updated: utc(iv.UpdatedAt),
		Scheduled: longSchedule(iv), Duration: iv.DurationMinutes, Interviewer: iv.Interviewer, MeetingURL: iv.MeetingURL,
		Verdict: iv.Verdict, PlaybackURL: iv.PlaybackURL, ReportURL: h.reportURL(iv), Summary: iv.Summary,
		FailureDetail: iv.FailureDetail, TimelineURL: timelineURL(iv.OpportunityID, iv.OrgID), Writes: writes,
		CanRevoke: effectiveRank(currentUser(ctx), iv.OrgID) >= roleAdmin, LinksRevoked: iv.LinksRevokedAt != nil,
		HasLinks: len(iv.LinksSealed) > 0,
	}
	if iv.LinksExpireAt != nil {
		p.LinksExpire, p.LinksExpired = utc(*iv.LinksExpireAt), !iv.LinksExpireAt.After(h.now())
	}
	if iv.FailureReason != "" {
		p.Failure = leversync.ReasonText(iv.FailureReason)
	}
	if isStaff(currentUser(ctx)) {
		if org, err := h.store.Organization(ctx, iv.OrgID); err == nil {
			p.OrgName = org.Name
		}
	}
	var ratings []leversync.Rating
	_ = json.Unmarshal([]byte(iv.Ratings), &ratings) // empty or invalid: no ratings shown
	for _, rt := range ratings {
		p.Ratings = append(p.Ratings, views.RatingRow{Skill: rt.Skill, Score: strconv.Itoa(rt.Score), Comment: rt.Comment})
	}
	if canAct {
		p.Schedule, p.Complete, p.Fail = defaultForms(iv, &profile, forms)
	}
	views.Interview(p).Render(ctx, w)
}

// defaultForms returns the submitted form as it is (with its errors, even
// if the status changed meanwhile) and the others valid for the interview's
// status, prefilled.
func defaultForms(iv *models.Interview, profile *models.Profile, forms interviewForms) (*views.ScheduleForm, *views.CompleteForm, *views.FailForm) {
	base := "/interviews/" + iv.ID
	if iv.Active() && forms.schedule == nil {
		f := &views.ScheduleForm{Timezone: defaultTimezone, Duration: "60", Interviewer: iv.Interviewer, MeetingURL: iv.MeetingURL}
		if profile.DurationMinutes > 0 {
			f.Duration = strconv.Itoa(profile.DurationMinutes)
		}
		if iv.ScheduledAt != nil {
			f.Timezone, f.Duration = iv.Timezone, strconv.Itoa(iv.DurationMinutes)
			if loc, err := time.LoadLocation(iv.Timezone); err == nil {
				f.At = iv.ScheduledAt.In(loc).Format("2006-01-02T15:04")
			}
		}
		forms.schedule = f
	}
	if iv.Status == models.StatusScheduled && forms.complete == nil {
		f := &views.CompleteForm{}
		for _, s := range profile.SkillList() {
			f.Ratings = append(f.Ratings, views.RatingRow{Skill: s})
		}
		for len(f.Ratings) < 4 {
			f.Ratings = append(f.Ratings, views.RatingRow{})
		}
		forms.complete = f
	}
	if iv.Active() && forms.fail == nil {
		forms.fail = &views.FailForm{}
	}
	if f := forms.schedule; f != nil {
		f.Action, f.Reschedule, f.Zones = base+"/schedule", iv.Status == models.StatusScheduled, scheduleZones
	}
	if f := forms.complete; f != nil {
		f.Action = base + "/complete"
	}
	if f := forms.fail; f != nil {
		f.Action = base + "/fail"
		for _, reason := range leversync.FailReasons {
			f.Reasons = append(f.Reasons, [2]string{reason, leversync.ReasonText(reason)})
		}
	}
	return forms.schedule, forms.complete, forms.fail
}

// writeRows is the interview's Lever writes table.
func (h *Handler) writeRows(ctx context.Context, iv *models.Interview, canRetry bool) (views.InterviewWrites, error) {
	out := views.InterviewWrites{URL: "/interviews/" + iv.ID, CanRetry: canRetry}
	writes, err := h.store.Writes(ctx, iv.ID)
	if err != nil {
		return out, err
	}
	stages, err := h.stageNames(ctx, iv.OrgID)
	if err != nil {
		return out, err
	}
	for _, wr := range writes {
		row := views.WriteRow{ID: wr.ID, Seq: wr.Seq, Kind: wr.Kind, What: wr.Label(stages), Status: wr.Status,
			Attempts: wr.Attempts, Result: wr.Result, LeverNoteID: wr.LeverNoteID}
		if wr.DoneAt != nil {
			row.DoneAt = utc(*wr.DoneAt)
		}
		out.Live = out.Live || wr.Status == models.WritePending
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

// stageNames maps the org's Lever stage ids to their names.
func (h *Handler) stageNames(ctx context.Context, orgID string) (map[string]string, error) {
	c, err := h.store.Connection(ctx, orgID)
	if errors.Is(err, models.ErrNotFound) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, err
	}
	return h.store.StageNames(ctx, c.ID)
}

// longSchedule is the interview start as the Lever note gives it.
func longSchedule(iv *models.Interview) string {
	if iv.ScheduledAt == nil {
		return ""
	}
	date, clock, err := leversync.FormatSchedule(*iv.ScheduledAt, iv.Timezone)
	if err != nil {
		return utc(*iv.ScheduledAt)
	}
	return date + ", " + clock
}

// timelineURL is a candidate's sync timeline in orgID.
func timelineURL(opportunityID, orgID string) string {
	return "/sync-log/candidates/" + url.PathEscape(opportunityID) + "?org=" + url.QueryEscape(orgID)
}
