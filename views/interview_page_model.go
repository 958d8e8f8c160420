package views

import "strconv"

// InterviewPage is one interview (GET /interviews/{id}): its details, its
// Lever writes and the ops forms valid for its status.
type InterviewPage struct {
	Chrome         Chrome
	ID, Ref        string
	OrgName        string // shown to support staff
	Status         string
	CandidateName  string
	CandidateEmail string
	LeverURL       string
	OpportunityID  string
	PostingTitle   string
	ProfileName    string
	Created        string
	Updated        string
	Scheduled      string // date and time in the interview's zone; "" when not scheduled
	Duration       int
	Interviewer    string
	MeetingURL     string
	Verdict        string
	PlaybackURL    string
	ReportURL      string
	CanRevoke      bool   // the user may revoke the report and playback links
	LinksRevoked   bool   // the links were revoked
	HasLinks       bool   // links were issued once (so they can be re-issued)
	LinksExpire    string // when the links stop working, "" for never (UTC)
	LinksExpired   bool
	Summary        string
	Ratings        []RatingRow
	Failure        string // reason in words
	FailureDetail  string
	TimelineURL    string
	Writes         InterviewWrites
	// The forms; nil when not valid for the status or the user may not act.
	Schedule *ScheduleForm
	Complete *CompleteForm
	Fail     *FailForm
}

// InterviewWrites is the Lever writes table; it refreshes itself (htmx)
// while a write is pending.
type InterviewWrites struct {
	URL      string // the interview page, polled while Live
	Live     bool
	CanRetry bool
	Rows     []WriteRow
}

// WriteRow is one planned Lever write.
type WriteRow struct {
	ID, What, Kind, Status      string
	Seq, Attempts               int
	Result, LeverNoteID, DoneAt string
}

// RetryURL is where the row's Retry button posts.
func (w WriteRow) RetryURL() string { return "/sync-log/writes/" + w.ID + "/retry" }

// ScheduleForm is the Schedule (or Reschedule) form. At is a datetime-local
// value in Timezone.
type ScheduleForm struct {
	Action      string
	Reschedule  bool
	At          string
	Timezone    string
	Duration    string
	Interviewer string
	MeetingURL  string
	Zones       []string
	Errors      FormErrors
}

// CompleteForm is the Complete form (verdict, playback, summary, ratings).
type CompleteForm struct {
	Action      string
	Verdict     string
	PlaybackURL string
	Summary     string
	Ratings     []RatingRow
	Errors      FormErrors
}

// RatingRow is one skill rating; Score is "" or "1".."5". Field is the
// row's error key ("ratings[i]").
type RatingRow struct {
	Skill, Score, Comment, Field string
}

// FailForm is the Fail form; Reasons are (value, label) pairs.
type FailForm struct {
	Action  string
	Reason  string
	Detail  string
	Reasons [][2]string
	Errors  FormErrors
}

// fieldNames are the error keys shown next to a field of the form.
func (f CompleteForm) fieldNames() []string {
	out := []string{"verdict", "playback_url", "summary"}
	for _, r := range f.Ratings {
		if r.Field != "" {
			out = append(out, r.Field)
		}
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }
