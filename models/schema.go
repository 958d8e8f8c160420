package models

import (
	"time"
)

// Roles of a user inside an organization (docs/DESIGN.md §4).
const (
	RoleSuperAdmin = "super_admin" // connect, enable, disable, disconnect
	RoleAdmin      = "admin"       // mappings, profiles, retry
	RoleMember     = "member"      // read only
)

// PlatformRoleSupport is the platform-wide role of our support staff: they read
// every organization's dashboard and sync log.
const PlatformRoleSupport = "support"

// Organization is one customer. Credits is the balance of interview credits.
type Organization struct {
	ID        string `gorm:"primaryKey;size:36"`
	Name      string `gorm:"size:200;not null"`
	Credits   int    `gorm:"not null;default:0"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

// User is a person who logs into the web app. Email is unique across
// organizations, stored lower-cased.
type User struct {
	ID           string `gorm:"primaryKey;size:36"`
	OrgID        string `gorm:"size:36;not null;index"`
	Email        string `gorm:"size:320;not null;uniqueIndex"`
	Name         string `gorm:"size:200"`
	PasswordHash string `gorm:"size:200;not null"`
	Role         string `gorm:"size:20;not null"`
	PlatformRole string `gorm:"size:20;not null;default:''"`
	Status       string `gorm:"size:20;not null;default:'active'"` // UserInvited or UserActive (migration 18)
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// APIKey is an organization's key for the JSON API, stored as a SHA-256 hash;
// Prefix (the first 12 characters, "ivk_" and 8 hex) is what lists show.
// Name says what the key is for; CreatedBy who made it (an email, or "API
// key ivk_…"). LastUsedAt is updated at most every 5 minutes. Times are UTC.
type APIKey struct {
	ID         string `gorm:"primaryKey;size:36"`
	OrgID      string `gorm:"size:36;not null;index"`
	Hash       string `gorm:"size:64;not null;uniqueIndex"`
	Prefix     string `gorm:"size:16;not null"`
	Name       string `gorm:"size:100;not null;default:''"`
	CreatedBy  string `gorm:"size:320;not null;default:''"`
	LastUsedAt *time.Time
	RevokedAt  *time.Time
	CreatedAt  time.Time
}

// WebSession is a server-side browser session (gorilla/sessions values,
// securecookie-encoded). ExpiresAt is UTC.
type WebSession struct {
	ID        string    `gorm:"primaryKey;size:64"`
	Data      string    `gorm:"type:text;not null"`
	UserID    string    `gorm:"size:36;index"`
	ExpiresAt time.Time `gorm:"index"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Connection statuses shown on the Lever screen and in GET /api/v1/lever.
const (
	ConnDisconnected = "disconnected"
	ConnConnected    = "connected"
	ConnNeedsReauth  = "needs_reauth"
)

// LeverConnection is an organization's link to one Lever account: OAuth
// tokens (AES-GCM encrypted, connection id as associated data), the webhook
// we receive on, the five mapped stages (Lever stage ids, opaque strings) and
// the enable toggle. One per organization.
type LeverConnection struct {
	ID           string `gorm:"primaryKey;size:36"`
	OrgID        string `gorm:"size:36;not null;uniqueIndex"`
	Status       string `gorm:"size:20;not null;default:'disconnected'"`
	StatusReason string `gorm:"size:500"`
	// StatusCode is why the connection needs re-authorization, as the
	// outcome code that recorded it (leversync: "refresh_refused",
	// "lever_unauthorized"); "" otherwise. The screen's words are keyed by it.
	StatusCode          string `gorm:"type:text;not null;default:''"`
	Enabled             bool   `gorm:"not null;default:false"`
	AccountID           string `gorm:"type:text"`
	LeverUserID         string `gorm:"type:text"`
	Scopes              string `gorm:"type:text"`
	AccessTokenEnc      []byte
	RefreshTokenEnc     []byte
	TokenExpiresAt      *time.Time
	TokenRefreshedAt    *time.Time
	GrantedAt           *time.Time
	WebhookKey          string `gorm:"size:64;not null;uniqueIndex"`
	WebhookKeyRotatedAt *time.Time
	WebhookID           string `gorm:"type:text"`
	WebhookRegistered   bool   `gorm:"not null;default:false"`
	WebhookError        string `gorm:"size:1000"`
	SignatureTokenEnc   []byte
	LastWebhookAt       *time.Time
	// Our candidateArchiveChange and candidateDeleted webhooks, each with
	// its own signature token (migration 22; docs/CONTRACT.md §8).
	ArchiveWebhookID string `gorm:"type:text;not null;default:''"`
	ArchiveTokenEnc  []byte
	DeletedWebhookID string `gorm:"type:text;not null;default:''"`
	DeletedTokenEnc  []byte
	// When the last delivery of each of those two events arrived.
	ArchiveLastAt, DeletedLastAt *time.Time
	// WebhookCheckedAt, WebhookCheck and WebhookCheckError: the last look
	// for our webhook in Lever's list (migration 21; WebhookPresent, ...).
	WebhookCheckedAt  *time.Time
	WebhookCheck      string `gorm:"type:text;not null;default:''"`
	WebhookCheckError string `gorm:"type:text;not null;default:''"`
	// Region is the Lever data centre of the account ("us" or "eu",
	// lever.Region); LeverAPIURL and LeverAuthURL are the Data API base and
	// OAuth server it was authorized at, used for its every call and token
	// refresh ("" on a connection from before migration 24 until filled).
	Region             string `gorm:"type:text;not null;default:'us'"`
	LeverAPIURL        string `gorm:"column:lever_api_url;type:text;not null;default:''"`
	LeverAuthURL       string `gorm:"column:lever_auth_url;type:text;not null;default:''"`
	StageToBeScheduled string `gorm:"type:text"`
	StageScheduled     string `gorm:"type:text"`
	StageYes           string `gorm:"type:text"`
	StageNo            string `gorm:"type:text"`
	StageUnable        string `gorm:"type:text"`
	StagesSyncedAt     *time.Time
	PostingsSyncedAt   *time.Time
	// DefaultProfileID is the interview profile used for postings that are
	// not mapped ("" : none, the default; migration 9).
	DefaultProfileID string `gorm:"size:36;not null;default:''"`
	// SetupDoneAt is when the integration was first enabled: from then on
	// the Lever screen shows its sections instead of the setup steps.
	SetupDoneAt *time.Time
	// WriteBackUserID and WriteBackUserName: the Lever user our writes are
	// attributed to (perform_as) when a super admin chose one ("": the user
	// who connected, LeverUserID). WriteBackRefused is the user id Lever last
	// refused as perform_as, at WriteBackRefusedAt ("": none); see
	// WriteBackUser and WriteBackBlocked (migration 23).
	WriteBackUserID    string `gorm:"type:text;not null;default:''"`
	WriteBackUserName  string `gorm:"type:text;not null;default:''"`
	WriteBackRefused   string `gorm:"type:text;not null;default:''"`
	WriteBackRefusedAt *time.Time
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// LeverStage is a cached copy of a Lever stage. Deleted is set when a later
// refresh no longer finds it in Lever. Position is Lever's list order.
type LeverStage struct {
	ConnectionID string `gorm:"primaryKey;size:36"`
	ID           string `gorm:"primaryKey;type:text"`
	Text         string `gorm:"type:text"`
	Position     int
	Deleted      bool `gorm:"not null;default:false"`
}

// LeverPosting is a cached copy of a Lever posting (docs/LEVER_API.md §4.8).
type LeverPosting struct {
	ConnectionID   string `gorm:"primaryKey;size:36"`
	ID             string `gorm:"primaryKey;type:text"`
	Text           string `gorm:"type:text"`
	State          string `gorm:"type:text;index"`
	Team           string `gorm:"type:text"`
	Location       string `gorm:"type:text"`
	Confidential   bool
	Deleted        bool `gorm:"not null;default:false"`
	LeverUpdatedAt int64
}

// PostingProfile maps a Lever posting to one of the organization's interview
// profiles. Kept apart from the posting cache so a refresh never loses it.
type PostingProfile struct {
	OrgID     string `gorm:"primaryKey;size:36"`
	PostingID string `gorm:"primaryKey;type:text"`
	ProfileID string `gorm:"size:36;not null;index"`
	UpdatedAt time.Time
}

// Profile is an interview profile: what the expert interviews for.
type Profile struct {
	ID              string `gorm:"primaryKey;size:36"`
	OrgID           string `gorm:"size:36;not null;index"`
	Name            string `gorm:"size:200;not null"`
	DurationMinutes int    `gorm:"not null"`
	Skills          string `gorm:"type:text;not null;default:''"` // newline-separated
	DeletedAt       *time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Interview statuses (docs/DESIGN.md §2).
const (
	StatusToBeScheduled = "to_be_scheduled"
	StatusScheduled     = "scheduled"
	StatusYes           = "intervue_yes"
	StatusNo            = "intervue_no"
	StatusUnable        = "unable_to_schedule"
)

// Interview is one interview request for one Lever opportunity. At most one
// per (org, opportunity) is active (to_be_scheduled or scheduled), enforced by
// a partial unique index. Times are UTC.
type Interview struct {
	ID              string `gorm:"primaryKey;size:36"`
	OrgID           string `gorm:"size:36;not null;index:idx_interviews_org_status,priority:1"`
	Ref             string `gorm:"size:20;not null;uniqueIndex"`
	OpportunityID   string `gorm:"type:text;not null;index"`
	ContactID       string `gorm:"type:text"`
	CandidateName   string `gorm:"type:text"`
	CandidateEmail  string `gorm:"type:text"`
	LeverURL        string `gorm:"type:text"`
	PostingID       string `gorm:"type:text"`
	PostingTitle    string `gorm:"type:text"`
	ProfileID       string `gorm:"size:36"`
	ProfileName     string `gorm:"size:200"`
	Status          string `gorm:"size:30;not null;index:idx_interviews_org_status,priority:2"`
	CreditReserved  bool   `gorm:"not null;default:false"`
	ScheduledAt     *time.Time
	Timezone        string `gorm:"size:64"`
	DurationMinutes int
	Interviewer     string `gorm:"size:200"`
	MeetingURL      string `gorm:"size:1000"`
	Verdict         string `gorm:"size:10"`
	PlaybackURL     string `gorm:"size:2000"`
	Summary         string `gorm:"type:text"`
	Ratings         string `gorm:"type:text"` // JSON array of {skill, score, comment}
	// Report and playback links (docs/security.md, "Secrets"): only the
	// SHA-256 hashes of their secrets are looked up; LinksSealed is the
	// secrets AES-GCM sealed to the interview, so its pages can show them.
	// LinksExpireAt is optional; a revoke sets LinksRevokedAt, a re-issue
	// makes new secrets and clears it.
	ReportHash     string `gorm:"size:64;not null;default:''"`
	PlaybackHash   string `gorm:"size:64;not null;default:''"`
	LinksSealed    []byte
	LinksIssuedAt  *time.Time
	LinksExpireAt  *time.Time
	LinksRevokedAt *time.Time
	FailureReason  string     `gorm:"size:40"`
	FailureDetail  string     `gorm:"size:2000"`
	WriterLease    *time.Time // while set and in the future, one worker performs this interview's Lever writes
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Kinds of Lever write in the write ledger (docs/DESIGN.md §2).
const (
	WriteAddTag    = "add_tag"
	WriteMoveStage = "move_stage"
	WritePostNote  = "post_note"
	// WriteUploadFile attaches the PDF report as the file FileName (migration 23).
	WriteUploadFile = "upload_file"
)

// Statuses of a Lever write.
const (
	WritePending = "pending"
	WriteDone    = "done"
	WriteSkipped = "skipped" // e.g. stage move not made: candidate moved on by a recruiter
	WriteFailed  = "failed"  // permanent failure; a Retry sets it back to pending
)

// LeverWrite is one planned Lever write. Marker is unique and, for notes, is
// written into the note text so a possibly-applied POST can be found again.
// Seq orders the writes of one interview.
type LeverWrite struct {
	ID            string `gorm:"primaryKey;size:36"`
	OrgID         string `gorm:"size:36;not null;index"`
	InterviewID   string `gorm:"size:36;not null;index:idx_writes_interview_seq,priority:1"`
	OpportunityID string `gorm:"type:text;not null;index"`
	Seq           int    `gorm:"not null;index:idx_writes_interview_seq,priority:2"`
	Kind          string `gorm:"size:20;not null"`
	Marker        string `gorm:"size:60;not null;uniqueIndex"`
	StageID       string `gorm:"type:text"`
	Tag           string `gorm:"type:text"`
	NoteText      string `gorm:"type:text"`
	FileName      string `gorm:"type:text;not null;default:''"` // for an upload: the file's name in Lever (carries the interview reference)
	Status        string `gorm:"size:20;not null;index"`
	Attempts      int    `gorm:"not null;default:0"`
	LeverNoteID   string `gorm:"type:text"` // Lever's id of the note posted, or of the file uploaded

	Result     string `gorm:"size:2000"`
	ResultCode string `gorm:"size:60;not null;default:''"` // the sync-log code of Result ("" before migration 20)
	DoneAt     *time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Statuses of a webhook delivery.
const (
	DeliveryReceived  = "received"  // stored, job enqueued
	DeliveryDisabled  = "disabled"  // received while the integration was disabled: recorded, not processed
	DeliveryProcessed = "processed" // acted on
	DeliverySkipped   = "skipped"   // nothing to do (reason in Reason)
	DeliveryFailed    = "failed"
)

// WebhookDelivery is one verified Lever webhook delivery, unique per
// (connection, Lever token). TriggeredAt is Lever's value in ms since epoch.
type WebhookDelivery struct {
	ID            string `gorm:"primaryKey;size:36"`
	OrgID         string `gorm:"size:36;not null;index"`
	ConnectionID  string `gorm:"size:36;not null;uniqueIndex:idx_delivery_token,priority:1"`
	Token         string `gorm:"type:text;not null;uniqueIndex:idx_delivery_token,priority:2"`
	Event         string `gorm:"type:text;not null"`
	TriggeredAt   int64  `gorm:"not null"`
	OpportunityID string `gorm:"type:text;index"`
	FromStageID   string `gorm:"type:text"`
	ToStageID     string `gorm:"type:text"`
	Body          string `gorm:"type:text"`
	Status        string `gorm:"size:20;not null"`
	Reason        string `gorm:"size:2000"`
	ReasonCode    string `gorm:"size:60;not null;default:''"` // the sync-log code of Reason ("" before migration 20)
	ReceivedAt    time.Time
	ProcessedAt   *time.Time
}

// Sync log statuses (docs/CONTRACT.md §4 sync-log).
const (
	LogOK       = "ok"
	LogRetrying = "retrying"
	LogFailed   = "failed"
	LogSkipped  = "skipped"
)

// SyncEvent is one line of a candidate's sync log: a delivery, a decision, a
// Lever call or a write. ID orders events. Never holds tokens or secrets.
type SyncEvent struct {
	ID             int64     `gorm:"primaryKey;autoIncrement"`
	OrgID          string    `gorm:"size:36;not null;index:idx_sync_org_opp,priority:1;index:idx_sync_org_at,priority:1"`
	OpportunityID  string    `gorm:"type:text;index:idx_sync_org_opp,priority:2;index"`
	InterviewID    string    `gorm:"size:36;index"`
	DeliveryID     string    `gorm:"size:36"`
	WriteID        string    `gorm:"size:36"`
	CandidateName  string    `gorm:"type:text"`
	CandidateEmail string    `gorm:"type:text"`
	At             time.Time `gorm:"not null;index:idx_sync_org_at,priority:2"`
	Kind           string    `gorm:"size:40;not null"`
	Status         string    `gorm:"size:20;not null"` // failed rows: partial index idx_sync_failed (migration 4)
	Message        string    `gorm:"type:text"`
	// Code names the outcome (leversync's vocabulary, docs/CONTRACT.md §7)
	// and Params holds its named parameters as a JSON object of strings;
	// both are "" on rows written before migration 20.
	Code       string `gorm:"size:60;not null;default:''"`
	Params     string `gorm:"type:text;not null;default:''"`
	Method     string `gorm:"size:10"`
	Path       string `gorm:"type:text"`
	HTTPStatus int
	DurationMS int64
	Attempt    int
}

// allModels lists every table, in creation order.
func allModels() []any {
	return []any{&Organization{}, &User{}, &APIKey{}, &WebSession{}, &LeverConnection{}, &LeverStage{}, &LeverPosting{}, &PostingProfile{}, &Profile{}, &Interview{}, &LeverWrite{}, &WebhookDelivery{}, &SyncEvent{}}
}
