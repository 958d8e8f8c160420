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
	unable := func(code, detail string) string {
		return "Unable to schedule (" + leversync.ReasonText(code) + "): " + detail + " Fix: … Interview IV-7 moves the candidate to Unable to schedule with a note."
	}
	tests := []struct {
		name, kind, status, msg string
		want                    string // in the advice text; "" = no advice
		link                    string
		info, retry             bool
	}{
		{"OK", "decision", models.LogOK, "Picked up: interview IV-1 created", "", "", false, false},
		{"Retrying", "write", models.LogRetrying, "Will retry adding the tag: lever: 503", "", "", false, false},
		{"PostingNotMapped", "decision", models.LogFailed, unable(leversync.ReasonPostingNotMapped, `Posting "Backend Engineer" is not mapped to an interview profile.`),
			"Map posting “Backend Engineer” to an interview profile on the Lever screen", fixPostings, false, false},
		{"PostingNotMappedQuoted", "decision", models.LogFailed, unable(leversync.ReasonPostingNotMapped, `Posting "Say \"hi\" & <b>bye</b>" is not mapped to an interview profile.`),
			"Map posting “Say \"hi\" & <b>bye</b>” to", fixPostings, false, false},
		{"PostingUnknown", "decision", models.LogFailed, unable(leversync.ReasonPostingNotMapped, "Posting p-9 is unknown to Intervue.io (it may be confidential)."), "Refresh the postings", fixPostings, false, false},
		{"NoPosting", "decision", models.LogFailed, unable(leversync.ReasonNoPosting, "The opportunity has no application to a job posting."), "Add the candidate to a job posting in Lever", "", false, false},
		{"NoCredits", "decision", models.LogFailed, unable(leversync.ReasonNoCredits, "The organization has no interview credits left."), "buy credits", "", false, false},
		{"ProfileDeleted", "decision", models.LogFailed, unable(leversync.ReasonProfileDeleted, `Posting "X" is mapped to the deleted profile "Y".`), "deleted profile", fixProfiles, false, false},
		{"Confidential", "decision", models.LogFailed, "Lever refused to show this opportunity (403): it is probably confidential. Reconnect Lever with confidential access (a Lever super admin must accept), then Retry.", "confidential data", fixConnection, false, true},
		{"Deleted", "decision", models.LogFailed, "Lever says this opportunity does not exist (deleted or merged): nothing can be scheduled.", "deleted or merged", "", true, false},
		{"StagesIncomplete", "decision", models.LogFailed, "Stage mapping is incomplete: map all five stages on the Lever screen, then Retry.", "Map all five stages", fixStages, false, true},
		{"NeedsReauth", "token", models.LogFailed, "Lever refused to renew access (invalid_grant): the app was revoked in Lever or not used for 90 days. Reconnect to resume.", "Reconnect", fixConnection, false, false},
		{"GaveUp", "decision", models.LogFailed, "Gave up after 12 attempts: lever: GET /opportunities/x: 503. Use Retry once Lever answers again.", "use Retry", "", false, true},
		{"RecruiterMoved", "write", models.LogSkipped, `Not moved to "Intervue - Yes": the candidate is in "Offer", where a recruiter put them; we never move a candidate backwards or out of a recruiter's stage. The note is still posted.`, "No fix needed", "", true, false},
		{"ReceivedDisabled", "webhook", models.LogSkipped, "Received candidateStageChange from Lever: stage a → b (triggered 2026-03-01T10:00:00Z). Received while the integration was disabled: recorded, not processed.", "turn the integration on", fixEnable, true, false},
		{"ProcessedDisabled", "decision", models.LogSkipped, "Not processed: the integration was disabled when this delivery was handled.", "Received while the integration was off", fixEnable, true, false},
		{"WritePaused", "write", models.LogSkipped, "Paused: the integration is disabled, so adding the tag waits until it is enabled again.", "runs by itself", fixEnable, false, false},
		{"WriteForbidden", "write", models.LogFailed, `Failed: adding the "intervue.io" tag: lever: POST /opportunities/x/tags: 403 Forbidden. Use Retry once the cause is fixed.`, "(403)", fixConnection, false, true},
		{"WriteOther", "write", models.LogFailed, "Failed: posting note IV-1-unable: lever: POST /opportunities/x/notes: 400 Bad Request. Use Retry once the cause is fixed.", "then use Retry", "", false, true},
		{"BadSignature", "webhook_rejected", models.LogFailed, "Rejected a webhook delivery (Unauthorized): missing or invalid signature (HMAC-SHA256 …)", "signature token", fixWebhook, false, false},
		{"OtherSkip", "decision", models.LogSkipped, "Moved to stage s-2, which is not the To be Scheduled stage (stage s-1): nothing to do.", "only a move into", "", true, false},
		{"UnknownSkip", "decision", models.LogSkipped, "Something new", "No fix needed", "", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := adviceFor(tt.kind, tt.status, tt.msg)
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
