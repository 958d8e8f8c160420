package sandbox

import "time"

// Stage is one pipeline stage (docs/LEVER_API.md §4.7). Built-in stages have slug
// ids ("lead-new", "applicant-new", "offer" …); the others are UUIDs.
type Stage struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// PostingCategories are a posting's categories (docs/LEVER_API.md §4.8).
type PostingCategories struct {
	Team         string   `json:"team"`
	Department   string   `json:"department"`
	Location     string   `json:"location"`
	AllLocations []string `json:"allLocations"`
	Commitment   string   `json:"commitment"`
	Level        string   `json:"level"`
}

// Posting is a job posting (docs/LEVER_API.md §4.8). CreatedAt and UpdatedAt are
// milliseconds since the Unix epoch. State is one of published, internal,
// closed, draft, pending, rejected; DistributionChannels holds "public" and/or
// "internal" for published postings; Confidentiality is "confidential" or
// "non-confidential"; WorkplaceType is onsite, remote, hybrid or unspecified.
type Posting struct {
	ID                   string            `json:"id"`
	Text                 string            `json:"text"`
	CreatedAt            int64             `json:"createdAt"`
	UpdatedAt            int64             `json:"updatedAt"`
	User                 string            `json:"user"`
	Owner                string            `json:"owner"`
	HiringManager        string            `json:"hiringManager"`
	Confidentiality      string            `json:"confidentiality"`
	Categories           PostingCategories `json:"categories"`
	Tags                 []string          `json:"tags"`
	State                string            `json:"state"`
	DistributionChannels []string          `json:"distributionChannels"`
	WorkplaceType        string            `json:"workplaceType"`
	Country              string            `json:"country"`
	Description          string            `json:"-"`
}

// User is a Lever user (docs/LEVER_API.md §4.9). AccessRole is one of "super admin",
// "admin", "team member", "limited team member", "interviewer". CreatedAt and
// DeactivatedAt are milliseconds since the epoch (DeactivatedAt 0 = active).
type User struct {
	ID            string
	Name          string
	Username      string
	Email         string
	AccessRole    string
	JobTitle      string
	CreatedAt     int64
	DeactivatedAt int64
}

// Phone is one phone number of an opportunity's contact.
type Phone struct {
	Type  string `json:"type,omitempty"`
	Value string `json:"value"`
}

// StageChange is one entry of an opportunity's stageChanges (docs/LEVER_API.md §4.1);
// UpdatedAt is milliseconds since the epoch, ToStageIndex the pipeline position.
type StageChange struct {
	ToStageID    string `json:"toStageId"`
	ToStageIndex int    `json:"toStageIndex"`
	UserID       string `json:"userId"`
	UpdatedAt    int64  `json:"updatedAt"`
}

// Archived is an opportunity's archive state: reason is an archive reason id,
// ArchivedAt milliseconds since the epoch (docs/LEVER_API.md §4.1).
type Archived struct {
	Reason     string `json:"reason"`
	ArchivedAt int64  `json:"archivedAt"`
}

// Application is an opportunity's application to a posting (docs/LEVER_API.md §4.2).
// Type is "posting", "user" or "referral"; CreatedAt is ms since the epoch.
type Application struct {
	ID        string
	Posting   string
	Type      string
	User      string
	CreatedAt int64
}

// NoteField is one comment of a note thread: the first is the note's body,
// later ones are appended with POST …/notes?note_id= (docs/LEVER_API.md §4.5).
type NoteField struct {
	Value     string
	CreatedAt int64
	User      string
	Score     *int
	Stage     string
}

// Note is a note on an opportunity (docs/LEVER_API.md §4.5). Value is the first
// comment's value exactly as it was posted; Fields holds the whole thread.
// ViaAPI is true for notes created through the Data API (only those can be
// edited or deleted there). CreatedAt is ms since the epoch; User is the author
// (empty = null, i.e. no perform_as).
type Note struct {
	ID              string
	Value           string
	Fields          []NoteField
	User            string
	Secret          bool
	Score           *int
	NotifyFollowers bool
	CreatedAt       int64
	ViaAPI          bool
}

// Opportunity is a candidate's opportunity (docs/LEVER_API.md §4.1) as the sandbox
// stores it; snapshots returned by the test hooks are deep copies.
// Confidentiality is "confidential" or "non-confidential"; Origin one of
// agency, applied, internal, referred, sourced, university. Every timestamp is
// ms since the epoch. Applications holds 0 or 1 entries.
type Opportunity struct {
	ID                string
	Name              string
	Headline          string
	Contact           string
	Emails            []string
	Phones            []Phone
	Location          string
	Links             []string
	Confidentiality   string
	Stage             string
	StageChanges      []StageChange
	Archived          *Archived
	Tags              []string
	Sources           []string
	Origin            string
	Owner             string
	SourcedBy         string
	Followers         []string
	Applications      []Application
	CreatedAt         int64
	UpdatedAt         int64
	LastInteractionAt int64
	LastAdvancedAt    int64
	IsAnonymized      bool
	Notes             []Note
	Files             []File

	deleted bool
}

// OpportunityInput describes a candidate added with Server.AddOpportunity.
// PostingID "" makes a sourced lead without application; StageID "" means
// "applicant-new" with a posting, "lead-new" without. Tags and Origin are
// optional (Origin defaults to "applied" with a posting, else "sourced").
type OpportunityInput struct {
	Name         string
	Emails       []string
	PostingID    string
	StageID      string
	Confidential bool
	Anonymized   bool
	Tags         []string
	Origin       string
}

// Webhook is a webhook registered in the sandbox account (docs/LEVER_API.md §3.6).
// ViaAPI is false for webhooks made on the pipeline (settings) page.
// CreatedAt/UpdatedAt are ms since the epoch; Origins is the origins condition.
type Webhook struct {
	ID             string
	URL            string
	Event          string
	SignatureToken string
	Origins        []string
	CreatedAt      int64
	UpdatedAt      int64
	ViaAPI         bool
}

// DeliveryRecord is one attempt to deliver a webhook (docs/LEVER_API.md §3.2, §3.4).
// Attempt is 1 for the first try and up to 6 (five retries). Status is the
// receiver's HTTP status, 0 when the request failed (Error says why). Token is
// the delivery's token, the same for every attempt of one delivery.
type DeliveryRecord struct {
	Account   string
	WebhookID string
	URL       string
	Event     string
	Token     string
	Body      string
	Attempt   int
	Status    int
	Error     string
	At        time.Time
}

// Call is one Data API request received for an account after authentication.
// Path has no mount prefix (e.g. "/v1/opportunities/abc/notes"); Query is the
// raw query; Body the request body; Status the answer's status, 0 when the
// connection was closed without an answer (apply-then-fail fault).
type Call struct {
	At      time.Time
	Account string
	Method  string
	Path    string
	Query   string
	Status  int
	Body    string
}

// ArchiveReason is an archive reason (docs/LEVER_API.md §4.10); Type is "hired" or
// "non-hired", Status "active" or "inactive".
type ArchiveReason struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Status string `json:"status"`
	Type   string `json:"type"`
}
