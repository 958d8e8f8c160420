package views

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
)

// Moment is an instant as the screen shows it: ISO for <time datetime>,
// Text in UTC and Rel relative to now ("3 h ago", "in 12 days"). The zero
// Moment means "never".
type Moment struct {
	ISO  string
	Text string
	Rel  string
}

// Never reports whether there is no instant to show.
func (m Moment) Never() bool { return m.ISO == "" }

// HealthIssue is one problem (or note) on a health card, with its fix.
// Severity is "error", "warn" or "info".
type HealthIssue struct {
	Key      string // stable id for tests: e.g. "grant-renewal", "stage-deleted-intervue_no"
	Severity string
	Title    string
	Detail   string
	FixURL   string
	FixLabel string
}

// ConnectionHealthView is the connection health card: webhook, token and
// grant facts, and the warnings that come before anything breaks.
type ConnectionHealthView struct {
	Status         string // disconnected, connected or needs_reauth
	LastWebhook    Moment
	Enabled        bool
	WebhookState   string // registered, manual, not_registered, not_connected
	WebhookID      string
	WebhookError   string
	TokenExpires   Moment
	TokenExpired   bool // the access token's hour is over (renewed on next use)
	TokenRefreshed Moment
	GrantedAt      Moment
	RenewalDue     Moment // GrantedAt + 1 year
	IdleExpiry     Moment // last refresh + 90 days
	Issues         []HealthIssue
}

// Connected reports whether Lever answers with our grant.
func (v ConnectionHealthView) Connected() bool { return v.Status == "connected" }

// Worst is the most severe issue's severity, or "ok".
func (v ConnectionHealthView) Worst() string { return worst(v.Issues) }

// WebhookLabel is the webhook registration state in words.
func (v ConnectionHealthView) WebhookLabel() string {
	switch v.WebhookState {
	case "registered":
		return "Registered through Lever's API"
	case "manual":
		return "Set up by hand in Lever"
	case "not_registered":
		return "Not registered"
	}
	return "Not connected"
}

// MappingHealthView is the mapping health card: mapped stages deleted in
// Lever or missing, postings mapped to deleted profiles, and postings that
// received candidates but have no profile.
type MappingHealthView struct {
	Connected bool
	Issues    []HealthIssue
}

// Worst is the most severe issue's severity, or "ok".
func (v MappingHealthView) Worst() string { return worst(v.Issues) }

func worst(issues []HealthIssue) string {
	out := "ok"
	for _, i := range issues {
		switch {
		case i.Severity == "error":
			return "error"
		case i.Severity == "warn":
			out = "warn"
		case i.Severity == "info" && out == "ok":
			out = "info"
		}
	}
	return out
}

// healthBadge is the badge class and text for a card's worst severity.
func healthBadge(sev string) (class, text string) {
	switch sev {
	case "error":
		return "badge badge-error", "Action needed"
	case "warn":
		return "badge badge-warn", "Warning"
	case "info":
		return "badge badge-muted", "Note"
	}
	return "badge badge-ok", "Healthy"
}

// healthIcon is the text marker in front of an issue (never colour alone).
func healthIcon(sev string) string {
	switch sev {
	case "error":
		return "Error:"
	case "warn":
		return "Warning:"
	}
	return "Note:"
}

// BackfillView is the backfill card: candidates already in To be Scheduled
// before the integration was enabled, and the progress of the last run.
type BackfillView struct {
	Available  bool // connected and To be Scheduled mapped: a preview can be read
	Enabled    bool // the integration is on: processing is possible
	CanRun     bool // org admin
	Loaded     bool // the preview was read from Lever for this response
	Candidates []BackfillRow
	Error      string
	Message    string
	Progress   *BackfillProgressView
}

// Eligible counts the candidates a backfill would process.
func (v BackfillView) Eligible() int {
	n := 0
	for _, c := range v.Candidates {
		if c.Eligible {
			n++
		}
	}
	return n
}

// Running reports whether the last backfill is still being processed.
func (v BackfillView) Running() bool { return v.Progress != nil && !v.Progress.Finished }

// BackfillRow is one candidate of the preview.
type BackfillRow struct {
	OpportunityID string
	Name          string
	Email         string
	Posting       string
	LeverURL      string
	Known         string
	Eligible      bool
}

// BackfillProgressView is one backfill batch's progress.
type BackfillProgressView struct {
	Batch    string
	Total    int
	Done     int
	Failed   int
	Percent  int
	Finished bool
	Started  Moment
}

// URL is where the progress is polled (htmx) or refreshed (no JavaScript).
func (p BackfillProgressView) URL() string {
	return "/integrations/lever/backfill/progress?batch=" + url.QueryEscape(p.Batch)
}

// Summary is the progress in words.
func (p BackfillProgressView) Summary() string {
	s := strconv.Itoa(p.Done) + " of " + strconv.Itoa(p.Total) + " processed (" + strconv.Itoa(p.Percent) + "%)"
	if p.Failed > 0 {
		s += ", " + strconv.Itoa(p.Failed) + " could not be scheduled"
	}
	return s
}

// AuditView is the audit log card: the newest changes first.
type AuditView struct {
	Entries []AuditRow
}

// AuditRow is one audit entry; Before and After are shown as text.
type AuditRow struct {
	When   Moment
	Who    string
	Action string
	Before string
	After  string
}

// AttentionView is the needs-attention count with its link.
type AttentionView struct {
	Count int
}

// AuditChange is one changed value of an audit entry, for display.
type AuditChange struct {
	Key    string // "" when the values are not a JSON object
	Before string
	After  string
}

// Changes lines up the entry's before and after values key by key (both
// are JSON objects as the handlers record them); anything else is shown
// whole.
func (r AuditRow) Changes() []AuditChange {
	before, okB := flatJSON(r.Before)
	after, okA := flatJSON(r.After)
	if !okB || !okA {
		return []AuditChange{{Before: r.Before, After: r.After}}
	}
	keys := make([]string, 0, len(before)+len(after))
	for k := range before {
		keys = append(keys, k)
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	out := make([]AuditChange, 0, len(keys))
	for _, k := range keys {
		out = append(out, AuditChange{Key: k, Before: before[k], After: after[k]})
	}
	return out
}

// flatJSON reads a JSON object's values as text; "" is an empty object.
func flatJSON(s string) (map[string]string, bool) {
	if s == "" {
		return map[string]string{}, true
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, false
	}
	out := make(map[string]string, len(raw))
	for k, v := range raw {
		var str string
		if json.Unmarshal(v, &str) == nil {
			out[k] = str
			continue
		}
		out[k] = string(v)
	}
	return out, true
}
