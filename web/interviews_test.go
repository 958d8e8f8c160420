package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

func TestDashboard(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	client := login(t, app, app.DemoEmail, app.DemoPassword)
	_, cand, iv := orderInterview(t, app, client, "Grace Hopper")
	row := `tr[data-testid="interview-row-` + iv.ID + `"]`

	t.Run("ListsInterview", func(t *testing.T) {
		doc := getDoc(t, app, client, "/interviews", 200)
		r := doc.Find(row)
		if r.Length() != 1 {
			t.Fatalf("row %s missing", iv.ID)
		}
		if got := r.Find(`[data-testid="candidate-name"]`).Text(); got != "Grace Hopper" {
			t.Errorf("candidate = %q", got)
		}
		if got := r.Find(`[data-testid="candidate-email"]`).Text(); got != cand.Email {
			t.Errorf("email = %q, want %q", got, cand.Email)
		}
		if got := r.Find(`[data-testid="status-badge"]`).AttrOr("data-status", ""); got != "to_be_scheduled" {
			t.Errorf("status badge = %q", got)
		}
		lever := r.Find(`a[data-testid="lever-link"]`)
		if !strings.HasSuffix(lever.AttrOr("href", ""), "/candidates/"+cand.ID) || lever.AttrOr("target", "") != "_blank" || lever.AttrOr("rel", "") != "noopener" {
			t.Errorf("lever link = %v", lever.Nodes[0].Attr)
		}
		// The posting title holds HTML: shown as text, never as markup.
		if r.Find("b").Length() != 0 || !strings.Contains(r.Text(), `<b>Backend</b> Engineer & "Ops"`) {
			t.Errorf("posting title not escaped: %q", r.Text())
		}
		if got := doc.Find(`[data-testid="chip-to_be_scheduled"] [data-testid="chip-count"]`).Text(); got != "1" {
			t.Errorf("to_be_scheduled chip count = %q", got)
		}
		if href := r.Find(`a[data-testid="interview-link"]`).AttrOr("href", ""); href != "/interviews/"+iv.ID {
			t.Errorf("page link = %q", href)
		}
	})

	tests := []struct {
		name  string
		query string
		found bool
	}{
		{"StatusMatches", "?status=to_be_scheduled", true},
		{"StatusOther", "?status=scheduled", false},
		{"SearchName", "?q=grace", true},
		{"SearchEmail", "?q=" + url.QueryEscape(cand.Email), true},
		{"SearchPosting", "?q=backend", true},
		{"SearchOpportunity", "?q=" + cand.ID, true},
		{"SearchNoMatch", "?q=nobody-here", false},
		{"StaffAllOrgs", "?org=all", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := getDoc(t, app, client, "/interviews"+tt.query, 200)
			if got := doc.Find(row).Length() == 1; got != tt.found {
				t.Errorf("found = %v, want %v", got, tt.found)
			}
		})
	}

	t.Run("StaffOrgColumnAndPicker", func(t *testing.T) {
		doc := getDoc(t, app, client, "/interviews?org=all", 200)
		if got := doc.Find(row + ` [data-testid="interview-org"]`).Text(); got != "Demo Co" {
			t.Errorf("org column = %q", got)
		}
		if doc.Find(`form[data-testid="org-picker"][action="/staff/view-org"]`).Length() != 1 {
			t.Error("no org picker for staff")
		}
		doc = getDoc(t, app, client, "/interviews", 200)
		if doc.Find(row+` [data-testid="interview-org"]`).Length() != 0 {
			t.Error("org column shown for one organization")
		}
	})
}

func TestInterviewEvents(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	client := login(t, app, app.DemoEmail, app.DemoPassword)
	_, _, iv := orderInterview(t, app, client, "Jonas Berg")
	page := "/interviews/" + iv.ID

	doc := getDoc(t, app, client, page, 200)
	requireForms(t, doc, "schedule-form", "fail-form")

	// Schedule: 10:00 in Berlin on 31 March 2026 is 08:00 UTC (CEST).
	resp, body := postForm(t, app, client, page+"/schedule", url.Values{"scheduled_at": {"2026-03-31T10:00"}, "timezone": {"Europe/Berlin"},
		"duration_minutes": {"45"}, "interviewer": {"Ivan Interviewer"}, "meeting_url": {"https://meet.example/abc"}})
	if resp.Request.URL.Path != page || !strings.Contains(body, "Interview scheduled: Lever will be updated within seconds") {
		t.Fatalf("schedule ended at %s\n%s", resp.Request.URL, tail(body, 3000))
	}
	var got struct {
		Status      string `json:"status"`
		ScheduledAt string `json:"scheduled_at"`
		Timezone    string `json:"timezone"`
		ReportURL   string `json:"report_url"`
	}
	apiJSON(t, app, "GET", "/api/v1/interviews/"+iv.ID, "", 200, &got)
	if got.Status != "scheduled" || got.ScheduledAt != "2026-03-31T08:00:00Z" || got.Timezone != "Europe/Berlin" {
		t.Fatalf("after schedule: %+v", got)
	}
	doc = parseHTML(t, body)
	if s := doc.Find(`[data-testid="detail-scheduled"]`).Text(); !strings.Contains(s, "10:00 CEST (Europe/Berlin") {
		t.Errorf("scheduled shown as %q", s)
	}
	requireForms(t, doc, "schedule-form", "complete-form", "fail-form")
	waitWrites(t, app, client, page, "move_stage", "post_note")

	// Complete with a verdict: the report link serves a PDF without login.
	form := url.Values{"verdict": {"yes"}, "playback_url": {"https://play.example/rec/1"}, "summary": {"Strong <em>Go</em> skills."},
		"rating_skill": {"Go", "SQL", ""}, "rating_score": {"5", "4", ""}, "rating_comment": {"Idiomatic", "", ""}}
	resp, body = postForm(t, app, client, page+"/complete", form)
	if resp.Request.URL.Path != page || !strings.Contains(body, "Interview completed") {
		t.Fatalf("complete ended at %s\n%s", resp.Request.URL, tail(body, 3000))
	}
	doc = parseHTML(t, body)
	if doc.Find(`[data-testid="status-badge"]`).First().AttrOr("data-status", "") != "intervue_yes" {
		t.Errorf("status after complete: %s", doc.Find(`[data-testid="status-badge"]`).First().Text())
	}
	if doc.Find(`[data-testid="detail-summary"] em`).Length() != 0 {
		t.Error("summary rendered as HTML")
	}
	requireForms(t, doc)
	report := doc.Find(`a[data-testid="report-link"]`).AttrOr("href", "")
	pdf, err := http.Get(report)
	if err != nil {
		t.Fatal(err)
	}
	pdf.Body.Close()
	if pdf.StatusCode != 200 || pdf.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("report %s = %d %s", report, pdf.StatusCode, pdf.Header.Get("Content-Type"))
	}
	dash := getDoc(t, app, client, "/interviews", 200)
	if href := dash.Find(`tr[data-testid="interview-row-`+iv.ID+`"] a[data-testid="report-link"]`).AttrOr("href", ""); href != report {
		t.Errorf("dashboard report link = %q, want %q", href, report)
	}
	waitWrites(t, app, client, page, "move_stage", "post_note", "move_stage", "post_note", "upload_file")
}

func TestInterviewFormErrors(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	client := login(t, app, app.DemoEmail, app.DemoPassword)
	_, _, iv := orderInterview(t, app, client, "Aisha Khan")
	page := "/interviews/" + iv.ID

	tests := []struct {
		name   string
		action string
		form   url.Values
		errID  string // data-testid of the message
		kept   [2]string
	}{
		{"FailNoReason", "/fail", url.Values{"detail": {"Slot <lost>"}}, "error-reason", [2]string{"#detail", "Slot <lost>"}},
		{"FailOtherNeedsDetail", "/fail", url.Values{"reason": {"other"}}, "error-detail", [2]string{"#reason option[selected]", "The interview could not take place"}},
		{"ScheduleBadZone", "/schedule", url.Values{"scheduled_at": {"2026-04-01T09:30"}, "timezone": {"Mars/Olympus"}, "duration_minutes": {"60"}, "interviewer": {"Ivan"}}, "error-timezone", [2]string{"#interviewer@value", "Ivan"}},
		{"ScheduleNoDate", "/schedule", url.Values{"timezone": {"Europe/Berlin"}, "duration_minutes": {"60"}, "interviewer": {"Ivan"}}, "error-scheduled_at", [2]string{"#timezone@value", "Europe/Berlin"}},
		{"ScheduleShort", "/schedule", url.Values{"scheduled_at": {"2026-04-01T09:30"}, "timezone": {"Europe/Berlin"}, "duration_minutes": {"5"}, "interviewer": {"Ivan"}}, "error-duration_minutes", [2]string{"#scheduled_at@value", "2026-04-01T09:30"}},
		{"CompleteWrongState", "/complete", url.Values{"verdict": {"yes"}, "playback_url": {"https://play.example/1"}}, "complete-error", [2]string{"#playback_url@value", "https://play.example/1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := postForm(t, app, client, page+tt.action, tt.form)
			if resp.StatusCode != 200 || resp.Request.URL.Path != page+tt.action {
				t.Fatalf("status %d at %s, want 200 re-render", resp.StatusCode, resp.Request.URL)
			}
			doc := parseHTML(t, body)
			if doc.Find(`[data-testid="`+tt.errID+`"]`).Length() != 1 {
				t.Fatalf("no %s\n%s", tt.errID, tail(body, 3000))
			}
			sel, attr, _ := strings.Cut(tt.kept[0], "@")
			got := doc.Find(sel).First().Text()
			if attr != "" {
				got = doc.Find(sel).First().AttrOr(attr, "")
			}
			if got != tt.kept[1] {
				t.Errorf("%s = %q, want %q", tt.kept[0], got, tt.kept[1])
			}
		})
	}
	apiJSON(t, app, "GET", "/api/v1/interviews/"+iv.ID, "", 200, &iv)
	if iv.Status != "to_be_scheduled" {
		t.Fatalf("status changed by invalid forms: %s", iv.Status)
	}

	resp, body := postForm(t, app, client, page+"/fail", url.Values{"reason": {"other"}, "detail": {"Expert unavailable"}})
	if resp.Request.URL.Path != page || !strings.Contains(body, "unable to schedule") {
		t.Fatalf("fail ended at %s\n%s", resp.Request.URL, tail(body, 3000))
	}
	apiJSON(t, app, "GET", "/api/v1/interviews/"+iv.ID, "", 200, &iv)
	if iv.Status != "unable_to_schedule" {
		t.Fatalf("status after fail = %s", iv.Status)
	}
	requireForms(t, parseHTML(t, body))
}

// requireForms checks exactly the named ops forms are on the page.
func requireForms(t *testing.T, doc *goquery.Document, want ...string) {
	t.Helper()
	for _, f := range []string{"schedule-form", "complete-form", "fail-form"} {
		has := doc.Find(`form[data-testid="`+f+`"]`).Length() == 1
		if has != contains(want, f) {
			t.Errorf("form %s shown = %v, want %v", f, has, !has)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// waitWrites polls the interview page's writes table (as htmx does) until
// the last writes have these kinds, in order, and every write is done.
func waitWrites(t *testing.T, app *testApp, c *http.Client, page string, kinds ...string) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		req, _ := http.NewRequest("GET", app.URL+page, nil)
		req.Header.Set("HX-Request", "true")
		_, body := do(t, c, req)
		if strings.Contains(body, "<html") {
			t.Fatalf("htmx poll got the whole page")
		}
		var got []string
		done := true
		parseHTML(t, body).Find(`tr[data-testid^="write-row-"]`).Each(func(_ int, s *goquery.Selection) {
			got = append(got, s.AttrOr("data-kind", ""))
			done = done && s.AttrOr("data-status", "") == "done"
		})
		if done && len(got) >= len(kinds) && strings.Join(got[len(got)-len(kinds):], ",") == strings.Join(kinds, ",") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("writes not done after 15s, want last %v:\n%s", kinds, body)
		}
	}
}
