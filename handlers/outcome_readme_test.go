package handlers

import (
	"os"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/leversync"
)

const (
	readmePath  = "../README.md"
	codesBegin  = "<!-- outcome codes: generated from leversync/codes.go and handlers/synclog_advice.go by TestReadmeOutcomeCodes; UPDATE_README=1 rewrites -->\n"
	codesFinish = "<!-- end of outcome codes -->\n"
)

// outcomeTable is the README's table of outcome codes: every code of the
// vocabulary with its kind, status, meaning and the advice the screens give.
func outcomeTable() string {
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	var b strings.Builder
	b.WriteString("| code | kind | status | meaning | what to do |\n|---|---|---|---|---|\n")
	for _, o := range leversync.Outcomes() {
		fix := "—"
		if a, ok := adviceByCode[o.Code]; ok {
			fix = a.Text
			if a.LinkLabel != "" {
				fix += " (" + a.LinkLabel + ")"
			}
		}
		b.WriteString("| `" + string(o.Code) + "` | " + o.Kind + " | " + o.Status + " | " + cell(o.Meaning) + " | " + cell(fix) + " |\n")
	}
	return b.String()
}

// TestReadmeOutcomeCodes fails when the README's table of outcome codes and
// the Go tables differ (a code added, removed or reworded on one side only).
func TestReadmeOutcomeCodes(t *testing.T) {
	raw, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	i, j := strings.Index(readme, codesBegin), strings.Index(readme, codesFinish)
	if i < 0 || j < i {
		t.Fatalf("README.md has no outcome code table between %q and %q", codesBegin, codesFinish)
	}
	want := outcomeTable()
	if got := readme[i+len(codesBegin) : j]; got != want {
		if os.Getenv("UPDATE_README") == "1" {
			if err := os.WriteFile(readmePath, []byte(readme[:i+len(codesBegin)]+want+readme[j:]), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("README.md's outcome code table differs from the Go tables; run UPDATE_README=1 go test ./handlers -run TestReadmeOutcomeCodes and review.\nwant:\n%s", want)
	}
}
