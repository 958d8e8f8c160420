package handlers

import "testing"

// TestSafeRedirect is the table of docs/CONTRACT.md §5's rule: only a
// same-origin path survives; anything absolute, scheme-relative, with a
// backslash or a control character (raw or percent-encoded) becomes the
// default.
func TestSafeRedirect(t *testing.T) {
	const def = "/integrations/lever"
	tests := []struct {
		next string
		want string
	}{
		{"/sync-log?q=ann", "/sync-log?q=ann"},
		{"/interviews/abc#notes", "/interviews/abc#notes"},
		{"/integrations/lever/postings?q=go%20dev", "/integrations/lever/postings?q=go%20dev"},
		{"/", "/"},
		{"", def},
		{"sync-log", def},
		{"https://evil.example/", def},
		{"http:/evil.example", def},
		{"javascript:alert(1)", def},
		{"//evil.example/", def},
		{"///evil.example/", def},
		{"/\\evil.example", def},
		{"\\\\evil.example", def},
		{"/a\\b", def},
		{"/%09/evil.example", def},
		{"/\t/evil.example", def},
		{"/%0a/evil.example", def},
		{"/%0D%0A/evil.example", def},
		{"/\n/evil.example", def},
		{"/%00", def},
		{"/%7f", def},
		{"/%2f/evil.example", def},
		{"/%2F%2Fevil.example", def},
		{"/%5cevil.example", def},
		{"/%255c/evil.example", def},
		{"/%2509/evil.example", def},
		{"/%zz", def},
	}
	for _, tt := range tests {
		if got := safeRedirect(tt.next, def); got != tt.want {
			t.Errorf("safeRedirect(%q) = %q, want %q", tt.next, got, tt.want)
		}
	}
}

func TestRedactPath(t *testing.T) {
	tests := map[string]string{
		"/links/report/s3cr3t":        "/links/report/[redacted]",
		"/links/playback/s3cr3t":      "/links/playback/[redacted]",
		"/webhooks/lever/k3y":         "/webhooks/lever/[redacted]",
		"/webhooks/lever/k3y/archive": "/webhooks/lever/[redacted]/archive",
		"/invite/abc":                 "/invite/[redacted]",
		"/links/report/":              "/links/report/",
		"/integrations/lever":         "/integrations/lever",
		"/sync-log/candidates/opp-1":  "/sync-log/candidates/opp-1",
	}
	for in, want := range tests {
		if got := redactPath(in); got != want {
			t.Errorf("redactPath(%q) = %q, want %q", in, got, want)
		}
	}
}
