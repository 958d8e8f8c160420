// Package docs holds the repository's own reference documents; its test checks
// that every citation of them in code, templates and README resolves.
package docs

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// citation matches "docs/CONTRACT.md §4", "docs/LEVER_API.md §6.12" and the
// sections listed after it ("docs/LEVER_API.md §3.2, §3.3").
var citation = regexp.MustCompile(`docs/(CONTRACT|DESIGN|LEVER_API)\.md((?:,? ?§[0-9]+(?:\.[0-9]+)?)+)`)

var sectionRef = regexp.MustCompile(`§([0-9]+(?:\.[0-9]+)?)`)

// outside matches citations of documents that are not in the repository.
var outside = regexp.MustCompile(`\.\./shared|/work/shared|(?:^|[^/A-Za-z_])(MISSION|STYLE|CONTRACT|DESIGN|LEVER_API)\.md`)

// sections returns the section numbers a document defines: "## 4." and
// "### 4.5" headings, and the numbered items of a "## N." list as "N.M".
func sections(t *testing.T, name string) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	heading := regexp.MustCompile(`^#{2,3} ([0-9]+(?:\.[0-9]+)?)[. ]`)
	item := regexp.MustCompile(`^([0-9]+)\. `)
	got := map[string]bool{}
	current := ""
	for _, line := range strings.Split(string(b), "\n") {
		if m := heading.FindStringSubmatch(line); m != nil {
			got[m[1]] = true
			if !strings.Contains(m[1], ".") {
				current = m[1]
			}
			continue
		}
		if m := item.FindStringSubmatch(line); m != nil && current != "" {
			got[current+"."+m[1]] = true
		}
	}
	return got
}

func TestCitationsResolveInsideTheRepository(t *testing.T) {
	docs := map[string]map[string]bool{}
	for _, d := range []string{"CONTRACT", "DESIGN", "LEVER_API"} {
		docs[d] = sections(t, d+".md")
		if len(docs[d]) == 0 {
			t.Fatalf("%s.md: no numbered sections found", d)
		}
	}
	checked := 0
	err := filepath.WalkDir("..", func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && (strings.HasPrefix(e.Name(), ".") && path != "..") {
			return filepath.SkipDir
		}
		ext := filepath.Ext(path)
		if e.IsDir() || (ext != ".go" && ext != ".md" && ext != ".templ" && e.Name() != "Dockerfile") {
			return nil
		}
		if strings.HasPrefix(filepath.ToSlash(path), "../docs/") && ext == ".md" {
			return nil // the documents themselves name their sections without a path
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if path != filepath.Join("..", "docs", "citations_test.go") && outside.MatchString(line) {
				t.Errorf("%s:%d cites a document outside docs/: %s", path, i+1, strings.TrimSpace(line))
			}
			for _, m := range citation.FindAllStringSubmatch(line, -1) {
				for _, s := range sectionRef.FindAllStringSubmatch(m[2], -1) {
					checked++
					if !docs[m[1]][s[1]] {
						t.Errorf("%s:%d cites docs/%s.md §%s, which has no such section", path, i+1, m[1], s[1])
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("only %d citations found; the walk is not reading the repository", checked)
	}
}
