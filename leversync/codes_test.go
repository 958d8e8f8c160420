package leversync

import (
	"regexp"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/models"
)

// TestOutcomeVocabulary: every code is snake_case with a kind, a sync-log
// status, a meaning and a template whose braces are all parameters.
func TestOutcomeVocabulary(t *testing.T) {
	snake := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	statuses := map[string]bool{models.LogOK: true, models.LogSkipped: true, models.LogFailed: true, models.LogRetrying: true}
	for _, o := range Outcomes() {
		if !snake.MatchString(string(o.Code)) || o.Kind == "" || !statuses[o.Status] || o.Meaning == "" {
			t.Errorf("outcome %+v", o)
		}
		p := Params{}
		for _, name := range o.Params() {
			if !snake.MatchString(name) {
				t.Errorf("%s: parameter %q", o.Code, name)
			}
			p[name] = "v"
		}
		if msg := Fill(o.Template, p); strings.ContainsAny(msg, "{}") || strings.Contains(msg, "?") && !strings.Contains(o.Template, "?") {
			t.Errorf("%s renders %q", o.Code, msg)
		}
	}
	if _, ok := OutcomeOf(CodeLegacy); ok {
		t.Error("legacy is not an outcome of the vocabulary")
	}
	// Each pickup that ends in Unable to schedule has its cause row (the
	// failure reason and the note's detail), and each row is such an outcome.
	for _, o := range Outcomes() {
		_, hasCause := unableCauses[o.Code]
		if strings.HasPrefix(o.Template, "Unable to schedule (") != hasCause {
			t.Errorf("%s: Unable to schedule outcome %v, cause row %v", o.Code, !hasCause, hasCause)
		}
	}
	for code, u := range unableCauses {
		if _, ok := OutcomeOf(code); !ok || u.reason == "" || ReasonText(u.reason) == u.reason {
			t.Errorf("cause %s: outcome %v, reason %q", code, ok, u.reason)
		}
	}
}

// TestEventRendersTemplate: an event carries its code's kind and status,
// its parameters as JSON and the message written from the template, as
// the sentences read before codes existed.
func TestEventRendersTemplate(t *testing.T) {
	ev := Event(CodePickedUp, "ref", "IV-1", "how", "profile", "profile", "Backend", "posting", `Say "hi"`, "balance", 4, "tag", TagName)
	if ev.Kind != "decision" || ev.Status != models.LogOK || ev.Code != "picked_up" {
		t.Errorf("event = %+v", ev)
	}
	if want := `Picked up: interview IV-1 created with profile "Backend" for posting "Say \"hi\""; 1 credit reserved (balance 4). Adding the intervue.io tag.`; ev.Message != want {
		t.Errorf("message = %q, want %q", ev.Message, want)
	}
	if p := ParseParams(ev.Params); p["posting"] != `Say "hi"` || p["balance"] != "4" {
		t.Errorf("params = %s", ev.Params)
	}
	if msg := Event(CodePostingNotMapped, "posting", "X").Message; !strings.HasPrefix(msg, `Unable to schedule (The job posting is not mapped to an interview profile): Posting "X" is not mapped`) || !strings.HasSuffix(msg, "Interview ? moves the candidate to Unable to schedule with a note.") {
		t.Errorf("unable message = %q", msg)
	}
}
