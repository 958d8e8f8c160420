package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/models"
)

// allowed expects a role to be let through: any 2xx or 3xx, or 422 for a
// form that was refused on its content.
const allowed = -1

// roleFixture is one app with a candidate in the demo organization (an
// interview, a failed write and a failed delivery) and a user of every role.
type roleFixture struct {
	app                                   *testApp
	anon, member, admin, other, staff     *http.Client
	oppID, email, ivID, writeID, delivery string
	postingID, profileID, otherKey, orgID string
}

func setupRoles(t *testing.T) *roleFixture {
	t.Helper()
	app := startApp(t, nil)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	_, cand, iv := orderInterview(t, app, owner, "Priya Natarajan")
	store := openStore(t, app)
	ctx := context.Background()
	demo, err := store.Authenticate(ctx, app.DemoEmail, app.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	f := &roleFixture{app: app, oppID: cand.ID, email: cand.Email, ivID: iv.ID, orgID: demo.OrgID}
	f.writeID = writeWhenDone(t, store, iv.ID, models.WriteAddTag).ID
	failWrite(t, store, f.writeID)
	var d models.WebhookDelivery
	if err := store.Gorm().Where("opportunity_id = ?", cand.ID).First(&d).Error; err != nil {
		t.Fatal(err)
	}
	if err := store.FinishDelivery(ctx, d.ID, models.DeliveryFailed, "forced by the test"); err != nil {
		t.Fatal(err)
	}
	f.delivery = d.ID
	var postings []struct{ ID string }
	apiJSON(t, app, "GET", "/api/v1/lever/postings", "", 200, &postings)
	f.postingID = postings[0].ID
	var profile struct{ ID string }
	apiJSON(t, app, "POST", "/api/v1/profiles", `{"name":"Throwaway","duration_minutes":30,"skills":["Go"]}`, 201, &profile)
	f.profileID = profile.ID

	other, err := store.CreateOrganization(ctx, models.NewOrgInput{Name: "Other Co", Email: "owner@other.test", Password: "other-password", Credits: 5})
	if err != nil {
		t.Fatal(err)
	}
	f.otherKey = other.APIKey
	users := []struct{ org, email, role, platform string }{
		{demo.OrgID, "admin@roles.test", models.RoleAdmin, ""},
		{demo.OrgID, "member@roles.test", models.RoleMember, ""},
		{other.Org.ID, "support@intervue.test", models.RoleMember, models.PlatformRoleSupport},
	}
	for _, u := range users {
		if _, err := store.CreateUser(ctx, u.org, u.email, "password-123", u.role, u.platform); err != nil {
			t.Fatal(err)
		}
	}
	f.anon = noRedirect(&http.Client{})
	f.admin = noRedirect(login(t, app, "admin@roles.test", "password-123"))
	f.member = noRedirect(login(t, app, "member@roles.test", "password-123"))
	f.staff = noRedirect(login(t, app, "support@intervue.test", "password-123"))
	f.other = noRedirect(login(t, app, "owner@other.test", "other-password"))
	return f
}

// TestRoles checks every page and action of handlers/routes.go for every
// role: anonymous users are sent to log in (GET) or get 401, members read
// but never act, admins act except as super admin, another organization's
// admin gets 404 for this organization's ids, and support staff read and
// retry in every organization.
func TestRoles(t *testing.T) {
	t.Parallel()
	f := setupRoles(t)
	timeline := "/sync-log/candidates/" + url.PathEscape(f.oppID) + "?org=" + f.orgID
	ivPath := "/interviews/" + f.ivID
	tests := []struct {
		route, path string // the pattern of handlers/routes.go, a URL of it
		form        url.Values
		// Expected status per role; 0 = not checked (the route acts on the
		// user's own organization, covered by the admin column).
		anon, member, admin, other, staff int
	}{
		// Pages.
		{"GET /{$}", "/", nil, 303, 303, 303, 303, 303},
		{"GET /integrations/lever", "/integrations/lever", nil, 303, 200, 200, 200, 200},
		{"GET /integrations/lever/postings", "/integrations/lever/postings", nil, 303, 200, 200, 200, 200},
		{"GET /profiles", "/profiles", nil, 303, 200, 200, 200, 200},
		{"GET /interviews", "/interviews", nil, 303, 200, 200, 200, 200},
		{"GET /interviews/{id}", ivPath, nil, 303, 200, 200, 404, 200},
		{"GET /sync-log", "/sync-log?q=" + url.QueryEscape(f.email), nil, 303, 200, 200, 200, 200},
		{"GET /sync-log/candidates/{opportunity}", timeline, nil, 303, 200, 200, 404, 200},
		{"GET /attention", "/attention", nil, 303, 200, 200, 200, 200},
		{"GET /interviews.csv", "/interviews.csv", nil, 303, 200, 200, 200, 200},
		{"GET /integrations/lever/backfill", "/integrations/lever/backfill", nil, 303, 200, 200, 0, 0},
		{"GET /integrations/lever/backfill/progress", "/integrations/lever/backfill/progress", nil, 303, 200, 200, 0, 0},
		// OAuth: only a super admin may start; the callback without the
		// session's state connects nothing and goes back to the screen.
		{"GET /integrations/lever/connect", "/integrations/lever/connect", nil, 303, 403, 403, 0, 403},
		{"POST /integrations/lever/connect", "/integrations/lever/connect", nil, 401, 403, 403, 0, 403},
		{"GET /integrations/lever/callback", "/integrations/lever/callback?code=x&state=y", nil, 303, 303, 303, 303, 303},
		// Super admin actions.
		{"POST /integrations/lever/enabled", "/integrations/lever/enabled", url.Values{"enabled": {"on"}}, 401, 403, 403, 0, 403},
		{"POST /integrations/lever/disconnect", "/integrations/lever/disconnect", nil, 401, 403, 403, 0, 403},
		{"POST /integrations/lever/webhook", "/integrations/lever/webhook", nil, 401, 403, 403, 0, 403},
		// Admin actions.
		{"POST /integrations/lever/signature-token", "/integrations/lever/signature-token", url.Values{"signature_token": {""}}, 401, 403, allowed, 0, 0},
		{"POST /integrations/lever/stages/refresh", "/integrations/lever/stages/refresh", nil, 401, 403, allowed, 0, 0},
		{"POST /integrations/lever/stage-mapping", "/integrations/lever/stage-mapping", url.Values{}, 401, 403, allowed, 0, 0},
		{"POST /integrations/lever/postings/refresh", "/integrations/lever/postings/refresh", nil, 401, 403, allowed, 0, 0},
		{"POST /integrations/lever/postings/{id}/profile", "/integrations/lever/postings/" + url.PathEscape(f.postingID) + "/profile", url.Values{"profile_id": {""}}, 401, 403, allowed, 404, 0},
		{"POST /integrations/lever/sweep", "/integrations/lever/sweep", nil, 401, 403, allowed, 0, 0},
		{"POST /integrations/lever/backfill", "/integrations/lever/backfill", url.Values{}, 401, 403, allowed, 0, 0},
		{"POST /profiles", "/profiles", url.Values{"name": {"Role test"}, "duration_minutes": {"30"}, "skills": {"Go"}}, 401, 403, allowed, 0, 0},
		{"POST /profiles/{id}/delete", "/profiles/" + f.profileID + "/delete", nil, 401, 403, allowed, 404, 0},
		{"POST /interviews/{id}/schedule", ivPath + "/schedule", url.Values{}, 401, 403, allowed, 404, allowed},
		{"POST /interviews/{id}/complete", ivPath + "/complete", url.Values{}, 401, 403, allowed, 404, allowed},
		{"POST /interviews/{id}/fail", ivPath + "/fail", url.Values{}, 401, 403, allowed, 404, allowed},
		{"POST /interviews/{id}/revoke-links", ivPath + "/revoke-links", nil, 401, 403, 303, 404, 303},
		{"POST /sync-log/writes/{id}/retry", "/sync-log/writes/" + f.writeID + "/retry", url.Values{"next": {"/attention"}}, 401, 403, 303, 404, 303},
		{"POST /sync-log/deliveries/{id}/retry", "/sync-log/deliveries/" + f.delivery + "/retry", url.Values{"next": {"/attention"}}, 401, 403, 303, 404, 303},
		// Support staff only.
		{"POST /staff/view-org", "/staff/view-org", url.Values{"org_id": {""}}, 401, 403, 403, 403, 303},
	}
	// Before any Retry: the failed write and delivery need attention.
	t.Run("MemberSeesNoActions", func(t *testing.T) {
		// The attention list leaves out the delivery: an interview followed it.
		for path, want := range map[string]int{timeline: 2, "/attention": 1} {
			if n := getDoc(t, f.app, f.member, path, 200).Find(`form[action*="/retry"]`).Length(); n != 0 {
				t.Errorf("member sees %d Retry forms on %s", n, path)
			}
			if n := getDoc(t, f.app, f.admin, path, 200).Find(`form[action*="/retry"]`).Length(); n != want {
				t.Errorf("admin sees %d Retry forms on %s, want %d", n, path, want)
			}
		}
	})

	t.Run("StaffSeeEveryOrganization", func(t *testing.T) {
		doc := getDoc(t, f.app, f.staff, "/sync-log?q="+url.QueryEscape(f.email), 200)
		row := doc.Find(`tr[data-opportunity="` + f.oppID + `"]`)
		if row.Length() != 1 || row.Find(`[data-testid="candidate-org"]`).Text() != "Demo Co" {
			t.Errorf("staff search: %q", squash(doc.Find(`[data-testid="synclog-table"]`)))
		}
		doc = getDoc(t, f.app, f.staff, "/attention", 200)
		if doc.Find(`[data-testid="attention-row"][data-opportunity="`+f.oppID+`"] [data-testid="attention-org"]`).Text() != "Demo Co" {
			t.Errorf("staff attention: %q", squash(doc.Find(`[data-testid="attention-page"]`)))
		}
		if n := doc.Find(`[data-testid="nav-attention"]`).AttrOr("data-count", ""); n == "" || n == "0" {
			t.Errorf("staff attention count = %q", n)
		}
	})

	t.Run("OtherOrgSeesNothing", func(t *testing.T) {
		if n := getDoc(t, f.app, f.other, "/sync-log?q="+url.QueryEscape(f.email), 200).Find(`tr[data-testid="candidate-row"]`).Length(); n != 0 {
			t.Errorf("other org finds %d candidates", n)
		}
		doc := getDoc(t, f.app, f.other, "/attention", 200)
		if doc.Find(`[data-testid="attention-row"]`).Length() != 0 || doc.Find(`[data-testid="nav-attention"]`).AttrOr("data-count", "") != "0" {
			t.Errorf("other org attention: %q", squash(doc.Find(`[data-testid="attention-page"]`)))
		}
	})

	// Read-only roles first, so that no action has changed the state they see.
	roles := []struct {
		name   string
		client *http.Client
		want   func(i int) int
	}{
		{"Anonymous", f.anon, func(i int) int { return tests[i].anon }},
		{"Member", f.member, func(i int) int { return tests[i].member }},
		{"OtherOrgAdmin", f.other, func(i int) int { return tests[i].other }},
		{"Admin", f.admin, func(i int) int { return tests[i].admin }},
		{"Staff", f.staff, func(i int) int { return tests[i].staff }},
	}
	covered := map[string]bool{"POST /logout": true} // the Logout subtest
	for _, tt := range tests {
		covered[tt.route] = true
	}
	requireCovered(t, covered, false)
	for _, role := range roles {
		for i, tt := range tests {
			want := role.want(i)
			if want == 0 {
				continue
			}
			method, _, _ := strings.Cut(tt.route, " ")
			t.Run(role.name+"/"+tt.route, func(t *testing.T) {
				var resp *http.Response
				var body string
				if method == "GET" {
					resp, body = get(t, f.app, role.client, tt.path)
				} else {
					resp, body = postForm(t, f.app, role.client, tt.path, tt.form)
				}
				got := resp.StatusCode
				if want == allowed {
					if got >= 400 && got != http.StatusUnprocessableEntity {
						t.Errorf("%s %s = %d, want it allowed\n%s", method, tt.path, got, tail(body, 500))
					}
					return
				}
				if got != want {
					t.Errorf("%s %s = %d, want %d\n%s", method, tt.path, got, want, tail(body, 500))
				}
				if want := "/login?next=" + url.QueryEscape(tt.path); role.client == f.anon && method == "GET" && resp.Header.Get("Location") != want {
					t.Errorf("anonymous GET %s went to %q, want %s", tt.path, resp.Header.Get("Location"), want)
				}
			})
		}
	}

	t.Run("Logout", func(t *testing.T) {
		for _, c := range []*http.Client{f.anon, f.member} {
			if resp, _ := postForm(t, f.app, c, "/logout", nil); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
				t.Errorf("logout = %d to %q", resp.StatusCode, resp.Header.Get("Location"))
			}
		}
		if resp, _ := get(t, f.app, f.member, "/sync-log"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("after logout GET /sync-log = %d", resp.StatusCode)
		}
	})
}

// TestAPIRoles checks that the JSON API needs a key and that another
// organization's key reaches none of this organization's records.
func TestAPIRoles(t *testing.T) {
	t.Parallel()
	f := setupRoles(t)
	iv := "/api/v1/interviews/" + f.ivID
	tests := []struct {
		route, path, body string // the pattern of handlers/routes.go, a URL of it, a JSON body
		other             int    // status for another organization's key; 0 = not checked
		otherBody         string // the whole body for another org's key, when set
	}{
		{"GET /api/v1/lever", "/api/v1/lever", "", 200, ""},
		{"PUT /api/v1/lever/enabled", "/api/v1/lever/enabled", `{"enabled":false}`, 0, ""},
		{"PUT /api/v1/lever/webhook-signature-token", "/api/v1/lever/webhook-signature-token", `{"token":"x"}`, 0, ""},
		{"GET /api/v1/lever/stages", "/api/v1/lever/stages", "", 0, ""},
		{"GET /api/v1/lever/stage-mapping", "/api/v1/lever/stage-mapping", "", 0, ""},
		{"PUT /api/v1/lever/stage-mapping", "/api/v1/lever/stage-mapping", `{}`, 0, ""},
		{"GET /api/v1/lever/postings", "/api/v1/lever/postings", "", 0, ""},
		{"PUT /api/v1/lever/postings/{posting_id}/profile", "/api/v1/lever/postings/" + url.PathEscape(f.postingID) + "/profile", `{"profile_id":null}`, 404, ""},
		{"GET /api/v1/profiles", "/api/v1/profiles", "", 200, ""},
		{"POST /api/v1/profiles", "/api/v1/profiles", `{}`, 0, ""},
		{"GET /api/v1/credits", "/api/v1/credits", "", 200, ""},
		{"GET /api/v1/interviews", "/api/v1/interviews?opportunity_id=" + url.QueryEscape(f.oppID), "", 200, "[]"},
		{"GET /api/v1/interviews/{id}", iv, "", 404, ""},
		{"POST /api/v1/interviews/{id}/schedule", iv + "/schedule", `{}`, 404, ""},
		{"POST /api/v1/interviews/{id}/complete", iv + "/complete", `{}`, 404, ""},
		{"POST /api/v1/interviews/{id}/fail", iv + "/fail", `{}`, 404, ""},
		{"POST /api/v1/interviews/{id}/revoke-links", iv + "/revoke-links", "", 404, ""},
		{"GET /api/v1/sync-log", "/api/v1/sync-log?opportunity_id=" + url.QueryEscape(f.oppID), "", 200, "[]"},
		{"/api/", "/api/v1/nope", "", 404, ""},
	}
	call := func(t *testing.T, method, path, body, key string) (int, string) {
		req, _ := http.NewRequest(method, f.app.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, strings.TrimSpace(string(b))
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		covered[tt.route] = true
	}
	requireCovered(t, covered, true)
	for _, tt := range tests {
		method, _, ok := strings.Cut(tt.route, " ")
		if !ok {
			method = "GET"
		}
		t.Run(tt.route, func(t *testing.T) {
			if status, _ := call(t, method, tt.path, tt.body, ""); status != http.StatusUnauthorized {
				t.Errorf("no key: %s %s = %d, want 401", method, tt.path, status)
			}
			if status, _ := call(t, method, tt.path, tt.body, "not-a-key"); status != http.StatusUnauthorized {
				t.Errorf("bad key: %s %s = %d, want 401", method, tt.path, status)
			}
			if tt.other == 0 {
				return
			}
			status, body := call(t, method, tt.path, tt.body, f.otherKey)
			if status != tt.other || (tt.otherBody != "" && body != tt.otherBody) {
				t.Errorf("other org's key: %s %s = %d %s, want %d %s", method, tt.path, status, body, tt.other, tt.otherBody)
			}
		})
	}
}

// publicRoutes need no login or key: they are checked by their own tests
// (login, webhooks, report links, the sandbox, operations).
var publicRoutes = map[string]bool{
	"GET /healthz": true, "GET /metrics": true, "GET /static/": true, "GET /login": true, "POST /login": true,
	"GET /links/report/{token}": true, "GET /links/playback/{token}": true, "POST /webhooks/lever/{key}": true, "/sandbox/lever/": true, "POST /csp-report": true,
}

// routePattern finds the patterns registered in handlers/routes.go.
var routePattern = regexp.MustCompile(`mux\.Handle(?:Func)?\("([^"]+)"`)

// requireCovered fails when a route of handlers/routes.go that is not
// public has no row in a role table: the JSON API's routes (under /api/)
// when api, else the pages and actions.
func requireCovered(t *testing.T, covered map[string]bool, api bool) {
	t.Helper()
	src, err := os.ReadFile("../handlers/routes.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range routePattern.FindAllStringSubmatch(string(src), -1) {
		route := m[1]
		path := route
		if _, p, ok := strings.Cut(route, " "); ok {
			path = p
		}
		if publicRoutes[route] || strings.HasPrefix(path, "/api/") != api {
			continue
		}
		if !covered[route] {
			t.Errorf("route %q has no role check: add it to the table in web/roles_test.go", route)
		}
	}
}
