package models

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Input limits (docs/security.md, "Bounded inputs"). Lengths count
// characters (Unicode code points) and stay within the columns that store
// the values (schema.go), so an over-long value is a 422 naming the field
// and its limit, never a database error or a 500-page PDF.
const (
	MaxNameLen        = 200  // profile name, interviewer (API key names: MaxAPIKeyName)
	MaxTimezoneLen    = 64   // IANA zone name
	MaxMeetingURLLen  = 1000 // schedule meeting_url
	MaxPlaybackURLLen = 2000 // complete playback_url
	MaxSummaryLen     = 5000 // complete summary
	MaxRatings        = 20   // ratings per completed interview
	MaxSkillLen       = 100  // one rating's or profile's skill
	MaxCommentLen     = 1000 // one rating's comment
	MaxDetailLen      = 2000 // fail detail
	MaxSkills         = 50   // skills per profile
	MaxSecretLen      = 200  // a pasted signature token
	MaxIDLen          = 100  // Lever ids (stage, posting) and our ids in bodies
)

// tooLongSuffix ends every length message: IsTooLong recognises it.
const tooLongSuffix = " characters"

// CheckLen records on v that field is longer than max characters, or that
// it holds a NUL character (PostgreSQL's text columns refuse one, so it
// would otherwise be a 500), and returns false; it returns true when value
// fits.
func CheckLen(v *ValidationError, field, value string, max int) bool {
	if strings.ContainsRune(value, 0) {
		v.Add(field, field+" must not contain a NUL character")
		return false
	}
	if utf8.RuneCountInString(value) <= max {
		return true
	}
	v.Add(field, TooLong(field, max))
	return false
}

// BadText returns why value cannot be stored as text ("contains a NUL
// character", "is not valid UTF-8"), or "" when it can: PostgreSQL refuses
// both in text columns.
func BadText(value string) string {
	switch {
	case !utf8.ValidString(value):
		return "is not valid UTF-8"
	case strings.ContainsRune(value, 0):
		return "contains a NUL character"
	}
	return ""
}

// TooLong is the message for a value over its limit: "summary is too long:
// at most 5000 characters".
func TooLong(field string, max int) string {
	return fmt.Sprintf("%s is too long: at most %d%s", field, max, tooLongSuffix)
}

// IsTooLong reports whether msg is a TooLong message (forms keep it as it
// is instead of their own wording for the field).
func IsTooLong(msg string) bool {
	return strings.Contains(msg, " is too long: at most ") && strings.HasSuffix(msg, tooLongSuffix)
}
