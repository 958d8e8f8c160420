package handlers

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
)

func TestAdviceFor(t *testing.T) {
	type P = leversync.Params
	tests := []struct {
		name, code, kind, status string
		params                   P
		want                     string // in the advice text; "" = no advice
		link                     string
		info, retry              bool
	}{
		{"OK", "picked_up", "decision", models.LogOK, nil, "", "", false, false},
		{"Retrying", "write_retrying", "write", models.LogRetrying, nil, "", "", false, false},
		{"PostingNotMapped", "posting_not_mapped", "decision", models.LogFailed, P{"posting": "Backend Engineer", "ref": "IV-7"},
			"Map posting “Backend Engineer” to an interview profile on the Lever screen", fixPostings, false, false},
		{"PostingNotMappedQuoted", "posting_not_mapped", "decision", models.LogFailed, P{"posting": `Say "hi" & <b>bye</b>`},
			"Map posting “Say \"hi\" & <b>bye</b>” to", fixPostings, false, false},
		{"PostingUnknown", "posting_unknown", "decision", models.LogFailed, P{"posting": "p-9"}, "Refresh the postings", fixPostings, false, false},
		{"NoPosting", "no_posting", "decision", models.LogFailed, nil, "Add the candidate to a job posting in Lever", "", false, false},
		{"NoCredits", "insufficient_credits", "decision", models.LogFailed, nil, "buy credits", "", false, false},
		{"ProfileDeleted", "profile_deleted", "decision", models.LogFailed, P{"posting": "X", "profile": "Y"}, "deleted profile", fixProfiles, false, false},
		{"Confidential", "opportunity_forbidden", "decision", models.LogFailed, nil, "confidential data", fixConnection, false, true},
		{"Deleted", "opportunity_not_found", "decision", models.LogFailed, nil, "deleted or merged", "", true, false},
		{"StagesIncomplete", "stage_mapping_incomplete", "decision", models.LogFailed, nil, "Map all five stages", fixStages, false, true},
		{"NeedsReauth", "refresh_refused", "token", models.LogFailed, P{"error": "invalid_grant"}, "Reconnect", fixConnection, false, false},
		{"GaveUp", "gave_up", "decision", models.LogFailed, P{"attempts": "12"}, "use Retry", "", false, true},
		{"RecruiterMoved", "recruiter_moved", "write", models.LogSkipped, nil, "No fix needed", "", true, false},
		{"ReceivedDisabled", "delivery_received_disabled", "webhook", models.LogSkipped, nil, "turn the integration on", fixEnable, true, false},
		{"ProcessedDisabled", "delivery_disabled", "decision", models.LogSkipped, nil, "Received while the integration was off", fixEnable, true, false},
		{"WritePaused", "write_paused_disabled", "write", models.LogSkipped, P{"what": "adding the tag"}, "runs by itself", fixEnable, false, false},
		{"WriteForbidden", "write_forbidden", "write", models.LogFailed, nil, "(403)", fixConnection, false, true},
		{"WriteOther", "write_failed", "write", models.LogFailed, nil, "then use Retry", "", false, true},
		// Unsigned deliveries never reach the log; a stale (signed) one does.
		{"Stale", "delivery_rejected_stale", "webhook_rejected", models.LogFailed, nil, "reconciliation sweep", "", true, false},
		{"OtherSkip", "other_stage", "decision", models.LogSkipped, nil, "only a move into", "", true, false},
		// Rows written before outcome codes get a generic line.
		{"LegacySkip", "", "decision", models.LogSkipped, nil, "No fix needed", "", true, false},
		{"LegacyWrite", "", "write", models.LogFailed, nil, "then use Retry", "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := adviceFor(tt.code, tt.kind, tt.status, tt.params)
			if tt.want == "" {
				if a != nil {
					t.Fatalf("advice = %+v, want none", a)
				}
				return
			}
			if a == nil || !strings.Contains(a.Text, tt.want) {
				t.Fatalf("advice = %+v, want text with %q", a, tt.want)
			}
			if a.LinkURL != tt.link || a.Info != tt.info || a.Retry != tt.retry {
				t.Errorf("advice = %+v, want link %q info %v retry %v", a, tt.link, tt.info, tt.retry)
			}
		})
	}
}

// TestEveryOutcomeHasAdvice: every failed or skipped outcome of the
// vocabulary says what to do, advice exists only for known codes, and it
// names only parameters its outcome has.
func TestEveryOutcomeHasAdvice(t *testing.T) {
	for _, o := range leversync.Outcomes() {
		_, ok := adviceByCode[o.Code]
		if (o.Status == models.LogFailed || o.Status == models.LogSkipped) && !ok {
			t.Errorf("%s (%s) has no advice in adviceByCode", o.Code, o.Status)
		}
	}
	for code, a := range adviceByCode {
		o, ok := leversync.OutcomeOf(code)
		if !ok {
			t.Errorf("advice for unknown code %q", code)
			continue
		}
		have := map[string]bool{}
		for _, p := range o.Params() {
			have[p] = true
		}
		for _, p := range (leversync.Outcome{Template: a.Text}).Params() {
			if !have[p] {
				t.Errorf("advice for %s names {%s}, which %s does not have", code, p, code)
			}
		}
	}
}

func TestParseSyncLogFilter(t *testing.T) {
	tests := []struct {
		name, query string
		check       func(t *testing.T, from, to time.Time, q, opp, kind string, failed bool, errMsg string)
	}{
		{"Dates", "from=2026-03-01&to=2026-03-02", func(t *testing.T, from, to time.Time, _, _, _ string, _ bool, errMsg string) {
			if !from.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)) || !to.Equal(time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)) || errMsg != "" {
				t.Errorf("from %s to %s (%q)", from, to, errMsg)
			}
		}},
		{"BadDate", "from=yesterday&to=2026-13-01", func(t *testing.T, from, to time.Time, _, _, _ string, _ bool, errMsg string) {
			if !from.IsZero() || !to.IsZero() || !strings.Contains(errMsg, "yesterday and 2026-13-01") {
				t.Errorf("from %s to %s (%q)", from, to, errMsg)
			}
		}},
		{"URL", "q=https%3A%2F%2Fhire.lever.co%2Fcandidates%2Fopp-1&kind=write&status=failed", func(t *testing.T, _, _ time.Time, q, opp, kind string, failed bool, _ string) {
			if q != "" || opp != "opp-1" || kind != "write" || !failed {
				t.Errorf("q %q opp %q kind %q failed %v", q, opp, kind, failed)
			}
		}},
		{"UnknownKind", "q=ada&kind=nope", func(t *testing.T, _, _ time.Time, q, opp, kind string, _ bool, _ string) {
			if q != "ada" || opp != "" || kind != "" {
				t.Errorf("q %q opp %q kind %q", q, opp, kind)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, f := parseSyncLogFilter(httptest.NewRequest("GET", "/sync-log?"+tt.query, nil))
			tt.check(t, f.From, f.To, f.Q, f.OpportunityID, f.Kind, f.FailedOnly, p.FilterError)
		})
	}
}

func TestCandidateTotal(t *testing.T) {
	for n, want := range map[int64]string{0: "0 candidates", 1: "1 candidate", 1000: "1,000 candidates", 1001: "More than 1,000 candidates: narrow the search to see them all."} {
		if got := candidateTotal(n); got != want {
			t.Errorf("candidateTotal(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestConnectionAdvice(t *testing.T) {
	tests := []struct {
		name string
		c    models.LeverConnection
		want string // in the advice text; "" = none
	}{
		{"Running", models.LeverConnection{Status: models.ConnConnected, Enabled: true}, ""},
		{"NeedsReauth", models.LeverConnection{Status: models.ConnNeedsReauth, Enabled: true}, "Reconnect"},
		{"Disconnected", models.LeverConnection{Status: models.ConnDisconnected}, "not connected"},
		{"Disabled", models.LeverConnection{Status: models.ConnConnected}, "turned off"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := connectionAdvice(&tt.c)
			if (a == nil) != (tt.want == "") || (a != nil && !strings.Contains(a.Text, tt.want)) {
				t.Errorf("advice = %+v, want %q", a, tt.want)
			}
		})
	}
}
