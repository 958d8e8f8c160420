package views

// LeverSetupView is the Begin setup modal: the permissions we ask for and
// the Lever data centres the admin chooses from.
type LeverSetupView struct {
	Scopes  []ScopeRow
	Regions []RegionOption // in the order offered; one is Checked
	Open    bool           // rendered open (?setup=1), so it works without JavaScript
}

// ScopeRow is one OAuth scope and why we need it.
type ScopeRow struct {
	Scope string
	Why   string
}

// RegionOption is one Lever data centre: Value is the form value ("us",
// "eu"), Label its name ("Europe"), Host the Lever web address its
// recruiters use (hire.eu.lever.co), by which an admin recognises it.
type RegionOption struct {
	Value, Label, Host string
	Checked            bool
}

// Text is the data centre in words, e.g. "Europe (hire.eu.lever.co)".
func (o RegionOption) Text() string {
	if o.Host == "" {
		return o.Label
	}
	return o.Label + " (" + o.Host + ")"
}
