package handlers

import (
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
	fixWriteBack  = "/integrations/lever?tab=stages#write-back-card"
)

// moveAgain ends the advice for a pickup that cannot be retried: the
// candidate already sits in Unable to schedule.
const moveAgain = " then move the candidate to the To be Scheduled stage again in Lever."

// Advice shared by several codes.
var (
	adviceReceivedOff = views.Advice{Info: true, Text: "Received while the integration was off, so nothing was done. To order an interview now, turn the integration on," + moveAgain, LinkURL: fixEnable, LinkLabel: "Turn the integration on"}
	adviceReauth      = views.Advice{Text: "Lever access needs re-authorization: a super admin must use Reconnect on the Lever screen. Waiting steps then resume by themselves.", LinkURL: fixConnection, LinkLabel: "Reconnect Lever"}
	adviceFixRetry    = views.Advice{Text: "Fix the cause above, then use Retry. If the cause is unclear, send support this page's link.", Retry: true}
	adviceWriteBack   = views.Advice{Text: "Choose a valid Lever user for write-back: Lever no longer accepts writes made as this user (deactivated in Lever). The waiting Lever writes then run by themselves, each once.", LinkURL: fixWriteBack, LinkLabel: "Choose the write-back user"}
	adviceSkipped     = views.Advice{Info: true, Text: "No fix needed: this step did not apply."}
	adviceLeverCall   = views.Advice{Info: true, Text: "Lever refused this call; the next step says what it meant and what to do."}
	adviceOldWebhook  = views.Advice{Text: "Delete our old webhook in Lever (Settings > Integrations and API > Webhooks): Lever would otherwise keep sending to it.", LinkURL: fixWebhook, LinkLabel: "Webhook"}
)

// adviceByCode says what to do about each failed or skipped outcome
// (TestEveryOutcomeHasAdvice keeps it complete). Text may name the event's
// parameters as {name}, filled from the event (leversync.Fill).
var adviceByCode = map[leversync.Code]views.Advice{
	leversync.CodeDeliveryReceivedDisabled: adviceReceivedOff,
	leversync.CodeDeliveryRejectedStale:    {Info: true, Text: "No fix needed: a delivery this old is refused, and the reconciliation sweep picks up the candidate instead."},

	leversync.CodeDeliveryDisabled:       adviceReceivedOff,
	leversync.CodeDeliveryDisconnected:   {Text: "A super admin must connect Lever again," + moveAgain, LinkURL: fixConnection, LinkLabel: "Lever connection"},
	leversync.CodeEventNotHandled:        {Info: true, Text: "No fix needed: only Candidate Stage Change deliveries are acted on."},
	leversync.CodeTestDelivery:           {Info: true, Text: "No fix needed: Lever's test delivery carries no candidate."},
	leversync.CodeStageMappingIncomplete: {Text: "Map all five stages on the Lever screen, then Retry.", LinkURL: fixStages, LinkLabel: "Stage mapping", Retry: true},
	leversync.CodeOwnStageEcho:           {Info: true, Text: "No fix needed: this delivery reports our own stage move."},
	leversync.CodeOtherStage:             {Info: true, Text: "No fix needed: only a move into the To be Scheduled stage orders an interview."},
	leversync.CodeOpportunityNotFound:    {Info: true, Text: "Nothing can be scheduled: the candidate was deleted or merged in Lever. If they were merged, move the remaining candidate to the To be Scheduled stage."},
	leversync.CodeOpportunityForbidden:   {Text: "The candidate is probably confidential: a Lever super admin must reconnect Lever and allow access to confidential data, then Retry.", LinkURL: fixConnection, LinkLabel: "Reconnect Lever", Retry: true},
	leversync.CodeOpportunityReadFailed:  adviceFixRetry,
	leversync.CodeDeliveryOutOfDate:      {Info: true, Text: "No fix needed: the candidate had moved on before we read them (an out-of-date delivery)."},
	leversync.CodeOpportunityArchived:    {Info: true, Text: "No fix needed: archived candidates are not scheduled. To schedule one, unarchive them in Lever," + moveAgain},
	leversync.CodeMovedOutBack:           {Info: true, Text: "No fix needed: the candidate is back in To be Scheduled and the interview goes on."},
	leversync.CodeMovedOutChanged:        {Info: true, Text: "No fix needed: the interview had already moved on."},
	leversync.CodeNotArchived:            {Info: true, Text: "No fix needed: the candidate is active in Lever again and the interview goes on."},
	leversync.CodeNoInterviewInProgress:  {Info: true, Text: "No fix needed: the interview had already ended."},
	leversync.CodeLeftStage:              {Text: "The interview stays scheduled. If it should not take place, mark it Unable to schedule (organisation cancelled) on the interview page; otherwise move the candidate back in Lever."},
	leversync.CodeAlreadyInProgress:      {Info: true, Text: "No fix needed: the candidate already has an interview in progress."},
	leversync.CodeNoPosting:              {Text: "Add the candidate to a job posting in Lever," + moveAgain},
	leversync.CodePostingUnknown:         {Text: "Refresh the postings on the Lever screen (a confidential posting needs access to confidential data) and map it to an interview profile," + moveAgain, LinkURL: fixPostings, LinkLabel: "Postings"},
	leversync.CodePostingNotMapped:       {Text: "Map posting “{posting}” to an interview profile on the Lever screen," + moveAgain, LinkURL: fixPostings, LinkLabel: "Map postings"},
	leversync.CodeProfileDeleted:         {Text: "The posting is mapped to a deleted profile: map it to an existing profile (or create one)," + moveAgain, LinkURL: fixProfiles, LinkLabel: "Profiles"},
	leversync.CodeInsufficientCredits:    {Text: "The organization has no interview credits left: buy credits," + moveAgain},
	leversync.CodeGaveUp:                 {Text: "Lever kept failing (see its answers above). When Lever answers again, use Retry.", Retry: true},

	leversync.CodeRecruiterMoved:          {Info: true, Text: "No fix needed: we never move a candidate a recruiter has moved on. The note was still posted."},
	leversync.CodeWritePausedDisabled:     {Text: "Turn the integration on: the waiting Lever write then runs by itself.", LinkURL: fixEnable, LinkLabel: "Turn the integration on"},
	leversync.CodeWriteBackRefused:        adviceWriteBack,
	leversync.CodeWritePausedWriteBack:    adviceWriteBack,
	leversync.CodeWritePausedDisconnected: {Text: "A super admin must connect Lever again: the waiting Lever write then runs by itself.", LinkURL: fixConnection, LinkLabel: "Lever connection"},
	leversync.CodeWriteFailed:             adviceFixRetry,
	leversync.CodeWriteForbidden:          {Text: "Lever refused the write (403): the candidate is probably confidential or the connection lacks a permission. A Lever super admin must reconnect Lever with that access, then Retry.", LinkURL: fixConnection, LinkLabel: "Reconnect Lever", Retry: true},
	leversync.CodeWriteNotFound:           {Info: true, Text: "Lever no longer has this candidate (404: deleted or merged), so the write cannot be made. If they were restored in Lever, use Retry.", Retry: true},

	leversync.CodeLeverCallFailed: adviceLeverCall,
	leversync.CodeUnauthorized:    adviceReauth,
	leversync.CodeRefreshRefused:  adviceReauth,

	leversync.CodeScheduleUnchanged: adviceSkipped,

	leversync.CodeAccountTaken:          {Text: "Each organization needs its own Lever account: connect another account, or disconnect this one from the other organization first.", LinkURL: fixConnection, LinkLabel: "Lever connection"},
	leversync.CodeStagesLoadFailed:      {Text: "When Lever answers again, reload the stages on the Lever screen.", LinkURL: fixStages, LinkLabel: "Stage mapping"},
	leversync.CodePostingsLoadFailed:    {Text: "When Lever answers again, refresh the postings on the Lever screen.", LinkURL: fixPostings, LinkLabel: "Postings"},
	leversync.CodeWebhookScopeMissing:   {Text: "Create the webhook by hand in Lever with the URL on the Lever screen, and paste its signature token there.", LinkURL: fixWebhook, LinkLabel: "Webhook"},
	leversync.CodeWebhookRegisterFailed: {Text: "Register the webhook again on the Lever screen once Lever answers, or set it up by hand there.", LinkURL: fixWebhook, LinkLabel: "Webhook"},
	leversync.CodeWebhookCheckFailed:    {Text: "Check the webhook again on the Lever screen once Lever answers (the grant needs webhooks:read:admin to look).", LinkURL: fixWebhook, LinkLabel: "Webhook"},
	leversync.CodeWebhookGone:           {Text: "Create the webhook again by hand in Lever with the URL on the Lever screen and paste its signature token there, or reconnect Lever and allow webhook access.", LinkURL: fixWebhook, LinkLabel: "Webhook"},
	leversync.CodeWebhookDeleteFailed:   adviceOldWebhook,
	leversync.CodeWebhookKeyOldKept:     adviceOldWebhook,
}

// adviceFor says what to do about a sync log line or a failed step's
// result: its outcome code (with the event's parameters p) when it has one,
// else, for rows written before outcome codes, a generic line by kind and
// status; nil when nothing needs saying (ok and retrying lines).
func adviceFor(code, kind, status string, p leversync.Params) *views.Advice {
	if status != models.LogFailed && status != models.LogSkipped {
		return nil
	}
	if a, ok := adviceByCode[leversync.Code(code)]; ok {
		if strings.Contains(a.Text, "{") {
			a.Text = leversync.Fill(a.Text, p)
		}
		return &a
	}
	var a views.Advice
	switch {
	case status == models.LogSkipped:
		a = adviceSkipped
	case kind == "lever_call":
		a = adviceLeverCall
	case kind == "write" || kind == "decision":
		a = adviceFixRetry
	default:
		a = views.Advice{Text: "If the cause above is unclear, send support this page's link."}
	}
	return &a
}

// eventAdvice is adviceFor of a sync log line.
func eventAdvice(ev models.SyncEvent) *views.Advice {
	return adviceFor(ev.Code, ev.Kind, ev.Status, leversync.ParseParams(ev.Params))
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
