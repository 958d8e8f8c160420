package views

import (
	"slices"
	"strings"
)

// ListPager is the paging bar under a list: page numbers are 1-based and the
// URLs keep the list's filters.
type ListPager struct {
	Page, Pages      int
	Total            int64
	PrevURL, NextURL string
}

// StaffOrgPicker lets support staff choose whose data a list shows: one
// organization (POST /staff/view-org) or, with AllURL, every organization.
type StaffOrgPicker struct {
	Orgs    []OrgOption
	Current string // selected org id; "" when All
	All     bool
	Next    string // where /staff/view-org sends the browser back
	AllURL  string
}

// OrgOption is one organization in the staff picker.
type OrgOption struct{ ID, Name string }

// InterviewStatuses lists the interview statuses in pipeline order.
var InterviewStatuses = []string{"to_be_scheduled", "scheduled", "intervue_yes", "intervue_no", "unable_to_schedule"}

// StatusLabel returns an interview status in words.
func StatusLabel(status string) string {
	switch status {
	case "to_be_scheduled":
		return "To be scheduled"
	case "scheduled":
		return "Scheduled"
	case "intervue_yes":
		return "Intervue - Yes"
	case "intervue_no":
		return "Intervue - No"
	case "unable_to_schedule":
		return "Unable to schedule"
	}
	return status
}

// FormErrors holds validation messages by form field; "" is for the form
// as a whole.
type FormErrors map[string]string

// Has reports whether field has a message.
func (e FormErrors) Has(field string) bool { return e[field] != "" }

// General returns the messages not tied to a field shown in the form
// (fields lists the form's own field names).
func (e FormErrors) General(fields ...string) string {
	var out []string
	for k, v := range e {
		if !slices.Contains(fields, k) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// invalid is the aria-invalid value for a field.
func (e FormErrors) invalid(field string) string {
	if e.Has(field) {
		return "true"
	}
	return "false"
}
