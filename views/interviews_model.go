package views

// InterviewsPage is the dashboard: counts by status as filter chips, the
// search and one page of interviews.
type InterviewsPage struct {
	Chrome  Chrome
	Chips   []StatusChip
	Q       string
	Status  string
	From    string // created on or after, YYYY-MM-DD (UTC)
	To      string // created on or before, YYYY-MM-DD (UTC)
	OrgAll  bool   // staff looking at every organization (the filter form keeps it)
	Rows    []InterviewRow
	ShowOrg bool
	Picker  *StaffOrgPicker // nil unless the user is support staff
	Pager   ListPager
	// ExportURL downloads the interviews matching the filters as CSV.
	ExportURL string
	Filtered  bool // a search or date filter is set (offer Clear)
	// SearchRef and SearchOpportunity say how the search was read: an
	// interview reference, or the opportunity of a pasted Lever URL.
	SearchRef, SearchOpportunity string
	// LiveURL is this page with its filters, polled for the live part;
	// Fragment renders that part alone (with the nav count out of band).
	LiveURL  string
	Fragment bool
}

// StatusChip is one status filter with its count; Status "" is "All".
type StatusChip struct {
	Status, Label, URL string
	Count              int64
	Active             bool
}

// InterviewRow is one interview in the dashboard table. Scheduled is in
// the interview's own time zone; Created and Updated are UTC.
type InterviewRow struct {
	ID, Ref, OrgName              string
	CandidateName, CandidateEmail string
	LeverURL, ReportURL           string
	PostingTitle, ProfileName     string
	Status                        string
	Created, Scheduled, Updated   string
}

// PageURL is the interview's page in our app.
func (r InterviewRow) PageURL() string { return "/interviews/" + r.ID }
