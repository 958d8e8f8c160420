package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// formMessages replace the API's validation messages on the ops forms.
var formMessages = map[string]string{
	"scheduled_at":     "Enter the date and start time.",
	"timezone":         "Enter an IANA time zone name, e.g. Europe/Berlin.",
	"duration_minutes": "The duration must be between 15 and 480 minutes.",
	"interviewer":      "Enter the interviewer's name.",
	"meeting_url":      "Enter an http(s) link, or leave it empty.",
	"verdict":          "Choose Yes or No.",
	"playback_url":     "Enter the playback's http(s) link.",
	"reason":           "Choose a reason.",
	"detail":           "Describe what happened: it is required when the reason is “other”.",
}

// formErrors turns a validation error into form messages; ok is false for
// any other error.
func formErrors(err error) (views.FormErrors, bool) {
	var verr *models.ValidationError
	if !errors.As(err, &verr) {
		return nil, false
	}
	out := views.FormErrors{}
	for field, msg := range verr.Fields {
		if models.IsTooLong(msg) {
			// Keep the field's limit: the form's own wording would hide it.
			if f, _, ok := strings.Cut(field, "."); ok && strings.HasPrefix(field, "ratings[") {
				field = f
			}
			out[field] = msg
			continue
		}
		if m, ok := formMessages[field]; ok {
			msg = m
		}
		if strings.HasPrefix(field, "ratings[") {
			msg = "Give this rating a skill and a score from 1 to 5."
		}
		out[field] = msg
	}
	return out, true
}

// scheduleInterview handles POST /interviews/{id}/schedule: the local date
// and time are read in the chosen zone. Errors re-render the page at 200.
func (h *Handler) scheduleInterview(w http.ResponseWriter, r *http.Request) {
	iv, err := h.findInterview(r.Context(), r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	form, in := parseScheduleForm(r)
	_, err = h.engine.Schedule(r.Context(), iv.OrgID, iv.ID, in, actor(r, iv.OrgID))
	if errs, ok := formErrors(err); ok {
		form.Errors = errs
		h.renderInterview(w, r, iv, interviewForms{schedule: &form})
		return
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.flash(w, r, "success", "Interview scheduled: Lever will be updated within seconds.")
	http.Redirect(w, r, "/interviews/"+iv.ID, http.StatusSeeOther)
}

// parseScheduleForm reads the Schedule form: scheduled_at is a
// datetime-local value in the zone named by timezone.
func parseScheduleForm(r *http.Request) (views.ScheduleForm, leversync.ScheduleInput) {
	f := views.ScheduleForm{
		At: strings.TrimSpace(r.PostFormValue("scheduled_at")), Timezone: strings.TrimSpace(r.PostFormValue("timezone")),
		Duration: strings.TrimSpace(r.PostFormValue("duration_minutes")), Interviewer: strings.TrimSpace(r.PostFormValue("interviewer")),
		MeetingURL: strings.TrimSpace(r.PostFormValue("meeting_url")),
	}
	in := leversync.ScheduleInput{Timezone: f.Timezone, Interviewer: f.Interviewer, MeetingURL: f.MeetingURL}
	in.DurationMinutes, _ = strconv.Atoi(f.Duration)
	in.ScheduledAt = localTime(f.At, f.Timezone)
	return f, in
}

// localTime reads a datetime-local value in the named zone; an unknown zone
// reads it as UTC (the zone gets its own error); a bad value is zero.
func localTime(value, zone string) time.Time {
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" {
		loc = time.UTC
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, value, loc); err == nil {
			return t
		}
	}
	return time.Time{}
}

// completeInterview handles POST /interviews/{id}/complete: verdict,
// playback, summary and rating rows (rows without score or comment are
// left out). Errors re-render the page at 200.
func (h *Handler) completeInterview(w http.ResponseWriter, r *http.Request) {
	iv, err := h.findInterview(r.Context(), r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	form, in := parseCompleteForm(r)
	done, err := h.engine.Complete(r.Context(), iv.OrgID, iv.ID, in, actor(r, iv.OrgID))
	if errs, ok := formErrors(err); ok {
		form.Errors = errs
		h.renderInterview(w, r, iv, interviewForms{complete: &form})
		return
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.flash(w, r, "success", fmt.Sprintf("Interview completed with verdict %s; the report is ready: Lever will be updated within seconds.", strings.ToUpper(done.Verdict)))
	http.Redirect(w, r, "/interviews/"+iv.ID, http.StatusSeeOther)
}

// parseCompleteForm reads the Complete form; each rating row that is sent
// gets the error key the engine uses for it ("ratings[i]").
func parseCompleteForm(r *http.Request) (views.CompleteForm, leversync.CompleteInput) {
	_ = r.ParseForm()
	f := views.CompleteForm{Verdict: r.PostFormValue("verdict"), PlaybackURL: strings.TrimSpace(r.PostFormValue("playback_url")), Summary: strings.TrimSpace(r.PostFormValue("summary"))}
	in := leversync.CompleteInput{Verdict: f.Verdict, PlaybackURL: f.PlaybackURL, Summary: f.Summary}
	skills, scores, comments := r.PostForm["rating_skill"], r.PostForm["rating_score"], r.PostForm["rating_comment"]
	for i := range skills {
		row := views.RatingRow{Skill: strings.TrimSpace(skills[i]), Score: at(scores, i), Comment: at(comments, i)}
		if row.Score != "" || row.Comment != "" {
			row.Field = fmt.Sprintf("ratings[%d]", len(in.Ratings))
			score, _ := strconv.Atoi(row.Score)
			in.Ratings = append(in.Ratings, leversync.Rating{Skill: row.Skill, Score: score, Comment: row.Comment})
		}
		f.Ratings = append(f.Ratings, row)
	}
	return f, in
}

func at(values []string, i int) string {
	if i < len(values) {
		return strings.TrimSpace(values[i])
	}
	return ""
}

// failInterview handles POST /interviews/{id}/fail: reason and detail.
// Errors re-render the page at 200.
func (h *Handler) failInterview(w http.ResponseWriter, r *http.Request) {
	iv, err := h.findInterview(r.Context(), r.PathValue("id"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	form := views.FailForm{Reason: r.PostFormValue("reason"), Detail: strings.TrimSpace(r.PostFormValue("detail"))}
	_, err = h.engine.Fail(r.Context(), iv.OrgID, iv.ID, leversync.FailInput{Reason: form.Reason, Detail: form.Detail}, actor(r, iv.OrgID))
	if errs, ok := formErrors(err); ok {
		form.Errors = errs
		h.renderInterview(w, r, iv, interviewForms{fail: &form})
		return
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.flash(w, r, "success", "Interview marked unable to schedule ("+leversync.ReasonText(form.Reason)+"): Lever will be updated within seconds.")
	http.Redirect(w, r, "/interviews/"+iv.ID, http.StatusSeeOther)
}
