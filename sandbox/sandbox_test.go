package sandbox

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestScopes(t *testing.T) {
	s, ts := setup(t, Options{DisableRateLimit: true})
	ada := oppNamed(t, s, DemoAccountID, "Ada Lovelace")
	morgan := oppNamed(t, s, DemoAccountID, "Morgan Blake")
	tests := []struct {
		name   string
		scopes []string
		method string
		path   string
		body   any
		want   int
	}{
		{"ReadWithoutScope", []string{"stages:read:admin"}, "GET", "/v1/opportunities/" + ada.ID, nil, 403},
		{"WriteImpliesRead", []string{"opportunities:write:admin"}, "GET", "/v1/opportunities/" + ada.ID, nil, 200},
		{"NotesNeedNotesScope", []string{"opportunities:write:admin"}, "POST", "/v1/opportunities/" + ada.ID + "/notes", map[string]any{"value": "x"}, 403},
		{"NotesWrite", []string{"notes:write:admin"}, "POST", "/v1/opportunities/" + ada.ID + "/notes", map[string]any{"value": "x"}, 201},
		{"NotesReadOnly", []string{"notes:read:admin"}, "POST", "/v1/opportunities/" + ada.ID + "/notes", map[string]any{"value": "x"}, 403},
		{"StageMoveNeedsWrite", []string{"opportunities:read:admin"}, "PUT", "/v1/opportunities/" + ada.ID + "/stage", map[string]any{"stage": "offer"}, 403},
		{"ConfidentialHidden", []string{"opportunities:read:admin"}, "GET", "/v1/opportunities/" + morgan.ID, nil, 403},
		{"ConfidentialAllowed", []string{"opportunities:read:admin", "confidential:access:admin"}, "GET", "/v1/opportunities/" + morgan.ID, nil, 200},
		{"WebhookCreateNeedsWrite", []string{"webhooks:read:admin"}, "POST", "/v1/webhooks", map[string]any{"url": "https://x.example/h", "event": "candidateStageChange"}, 403},
		{"WebhookList", []string{"webhooks:read:admin"}, "GET", "/v1/webhooks", nil, 200},
		{"UnknownRoute", []string{"stages:read:admin"}, "GET", "/v1/nope", nil, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t, s, ts.URL, DemoAccountID, tt.scopes...)
			status, body, _ := c.do(tt.method, tt.path, tt.body)
			if status != tt.want {
				t.Fatalf("status %d, want %d: %s", status, tt.want, body)
			}
			if status >= 400 {
				var e apiErr
				if err := json.Unmarshal(body, &e); err != nil || e.Code == "" || e.Message == "" {
					t.Errorf("error body %s", body)
				}
			}
		})
	}
}

// fetchAll follows next tokens and returns every item and the pages' sizes.

func fetchAll[T any](t *testing.T, c apiClient, path string) ([]T, []int) {
	t.Helper()
	var all []T
	var sizes []int
	next := ""
	for range 20 {
		p := path
		if next != "" {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			p += sep + "offset=" + url.QueryEscape(next)
		}
		var page list[T]
		c.json("GET", p, nil, 200, &page)
		all = append(all, page.Data...)
		sizes = append(sizes, len(page.Data))
		if !page.HasNext {
			if page.Next != "" {
				t.Errorf("last page has next %q", page.Next)
			}
			return all, sizes
		}
		if page.Next == "" {
			t.Fatal("hasNext without next")
		}
		next = page.Next
	}
	t.Fatal("too many pages")
	return nil, nil
}

func TestPostingsPagination(t *testing.T) {
	s, ts := setup(t, Options{DisableRateLimit: true})
	c := newClient(t, s, ts.URL, DemoAccountID, "postings:read:admin")
	all := s.Postings(DemoAccountID)
	if len(all) < 130 {
		t.Fatalf("only %d postings seeded", len(all))
	}
	var wantDefault []string
	for _, p := range all {
		internalOnly := p.State == "published" && !slices.Contains(p.DistributionChannels, "public")
		if p.Confidentiality != "confidential" && !internalOnly {
			wantDefault = append(wantDefault, p.ID)
		}
	}

	got, sizes := fetchAll[postingJSON](t, c, "/v1/postings")
	if len(sizes) != 2 || sizes[0] != 100 {
		t.Fatalf("page sizes %v", sizes)
	}
	var ids []string
	for _, p := range got {
		ids = append(ids, p.ID)
		if p.URLs.Show == "" || p.Categories.Team == "" || p.Tags == nil {
			t.Errorf("posting %s lacks fields: %+v", p.ID, p)
		}
	}
	if !slices.Equal(ids, wantDefault) {
		t.Errorf("default listing: got %d postings, want %d", len(ids), len(wantDefault))
	}

	tests := []struct {
		name   string
		scopes []string
		query  string
		want   func(Posting) bool
	}{
		{"InternalChannel", nil, "distributionChannel=internal", func(p Posting) bool {
			return p.Confidentiality != "confidential" && (p.State != "published" || slices.Contains(p.DistributionChannels, "internal"))
		}},
		{"BothChannelsPublished", nil, "state=published&distributionChannel=public&distributionChannel=internal", func(p Posting) bool {
			return p.Confidentiality != "confidential" && p.State == "published"
		}},
		{"ClosedAndDraft", nil, "state=closed&state=draft", func(p Posting) bool {
			return p.Confidentiality != "confidential" && (p.State == "closed" || p.State == "draft")
		}},
		{"AllConfidentiality", []string{"confidential:access:admin"}, "confidentiality=all&distributionChannel=public&distributionChannel=internal", func(Posting) bool { return true }},
		{"TeamAndLocation", nil, "team=Data&location=Zürich", func(p Posting) bool {
			internalOnly := p.State == "published" && !slices.Contains(p.DistributionChannels, "public")
			return p.Confidentiality != "confidential" && !internalOnly && p.Categories.Team == "Data" && p.Categories.Location == "Zürich"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t, s, ts.URL, DemoAccountID, append([]string{"postings:read:admin"}, tt.scopes...)...)
			got, _ := fetchAll[postingJSON](t, c, "/v1/postings?"+tt.query+"&limit=60")
			var want []string
			for _, p := range all {
				if tt.want(p) {
					want = append(want, p.ID)
				}
			}
			var gotIDs []string
			for _, p := range got {
				gotIDs = append(gotIDs, p.ID)
			}
			if len(want) == 0 || !slices.Equal(gotIDs, want) {
				t.Errorf("got %d postings, want %d", len(gotIDs), len(want))
			}
		})
	}

	var first list[postingJSON]
	c.json("GET", "/v1/postings?limit=5", nil, 200, &first)
	if len(first.Data) != 5 || !first.HasNext || !strings.HasPrefix(first.Next, "%5B") {
		t.Fatalf("first page %d items, next %q", len(first.Data), first.Next)
	}
	var second list[postingJSON]
	c.json("GET", "/v1/postings?limit=5&offset="+url.QueryEscape(first.Next), nil, 200, &second)
	if second.Data[0].ID == first.Data[0].ID {
		t.Error("second page repeats the first")
	}
	// A token decoded once more (sent raw) is accepted too.
	raw, _ := url.QueryUnescape(first.Next)
	c.json("GET", "/v1/postings?limit=5&offset="+url.QueryEscape(raw), nil, 200, nil)

	for name, q := range map[string]string{
		"Garbage":      "offset=abc",
		"Forged":       "offset=" + url.QueryEscape(`[5,"00000000-0000-4000-8000-000000000000"]`),
		"OtherFilters": "state=published&offset=" + url.QueryEscape(first.Next),
	} {
		var e apiErr
		c.json("GET", "/v1/postings?"+q, nil, 400, &e)
		if e.Code != "BadRequestError" || !strings.HasPrefix(e.Message, "Invalid offset token") {
			t.Errorf("%s: %+v", name, e)
		}
	}
	c.json("GET", "/v1/postings?limit=0", nil, 400, nil)
	var capped list[postingJSON]
	c.json("GET", "/v1/postings?limit=500", nil, 200, &capped)
	if len(capped.Data) != 100 {
		t.Errorf("limit=500 gave %d", len(capped.Data))
	}
	// Without confidential access, confidentiality=all silently leaves confidential postings out.
	noConf, _ := fetchAll[postingJSON](t, c, "/v1/postings?confidentiality=all&distributionChannel=public&distributionChannel=internal")
	for _, p := range noConf {
		if p.Confidentiality == "confidential" {
			t.Errorf("confidential posting %s listed without confidential access", p.ID)
		}
	}
	if len(noConf) <= len(wantDefault) {
		t.Errorf("confidentiality=all listed %d postings", len(noConf))
	}

	var one1 one[postingJSON]
	c.json("GET", "/v1/postings/"+all[1].ID, nil, 200, &one1)
	if one1.Data.Text != `<b>Backend</b> Engineer & "Ops"` {
		t.Errorf("posting text %q", one1.Data.Text)
	}
	c.json("GET", "/v1/postings/"+all[4].ID, nil, 403, nil) // confidential
	c.json("GET", "/v1/postings/nope", nil, 404, nil)
}

func TestOpportunityShapes(t *testing.T) {
	s, ts := setup(t, Options{DisableRateLimit: true, BaseURL: "http://lever.test/sandbox/lever/"})
	c := newClient(t, s, ts.URL, DemoAccountID, "opportunities:read:admin", "confidential:access:admin")
	ada := oppNamed(t, s, DemoAccountID, "Ada Lovelace")

	var plain one[wireOpp]
	c.json("GET", "/v1/opportunities/"+ada.ID, nil, 200, &plain)
	var appIDs []string
	if err := json.Unmarshal(plain.Data.Applications, &appIDs); err != nil || len(appIDs) != 1 || appIDs[0] != ada.Applications[0].ID {
		t.Errorf("applications %s", plain.Data.Applications)
	}
	if string(plain.Data.Stage) != `"applicant-new"` || plain.Data.URLs.Show != "http://lever.test/sandbox/lever/candidates/"+ada.ID {
		t.Errorf("stage %s urls %+v", plain.Data.Stage, plain.Data.URLs)
	}

	var expanded one[wireOpp]
	c.json("GET", "/v1/opportunities/"+ada.ID+"?expand=applications&expand=stage", nil, 200, &expanded)
	var apps []map[string]any
	if err := json.Unmarshal(expanded.Data.Applications, &apps); err != nil || len(apps) != 1 {
		t.Fatalf("expanded applications %s", expanded.Data.Applications)
	}
	if apps[0]["posting"] != ada.Applications[0].Posting || apps[0]["opportunityId"] != ada.ID || apps[0]["type"] != "posting" {
		t.Errorf("application %v", apps[0])
	}
	if string(expanded.Data.Stage) != `{"id":"applicant-new","text":"New applicant"}` {
		t.Errorf("expanded stage %s", expanded.Data.Stage)
	}

	var raw map[string]map[string]any
	c.json("GET", "/v1/opportunities/"+ada.ID, nil, 200, &raw)
	for _, f := range []string{"id", "name", "headline", "contact", "emails", "phones", "location", "confidentiality", "stage",
		"stageChanges", "archived", "tags", "sources", "origin", "owner", "applications", "createdAt", "updatedAt", "urls", "isAnonymized",
		"followers", "links", "lastAdvancedAt", "dataProtection"} {
		if _, ok := raw["data"][f]; !ok {
			t.Errorf("opportunity lacks %q", f)
		}
	}

	tests := []struct {
		name  string
		check func(wireOpp) bool
	}{
		{"Kofi Boateng", func(o wireOpp) bool { return string(o.Applications) == "[]" && string(o.Stage) == `"lead-new"` }},
		{"Priya Natarajan", func(o wireOpp) bool { return len(o.Emails) == 3 }},
		{"陈伟", func(o wireOpp) bool { return o.Emails != nil && len(o.Emails) == 0 }},
		{"Morgan Blake", func(o wireOpp) bool { return o.Confidentiality == "confidential" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var o one[wireOpp]
			c.json("GET", "/v1/opportunities/"+oppNamed(t, s, DemoAccountID, tt.name).ID, nil, 200, &o)
			if !tt.check(o.Data) {
				t.Errorf("unexpected %+v", o.Data)
			}
		})
	}
	for _, o := range s.Opportunities(DemoAccountID) {
		if o.IsAnonymized {
			var w one[wireOpp]
			c.json("GET", "/v1/opportunities/"+o.ID, nil, 200, &w)
			if !w.Data.IsAnonymized || w.Data.Name != "" || len(w.Data.Emails) != 0 {
				t.Errorf("anonymized %+v", w.Data)
			}
		}
	}

	s.DeleteOpportunity(DemoAccountID, ada.ID)
	var e apiErr
	c.json("GET", "/v1/opportunities/"+ada.ID, nil, 404, &e)
	if e.Code != "ResourceNotFound" {
		t.Errorf("deleted: %+v", e)
	}
	if _, ok := s.Opportunity(DemoAccountID, ada.ID); ok {
		t.Error("deleted opportunity still in snapshot")
	}
}

func TestListOpportunities(t *testing.T) {
	s, ts := setup(t, Options{DisableRateLimit: true})
	c := newClient(t, s, ts.URL, DemoAccountID, "opportunities:read:admin", "confidential:access:admin")
	all := s.Opportunities(DemoAccountID)
	ada := oppNamed(t, s, DemoAccountID, "Ada Lovelace")
	phone := stageID(t, s, DemoAccountID, "Phone Screen")
	tests := []struct {
		query string
		want  func(Opportunity) bool
	}{
		{"", func(o Opportunity) bool { return o.Confidentiality != "confidential" }},
		{"confidentiality=all", func(Opportunity) bool { return true }},
		{"confidentiality=confidential", func(o Opportunity) bool { return o.Confidentiality == "confidential" }},
		{"stage_id=applicant-new", func(o Opportunity) bool { return o.Stage == "applicant-new" && o.Confidentiality != "confidential" }},
		{"stage_id=applicant-new&stage_id=" + phone, func(o Opportunity) bool {
			return (o.Stage == "applicant-new" || o.Stage == phone) && o.Confidentiality != "confidential"
		}},
		{"tag=Backend", func(o Opportunity) bool { return slices.Contains(o.Tags, "Backend") }},
		{"tag=backend", func(Opportunity) bool { return false }},
		{"posting_id=" + ada.Applications[0].Posting, func(o Opportunity) bool { return o.ID == ada.ID }},
		{"updated_at_start=" + strconv.FormatInt(seedBase-3*day, 10), func(o Opportunity) bool {
			return o.UpdatedAt >= seedBase-3*day && o.Confidentiality != "confidential"
		}},
		{"email=ADA@example.com", func(o Opportunity) bool { return slices.Contains(o.Emails, "ada@example.com") }},
		{"archived=true", func(o Opportunity) bool { return o.Archived != nil }},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got, _ := fetchAll[wireOpp](t, c, "/v1/opportunities?limit=7&"+tt.query)
			var want, gotIDs []string
			for _, o := range all {
				if tt.want(o) {
					want = append(want, o.ID)
				}
			}
			for _, o := range got {
				gotIDs = append(gotIDs, o.ID)
			}
			if !slices.Equal(gotIDs, want) {
				t.Errorf("got %d %v, want %d %v", len(gotIDs), gotIDs, len(want), want)
			}
		})
	}
	limited := newClient(t, s, ts.URL, DemoAccountID, "opportunities:read:admin")
	for _, q := range []string{"confidentiality=all", "confidentiality=confidential"} {
		got, _ := fetchAll[wireOpp](t, limited, "/v1/opportunities?"+q)
		for _, o := range got {
			if o.Confidentiality == "confidential" {
				t.Errorf("%s without confidential access listed %s", q, o.ID)
			}
		}
	}
	c.json("GET", "/v1/opportunities?updated_at_start=yesterday", nil, 400, nil)
	c.json("GET", "/v1/opportunities?confidentiality=secret", nil, 400, nil)
}
