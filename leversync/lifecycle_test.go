package leversync_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
)

type interviewJSON struct {
	ID            string  `json:"id"`
	OpportunityID string  `json:"opportunity_id"`
	Status        string  `json:"status"`
	ReportURL     string  `json:"report_url"`
	PlaybackURL   string  `json:"playback_url"`
	FailureReason string  `json:"failure_reason"`
	ScheduledAt   *string `json:"scheduled_at"`
}

// waitInterview polls the API until the opportunity has an interview.
func (r *rig) waitInterview(o *rigOrg, oppID string) interviewJSON {
	r.t.Helper()
	return r.waitInterviewWithin(o, oppID, 15*time.Second)
}

// waitInterviewWithin is waitInterview with its own limit, for tests whose
// assertion is an order (what was still waiting), not a time.
func (r *rig) waitInterviewWithin(o *rigOrg, oppID string, limit time.Duration) interviewJSON {
	r.t.Helper()
	var got []interviewJSON
	eventually(r.t, limit, "interview for "+oppID, func() bool {
		_, body := r.api(o, "GET", "/api/v1/interviews?opportunity_id="+oppID, "")
		got = nil
		json.Unmarshal([]byte(body), &got)
		return len(got) > 0
	})
	return got[0]
}

func (r *rig) opp(o *rigOrg, id string) sandbox.Opportunity {
	r.t.Helper()
	op, ok := r.SB.Opportunity(o.Account, id)
	if !ok {
		r.t.Fatalf("sandbox has no opportunity %s", id)
	}
	return op
}

func notesText(op sandbox.Opportunity) []string {
	var out []string
	for _, n := range op.Notes {
		out = append(out, n.Value)
	}
	return out
}

func (r *rig) event(o *rigOrg, ivID, action, body string) interviewJSON {
	r.t.Helper()
	status, resp := r.api(o, "POST", "/api/v1/interviews/"+ivID+"/"+action, body)
	if status != 200 {
		r.t.Fatalf("%s: %d %s", action, status, resp)
	}
	var iv interviewJSON
	json.Unmarshal([]byte(resp), &iv)
	return iv
}

func TestLifecycle(t *testing.T) {
	for _, verdict := range []string{"yes", "no"} {
		t.Run("Verdict"+strings.ToUpper(verdict[:1])+verdict[1:], func(t *testing.T) {
			r := newRig(t, rigOptions{})
			o := r.addOrg(5)
			oppID := r.candidate(o, "Zoë Ångström <script>x</script>", o.PostingID)

			start := time.Now()
			r.move(o, oppID, o.Mapping.ToBeScheduled)
			iv := r.waitInterview(o, oppID)
			if iv.Status != models.StatusToBeScheduled {
				t.Fatalf("status = %s", iv.Status)
			}
			eventually(t, 10*time.Second, "intervue.io tag", func() bool { return slices.Contains(r.opp(o, oppID).Tags, leversync.TagName) })
			t.Logf("webhook to tag: %s", time.Since(start))
			if _, body := r.api(o, "GET", "/api/v1/credits", ""); !strings.Contains(body, `"balance":4`) {
				t.Fatalf("credits after pickup: %s", body)
			}

			// Schedule: 10:00 Berlin on a summer date is 08:00 UTC (CEST).
			r.event(o, iv.ID, "schedule", `{"scheduled_at":"2026-07-14T08:00:00Z","timezone":"Europe/Berlin","duration_minutes":60,"interviewer":"Ada Lovelace","meeting_url":"https://meet.example/abc"}`)
			eventually(t, 10*time.Second, "moved to Scheduled", func() bool { return r.opp(o, oppID).Stage == o.Mapping.Scheduled })
			r.settled(15 * time.Second)
			notes := notesText(r.opp(o, oppID))
			if len(notes) != 1 || !strings.Contains(notes[0], "Tuesday, 14 July 2026") || !strings.Contains(notes[0], "10:00 CEST (Europe/Berlin, UTC+02:00)") ||
				!strings.Contains(notes[0], "60 minutes") || !strings.Contains(notes[0], "Ada Lovelace") || !strings.Contains(notes[0], "Ref IV-") {
				t.Fatalf("schedule note = %q", notes)
			}

			done := r.event(o, iv.ID, "complete", fmt.Sprintf(`{"verdict":%q,"playback_url":"https://play.example/rec/1","summary":"Strong on Go — naïve on SQL","ratings":[{"skill":"Go","score":5,"comment":"great"},{"skill":"SQL","score":2,"comment":""}]}`, verdict))
			want := map[string]string{"yes": o.Mapping.Yes, "no": o.Mapping.No}[verdict]
			eventually(t, 10*time.Second, "moved to verdict stage", func() bool { return r.opp(o, oppID).Stage == want })
			r.settled(15 * time.Second)
			notes = notesText(r.opp(o, oppID))
			if len(notes) != 2 || !strings.Contains(notes[1], done.ReportURL) || !strings.Contains(notes[1], "/links/playback/") || !strings.Contains(notes[1], "Verdict: "+strings.ToUpper(verdict[:1])) {
				t.Fatalf("verdict note = %q (report %s)", notes, done.ReportURL)
			}
			// Exactly one tag, one move and one note per event, and the report file.
			if wc := r.writeCalls(o, oppID); wc != (writeCalls{Tags: 1, Moves: 2, Notes: 2, Files: 1}) {
				t.Fatalf("Lever writes = %+v, want 1 tag, 2 moves, 2 notes, 1 file", wc)
			}
			// The report opens without a login, as a PDF.
			resp, err := http.Get(done.ReportURL)
			if err != nil {
				t.Fatal(err)
			}
			pdf, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(pdf), "%PDF-") {
				t.Fatalf("report: %d %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), string(pdf[:min(20, len(pdf))]))
			}
			noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			pb := between(notes[1], "Playback: ", "\n")
			resp, err = noRedirect.Get(pb)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 302 || resp.Header.Get("Location") != "https://play.example/rec/1" {
				t.Fatalf("playback link %s: %d -> %s", pb, resp.StatusCode, resp.Header.Get("Location"))
			}
			// Our moves echoed back as webhooks and were logged as our own change, with no Lever call.
			eventually(t, 10*time.Second, "echo logged", func() bool {
				evs, _, _ := r.Store.SyncLog(context.Background(), models.SyncLogFilter{OrgID: o.ID, OpportunityID: oppID})
				n := 0
				for _, e := range evs {
					if e.Code == string(leversync.CodeOwnStageEcho) {
						n++
					}
				}
				return n == 2
			})
			calls := 0
			for _, c := range r.SB.Calls(o.Account) {
				if strings.Contains(c.Path, oppID) {
					calls++
				}
			}
			t.Logf("Lever calls for this candidate's lifecycle: %d", calls)
			// Credits: the reserved credit is spent on completion.
			if _, body := r.api(o, "GET", "/api/v1/credits", ""); !strings.Contains(body, `"balance":4`) {
				t.Fatalf("credits after completion: %s", body)
			}
		})
	}
}

func between(s, from, to string) string {
	_, after, _ := strings.Cut(s, from)
	v, _, _ := strings.Cut(after, to)
	return strings.TrimSpace(v)
}

func TestFailReasons(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(10)
	for _, reason := range leversync.FailReasons {
		t.Run(reason, func(t *testing.T) {
			oppID := r.candidate(o, "Fail "+reason, o.PostingID)
			r.move(o, oppID, o.Mapping.ToBeScheduled)
			iv := r.waitInterview(o, oppID)
			want := writeCalls{Tags: 1, Moves: 1, Notes: 1}
			if reason == leversync.ReasonNoShow {
				// A no-show needs a scheduled interview (docs/CONTRACT.md §8).
				r.event(o, iv.ID, "schedule", `{"scheduled_at":"2030-01-02T15:00:00Z","timezone":"UTC","duration_minutes":30,"interviewer":"Ada"}`)
				r.settled(15 * time.Second)
				want = writeCalls{Tags: 1, Moves: 2, Notes: 2}
			}
			_, before := r.api(o, "GET", "/api/v1/credits", "")
			got := r.event(o, iv.ID, "fail", fmt.Sprintf(`{"reason":%q,"detail":"detail for %s"}`, reason, reason))
			if got.Status != models.StatusUnable || got.FailureReason != reason {
				t.Fatalf("after fail: %+v", got)
			}
			eventually(t, 10*time.Second, "moved to Unable", func() bool { return r.opp(o, oppID).Stage == o.Mapping.Unable })
			r.settled(15 * time.Second)
			notes := notesText(r.opp(o, oppID))
			if last := len(notes) - 1; len(notes) != want.Notes || !strings.Contains(notes[last], leversync.ReasonText(reason)) || !strings.Contains(notes[last], "detail for "+reason) {
				t.Fatalf("failure note = %q", notes)
			}
			if wc := r.writeCalls(o, oppID); wc != want {
				t.Fatalf("Lever writes = %+v", wc)
			}
			_, after := r.api(o, "GET", "/api/v1/credits", "")
			var b, a struct{ Balance int }
			json.Unmarshal([]byte(before), &b)
			json.Unmarshal([]byte(after), &a)
			wantRefund := 1
			if reason == leversync.ReasonNoShow {
				wantRefund = 0
			}
			if a.Balance-b.Balance != wantRefund {
				t.Fatalf("credit change = %d, want %d", a.Balance-b.Balance, wantRefund)
			}
			// A second fail is refused: the interview is no longer active.
			if status, body := r.api(o, "POST", "/api/v1/interviews/"+iv.ID+"/fail", `{"reason":"other","detail":"x"}`); status != 422 || !strings.Contains(body, "is already unable to schedule") {
				t.Fatalf("second fail = %d %s, want 422 saying the interview is already unable to schedule", status, body)
			}
		})
	}
}

func TestRevokeReportLinks(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(2)
	oppID := r.candidate(o, "Revoked Links", o.PostingID)
	r.move(o, oppID, o.Mapping.ToBeScheduled)
	iv := r.waitInterview(o, oppID)
	r.event(o, iv.ID, "schedule", `{"scheduled_at":"2027-01-05T10:00:00Z","timezone":"UTC","duration_minutes":30,"interviewer":"Ada"}`)
	done := r.event(o, iv.ID, "complete", `{"verdict":"yes","playback_url":"https://play.example/x"}`)
	if resp, err := http.Get(done.ReportURL); err != nil || resp.StatusCode != 200 {
		t.Fatalf("report before revoke: %v %v", resp, err)
	}
	status, body := r.api(o, "POST", "/api/v1/interviews/"+iv.ID+"/revoke-links", "")
	if status != 200 || !strings.Contains(body, `"report_url":""`) {
		t.Fatalf("revoke: %d %s", status, body)
	}
	resp, err := http.Get(done.ReportURL)
	if err != nil || resp.StatusCode != 404 {
		t.Fatalf("report after revoke: %v %v", resp, err)
	}
	// Scheduling the same thing twice writes nothing new to Lever.
	other := r.candidate(o, "Double Click", o.PostingID)
	r.move(o, other, o.Mapping.ToBeScheduled)
	iv2 := r.waitInterview(o, other)
	sched := `{"scheduled_at":"2027-01-05T10:00:00Z","timezone":"UTC","duration_minutes":30,"interviewer":"Ada"}`
	r.event(o, iv2.ID, "schedule", sched)
	r.event(o, iv2.ID, "schedule", sched)
	r.settled(15 * time.Second)
	if wc := r.writeCalls(o, other); wc.Notes != 1 || wc.Moves != 1 {
		t.Fatalf("double schedule wrote %+v, want one note and one move", wc)
	}
}
