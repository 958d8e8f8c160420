package leversync

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/intervue/lever-integration/models"
)

// Failure reasons of an interview (docs/CONTRACT.md §4 fail, and the pickup
// failures of docs/DESIGN.md §5 item 6).
const (
	ReasonNoShow           = "candidate_no_show"
	ReasonCandidateCancel  = "candidate_cancelled"
	ReasonOrgCancel        = "organisation_cancelled"
	ReasonNoCredits        = "insufficient_credits"
	ReasonOther            = "other"
	ReasonNoPosting        = "no_posting"
	ReasonPostingNotMapped = "posting_not_mapped"
	ReasonProfileDeleted   = "profile_deleted"
)

// ReasonText returns a failure reason in words, for notes and screens.
func ReasonText(reason string) string {
	switch reason {
	case ReasonNoShow:
		return "Candidate did not show up for the interview"
	case ReasonCandidateCancel:
		return "Candidate cancelled the interview"
	case ReasonOrgCancel:
		return "Organisation cancelled the interview"
	case ReasonNoCredits:
		return "Insufficient credits on the Intervue.io platform"
	case ReasonNoPosting:
		return "The candidate has no application to a job posting"
	case ReasonPostingNotMapped:
		return "The job posting is not mapped to an interview profile"
	case ReasonProfileDeleted:
		return "The interview profile mapped to the job posting was deleted"
	case ReasonOther:
		return "The interview could not take place"
	}
	return reason
}

// FailReasons lists the reasons the platform may send to /fail.
var FailReasons = []string{ReasonNoShow, ReasonCandidateCancel, ReasonOrgCancel, ReasonNoCredits, ReasonOther}

// maxNoteRunes bounds a note's length; Lever documents no limit
// (docs/LEVER_API.md §6.9), this keeps notes readable.
const maxNoteRunes = 6000

// noteFooter is the visible reference that lets us find a note again after
// an ambiguous failure (docs/DESIGN.md §2).
func noteFooter(marker string) string { return "Ref " + marker }

func finishNote(lines []string, marker string) string {
	body := strings.Join(lines, "\n")
	footer := "\n\n— Intervue.io · " + noteFooter(marker)
	return truncateRunes(body, maxNoteRunes-utf8.RuneCountInString(footer)) + footer
}

// truncateRunes cuts s to at most n runes, never inside a character, and
// marks the cut with an ellipsis.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 1 {
		return "…"
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// clean removes control characters (other than line breaks) from
// platform-provided text before it goes into a plain-text Lever note.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// FormatSchedule renders the interview start in its own time zone, e.g.
// "Tuesday, 31 March 2026", "10:00 CEST (Europe/Berlin, UTC+02:00)". The
// zone abbreviation and offset are those in force on that date, so daylight
// saving is accounted for.
func FormatSchedule(at time.Time, tz string) (date, clock string, err error) {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return "", "", fmt.Errorf("unknown time zone %q", tz)
	}
	t := at.In(loc)
	abbr, _ := t.Zone()
	return t.Format("Monday, 2 January 2006"), fmt.Sprintf("%s %s (%s, UTC%s)", t.Format("15:04"), abbr, tz, t.Format("-07:00")), nil
}

// scheduleNote is the note of a new schedule; prev is the schedule it
// replaces (nil for the first), given in its own zone and in UTC.
func scheduleNote(iv *models.Interview, marker string, prev *priorSchedule) string {
	date, clock, _ := FormatSchedule(*iv.ScheduledAt, iv.Timezone)
	lines := []string{"Intervue.io interview scheduled", ""}
	if prev != nil {
		pdate, pclock, _ := FormatSchedule(prev.At, prev.Timezone)
		lines = []string{"Intervue.io interview rescheduled", "",
			"Was: " + pdate + ", " + pclock + " = " + prev.At.UTC().Format("2006-01-02 15:04 UTC"),
			"Now: " + date + ", " + clock + " = " + iv.ScheduledAt.UTC().Format("2006-01-02 15:04 UTC"),
			""}
	}
	lines = append(lines,
		"Date: "+date,
		"Time: "+clock,
		fmt.Sprintf("Duration: %d minutes", iv.DurationMinutes),
		"Interviewer: "+clean(iv.Interviewer),
	)
	if iv.ProfileName != "" {
		lines = append(lines, "Interview profile: "+clean(iv.ProfileName))
	}
	if iv.MeetingURL != "" {
		lines = append(lines, "Meeting link: "+clean(iv.MeetingURL))
	}
	return finishNote(lines, marker)
}

// priorSchedule is when an interview was scheduled before a reschedule.
type priorSchedule struct {
	At       time.Time
	Timezone string
}

func verdictNote(iv *models.Interview, marker, playbackURL, reportURL string) string {
	verdict := "Yes: recommended to move forward"
	if iv.Verdict == "no" {
		verdict = "No: not recommended"
	}
	lines := []string{
		"Intervue.io interview completed",
		"",
		"Verdict: " + verdict,
		"Playback: " + playbackURL,
		"Report (PDF): " + reportURL,
	}
	if iv.Interviewer != "" {
		lines = append(lines, "Interviewer: "+clean(iv.Interviewer))
	}
	if s := clean(iv.Summary); s != "" {
		lines = append(lines, "", "Summary:", truncateRunes(s, 3000))
	}
	return finishNote(lines, marker)
}

func failureNote(iv *models.Interview, marker string) string {
	lines := []string{
		"Intervue.io: unable to schedule the interview",
		"",
		"Reason: " + ReasonText(iv.FailureReason),
	}
	if d := clean(iv.FailureDetail); d != "" {
		lines = append(lines, "Detail: "+d)
	}
	if fix := fixFor(iv.FailureReason); fix != "" {
		lines = append(lines, "What to do: "+fix)
	}
	return finishNote(lines, marker)
}

// fixFor tells the recruiter how to resolve a pickup failure.
func fixFor(reason string) string {
	switch reason {
	case ReasonNoPosting:
		return "add the candidate to a job posting in Lever, then move them to the To be Scheduled stage again."
	case ReasonPostingNotMapped:
		return "map the posting to an interview profile on Intervue.io (Integrations > Lever > Postings), then move the candidate to the To be Scheduled stage again."
	case ReasonProfileDeleted:
		return "map the posting to an existing interview profile on Intervue.io, then move the candidate to the To be Scheduled stage again."
	case ReasonNoCredits:
		return "buy interview credits on Intervue.io, then move the candidate to the To be Scheduled stage again."
	}
	return ""
}
