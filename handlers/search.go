package handlers

import (
	"regexp"
	"strings"
)

// searchQuery is a search box's text read the same way on every list
// (Interviews and Sync log): an interview reference, a pasted Lever link,
// or anything else (a name, an email or a Lever opportunity id).
type searchQuery struct {
	Ref         string // an interview reference, upper-cased: "IV-1A2B3C4D"
	Opportunity string // the opportunity id of a pasted Lever candidate URL
	Text        string // anything else, trimmed
}

// refPattern finds an interview reference ("IV-" and 8 hex digits, as every
// Lever note we write prints it), also inside pasted text such as a note
// marker "IV-1A2B3C4D-3".
var refPattern = regexp.MustCompile(`(?i)\bIV-[0-9A-F]{8}\b`)

// parseSearch reads q: a reference wins over a URL, a URL over free text.
func parseSearch(q string) searchQuery {
	q = strings.TrimSpace(q)
	if ref := refPattern.FindString(q); ref != "" {
		return searchQuery{Ref: strings.ToUpper(ref)}
	}
	if opp := opportunityFromURL(q); opp != "" {
		return searchQuery{Opportunity: opp}
	}
	return searchQuery{Text: q}
}
