package handlers

import (
	"net/url"
	"strings"
)

// safeRedirect returns target when it is a same-origin path, else def
// (docs/CONTRACT.md §5). The app's default return address is
// /integrations/lever.
func safeRedirect(target, def string) string {
	if isLocalPath(target) {
		return target
	}
	return def
}

// isLocalPath reports whether target is a path on this origin: it starts
// with one "/", and neither it nor its percent-decoded forms (decoded up to
// three times) hold a backslash, a control character (browsers drop tabs and
// newlines, so "/\t/evil.example" becomes "//evil.example") or a second
// leading "/" or "\"; and it parses with no scheme, host or user.
func isLocalPath(target string) bool {
	if !strings.HasPrefix(target, "/") {
		return false
	}
	cur := target
	for range 3 {
		if strings.HasPrefix(cur, "//") || strings.ContainsFunc(cur, unsafeRedirectRune) {
			return false
		}
		dec, err := url.PathUnescape(cur)
		if err != nil {
			return false
		}
		if dec == cur {
			break
		}
		cur = dec
	}
	if strings.HasPrefix(cur, "//") || strings.ContainsFunc(cur, unsafeRedirectRune) {
		return false
	}
	u, err := url.Parse(target)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil
}

func unsafeRedirectRune(r rune) bool { return r == '\\' || r < 0x20 || r == 0x7f }
