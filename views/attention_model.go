package views

// AttentionPage is the Needs attention work queue (GET /attention): every
// open item of candidates whose integration is blocked or failed, newest
// first, with what to do about it, and the notification settings.
type AttentionPage struct {
	Chrome Chrome
	Picker *StaffOrgPicker
	Live   AttentionLive
	Notify *NotifyCard // nil: not shown (staff looking at every organization, or not an admin)
}

// AttentionLive is the part of the page htmx refreshes every few seconds:
// the cause filter, the items and the nav count (swapped out of band).
type AttentionLive struct {
	URL      string // the page with its filters: polled, and where forms return
	Cause    string // the cause filter, "" = all
	Chips    []AttentionChip
	ShowOrg  bool
	Rows     []AttentionRow
	Capped   bool // there are more items than the list shows
	NavCount int  // open items' candidates, for the nav link
	Fragment bool // rendered alone for a poll: refresh the nav link out of band
}

// AttentionChip is one cause filter with its count of open items.
type AttentionChip struct {
	Cause, Label, URL string
	Count             int
	Active            bool
}

// AttentionRow is one candidate and their open items.
type AttentionRow struct {
	OrgID, OrgName                string
	CandidateName, CandidateEmail string
	OpportunityID                 string
	TimelineURL                   string
	Problems                      []AttentionProblem
}

// AttentionProblem is one open item. RetryURL is "" when a Retry cannot
// help or the user may not retry; CanResolve when they may resolve or
// dismiss it.
type AttentionProblem struct {
	ID         string // the delivery, write or interview id
	Kind       string // "delivery", "write", "pickup", "paused" or "left_stage"
	Cause      string // what the filter calls it
	What       string
	Reason     string
	At, Rel    string
	Advice     *Advice
	RetryURL   string
	CanResolve bool
}

// NotifyCard is the Needs attention notification setting of one organization.
type NotifyCard struct {
	URL       string // the incoming webhook URL, "" = off
	LastSent  string // when the last message was sent (UTC), "" = never
	LastError string // why the last message could not be sent
	Error     string // the form's error
	Interval  string // "10 minutes"
}
