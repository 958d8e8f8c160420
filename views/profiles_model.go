package views

// ProfilesPage is the interview profiles page: the list and a create form.
type ProfilesPage struct {
	Chrome   Chrome
	Profiles []ProfileRow
	Form     ProfileForm
	CanEdit  bool // org admin
}

// ProfileRow is one interview profile in the list.
type ProfileRow struct {
	ID              string
	Name            string
	DurationMinutes int
	Skills          []string
	Postings        int // Lever postings mapped to it
}

// EditURL opens the row's edit form.
func (p ProfileRow) EditURL() string { return "/profiles/" + p.ID + "/edit" }

// Action is where the form posts: a new profile, or the edited one.
func (f ProfileForm) Action() string {
	if f.ID == "" {
		return "/profiles"
	}
	return "/profiles/" + f.ID
}

// DeleteURL is where the row's delete form posts.
func (p ProfileRow) DeleteURL() string { return "/profiles/" + p.ID + "/delete" }

// ProfileForm is the create form as submitted, with errors by field name
// (name, duration_minutes).
type ProfileForm struct {
	ID              string // set when editing a profile
	Name            string
	DurationMinutes string
	Skills          string
	Errors          map[string]string
	// Was is the version of the stored profile an edit form was rendered
	// from, sent back with it: a save from a form older than the stored
	// profile is refused (Conflict) instead of overwriting another
	// admin's change unseen.
	Was      string
	Conflict bool
}

// Error returns the message for field ("" if none).
func (f ProfileForm) Error(field string) string { return f.Errors[field] }
