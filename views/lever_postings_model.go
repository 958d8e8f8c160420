package views

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// PostingsPerPage is the postings table's page size.
const PostingsPerPage = 50

// PostingsFilter is the postings table's search state (the query string).
type PostingsFilter struct {
	Q        string
	State    string
	Team     string
	Location string
	Unmapped bool
	Posting  string // one posting by id (a fix link from mapping health)
	Page     int
}

// Query returns the filter as a query string for page n.
func (f PostingsFilter) Query(n int) string {
	v := url.Values{}
	if f.Q != "" {
		v.Set("q", f.Q)
	}
	if f.State != "" {
		v.Set("state", f.State)
	}
	if f.Team != "" {
		v.Set("team", f.Team)
	}
	if f.Location != "" {
		v.Set("location", f.Location)
	}
	if f.Unmapped {
		v.Set("unmapped", "1")
	}
	if f.Posting != "" {
		v.Set("posting", f.Posting)
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	return v.Encode()
}

// PostingStateLabel is a Lever posting state in words.
func PostingStateLabel(state string) string {
	switch state {
	case "published":
		return "Published"
	case "internal":
		return "Internal"
	case "closed":
		return "Closed"
	case "draft":
		return "Draft"
	case "pending":
		return "Awaiting approval"
	case "rejected":
		return "Rejected"
	case "":
		return "Unknown"
	}
	return strings.ToUpper(state[:1]) + strings.ReplaceAll(state[1:], "_", " ")
}

// PostingStates are Lever's posting states, for the filter.
var PostingStates = []string{"published", "internal", "closed", "draft", "pending", "rejected"}

// PostingsView is the postings card's table region.
type PostingsView struct {
	Connected bool
	Filter    PostingsFilter
	Rows      []PostingRowView
	Total     int
	Mapped    int // postings mapped to a profile, whatever the filter
	All       int // postings in Lever, whatever the filter
	SyncedAt  *time.Time
	CanEdit   bool // org admin
	Teams     []string
	Locations []string
	Profiles  []ProfileOption // for the bulk mapping
}

// Filtered reports whether the search narrows the list.
func (v PostingsView) Filtered() bool {
	f := v.Filter
	return f.Q != "" || f.State != "" || f.Team != "" || f.Location != "" || f.Unmapped
}

// From is the 1-based index of the first row shown.
func (v PostingsView) From() int {
	if v.Total == 0 {
		return 0
	}
	return (v.Filter.Page-1)*PostingsPerPage + 1
}

// To is the 1-based index of the last row shown.
func (v PostingsView) To() int {
	if len(v.Rows) == 0 {
		return 0
	}
	return v.From() + len(v.Rows) - 1
}

// Pages is the number of pages.
func (v PostingsView) Pages() int { return max(1, (v.Total+PostingsPerPage-1)/PostingsPerPage) }

// URL returns the postings URL of page n with the current filter.
func (v PostingsView) URL(n int) string {
	if q := v.Filter.Query(n); q != "" {
		return "/integrations/lever/postings?" + q
	}
	return "/integrations/lever/postings"
}

// PostingRowView is one posting with its profile dropdown.
type PostingRowView struct {
	ID             string
	Title          string
	Team           string
	Location       string
	State          string
	Confidential   bool
	ProfileID      string
	ProfileName    string
	ProfileDeleted bool // mapped to a profile that was deleted since
	Profiles       []ProfileOption
	CanEdit        bool
	Next           string // where the no-JS form returns to
	Saved          bool
	Error          string
}

// ProfileOption is one interview profile in a dropdown.
type ProfileOption struct {
	ID   string
	Name string
}

// ActionURL is where the row's profile is posted.
func (r PostingRowView) ActionURL() string {
	return "/integrations/lever/postings/" + url.PathEscape(r.ID) + "/profile"
}
