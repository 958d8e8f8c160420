package handlers

import (
	"strings"
	"unicode"

	"github.com/intervue/lever-integration/views"
)

// stageNames are the words a Lever stage's name may use for each of our
// five stages, normalised (see normStage). Lever admins usually name them
// after the help article ("Intervue - To be Scheduled"); the "intervue"
// prefix is optional.
var stageNames = map[string][]string{
	"to_be_scheduled":    {"to be scheduled", "to schedule"},
	"scheduled":          {"scheduled", "interview scheduled"},
	"intervue_yes":       {"yes", "passed"},
	"intervue_no":        {"no", "failed"},
	"unable_to_schedule": {"unable to schedule", "could not schedule", "not scheduled"},
}

// suggestStage is the id of the one live Lever stage whose name matches
// field (e.g. "Intervue - To be Scheduled" for to_be_scheduled), or ""
// when none or several do.
func suggestStage(field string, stages []views.StageOption) string {
	found := ""
	for _, s := range stages {
		name := normStage(s.Text)
		for _, want := range stageNames[field] {
			if name == want {
				if found != "" && found != s.ID {
					return ""
				}
				found = s.ID
			}
		}
	}
	return found
}

// normStage lower-cases a stage name, turns punctuation into spaces and
// drops a leading "intervue" or "intervue.io" and surrounding words such as
// "stage": "Intervue.io – Unable to schedule" is "unable to schedule".
func normStage(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for len(f) > 0 && (f[0] == "intervue" || f[0] == "io" || f[0] == "intervueio") {
		f = f[1:]
	}
	if len(f) > 0 && f[len(f)-1] == "stage" {
		f = f[:len(f)-1]
	}
	return strings.Join(f, " ")
}
