package views

import "strconv"

// SyncLogPage is the sync log search (GET /sync-log), newest first.
type SyncLogPage struct {
	Chrome      Chrome
	Q           string
	FailedOnly  bool
	Kind        string
	Kinds       []string
	OrgAll      bool
	Opportunity string // the opportunity id taken from a pasted Lever URL
	ShowOrg     bool
	Picker      *StaffOrgPicker
	Rows        []SyncLogRow
	Pager       ListPager
}

// SyncLogRow is one sync log line. TimelineURL is "" for lines about no
// candidate (connection, token).
type SyncLogRow struct {
	ID                            int64
	At, Rel                       string
	OrgName                       string
	CandidateName, CandidateEmail string
	OpportunityID                 string
	Kind, Status, Message         string
	TimelineURL                   string
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

// TimelineFeed is the live part of the timeline: failed steps with Retry
// and the events oldest first. htmx re-renders it from URL every 2 seconds.
type TimelineFeed struct {
	URL        string
	CanRetry   bool
	Notice     string
	NoticeKind string // "success" or "error"
	Failed     []FailedStep
	Items      []TimelineItem
}

// FailedStep is a failed Lever write or webhook delivery that can be retried.
type FailedStep struct {
	ID, What, Result, RetryURL string
}

// TimelineItem is one event. Call describes a Lever call (method, path,
// HTTP status, duration, attempt).
type TimelineItem struct {
	ID                    int64
	At, Rel               string
	Kind, Status, Message string
	Call                  string
	InterviewID           string
}

func int64s(n int64) string { return strconv.FormatInt(n, 10) }
