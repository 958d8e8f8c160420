package handlers

import "strings"

// capabilityPrefixes are the paths whose next segment is a secret that
// grants access by itself (docs/CONTRACT.md §3-§6): report and playback links
// written into Lever notes, our webhook keys, invitations. Logs never hold
// those segments.
var capabilityPrefixes = []string{"/links/report/", "/links/playback/", "/webhooks/lever/", "/invite/"}

// redactPath replaces the secret segment of a capability path with
// "[redacted]", keeping the rest, e.g. /links/report/[redacted].
func redactPath(p string) string {
	for _, pre := range capabilityPrefixes {
		rest, ok := strings.CutPrefix(p, pre)
		if !ok || rest == "" {
			continue
		}
		tail := ""
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			tail = rest[i:]
		}
		return pre + "[redacted]" + tail
	}
	return p
}
