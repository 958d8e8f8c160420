package views

import "strconv"

// SyncLogPage is the sync log search (GET /sync-log): one row per
// candidate, latest activity first.
type SyncLogPage struct {
	Chrome      Chrome
	Q           string
	FailedOnly  bool
	Kind        string
	Kinds       []string
	From, To    string // YYYY-MM-DD (UTC), as typed
	FilterError string // a date that could not be read
	OrgAll      bool
	Opportunity string // the opportunity id taken from a pasted Lever URL
	ShowOrg     bool
	Picker      *StaffOrgPicker
	Rows        []SyncLogRow
	Pager       ListPager
	Total       string // "3 candidates", "More than 1,000 candidates"
}

// SyncLogRow is one candidate: who, where they are and how it went.
type SyncLogRow struct {
	OrgName                       string
	CandidateName, CandidateEmail string
	OpportunityID                 string
	LastAt, LastRel               string
	LastKind, LastStatus          string
	LastMessage                   string
	Events, Failures              int64
	TimelineURL                   string
}

// Advice says what to do about a skipped or failed step, in plain words,
// with an optional link to where it is fixed. Info marks a step that did
// what it should (nothing to fix); Retry says whether Retry can help.
type Advice struct {
	Text      string
	LinkURL   string
	LinkLabel string
	Info      bool
	Retry     bool
}

// TimelinePage is one candidate's full sync timeline
// (GET /sync-log/candidates/{opportunity}).
type TimelinePage struct {
	Chrome         Chrome
	OpportunityID  string
	OrgName        string // shown to support staff
	CandidateName  string
	CandidateEmail string
	LeverURL       string
	Interviews     []TimelineInterview
	Feed           TimelineFeed
}

// TimelineInterview links to one of the candidate's interviews.
type TimelineInterview struct{ ID, Ref, Status string }

// TimelineFeed is the live part of the timeline: what blocks the whole
// organization (Lever access, the toggle), failed steps with Retry and the
// events oldest first. htmx re-renders it from URL every 2 seconds.
type TimelineFeed struct {
	URL        string
	CanRetry   bool
	Notice     string
	NoticeKind string // "success" or "error"
	Blocked    *Advice
	Failed     []FailedStep
	Items      []TimelineItem
	// Ignored summarises the deliveries decided at ingest not to need any
	// work (moves into stages the integration does not use): they have no
	// line each, only this one ("" when none).
	Ignored string
}

// FailedStep is a failed Lever write or webhook delivery; RetryURL is ""
// when a Retry cannot help (Advice says what does).
type FailedStep struct {
	ID, What, Result, RetryURL string
	Advice                     *Advice
}

// TimelineItem is one event. Call describes a Lever call (method, path,
// HTTP status, duration, attempt); Advice what to do about a skipped or
// failed step.
type TimelineItem struct {
	ID                    int64
	At, Rel               string
	Kind, Status, Message string
	Call                  string
	InterviewID           string
	Advice                *Advice
}

func int64s(n int64) string { return strconv.FormatInt(n, 10) }
