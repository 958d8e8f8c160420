package handlers_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/intervue/lever-integration/models"
)

// htmx requests get one fragment back at 200, never the whole page.
func TestLeverPageHTMXFragments(t *testing.T) {
	app := setupLeverApp(t)
	app.connect(t, "accept", nil)
	ids := app.stageIDs(t)

	t.Run("EnableRefused", func(t *testing.T) {
		resp, doc := app.post(t, app.Owner, "/integrations/lever/enabled", url.Values{"enabled": {"off", "on"}}, true)
		if resp.StatusCode != 200 || doc.Find("nav").Length() != 0 {
			t.Fatalf("status %d, full page: %v", resp.StatusCode, doc.Find("nav").Length() != 0)
		}
		if got := text(testid(doc, "enable-error")); !strings.Contains(got, "map all five stages first") {
			t.Errorf("error = %q", got)
		}
		if testid(doc, "enable-toggle").Is("[checked]") || testid(doc, "enable-toggle").AttrOr("aria-invalid", "") != "true" {
			t.Error("toggle shown on, or not flagged")
		}
	})

	t.Run("StageMappingErrors", func(t *testing.T) {
		form := url.Values{"to_be_scheduled": {ids["to_be_scheduled"]}, "scheduled": {ids["to_be_scheduled"]}}
		resp, doc := app.post(t, app.Owner, "/integrations/lever/stage-mapping", form, true)
		if resp.StatusCode != 200 || doc.Find("body > section#stage-mapping-card").Length() != 1 || doc.Find("nav").Length() != 0 {
			t.Fatalf("status %d, not the card alone", resp.StatusCode)
		}
		if got := text(doc.Find("#stage-scheduled-error")); !strings.Contains(got, "already used for To be Scheduled") {
			t.Errorf("duplicate error = %q", got)
		}
		if got := text(doc.Find("#stage-intervue_no-error")); !strings.Contains(got, "choose the Lever stage") {
			t.Errorf("missing error = %q", got)
		}
		if got := testid(doc, "stage-scheduled").Find("option[selected]").AttrOr("value", ""); got != ids["to_be_scheduled"] {
			t.Errorf("submitted value not kept: %q", got)
		}
	})

	t.Run("StageMappingSaved", func(t *testing.T) {
		form := url.Values{}
		for k, v := range ids {
			form.Set(k, v)
		}
		_, doc := app.post(t, app.Owner, "/integrations/lever/stage-mapping", form, true)
		if got := text(testid(doc, "stage-mapping-saved")); got != "Stage mapping saved" {
			t.Errorf("message = %q", got)
		}
		oob := doc.Find(`template #setup-checklist[hx-swap-oob="true"]`)
		if oob.Find(`[data-testid="check-stages"]`).AttrOr("data-state", "") != "ok" {
			t.Error("checklist not updated out of band")
		}
		if got := app.connection(t).Mapping(); got.Scheduled != ids["scheduled"] || !got.Complete() {
			t.Errorf("stored mapping = %+v", got)
		}
	})

	t.Run("Postings", func(t *testing.T) {
		_, doc := app.get(t, app.Owner, "/integrations/lever/postings?page=2", true)
		if doc.Find("body > #postings-table").Length() != 1 || doc.Find("nav.nav").Length() != 0 {
			t.Fatal("not the table alone")
		}
		if got := text(testid(doc, "postings-summary")); got != "Showing 51–100 of 140" {
			t.Errorf("summary = %q", got)
		}
		_, doc = app.get(t, app.Owner, "/integrations/lever/postings?q=engineer", true)
		if testid(doc, "posting-row").Length() == 0 {
			t.Fatal("no posting matches engineer")
		}
		doc.Find(`[data-testid="posting-row"]`).Each(func(_ int, s *goquery.Selection) {
			if !strings.Contains(strings.ToLower(text(s)), "engineer") {
				t.Errorf("row does not match q: %q", text(s))
			}
		})
	})

	t.Run("PostingProfile", func(t *testing.T) {
		p, err := app.Store.CreateProfile(context.Background(), app.OrgID, models.ProfileInput{Name: "Go <Backend>", DurationMinutes: 60})
		if err != nil {
			t.Fatal(err)
		}
		rows, _, err := app.Store.Postings(context.Background(), app.OrgID, models.PostingFilter{Q: "Ops"})
		if err != nil || len(rows) == 0 {
			t.Fatalf("no posting: %v", err)
		}
		_, doc := app.post(t, app.Owner, "/integrations/lever/postings/"+url.PathEscape(rows[0].ID)+"/profile", url.Values{"profile_id": {p.ID}}, true)
		row := testid(doc, "posting-row")
		if row.Length() != 1 || text(row.Find(`[data-testid="posting-saved"]`)) != "Saved" {
			t.Fatal("row with Saved not returned")
		}
		if got := text(row.Find(`[data-testid="posting-profile"] option[selected]`)); got != "Go <Backend>" {
			t.Errorf("selected profile = %q", got)
		}
		if got := text(doc.Find(`template #postings-mapped-count[hx-swap-oob="true"]`)); got != "1 of 140 postings mapped." {
			t.Errorf("out-of-band count = %q", got)
		}
		_, doc = app.post(t, app.Owner, "/integrations/lever/postings/"+url.PathEscape(rows[0].ID)+"/profile", url.Values{"profile_id": {"nope"}}, true)
		if got := text(testid(doc, "posting-error")); got != "unknown interview profile" {
			t.Errorf("error = %q", got)
		}
	})
}

// Lever's text is data: markup in a posting title is shown, not rendered.
func TestLeverTextIsEscaped(t *testing.T) {
	app := setupLeverApp(t)
	app.connect(t, "accept", nil)
	resp, doc := app.get(t, app.Owner, "/integrations/lever/postings?q="+url.QueryEscape(`"Ops"`), false)
	if resp.StatusCode != 200 || doc.Find("nav.nav").Length() != 1 {
		t.Fatal("plain GET does not render the whole screen")
	}
	title := testid(doc, "posting-title")
	if got := text(title); got != `<b>Backend</b> Engineer & "Ops"` {
		t.Errorf("title = %q", got)
	}
	if title.Find("b").Length() != 0 {
		t.Error("posting title rendered as HTML")
	}
	if got := text(testid(doc, "postings-summary")); got != "Showing 1–1 of 1" {
		t.Errorf("summary = %q", got)
	}
	if got := testid(doc, "postings-search").AttrOr("value", ""); got != `"Ops"` {
		t.Errorf("search box = %q", got)
	}
}
