package handlers

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// Where each fix is made: cards of the Lever screen and the Profiles page.
const (
	fixConnection = "/integrations/lever?tab=overview#connection-card"
	fixEnable     = "/integrations/lever?tab=golive#enable-card"
	fixStages     = "/integrations/lever?tab=stages#stage-mapping-card"
	fixPostings   = "/integrations/lever?tab=postings#postings-card"
	fixWebhook    = "/integrations/lever?tab=webhooks#webhook-card"
	fixProfiles   = "/profiles"
)

// moveAgain ends the advice for a pickup that cannot be retried: the
// candidate already sits in Unable to schedule.
const moveAgain = " then move the candidate to the To be Scheduled stage again in Lever."

// adviceRule maps sync log lines whose message contains match (and whose
// kind is kind, when set) to advice.
type adviceRule struct {
	kind, match string
	advice      views.Advice
}

// adviceRules are tried in order; the first match wins. Matches are taken
// from leversync's and the webhook receiver's messages.
var adviceRules = []adviceRule{
	{"", "the integration was disabled", views.Advice{Info: true, Text: "Received while the integration was off, so nothing was done. To order an interview now, turn the integration on," + moveAgain, LinkURL: fixEnable, LinkLabel: "Turn the integration on"}},
	{"", "Paused: the integration is disabled", views.Advice{Text: "Turn the integration on: the waiting Lever write then runs by itself.", LinkURL: fixEnable, LinkLabel: "Turn the integration on"}},
	{"", "Paused: Lever is disconnected", views.Advice{Text: "A super admin must connect Lever again: the waiting Lever write then runs by itself.", LinkURL: fixConnection, LinkLabel: "Lever connection"}},
	{"", "Not processed: Lever is disconnected", views.Advice{Text: "A super admin must connect Lever again," + moveAgain, LinkURL: fixConnection, LinkLabel: "Lever connection"}},
	{"", "Stage mapping is incomplete", views.Advice{Text: "Map all five stages on the Lever screen, then Retry.", LinkURL: fixStages, LinkLabel: "Stage mapping", Retry: true}},
	{"", "(403)", views.Advice{Text: "The candidate is probably confidential: a Lever super admin must reconnect Lever and allow access to confidential data, then Retry.", LinkURL: fixConnection, LinkLabel: "Reconnect Lever", Retry: true}},
	{"write", ": 403", views.Advice{Text: "Lever refused the write (403): the candidate is probably confidential or the connection lacks a permission. A Lever super admin must reconnect Lever with that access, then Retry.", LinkURL: fixConnection, LinkLabel: "Reconnect Lever", Retry: true}},
	{"write", ": 404", views.Advice{Info: true, Text: "Lever no longer has this candidate (404: deleted or merged), so the write cannot be made. If they were restored in Lever, use Retry.", Retry: true}},
	{"", "does not exist (deleted or merged)", views.Advice{Info: true, Text: "Nothing can be scheduled: the candidate was deleted or merged in Lever. If they were merged, move the remaining candidate to the To be Scheduled stage."}},
	{"", "Gave up after", views.Advice{Text: "Lever kept failing (see its answers above). When Lever answers again, use Retry.", Retry: true}},
	{"token", "", views.Advice{Text: "Lever access needs re-authorization: a super admin must use Reconnect on the Lever screen. Waiting steps then resume by themselves.", LinkURL: fixConnection, LinkLabel: "Reconnect Lever"}},
	{"", "where a recruiter put them", views.Advice{Info: true, Text: "No fix needed: we never move a candidate a recruiter has moved on. The note was still posted."}},
	{"", "Own change: echo", views.Advice{Info: true, Text: "No fix needed: this delivery reports our own stage move."}},
	{"", "which is not the To be Scheduled stage", views.Advice{Info: true, Text: "No fix needed: only a move into the To be Scheduled stage orders an interview."}},
	{"", "Not picked up: the candidate is no longer in", views.Advice{Info: true, Text: "No fix needed: the candidate had moved on before we read them (an out-of-date delivery)."}},
	{"", "the opportunity is archived", views.Advice{Info: true, Text: "No fix needed: archived candidates are not scheduled. To schedule one, unarchive them in Lever," + moveAgain}},
	{"", "Already in progress", views.Advice{Info: true, Text: "No fix needed: the candidate already has an interview in progress."}},
	{"", "is not one the integration acts on", views.Advice{Info: true, Text: "No fix needed: only Candidate Stage Change deliveries are acted on."}},
	{"", "Test delivery from Lever", views.Advice{Info: true, Text: "No fix needed: Lever's test delivery carries no candidate."}},
	{"webhook_rejected", "signature", views.Advice{Text: "The signature token does not match Lever's: register the webhook again, or paste the token from Lever's webhook settings, on the Lever screen.", LinkURL: fixWebhook, LinkLabel: "Webhook"}},
	{"webhook_rejected", "replay", views.Advice{Info: true, Text: "No fix needed: a delivery this old is refused, and the reconciliation sweep picks up the candidate instead."}},
	{"webhook_rejected", "", views.Advice{Info: true, Text: "Lever sent something we could not read. Nothing to do unless it happens again; then contact support with this page's link."}},
}

// postingTitle finds the posting title, quoted as Go's %q does, in a pickup
// message.
var postingTitle = regexp.MustCompile(`Posting ("(?:[^"\\]|\\.)*")`)

// adviceFor says what to do about a sync log line or a failed step's
// result (kind, status and message as logged); nil when nothing needs
// saying (ok and retrying lines).
func adviceFor(kind, status, msg string) *views.Advice {
	if status != models.LogFailed && status != models.LogSkipped {
		return nil
	}
	if a := pickupAdvice(pickupReason(msg), msg); a != nil {
		return a
	}
	for _, r := range adviceRules {
		if (r.kind == "" || r.kind == kind) && strings.Contains(msg, r.match) {
			a := r.advice
			return &a
		}
	}
	switch {
	case status == models.LogSkipped:
		return &views.Advice{Info: true, Text: "No fix needed: this step did not apply."}
	case kind == "lever_call":
		return &views.Advice{Info: true, Text: "Lever refused this call; the next step says what it meant and what to do."}
	case kind == "write" || kind == "decision":
		return &views.Advice{Text: "Fix the cause above, then use Retry. If the cause is unclear, send support this page's link.", Retry: true}
	}
	return &views.Advice{Text: "If the cause above is unclear, send support this page's link."}
}

// pickupReason finds the failure reason code of an "Unable to schedule
// (reason text): …" message, "" for other messages.
func pickupReason(msg string) string {
	for _, code := range []string{leversync.ReasonPostingNotMapped, leversync.ReasonNoPosting, leversync.ReasonProfileDeleted, leversync.ReasonNoCredits} {
		if strings.HasPrefix(msg, "Unable to schedule ("+leversync.ReasonText(code)+")") {
			return code
		}
	}
	return ""
}

// pickupAdvice is what fixes a pickup that ended in Unable to schedule for
// reason (an interview's failure reason code); detail is its message. A
// Retry cannot help: the candidate has left the To be Scheduled stage.
func pickupAdvice(reason, detail string) *views.Advice {
	switch reason {
	case leversync.ReasonPostingNotMapped:
		if strings.Contains(detail, "is unknown to Intervue.io") {
			return &views.Advice{Text: "Refresh the postings on the Lever screen (a confidential posting needs access to confidential data) and map it to an interview profile," + moveAgain, LinkURL: fixPostings, LinkLabel: "Postings"}
		}
		posting := "the posting"
		if m := postingTitle.FindStringSubmatch(detail); m != nil {
			if title, err := strconv.Unquote(m[1]); err == nil {
				posting = "posting “" + title + "”"
			}
		}
		return &views.Advice{Text: "Map " + posting + " to an interview profile on the Lever screen," + moveAgain, LinkURL: fixPostings, LinkLabel: "Map postings"}
	case leversync.ReasonProfileDeleted:
		return &views.Advice{Text: "The posting is mapped to a deleted profile: map it to an existing profile (or create one)," + moveAgain, LinkURL: fixProfiles, LinkLabel: "Profiles"}
	case leversync.ReasonNoPosting:
		return &views.Advice{Text: "Add the candidate to a job posting in Lever," + moveAgain}
	case leversync.ReasonNoCredits:
		return &views.Advice{Text: "The organization has no interview credits left: buy credits," + moveAgain}
	}
	return nil
}

// connectionAdvice says what stops every candidate of the organization: a
// Lever grant that needs re-authorization, no connection, or the
// integration turned off; nil when nothing does.
func connectionAdvice(c *models.LeverConnection) *views.Advice {
	switch {
	case c.Status == models.ConnNeedsReauth:
		return &views.Advice{Text: "Lever access needs re-authorization, so nothing is read from or written to Lever: a super admin must use Reconnect on the Lever screen. Waiting steps then resume by themselves.", LinkURL: fixConnection, LinkLabel: "Reconnect Lever"}
	case c.Status == models.ConnDisconnected:
		return &views.Advice{Text: "Lever is not connected, so nothing is processed: a super admin must connect Lever on the Lever screen.", LinkURL: fixConnection, LinkLabel: "Lever connection"}
	case !c.Enabled:
		return &views.Advice{Text: "The integration is turned off: deliveries are recorded but not acted on, and Lever writes wait. Turn it on on the Lever screen.", LinkURL: fixEnable, LinkLabel: "Turn the integration on"}
	}
	return nil
}
