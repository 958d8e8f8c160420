package views

// AttentionPage is the Needs attention list (GET /attention): every
// candidate whose integration is blocked or failed, newest first, with what
// to do about it.
type AttentionPage struct {
	Chrome  Chrome
	ShowOrg bool
	Picker  *StaffOrgPicker
	Rows    []AttentionRow
	Capped  bool // there are more steps than the list shows
}

// AttentionRow is one candidate and their blocked or failed steps.
type AttentionRow struct {
	OrgName                       string
	CandidateName, CandidateEmail string
	OpportunityID                 string
	TimelineURL                   string
	Problems                      []AttentionProblem
}

// AttentionProblem is one blocked or failed step. RetryURL is "" when a
// Retry cannot help or the user may not retry.
type AttentionProblem struct {
	ID       string // the delivery, write or interview id
	Kind     string // "delivery", "write" or "pickup"
	What     string
	Reason   string
	At, Rel  string
	Advice   *Advice
	RetryURL string
}
