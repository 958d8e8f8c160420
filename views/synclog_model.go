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
	Ref         string // the interview reference searched for (IV-…)
	RefMissing  bool   // no interview of the organization has Ref
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
	// The latest meaningful outcome (not a Lever call, a delivery received
	// or the echo of our own move); OutcomeAt "" = none among the recent
	// events, the last step is shown.
	OutcomeKind, OutcomeStatus string
	OutcomeCode                string // leversync's outcome code; "" on rows from before codes
	OutcomeMessage, OutcomeAt  string
	Events, Failures           int64
	TimelineURL                string
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
	Summary TimelineSummary
}

// TimelineSummary opens the timeline: where the candidate is in Lever, the
// interview's status, its credit and what should happen next.
type TimelineSummary struct {
	Stage, Interview, Credit, Next string
	PendingWrites                  int // Lever writes of the interview not made yet
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
	Code                  string // leversync's outcome code; "" on rows from before codes
	Call                  string
	InterviewID           string
	Advice                *Advice
	Resolution            string // a Needs attention item closed: "resolved" or "dismissed" (ID is 0)
}

func int64s(n int64) string { return strconv.FormatInt(n, 10) }

// timelineGroup is one line of the timeline: an event, or consecutive Lever
// calls folded into one (they explain how, not what).
type timelineGroup struct {
	Calls  bool
	ID     string // stable while the group does not change, so an opened one stays open across refreshes
	Label  string // "3 Lever calls, 1 failed"
	Status string
	Items  []TimelineItem
}

// timelineGroups folds runs of Lever calls.
func timelineGroups(items []TimelineItem) []timelineGroup {
	var out []timelineGroup
	for i := 0; i < len(items); {
		if items[i].Call == "" {
			out = append(out, timelineGroup{Items: items[i : i+1]})
			i++
			continue
		}
		j := i
		failed := 0
		for j < len(items) && items[j].Call != "" {
			if items[j].Status == "failed" || items[j].Status == "retrying" {
				failed++
			}
			j++
		}
		g := timelineGroup{Calls: true, Items: items[i:j], Status: "ok", ID: "calls-" + int64s(items[i].ID) + "-" + strconv.Itoa(j-i)}
		g.Label = strconv.Itoa(j-i) + " Lever " + pluralWord(j-i, "call", "calls")
		if failed > 0 {
			g.Label += ", " + strconv.Itoa(failed) + " not answered OK"
			g.Status = "failed"
		}
		g.Label += " (" + items[i].At + ")"
		out = append(out, g)
		i = j
	}
	return out
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
