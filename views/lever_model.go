package views

import (
	"fmt"
	"strconv"
	"time"
)

// LeverPage is the Integrations > Lever screen, one field per card. Until
// the integration was first enabled (Live false) it is a guided setup: the
// five steps and the panel of one step (Section names it: connect,
// webhook, stages, postings, golive). Afterwards it has sections, one shown
// at a time (Section: overview, postings, webhooks, settings, backfill,
// audit).
type LeverPage struct {
	Chrome     Chrome
	Live       bool
	Section    string
	Steps      []SetupStep
	Credits    CreditsView
	Defaults   DefaultProfileView
	Connection LeverConnectionView
	Setup      LeverSetupView
	Enable     LeverEnableView
	Webhook    LeverWebhookView
	Stages     StageMappingView
	Postings   PostingsView
	Ops        LeverOpsView
	Health     ConnectionHealthView
	Mapping    MappingHealthView
	Activity   ActivityView
	Backfill   BackfillView
	Audit      AuditView
	WriteBack  WriteBackView
}

// LeverConnectionView is the connection card: the state at a glance and the
// setup steps that remain.
type LeverConnectionView struct {
	Status       string // disconnected, connected or needs_reauth
	AccountID    string
	StatusReason string
	GrantedAt    *time.Time
	Checklist    []ChecklistItem
	CanConnect   bool         // org super admin: begin setup, reconnect, disconnect
	Sandbox      bool         // the built-in Lever sandbox is in use
	Region       RegionOption // the Lever data centre of the account; PipelineURL its sandbox pipeline page
	PipelineURL  string
}

// Connected reports whether Lever answers with our grant.
func (v LeverConnectionView) Connected() bool { return v.Status == "connected" }

// NeedsReauth reports whether the grant was revoked or expired.
func (v LeverConnectionView) NeedsReauth() bool { return v.Status == "needs_reauth" }

// Disconnected reports whether no Lever account is connected.
func (v LeverConnectionView) Disconnected() bool {
	return v.Status != "connected" && v.Status != "needs_reauth"
}

// ChecklistItem is one setup step; State is ok, fail or pending.
type ChecklistItem struct {
	Key    string
	Label  string
	State  string
	Detail string
}

// LeverEnableView is the enable toggle card.
type LeverEnableView struct {
	Enabled   bool
	CanToggle bool   // org super admin
	Error     string // why turning on was refused
	Message   string // confirmation after a change
	// NoCredits: the organization has no credit available, so candidates
	// would go straight to Unable to schedule; turning on asks first.
	NoCredits bool
	// ConfirmNoCredits is set when turning on was held back to ask.
	ConfirmNoCredits bool
}

// LeverWebhookView is the webhook card.
type LeverWebhookView struct {
	Connected      bool
	Registered     bool
	WebhookID      string
	URL            string
	Error          string // why automatic registration failed
	HasToken       bool   // a signature token is stored
	LastDeliveryAt *time.Time
	Deliveries7d   int64
	Ignored7d      int64 // of Deliveries7d, moves into stages the integration does not use (not processed)
	CanEditToken   bool  // org super admin
	CanRegister    bool  // org super admin
	CanRotateKey   bool  // org super admin: rotate the webhook key (new URL)
	TokenError     string
	Message        string
	// Unreachable says why Lever will not deliver webhooks to PUBLIC_URL
	// (an http:// URL on a non-loopback host); empty when it can.
	Unreachable string
	// Rejected counts refused deliveries by reason, the most recent first.
	Rejected []WebhookRejectionRow
	// ArchiveLastAt and DeletedLastAt: the last Candidate Archive Change and
	// Candidate Deleted deliveries (nil: none yet).
	ArchiveLastAt, DeletedLastAt *time.Time
	// CheckedAt, Check and CheckError: the last look for our webhook in
	// Lever (models.WebhookPresent, ...; nil/"" before the first).
	CheckedAt  *time.Time
	Check      string
	CheckError string
}

// CheckText says in words what the last webhook check found.
func (v LeverWebhookView) CheckText() string {
	switch v.Check {
	case "present":
		return "our webhook is there"
	case "re_registered":
		return "our webhook was gone and is registered again (a Lever super admin must switch it on)"
	case "missing":
		return "our webhook is gone"
	case "check_failed":
		return "we could not check"
	}
	return "not checked yet"
}

// CheckOK reports whether the last check found nothing to fix.
func (v LeverWebhookView) CheckOK() bool { return v.Check == "present" || v.Check == "re_registered" }

// WebhookRejectionRow is one reason deliveries were refused for: how many
// since the first one, and the latest one's time and reason in words.
type WebhookRejectionRow struct {
	Reason, Label, LastDetail string
	Count                     int64
	FirstAt, LastAt           time.Time
}

// RejectedTotal is the number of refused deliveries, all reasons together.
func (v LeverWebhookView) RejectedTotal() int64 {
	var n int64
	for _, r := range v.Rejected {
		n += r.Count
	}
	return n
}

// ShowManual reports whether the URL and signature-token form are shown.
func (v LeverWebhookView) ShowManual() bool {
	return v.Connected && (!v.Registered || !v.HasToken || v.Error != "")
}

// StageMappingView is the stage mapping card.
type StageMappingView struct {
	Connected bool
	Stages    []StageOption // Lever's stages that still exist
	Fields    []StageField
	CanEdit   bool // org admin
	SyncedAt  *time.Time
	Message   string // "Stage mapping saved" after a save
	// Was is the version of the stored mapping the form was rendered
	// from, sent back with it: a save from a form older than the stored
	// mapping is refused (Conflict) instead of overwriting another
	// admin's change unseen.
	Was      string
	Conflict bool
}

// StageOption is one Lever stage in a dropdown.
type StageOption struct {
	ID   string
	Text string
}

// StageField is one of the five dropdowns. Missing is set when the saved
// stage is no longer one of Lever's (deleted in Lever).
type StageField struct {
	Name     string // to_be_scheduled, scheduled, intervue_yes, intervue_no, unable_to_schedule
	Label    string
	Selected string
	Missing  bool
	Error    string
	// Suggested is set when Selected was not saved but picked because the
	// Lever stage's name matches (e.g. "Intervue - To be Scheduled").
	Suggested bool
}

// InputID is the select's id.
func (f StageField) InputID() string { return "stage-" + f.Name }

// ErrorID is the id of the field's error message.
func (f StageField) ErrorID() string { return "stage-" + f.Name + "-error" }

// HasSuggestions reports whether a field shows a suggested, unsaved stage.
func (v StageMappingView) HasSuggestions() bool {
	for _, f := range v.Fields {
		if f.Suggested {
			return true
		}
	}
	return false
}

// HasErrors reports whether any field has an error.
func (v StageMappingView) HasErrors() bool {
	for _, f := range v.Fields {
		if f.Error != "" {
			return true
		}
	}
	return false
}

// LeverOpsView is the operations card: credits, failures, sweep.
type LeverOpsView struct {
	Credits      CreditsView
	Failed7d     int
	FailedCapped bool // more failures than counted
	Attention    int  // candidates that need a person (/attention)
	CanSweep     bool // org admin
}

// leverTime formats a time for the screen, in UTC.
func leverTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2 Jan 2006 15:04 UTC")
}

func attentionLabel(n int) string {
	if n == 1 {
		return "1 candidate needs attention: open the list"
	}
	return strconv.Itoa(n) + " candidates need attention: open the list"
}

func leverCount(n int, capped bool) string {
	if capped {
		return fmt.Sprintf("%d+", n)
	}
	return strconv.Itoa(n)
}

func postingStateBadge(state string) string {
	switch state {
	case "published":
		return "badge badge-ok"
	case "draft", "pending":
		return "badge badge-warn"
	case "rejected":
		return "badge badge-error"
	}
	return "badge badge-muted"
}

// leverInvalid is an aria-invalid value.
func leverInvalid(bad bool) string {
	if bad {
		return "true"
	}
	return "false"
}
