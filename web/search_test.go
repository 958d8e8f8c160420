package main

import (
	"net/url"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/models"
)

// TestSearchEverywhere checks that Interviews and the Sync log read one
// search box the same way: name, email, opportunity id, a pasted Lever
// candidate URL and an IV- reference (also lower case or inside a note
// marker) all find the candidate, and an unknown reference says so.
func TestSearchEverywhere(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	client := login(t, app, app.DemoEmail, app.DemoPassword)
	_, cand, apiIV := orderInterview(t, app, client, "Priya Natarajan")
	_, other, _ := orderInterview(t, app, client, "Aisha Khan")
	store := openStore(t, app)
	var iv models.Interview
	if err := store.Gorm().First(&iv, "id = ?", apiIV.ID).Error; err != nil {
		t.Fatal(err)
	}
	if iv.LeverURL == "" || !strings.HasPrefix(iv.Ref, "IV-") {
		t.Fatalf("interview = %+v", iv)
	}
	searches := map[string]string{
		"name":            "priya",
		"email":           cand.Email,
		"opportunity id":  cand.ID,
		"Lever URL":       iv.LeverURL,
		"reference":       iv.Ref,
		"lower-case ref":  strings.ToLower(iv.Ref),
		"ref in a marker": "Intervue.io [" + iv.Ref + "-2]",
		"ref with spaces": "  " + iv.Ref + " ",
	}
	for what, q := range searches {
		t.Run(what, func(t *testing.T) {
			doc := getDoc(t, app, client, "/interviews?q="+url.QueryEscape(q), 200)
			rows := doc.Find(`tr[data-testid^="interview-row-"]`)
			if rows.Length() != 1 || rows.AttrOr("data-testid", "") != "interview-row-"+iv.ID {
				t.Errorf("Interviews %q: %d rows: %s", q, rows.Length(), squash(doc.Find(`[data-testid="interviews-table"]`)))
			}
			doc = getDoc(t, app, client, "/sync-log?q="+url.QueryEscape(q), 200)
			rows = doc.Find(`tr[data-testid="candidate-row"]`)
			if rows.Length() != 1 || rows.AttrOr("data-opportunity", "") != cand.ID {
				t.Errorf("Sync log %q: %d rows: %s", q, rows.Length(), squash(doc.Find(`[data-testid="synclog-table"]`)))
			}
		})
	}
	t.Run("SaysHowItRead", func(t *testing.T) {
		doc := getDoc(t, app, client, "/interviews?q="+url.QueryEscape(iv.Ref), 200)
		if got := squash(doc.Find(`[data-testid="interview-search-ref"]`)); !strings.Contains(got, iv.Ref) {
			t.Errorf("interviews ref note = %q", got)
		}
		doc = getDoc(t, app, client, "/interviews?q="+url.QueryEscape(iv.LeverURL), 200)
		if got := squash(doc.Find(`[data-testid="interview-search-opportunity"]`)); !strings.Contains(got, cand.ID) {
			t.Errorf("interviews URL note = %q", got)
		}
		doc = getDoc(t, app, client, "/sync-log?q="+url.QueryEscape(iv.Ref), 200)
		if got := squash(doc.Find(`[data-testid="synclog-ref"]`)); !strings.Contains(got, iv.Ref) {
			t.Errorf("sync log ref note = %q", got)
		}
	})
	t.Run("UnknownRef", func(t *testing.T) {
		doc := getDoc(t, app, client, "/sync-log?q=IV-00000000", 200)
		if doc.Find(`tr[data-testid="candidate-row"]`).Length() != 0 || !strings.Contains(squash(doc.Find(`[data-testid="synclog-ref-missing"]`)), "No interview has the reference IV-00000000") {
			t.Errorf("unknown ref: %s", squash(doc.Find(`main`)))
		}
		if n := getDoc(t, app, client, "/interviews?q=IV-00000000", 200).Find(`tr[data-testid^="interview-row-"]`).Length(); n != 0 {
			t.Errorf("Interviews: unknown ref finds %d", n)
		}
	})
	t.Run("OtherCandidateStillFound", func(t *testing.T) {
		doc := getDoc(t, app, client, "/sync-log?q="+url.QueryEscape(other.Email), 200)
		if doc.Find(`tr[data-opportunity="`+other.ID+`"]`).Length() != 1 {
			t.Errorf("other candidate not found: %s", squash(doc.Find(`[data-testid="synclog-table"]`)))
		}
	})
}
