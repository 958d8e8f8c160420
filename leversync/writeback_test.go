package leversync_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
)

// sandboxUser returns the id of the sandbox account's user named name.
func (r *rig) sandboxUser(o *rigOrg, name string) string {
	r.t.Helper()
	for _, u := range r.SB.Users(o.Account) {
		if u.Name == name {
			return u.ID
		}
	}
	r.t.Fatalf("no sandbox user %q", name)
	return ""
}

// performAsOf counts the org's successful Lever writes to candidates per
// perform_as user, and the writes Lever refused (400).
func (r *rig) performAsOf(o *rigOrg) (ok map[string]int, refused int) {
	ok = map[string]int{}
	for _, c := range r.SB.Calls(o.Account) {
		if c.Method == "GET" || !strings.Contains(c.Path, "/opportunities/") {
			continue // reads, and webhook registration (not a write to a candidate)
		}
		q, _ := url.ParseQuery(c.Query)
		switch {
		case c.Status >= 200 && c.Status < 300:
			ok[q.Get("perform_as")]++
		case c.Status == 400:
			refused++
		}
	}
	return ok, refused
}

// logged returns the org's sync-log lines of code.
func (r *rig) logged(o *rigOrg, code leversync.Code) []models.SyncEvent {
	evs, _, _ := r.Store.SyncLog(context.Background(), models.SyncLogFilter{OrgID: o.ID, Limit: 1000})
	var out []models.SyncEvent
	for _, e := range evs {
		if e.Code == string(code) {
			out = append(out, e)
		}
	}
	return out
}

// TestWriteBackUserRefusedThenReplaced: writes carry the connecting user by
// default and the chosen user after a choice; when Lever refuses that user
// (deactivated in Lever) the pickup's own tag write and a later event's
// writes wait, pending, with one refused call and "choose a valid Lever user
// for write-back" in the sync log; choosing another active user resumes
// them, each made exactly once as the new user (docs/CONTRACT.md §8).
func TestWriteBackUserRefusedThenReplaced(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(5)
	ctx := context.Background()
	c, _ := r.Store.Connection(ctx, o.ID)
	connector := c.LeverUserID
	if connector == "" || c.WriteBackUser() != connector {
		t.Fatalf("write-back user = %q, want the connecting user %q", c.WriteBackUser(), connector)
	}

	first := r.candidate(o, "Default Author", o.PostingID)
	r.move(o, first, o.Mapping.ToBeScheduled)
	r.waitInterview(o, first)
	r.delivered()
	if ok, _ := r.performAsOf(o); ok[connector] != 1 || len(ok) != 1 {
		t.Fatalf("writes by perform_as = %v, want the tag as the connecting user %s", ok, connector)
	}

	riley := r.sandboxUser(o, "Riley Recruiter")
	for range 2 { // the second choice of the same user changes nothing
		if _, err := r.Engine.ChooseWriteBackUser(ctx, o.ID, riley, leversync.Actor{Name: "owner@org.test", Audit: "owner@org.test"}); err != nil {
			t.Fatal(err)
		}
	}
	var audits []models.AuditEntry
	r.Store.Gorm().Where("org_id = ? AND action = ?", o.ID, "write_back_user").Find(&audits)
	if len(audits) != 1 || !strings.Contains(audits[0].After, "Riley Recruiter") || !strings.Contains(audits[0].Before, `"name"`) {
		t.Fatalf("audit entries of choosing Riley twice = %+v, want one with the name before and after", audits)
	}
	a := r.candidate(o, "Anna Before", o.PostingID)
	r.move(o, a, o.Mapping.ToBeScheduled)
	ivA := r.waitInterview(o, a)
	r.delivered()
	if ok, _ := r.performAsOf(o); ok[riley] != 1 {
		t.Fatalf("writes by perform_as = %v, want one as the chosen user %s", ok, riley)
	}

	// Riley is deactivated in Lever: the next pickup's tag (written by the
	// pickup job itself) is refused and held.
	if !r.SB.SetUserActive(o.Account, riley, false) {
		t.Fatal("deactivate")
	}
	b := r.candidate(o, "Ben After", o.PostingID)
	r.move(o, b, o.Mapping.ToBeScheduled)
	ivB := r.waitInterview(o, b)
	eventually(t, 10*time.Second, "refusal recorded", func() bool { return len(r.logged(o, leversync.CodeWriteBackRefused)) == 1 })
	r.event(o, ivA.ID, "schedule", `{"scheduled_at":"2026-12-01T09:30:00Z","timezone":"UTC","duration_minutes":30,"interviewer":"Alan Turing"}`)
	eventually(t, 10*time.Second, "schedule writes paused", func() bool { return len(r.logged(o, leversync.CodeWritePausedWriteBack)) > 0 })
	time.Sleep(1500 * time.Millisecond) // time for a retry storm, were there one

	if _, refused := r.performAsOf(o); refused != 1 {
		t.Fatalf("%d refused Lever writes, want 1 (no retries as a refused user)", refused)
	}
	for _, iv := range []string{ivA.ID, ivB.ID} {
		ws, _ := r.Store.Writes(ctx, iv)
		for _, w := range ws {
			if w.Status == models.WriteFailed || w.Status == models.WriteSkipped {
				t.Fatalf("write %s %s is %s, want it waiting or done", w.Kind, w.Marker, w.Status)
			}
		}
	}
	if op := r.opp(o, b); len(op.Tags) != 0 {
		t.Fatalf("tags of the held pickup = %v", op.Tags)
	}
	if op := r.opp(o, a); op.Stage != o.Mapping.ToBeScheduled || len(op.Notes) != 0 {
		t.Fatalf("Lever written while the user is refused: stage %s, %d notes", op.Stage, len(op.Notes))
	}
	c, _ = r.Store.Connection(ctx, o.ID)
	ev := r.logged(o, leversync.CodeWriteBackRefused)[0]
	if !c.WriteBackBlocked() || !strings.Contains(strings.ToLower(ev.Message), "choose a valid lever user for write-back") || !strings.Contains(ev.Message, "Riley Recruiter") {
		t.Fatalf("blocked %v, message %q", c.WriteBackBlocked(), ev.Message)
	}

	// A deactivated user cannot be chosen; an active one resumes the writes.
	var verr *models.ValidationError
	if _, err := r.Engine.ChooseWriteBackUser(ctx, o.ID, riley, leversync.Actor{Name: "owner@org.test", Audit: "owner@org.test"}); !errors.As(err, &verr) {
		t.Fatalf("choosing a deactivated user: %v, want a validation error", err)
	}
	harper := r.sandboxUser(o, "Harper Manager")
	if _, err := r.Engine.ChooseWriteBackUser(ctx, o.ID, harper, leversync.Actor{Name: "owner@org.test", Audit: "owner@org.test"}); err != nil {
		t.Fatal(err)
	}
	r.settled(20 * time.Second)
	if op := r.opp(o, b); len(op.Tags) != 1 {
		t.Fatalf("tags after the new user = %v", op.Tags)
	}
	opA := r.opp(o, a)
	if opA.Stage != o.Mapping.Scheduled || len(opA.Notes) != 1 || opA.Notes[0].User != harper {
		t.Fatalf("after the new user: stage %s, notes %+v", opA.Stage, opA.Notes)
	}
	if wc := r.writeCalls(o, b); wc != (writeCalls{Tags: 1}) {
		t.Fatalf("held pickup's writes = %+v, want 1 tag", wc)
	}
	if wc := r.writeCalls(o, a); wc != (writeCalls{Tags: 1, Moves: 1, Notes: 1}) {
		t.Fatalf("held event's writes = %+v, want 1 tag, 1 move, 1 note", wc)
	}
	if ok, refused := r.performAsOf(o); ok[harper] != 3 || refused != 1 {
		t.Fatalf("writes by perform_as = %v (refused %d), want 3 as %s", ok, refused, harper)
	}
	if c, _ = r.Store.Connection(ctx, o.ID); c.WriteBackBlocked() || c.WriteBackUserName != "Harper Manager" {
		t.Fatalf("connection after the choice = blocked %v, user %q", c.WriteBackBlocked(), c.WriteBackUserName)
	}
	// Three choices (Riley twice, Harper): each is in the sync log, as
	// choosing the same user again resumes waiting writes; only the two
	// changes are in the audit log.
	if n := len(r.logged(o, leversync.CodeWriteBackUserChosen)); n != 3 {
		t.Fatalf("%d write-back user choices logged, want 3", n)
	}
}

// TestReportUploadedOnceAfterDroppedConnection: completing an interview
// uploads the PDF report as a file named with the candidate and the
// interview reference; when Lever stores the upload and the connection drops
// before the answer, the retry finds the file by its name and does not
// upload again: exactly one file (docs/LEVER_API.md §4.12).
func TestReportUploadedOnceAfterDroppedConnection(t *testing.T) {
	r := newRig(t, rigOptions{})
	o := r.addOrg(3)
	ctx := context.Background()
	oppID := r.candidate(o, "Zoë Ångström/Müller", o.PostingID)
	r.move(o, oppID, o.Mapping.ToBeScheduled)
	iv := r.waitInterview(o, oppID)
	r.event(o, iv.ID, "schedule", `{"scheduled_at":"2026-12-01T09:30:00Z","timezone":"Europe/Zurich","duration_minutes":45,"interviewer":"Grace Hopper"}`)
	r.delivered()

	var hits atomic.Int32
	r.SB.SetFaults(sandbox.Faults{Seed: 1, RateApplyThenFail: 1, ApplyThenClose: true, Only: func(req *http.Request) bool {
		return req.Method == "POST" && strings.HasSuffix(req.URL.Path, "/files") && hits.Add(1) == 1
	}})
	r.event(o, iv.ID, "complete", `{"verdict":"yes","playback_url":"https://play.example/rec/9","summary":"Solid","ratings":[{"skill":"Go","score":4,"comment":"good"}]}`)
	r.settled(30 * time.Second)

	files := r.SB.Files(o.Account, oppID)
	if len(files) != 1 {
		t.Fatalf("%d files in Lever, want exactly 1: %+v", len(files), files)
	}
	f := files[0]
	stored, err := r.Store.Interview(ctx, o.ID, iv.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := "Intervue.io report - Zoë Ångström Müller - " + stored.Ref + ".pdf"
	if f.Name != want || f.ContentType != "application/pdf" || !strings.HasPrefix(string(f.Data), "%PDF-") {
		t.Fatalf("file = %q (%s, %d bytes starting %q), want %q", f.Name, f.ContentType, len(f.Data), string(f.Data[:min(8, len(f.Data))]), want)
	}
	c, _ := r.Store.Connection(ctx, o.ID)
	if f.User != c.LeverUserID || f.User == "" {
		t.Fatalf("file uploaded as %q, want the write-back user %q", f.User, c.LeverUserID)
	}
	if hits.Load() < 1 {
		t.Fatal("the fault never fired")
	}
	ws, _ := r.Store.Writes(ctx, iv.ID)
	last := ws[len(ws)-1]
	if last.Kind != models.WriteUploadFile || last.Status != models.WriteDone || last.LeverNoteID != f.ID || last.ResultCode != string(leversync.CodeFileFound) {
		t.Fatalf("upload write = %+v, want done, found after the lost answer, with file id %s", last, f.ID)
	}
	if wc := r.writeCalls(o, oppID); wc.Files != 0 {
		// The stored upload's answer was lost (no status): no second POST succeeded.
		t.Fatalf("%d successful upload calls, want 0 (the only upload's answer was lost)", wc.Files)
	}
}
