package handlers

import (
	"testing"

	"github.com/intervue/lever-integration/views"
)

func TestSuggestStage(t *testing.T) {
	stages := []views.StageOption{
		{ID: "new", Text: "New applicant"}, {ID: "tbs", Text: "Intervue - To be Scheduled"}, {ID: "sch", Text: "Intervue - Scheduled"},
		{ID: "yes", Text: "Intervue.io – Yes"}, {ID: "no", Text: "intervue no"}, {ID: "unable", Text: "Intervue - Unable to schedule"},
		{ID: "phone", Text: "Phone screen"},
	}
	for field, want := range map[string]string{"to_be_scheduled": "tbs", "scheduled": "sch", "intervue_yes": "yes", "intervue_no": "no", "unable_to_schedule": "unable"} {
		if got := suggestStage(field, stages); got != want {
			t.Errorf("suggestStage(%s) = %q, want %q", field, got, want)
		}
	}
	// Two stages that both match: no guess.
	twice := append(stages, views.StageOption{ID: "tbs2", Text: "To be scheduled"})
	if got := suggestStage("to_be_scheduled", twice); got != "" {
		t.Errorf("ambiguous match suggested %q", got)
	}
	if got := suggestStage("scheduled", []views.StageOption{{ID: "x", Text: "Offer"}}); got != "" {
		t.Errorf("no match suggested %q", got)
	}
}
