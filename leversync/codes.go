package leversync

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/intervue/lever-integration/models"
)

// Code is the stable snake_case name of one sync-log outcome
// (docs/CONTRACT.md §7): the same for the same outcome however its message
// is worded. Screens key their advice on it, never on the message.
type Code string

// CodeLegacy is what the API answers for a row written before outcome
// codes existed (migration 20): its message is all there is.
const CodeLegacy Code = "legacy"

// Params are an event's named parameters, the values its message template
// is filled with (stored as a JSON object of strings). Stage parameters hold
// the stage as messages name it (its quoted Lever name, or "stage <id>").
type Params map[string]string

// Outcome is one entry of the vocabulary: the sync-log kind and status of
// its events, the message template and what it means (the README table).
// In Template, {name} stands for parameter name and {name:q} for it in Go
// double quotes.
type Outcome struct {
	Code     Code
	Kind     string
	Status   string
	Template string
	Meaning  string
}

// Outcome codes. Each has one row in outcomes below.
const (
	// Webhook deliveries received, found or refused.
	CodeDeliveryReceived         Code = "delivery_received"
	CodeDeliveryReceivedDisabled Code = "delivery_received_disabled"
	CodeEventReceived            Code = "event_received"
	CodeDeliveryRejectedStale    Code = "delivery_rejected_stale"
	CodeSweepFound               Code = "sweep_found"
	CodeBackfillQueued           Code = "backfill_queued"

	// Decisions on a delivery.
	CodeDeliveryDisabled       Code = "delivery_disabled"
	CodeDeliveryDisconnected   Code = "delivery_disconnected"
	CodeEventNotHandled        Code = "event_not_handled"
	CodeTestDelivery           Code = "test_delivery"
	CodeStageMappingIncomplete Code = "stage_mapping_incomplete"
	CodeOwnStageEcho           Code = "own_stage_echo"
	CodeOtherStage             Code = "other_stage"
	CodeOpportunityNotFound    Code = "opportunity_not_found"
	CodeOpportunityForbidden   Code = "opportunity_forbidden"
	CodeOpportunityReadFailed  Code = "opportunity_read_failed"
	CodeDeliveryOutOfDate      Code = "delivery_out_of_date"
	CodeOpportunityArchived    Code = "opportunity_archived"
	CodeAlreadyInProgress      Code = "already_in_progress"
	CodePickedUp               Code = "picked_up"
	CodeMovedOutEnded          Code = "moved_out_ended"
	CodeMovedOutBack           Code = "moved_out_back"
	CodeMovedOutChanged        Code = "moved_out_changed"
	CodeLeftStage              Code = "left_stage"
	CodeArchivedEnded          Code = "archived_ended"
	CodeDeletedEnded           Code = "deleted_ended"
	CodeNotArchived            Code = "not_archived"
	CodeNoInterviewInProgress  Code = "no_interview_in_progress"
	CodeCandidateErased        Code = "candidate_erased"
	CodeNoPosting              Code = "no_posting"
	CodePostingUnknown         Code = "posting_unknown"
	CodePostingNotMapped       Code = "posting_not_mapped"
	CodeProfileDeleted         Code = "profile_deleted"
	CodeInsufficientCredits    Code = "insufficient_credits"
	CodeGaveUp                 Code = "gave_up"

	// Lever writes.
	CodeTagAdded                Code = "tag_added"
	CodeStageAlready            Code = "stage_already"
	CodeRecruiterMoved          Code = "recruiter_moved"
	CodeStageMoved              Code = "stage_moved"
	CodeNoteFound               Code = "note_found"
	CodeNotePosted              Code = "note_posted"
	CodeWritePausedDisabled     Code = "write_paused_disabled"
	CodeWritePausedDisconnected Code = "write_paused_disconnected"
	CodeWriteRetrying           Code = "write_retrying"
	CodeWriteBackRefused        Code = "write_back_refused"
	CodeWritePausedWriteBack    Code = "write_paused_write_back_user"
	CodeWriteBackUserChosen     Code = "write_back_user_chosen"
	CodeFileFound               Code = "file_found"
	CodeFileUploaded            Code = "file_uploaded"
	CodeWriteFailed             Code = "write_failed"
	CodeWriteForbidden          Code = "write_forbidden"
	CodeWriteNotFound           Code = "write_not_found"

	// Lever calls and tokens.
	CodeLeverCall         Code = "lever_call"
	CodeLeverCallRetrying Code = "lever_call_retrying"
	CodeRateLimited       Code = "rate_limited"
	CodeLeverCallFailed   Code = "lever_call_failed"
	CodeUnauthorized      Code = "lever_unauthorized"
	CodeRefreshRefused    Code = "refresh_refused"

	// Interview events, credits and retries.
	CodeScheduleUnchanged      Code = "schedule_unchanged"
	CodeInterviewScheduled     Code = "interview_scheduled"
	CodeInterviewCompleted     Code = "interview_completed"
	CodeInterviewFailed        Code = "interview_failed"
	CodeLinksReissued          Code = "links_reissued"
	CodeLinksRevoked           Code = "links_revoked"
	CodeCreditReserved         Code = "credit_reserved"
	CodeCreditSpent            Code = "credit_spent"
	CodeCreditSpentNoShow      Code = "credit_spent_no_show"
	CodeCreditReturned         Code = "credit_returned"
	CodeWriteRetryRequested    Code = "write_retry_requested"
	CodeDeliveryRetryRequested Code = "delivery_retry_requested"

	// Connection, webhook registration and runs over many candidates.
	CodeAccountTaken          Code = "account_taken"
	CodeConnected             Code = "connected"
	CodeStagesLoadFailed      Code = "stages_load_failed"
	CodePostingsLoadFailed    Code = "postings_load_failed"
	CodeDisconnected          Code = "disconnected"
	CodeIntegrationEnabled    Code = "integration_enabled"
	CodeIntegrationDisabled   Code = "integration_disabled"
	CodeWebhookScopeMissing   Code = "webhook_scope_missing"
	CodeWebhookRegisterFailed Code = "webhook_register_failed"
	CodeWebhookRegistered     Code = "webhook_registered"
	CodeWebhookDeleteFailed   Code = "webhook_delete_failed"
	CodeWebhookDeleted        Code = "webhook_deleted"
	CodeWebhookKeyManual      Code = "webhook_key_rotated_manual"
	CodeWebhookKeyOldKept     Code = "webhook_key_old_not_removed"
	CodeWebhookKeyRotated     Code = "webhook_key_rotated"
	CodeWebhookCheckFailed    Code = "webhook_check_failed"
	CodeWebhookReregistered   Code = "webhook_reregistered"
	CodeWebhookGone           Code = "webhook_gone"
	CodeSweepDone             Code = "sweep_done"
	CodeBackfillDone          Code = "backfill_done"
)

// chooseUserText is the fix named by the write-back user lines.
const chooseUserText = "Choose a valid Lever user for write-back on the Lever screen (Stages and settings)."

// moveAgainText ends the message of a pickup that ended in Unable to schedule.
const moveAgainText = " Interview {ref} moves the candidate to Unable to schedule with a note."

// unableCause is the interview failure reason of a pickup that ends in
// Unable to schedule, and the detail its note and sync-log line give
// (a template filled with the event's parameters).
type unableCause struct{ reason, detail string }

// unableCauses has one row per pickup outcome that ends in Unable to
// schedule: the home of its reason and wording.
var unableCauses = map[Code]unableCause{
	CodeNoPosting:           {ReasonNoPosting, "The opportunity has no application to a job posting, so no interview profile applies."},
	CodePostingUnknown:      {ReasonPostingNotMapped, "Posting {posting} is unknown to Intervue.io (it may be confidential)."},
	CodePostingNotMapped:    {ReasonPostingNotMapped, "Posting {posting:q} is not mapped to an interview profile."},
	CodeProfileDeleted:      {ReasonProfileDeleted, "Posting {posting:q} is mapped to the deleted profile {profile:q}."},
	CodeInsufficientCredits: {ReasonNoCredits, "The organization has no interview credits left."},
}

// unable is the outcome of a pickup that ended in Unable to schedule, from
// its unableCauses row.
func unable(code Code, meaning string) Outcome {
	u := unableCauses[code]
	return Outcome{code, "decision", models.LogFailed, "Unable to schedule (" + ReasonText(u.reason) + "): " + u.detail + " Fix: " + fixFor(u.reason) + moveAgainText, meaning}
}

// Short names of the sync-log statuses for the table.
const (
	sOK, sSkip, sFail, sRetry = models.LogOK, models.LogSkipped, models.LogFailed, models.LogRetrying
)

// outcomes is the vocabulary, in the README's order.
var outcomes = []Outcome{
	{CodeDeliveryReceived, "webhook", sOK, "Received {event} from Lever: stage {from} → {to} (triggered {triggered}).", "A Candidate Stage Change delivery was stored and queued."},
	{CodeEventReceived, "webhook", sOK, "Received {event} from Lever for this candidate (triggered {triggered}).", "An archive change or deletion of a candidate with an interview in progress was stored and queued."},
	{CodeDeliveryReceivedDisabled, "webhook", sSkip, "Received {event} from Lever: stage {from} → {to} (triggered {triggered}). Received while the integration was disabled: recorded, not processed.", "A delivery arrived while the integration was off: stored, not acted on."},
	{CodeDeliveryRejectedStale, "webhook_rejected", sFail, "Rejected a webhook delivery ({http_status}): triggeredAt {triggered} is more than {max_skew} away from now: refused as a possible replay (the reconciliation sweep picks up candidates whose deliveries were lost) (claimed opportunity {opportunity})", "A signed delivery too far from now was refused as a possible replay."},
	{CodeSweepFound, "webhook", sOK, "Found by the reconciliation sweep in To be Scheduled without a delivery we acted on: processing it now.", "The reconciliation sweep found a candidate in To be Scheduled that no delivery brought us."},
	{CodeBackfillQueued, "webhook", sOK, "Queued by the backfill {batch} requested by {by}: in To be Scheduled since before the integration was enabled ({known}) Processing it now.", "A backfill queued a candidate already in To be Scheduled."},

	{CodeDeliveryDisabled, "decision", sSkip, "Not processed: the integration was disabled when this delivery was handled.", "The integration was off when the delivery's job ran."},
	{CodeDeliveryDisconnected, "decision", sSkip, "Not processed: Lever is disconnected.", "Lever was disconnected when the delivery's job ran."},
	{CodeEventNotHandled, "decision", sSkip, "Event {event:q} is not one the integration acts on.", "A webhook event other than Candidate Stage Change."},
	{CodeTestDelivery, "decision", sSkip, "Test delivery from Lever (no candidate data): nothing to do.", "Lever's test delivery, which carries no candidate."},
	{CodeStageMappingIncomplete, "decision", sFail, "Stage mapping is incomplete: map all five stages on the Lever screen, then Retry.", "Not all five stages are mapped, so nothing can be decided."},
	{CodeOwnStageEcho, "decision", sSkip, "Own change: echo of our move to {stage}; nothing to do.", "The delivery reports a stage move we made ourselves."},
	{CodeOtherStage, "decision", sSkip, "Moved to {stage}, which is not the To be Scheduled stage ({to_be_scheduled}): nothing to do.", "A move into a stage other than To be Scheduled."},
	{CodeOpportunityNotFound, "decision", sFail, "Lever says this opportunity does not exist (deleted or merged): nothing can be scheduled.", "Lever answered 404 for the opportunity: deleted or merged."},
	{CodeOpportunityForbidden, "decision", sFail, "Lever refused to show this opportunity (403): it is probably confidential. Reconnect Lever with confidential access (a Lever super admin must accept), then Retry.", "Lever answered 403 for the opportunity: probably confidential."},
	{CodeOpportunityReadFailed, "decision", sFail, "Reading the opportunity failed: {error}", "Lever refused to return the opportunity for another reason (a 4xx)."},
	{CodeDeliveryOutOfDate, "decision", sSkip, "Not picked up: the candidate is no longer in {stage} (now in {now}); the delivery was out of date.", "The candidate had left To be Scheduled before we read them."},
	{CodeOpportunityArchived, "decision", sSkip, "Not picked up: the opportunity is archived in Lever.", "Archived candidates are not scheduled."},
	{CodeAlreadyInProgress, "decision", sSkip, "Already in progress: interview {ref} is {status}; a repeated move into To be Scheduled does nothing.", "The candidate already has an interview in progress."},
	{CodePickedUp, "decision", sOK, "Picked up: interview {ref} created with {how} {profile:q} for posting {posting:q}; 1 credit reserved (balance {balance}). Adding the {tag} tag.", "An interview was created and a credit reserved."},
	{CodeMovedOutEnded, "decision", sOK, "Interview {ref} ended: the candidate was moved in Lever to {stage} before it was scheduled. The credit is returned and a note explains it; the Lever stage is left as it is.", "A recruiter moved the candidate out of To be Scheduled before the interview was scheduled (docs/CONTRACT.md §8)."},
	{CodeMovedOutBack, "decision", sSkip, "Moved to {stage} and back to {to_be_scheduled} since: interview {ref} goes on.", "The candidate left To be Scheduled and came back before we read them."},
	{CodeMovedOutChanged, "decision", sSkip, "Interview {ref} had changed meanwhile, so the change in Lever does not end it: {error}", "The candidate left To be Scheduled while their interview changed."},
	{CodeArchivedEnded, "decision", sOK, "Interview {ref} ended: the candidate was archived in Lever. The credit is returned and a note explains it; the Lever stage is left as it is.", "A candidate with an interview in progress was archived in Lever (docs/CONTRACT.md §8)."},
	{CodeDeletedEnded, "decision", sOK, "Interview {ref} ended: the candidate was deleted in Lever. The credit is returned, nothing more is written to Lever, and the candidate's name and email are erased here.", "A candidate with an interview in progress was deleted in Lever (docs/CONTRACT.md §8)."},
	{CodeNotArchived, "decision", sSkip, "The candidate is not archived in Lever (unarchived since): interview {ref} goes on.", "An archive change that Lever no longer shows (the candidate was unarchived)."},
	{CodeNoInterviewInProgress, "decision", sSkip, "{event}: the candidate has no interview in progress; nothing to do.", "An archive change or deletion after the interview had ended."},
	{CodeCandidateErased, "decision", sOK, "The candidate's name and email were erased from Intervue.io (deleted or anonymized in Lever).", "Personal data erased (docs/CONTRACT.md §8)."},
	{CodeLeftStage, "decision", sSkip, "Left the stage: moved in Lever to {stage} while interview {ref} is scheduled; the interview stays scheduled.", "A recruiter moved a candidate with a scheduled interview to a stage that is none of ours (docs/CONTRACT.md §8)."},
	unable(CodeNoPosting, "The candidate has no job posting, so no interview profile applies."),
	unable(CodePostingUnknown, "The candidate's posting is not among the postings we know (possibly confidential)."),
	unable(CodePostingNotMapped, "The candidate's posting has no interview profile (and there is no default profile)."),
	unable(CodeProfileDeleted, "The posting's interview profile was deleted."),
	unable(CodeInsufficientCredits, "The organization has no interview credits left."),
	{CodeGaveUp, "decision", sFail, "Gave up after {attempts} attempts: {error}. Use Retry once Lever answers again.", "Processing the delivery kept failing (Lever errors) until its attempts ran out."},

	{CodeTagAdded, "write", sOK, "Added the {tag:q} tag.", "The intervue.io tag is on the opportunity."},
	{CodeStageAlready, "write", sOK, "Already in {stage}: no move needed.", "The candidate already was in the stage we would move them to."},
	{CodeRecruiterMoved, "write", sSkip, "Not moved to {stage}: the candidate is in {now}, where a recruiter put them; we never move a candidate backwards or out of a recruiter's stage. The note is still posted.", "A recruiter had moved the candidate on, so we did not move them."},
	{CodeStageMoved, "write", sOK, "Moved from {from} to {to}.", "We moved the candidate in Lever."},
	{CodeNoteFound, "write", sOK, "Note {marker} found in Lever (note id {note_id}) from an earlier attempt whose answer was lost: not posted again.", "A note whose earlier post had an unknown outcome is in Lever already."},
	{CodeNotePosted, "write", sOK, "Posted note {marker} (Lever note id {note_id}).", "We posted a note on the opportunity."},
	{CodeWritePausedDisabled, "write", sSkip, "Paused: the integration is disabled, so {what} waits until it is enabled again.", "A Lever write waits because the integration is off."},
	{CodeWritePausedDisconnected, "write", sSkip, "Paused: Lever is disconnected, so {what} waits for a reconnect.", "A Lever write waits because Lever is disconnected."},
	{CodeWriteBackRefused, "write", sFail, "Lever refused to accept writes made as {user} (perform_as; deactivated in Lever or unknown): {what} and the other Lever writes wait, nothing is dropped. " + chooseUserText, "Lever refused the write-back user (docs/CONTRACT.md §8): writes wait until a valid one is chosen."},
	{CodeWritePausedWriteBack, "write", sSkip, "Paused: Lever refuses the write-back user {user}, so {what} waits. " + chooseUserText, "A Lever write waits because Lever refuses the write-back user."},
	{CodeWriteBackUserChosen, "connection", sOK, "Lever writes are now made as {user} (chosen by {by}); writes that waited resume.", "A super admin chose the Lever user our writes are attributed to."},
	{CodeFileFound, "write", sOK, "Report {file:q} found in Lever (file id {file_id}) from an earlier attempt whose answer was lost: not uploaded again.", "A report upload whose earlier attempt had an unknown outcome is in Lever already."},
	{CodeFileUploaded, "write", sOK, "Uploaded the report {file:q} to the opportunity (Lever file id {file_id}).", "We attached the PDF report to the opportunity."},
	{CodeWriteRetrying, "write", sRetry, "Will retry {what}: {error}", "A Lever write failed for a reason that may pass; it is retried."},
	{CodeWriteFailed, "write", sFail, "Failed: {what}: {error}. Use Retry once the cause is fixed.", "A Lever write failed for good (a 4xx, or its attempts ran out)."},
	{CodeWriteForbidden, "write", sFail, "Failed: {what}: {error}. Use Retry once the cause is fixed.", "Lever refused a write with 403: a confidential candidate or a missing permission."},
	{CodeWriteNotFound, "write", sFail, "Failed: {what}: {error}. Use Retry once the cause is fixed.", "Lever answered 404 to a write: the candidate was deleted or merged."},

	{CodeLeverCall, "lever_call", sOK, "{method} {path} → {http_status} in {ms} ms", "One HTTP request to Lever and its answer."},
	{CodeLeverCallRetrying, "lever_call", sRetry, "{method} {path} failed after {ms} ms: {error}", "A Lever request failed in a way that is retried (a 5xx or a network error)."},
	{CodeRateLimited, "lever_call", sRetry, "{method} {path} failed after {ms} ms: {error}", "Lever answered 429 (rate limited); the request is retried later."},
	{CodeLeverCallFailed, "lever_call", sFail, "{method} {path} failed after {ms} ms: {error}", "Lever refused a request (a 4xx); the next line says what it meant."},
	{CodeUnauthorized, "token", sFail, "Lever answered 401 Unauthorized even after a token refresh: reconnect Lever.", "Lever refused our token even after a refresh: the connection needs re-authorization."},
	{CodeRefreshRefused, "token", sFail, "Lever refused to renew access ({error}): the app was revoked in Lever or not used for 90 days. Reconnect to resume.", "Lever refused the refresh token: the connection needs re-authorization."},

	{CodeScheduleUnchanged, "event", sSkip, "Interview {ref}: the same schedule was sent again; nothing to update in Lever.", "The same schedule was sent twice."},
	{CodeInterviewScheduled, "event", sOK, "Interview {ref} scheduled for {at} ({timezone}) with {interviewer}; Lever move and note planned.", "The interview was scheduled or rescheduled."},
	{CodeInterviewCompleted, "event", sOK, "Interview {ref} completed with verdict {verdict:q}; report generated; Lever move and note planned.", "The interview took place and has a verdict."},
	{CodeInterviewFailed, "event", sOK, "Interview {ref} failed: {reason}; Lever move and note planned.", "The interview cannot take place."},
	{CodeLinksReissued, "event", sOK, "Interview {ref}: new report and playback links issued by {by} (the old ones no longer work); a Lever note with the new links is planned.", "New report and playback links replaced the old ones."},
	{CodeLinksRevoked, "event", sOK, "Report and playback links of interview {ref} revoked by {by}.", "The report and playback links were revoked."},
	{CodeCreditReserved, "credit", sOK, "1 credit reserved for interview {ref}: spent when the interview takes place, returned if it cannot. {available} credits available.", "A credit was reserved at pickup."},
	{CodeCreditSpent, "credit", sOK, "Credit spent: interview {ref} took place. {available} credits available.", "The reserved credit was spent by a verdict."},
	{CodeCreditSpentNoShow, "credit", sOK, "Credit spent: the candidate did not show up for interview {ref} (the expert's time was used). {available} credits available.", "The reserved credit was spent by a no-show."},
	{CodeCreditReturned, "credit", sOK, "Credit returned: interview {ref} could not take place. {available} credits available.", "The reserved credit came back."},
	{CodeWriteRetryRequested, "retry", sOK, "Retry requested for {what}.", "Someone used Retry on a failed Lever write."},
	{CodeDeliveryRetryRequested, "retry", sOK, "Retry requested for the delivery.", "Someone used Retry on a failed delivery."},

	{CodeAccountTaken, "connection", sFail, "Refused to connect Lever account {account}: it is already connected to another Intervue.io organization.", "The Lever account already belongs to another organization."},
	{CodeConnected, "connection", sOK, "Connected to Lever account {account}.", "Lever was connected."},
	{CodeStagesLoadFailed, "connection", sFail, "Loading stages from Lever failed: {error}", "Reading the stages after connecting failed."},
	{CodePostingsLoadFailed, "connection", sFail, "Loading postings from Lever failed: {error}", "Reading the postings after connecting failed."},
	{CodeDisconnected, "connection", sOK, "Disconnected from Lever: tokens removed, integration disabled.", "Lever was disconnected."},
	{CodeIntegrationEnabled, "connection", sOK, "Integration enabled by {by}.", "The integration was turned on."},
	{CodeIntegrationDisabled, "connection", sOK, "Integration disabled: deliveries are recorded but not acted on, and no Lever writes are made by {by}.", "The integration was turned off."},
	{CodeWebhookScopeMissing, "webhook", sFail, "The Lever grant does not include webhooks:write:admin, so the webhook must be created by hand in Lever (Settings > Integrations and API > Webhooks) with the URL below, and its signature token pasted here.", "The grant cannot create webhooks: set up by hand."},
	{CodeWebhookRegisterFailed, "webhook", sFail, "Registering the webhook in Lever failed: {error}", "Lever refused to register our webhook."},
	{CodeWebhookRegistered, "webhook", sOK, "Registered our webhooks in Lever: Candidate Stage Change (id {webhook_id}), Candidate Archive Change (id {archive_id}) and Candidate Deleted (id {deleted_id}). A Lever super admin must switch them on in Lever's webhook settings.", "Our webhook is registered in Lever."},
	{CodeWebhookDeleteFailed, "webhook", sFail, "Could not delete our webhook(s) {webhook_id} in Lever ({error}): delete them in Lever's webhook settings.", "Disconnecting could not delete our webhook in Lever."},
	{CodeWebhookDeleted, "webhook", sOK, "Deleted our webhook(s) {webhook_id} in Lever.", "Disconnecting deleted our webhook in Lever."},
	{CodeWebhookKeyManual, "webhook", sOK, "Webhook key rotated by {by}: the old webhook URL no longer works. Update the webhook URL in Lever (Settings > Integrations and API > Webhooks) to the one on the Lever screen.", "The webhook key changed; the URL in Lever must be updated by hand."},
	{CodeWebhookKeyOldKept, "webhook", sFail, "Webhook key rotated by {by}, but our old webhooks in Lever could not be removed ({error}): delete those with the old URL in Lever's webhook settings.", "The webhook key changed but the old webhooks stayed in Lever."},
	{CodeWebhookKeyRotated, "webhook", sOK, "Webhook key rotated by {by}: {deleted} old webhook(s) removed from Lever and ours registered again with the new URL.", "The webhook key changed and our webhook was registered again."},
	{CodeWebhookCheckFailed, "webhook", sFail, "Looking for our webhook in Lever failed: {error}", "The periodic check (or Check now) could not read Lever's webhook list."},
	{CodeWebhookReregistered, "webhook", sOK, "A webhook of ours was gone from Lever (deleted there); registered our webhooks again. A Lever super admin must switch them on in Lever's webhook settings.", "Our webhook had been deleted in Lever and was registered again."},
	{CodeWebhookGone, "webhook", sFail, "Our Candidate Stage Change webhook is gone from Lever. Create it again in Lever (Settings › Integrations and API › Webhooks) with the URL shown here and paste its signature token, or reconnect and allow webhook access.", "Our webhook was deleted in Lever and the grant cannot create it again."},
	{CodeSweepDone, "sweep", sOK, "Reconciliation sweep: {found} opportunities in To be Scheduled, {queued} queued.", "One run of the reconciliation sweep."},
	{CodeBackfillDone, "backfill", sOK, "Backfill {batch} requested by {by}: {found} candidates in To be Scheduled, {queued} queued.", "One backfill run."},
}

// byCode indexes outcomes.
var byCode = func() map[Code]Outcome {
	m := make(map[Code]Outcome, len(outcomes))
	for _, o := range outcomes {
		if _, dup := m[o.Code]; dup {
			panic("leversync: outcome code listed twice: " + o.Code)
		}
		m[o.Code] = o
	}
	return m
}()

// Outcomes returns the whole vocabulary in the README's order.
func Outcomes() []Outcome { return append([]Outcome(nil), outcomes...) }

// OutcomeOf returns the outcome of code; ok is false for a code not in the
// vocabulary (including "" and CodeLegacy).
func OutcomeOf(code Code) (o Outcome, ok bool) {
	o, ok = byCode[code]
	return o, ok
}

// Params lists the named parameters of the template, in order of first use.
func (o Outcome) Params() []string {
	var out []string
	seen := map[string]bool{}
	fill(o.Template, func(name string) string {
		name = strings.TrimSuffix(name, ":q")
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
		return ""
	})
	return out
}

// Fill renders template with p: {name} becomes p[name] and {name:q} p[name]
// in Go double quotes; a parameter missing from p renders as "?".
func Fill(template string, p Params) string {
	return fill(template, func(name string) string {
		v, ok := p[strings.TrimSuffix(name, ":q")]
		if !ok {
			v = "?"
		}
		if strings.HasSuffix(name, ":q") {
			return strconv.Quote(v)
		}
		return v
	})
}

// fill replaces each {name} or {name:q} of template with value(name), the
// name given with its ":q" suffix if any.
func fill(template string, value func(name string) string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(template, '{')
		j := -1
		if i >= 0 {
			j = strings.IndexByte(template[i+1:], '}')
		}
		if j < 0 {
			b.WriteString(template)
			return b.String()
		}
		name := template[i+1 : i+1+j]
		b.WriteString(template[:i])
		b.WriteString(value(name))
		template = template[i+2+j:]
	}
}

// Event returns a sync-log event of code: its kind, status, code, params
// (as JSON) and message rendered from the template. kv are the parameters as
// name, value pairs (values printed with fmt.Sprint). The caller fills in
// who and what the event is about (org, opportunity, interview...). A code
// not in the vocabulary panics: codes are constants of this package.
func Event(code Code, kv ...any) models.SyncEvent {
	o, ok := byCode[code]
	if !ok {
		panic("leversync: unknown outcome code " + string(code))
	}
	p := params(kv)
	raw, _ := json.Marshal(p)
	return models.SyncEvent{Kind: o.Kind, Status: o.Status, Code: string(code), Params: string(raw), Message: Fill(o.Template, p)}
}

// params turns name, value pairs into Params.
func params(kv []any) Params {
	p := make(Params, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		p[fmt.Sprint(kv[i])] = fmt.Sprint(kv[i+1])
	}
	return p
}

// ParseParams decodes an event's stored parameters; nil for a row without
// any (written before migration 20) or unreadable ones.
func ParseParams(raw string) Params {
	if raw == "" {
		return nil
	}
	var p Params
	if json.Unmarshal([]byte(raw), &p) != nil {
		return nil
	}
	return p
}
