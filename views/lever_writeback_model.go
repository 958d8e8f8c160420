package views

import "time"

// WriteBackView is the write-back user card of the Lever screen: the Lever
// user our notes, tags, stage moves and files are attributed to
// (docs/CONTRACT.md §8), whether Lever refuses them, and, while a super
// admin is choosing, Lever's active users.
type WriteBackView struct {
	Connected bool
	// Current names the user writes are made as ("" when unknown);
	// Default is true while it is the user who connected.
	Current string
	Default bool
	// Refused is true when Lever refused Current since RefusedAt: writes wait.
	Refused   bool
	RefusedAt *time.Time
	CanChoose bool // organization super admin
	// Choosing is true when Users (Lever's active users) are listed to
	// choose from; Selected is the id preselected, LoadError why Lever's
	// users could not be listed, Error why a choice was refused.
	Choosing  bool
	Users     []WriteBackOption
	Selected  string
	LoadError string
	Error     string
	Message   string
}

// WriteBackOption is one active Lever user that may be chosen.
type WriteBackOption struct {
	ID, Name, Email, Role string
}

// Label is the option's text: name, email and Lever role.
func (o WriteBackOption) Label() string {
	s := o.Name
	if o.Email != "" {
		s += " · " + o.Email
	}
	if o.Role != "" {
		s += " (" + o.Role + ")"
	}
	return s
}

// CurrentLabel is Current, or words saying no user is known.
func (v WriteBackView) CurrentLabel() string {
	if v.Current == "" {
		return "no Lever user known (writes carry no author)"
	}
	return v.Current
}
