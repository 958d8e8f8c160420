package views

import "strconv"

// SetupStep is one step of the guided setup. State is ok, fail or pending;
// Left says what is left to do and why ("" once done); Reachable is false
// while an earlier step must come first (then Left says which).
type SetupStep struct {
	Key       string // connect, webhook, stages, postings, enable
	Number    int
	Title     string
	State     string
	Summary   string // the step's state in a few words
	Left      string
	Reachable bool
	Current   bool
}

// Section is the screen section (step panel) the step opens.
func (s SetupStep) Section() string {
	if s.Key == "enable" {
		return "golive"
	}
	return s.Key
}

// URL opens the step.
func (s SetupStep) URL() string { return "/integrations/lever?tab=" + s.Section() }

// StateLabel is the step's state for screen readers and as text.
func (s SetupStep) StateLabel() string {
	switch s.State {
	case "ok":
		return "Done"
	case "fail":
		return "Needs attention"
	}
	if !s.Reachable {
		return "Not yet"
	}
	return "To do"
}

// LeverSection is one section of the screen after setup.
type LeverSection struct {
	Key   string
	Label string
}

// LeverSections are the screen's sections after setup, in order.
var LeverSections = []LeverSection{
	{"overview", "Overview"}, {"postings", "Postings"}, {"webhooks", "Webhooks"},
	{"settings", "Stages and settings"}, {"backfill", "Backfill"}, {"audit", "Audit log"},
}

// SectionURL opens section key.
func SectionURL(key string) string { return "/integrations/lever?tab=" + key }

// CreditsView is the organization's interview credits: Available can be
// reserved by new candidates; Reserved are held by interviews in progress.
type CreditsView struct {
	Available int
	Reserved  int
}

// Summary is the credits in words.
func (c CreditsView) Summary() string {
	return strconv.Itoa(c.Available) + " available, " + strconv.Itoa(c.Reserved) + " reserved"
}

// DefaultProfileView is the default profile card: the interview profile
// used for postings without one of their own ("" : none).
type DefaultProfileView struct {
	Selected string
	Profiles []ProfileOption
	CanEdit  bool
	Message  string
	Error    string
}

// SelectedName is the chosen profile's name ("" when none).
func (v DefaultProfileView) SelectedName() string {
	for _, p := range v.Profiles {
		if p.ID == v.Selected {
			return p.Name
		}
	}
	return ""
}

func stepsDone(steps []SetupStep) string {
	n := 0
	for _, s := range steps {
		if s.State == "ok" {
			n++
		}
	}
	return strconv.Itoa(n)
}

// stepNeighbours are the steps before and after the one section opens.
func stepNeighbours(steps []SetupStep, section string) (prev, next *SetupStep) {
	for i := range steps {
		if steps[i].Section() != section {
			continue
		}
		if i > 0 {
			prev = &steps[i-1]
		}
		if i+1 < len(steps) {
			next = &steps[i+1]
		}
	}
	return prev, next
}

func sectionCurrent(shown, key string) string {
	if shown == key {
		return "page"
	}
	return "false"
}
