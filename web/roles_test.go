package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Columns of the HTML role matrix, in the order the roles run: read-only
// roles first, so that no action has changed the state they see, and the
// demo organization's super admin last (its rows run in table order, the
// destructive ones at the end).
const (
	colAnon = iota
	colMember
	colOther // another organization's super admin
	colStaff // support staff, a member of the other organization
	colAdmin
	colSuper
	nCols
)

var colNames = [nCols]string{"Anonymous", "Member", "OtherOrgSuperAdmin", "Staff", "Admin", "SuperAdmin"}

// htmlRow is one route of handlers/routes.go: a URL of it, a form for POSTs
// and the exact status each role gets.
type htmlRow struct {
	route, path string
	form        url.Values
	want        [nCols]int
}

// TestRoles is the route-by-role-by-organization matrix of every page and
// browser action (docs/security.md, "Roles"): the exact status for
// anonymous users (GET: 303 to log in; other methods: 401), the demo
// organization's member, admin and super admin, support staff (read every
// organization, run only interview events and retries, change no settings)
// and another organization's super admin (404 for this organization's ids).
// A route of handlers/routes.go without a row fails the test.
func TestRoles(t *testing.T) {
	t.Parallel()
	f := setupRoles(t)
	timeline := "/sync-log/candidates/" + url.PathEscape(f.oppID) + "?org=" + f.orgID
	iv := "/interviews/" + f.ivID
	posting := "/integrations/lever/postings/" + url.PathEscape(f.postingID) + "/profile"
	retryNext := url.Values{"next": {"/attention"}}
	rows := []htmlRow{
		// Pages.
		{"GET /{$}", "/", nil, [nCols]int{303, 303, 303, 303, 303, 303}},
		{"GET /integrations/lever", "/integrations/lever", nil, [nCols]int{303, 200, 200, 200, 200, 200}},
		{"GET /integrations/lever/postings", "/integrations/lever/postings", nil, [nCols]int{303, 200, 200, 200, 200, 200}},
		{"GET /profiles", "/profiles", nil, [nCols]int{303, 200, 200, 200, 200, 200}},
		{"GET /interviews", "/interviews", nil, [nCols]int{303, 200, 200, 200, 200, 200}},
		{"GET /interviews.csv", "/interviews.csv", nil, [nCols]int{303, 200, 200, 200, 200, 200}},
		{"GET /interviews/{id}", iv, nil, [nCols]int{303, 200, 404, 200, 200, 200}},
		{"GET /sync-log", "/sync-log?q=" + url.QueryEscape(f.email), nil, [nCols]int{303, 200, 200, 200, 200, 200}},
		{"GET /sync-log/candidates/{opportunity}", timeline, nil, [nCols]int{303, 200, 404, 200, 200, 200}},
		{"GET /attention", "/attention", nil, [nCols]int{303, 200, 200, 200, 200, 200}},
		{"GET /integrations/lever/backfill", "/integrations/lever/backfill", nil, [nCols]int{303, 200, 200, 200, 200, 200}},
		{"GET /integrations/lever/backfill/progress", "/integrations/lever/backfill/progress", nil, [nCols]int{303, 200, 200, 200, 200, 200}},
		{"GET /api-keys", "/api-keys", nil, [nCols]int{303, 403, 200, 403, 200, 200}},
		// OAuth: only a super admin of the organization may start; the
		// callback without the session's state connects nothing.
		{"GET /integrations/lever/connect", "/integrations/lever/connect", nil, [nCols]int{303, 403, 302, 403, 403, 302}},
		{"POST /integrations/lever/connect", "/integrations/lever/connect", nil, [nCols]int{401, 403, 302, 403, 403, 302}},
		{"GET /integrations/lever/callback", "/integrations/lever/callback?code=x&state=y", nil, [nCols]int{303, 303, 303, 303, 303, 303}},
		// Settings of the organization: its admins (not staff, not members).
		{"POST /integrations/lever/stages/refresh", "/integrations/lever/stages/refresh", nil, [nCols]int{401, 403, 303, 403, 303, 303}},
		{"POST /integrations/lever/stage-mapping", "/integrations/lever/stage-mapping", url.Values{}, [nCols]int{401, 403, 200, 403, 200, 200}},
		{"POST /integrations/lever/postings/refresh", "/integrations/lever/postings/refresh", nil, [nCols]int{401, 403, 303, 403, 303, 303}},
		{"POST /integrations/lever/postings/{id}/profile", posting, url.Values{"profile_id": {""}}, [nCols]int{401, 403, 404, 403, 303, 303}},
		{"POST /integrations/lever/sweep", "/integrations/lever/sweep", nil, [nCols]int{401, 403, 303, 403, 303, 303}},
		{"POST /integrations/lever/backfill", "/integrations/lever/backfill", url.Values{}, [nCols]int{401, 403, 303, 403, 303, 303}},
		// The super admin's "Role test" comes after the admin's in the same
		// organization: names are unique, so the form comes back (200).
		{"POST /profiles", "/profiles", url.Values{"name": {"Role test"}, "duration_minutes": {"30"}, "skills": {"Go"}}, [nCols]int{401, 403, 303, 403, 303, 200}},
		{"GET /profiles/{id}/edit", "/profiles/" + f.profileID + "/edit", nil, [nCols]int{303, 403, 404, 403, 200, 404}},
		{"POST /profiles/{id}", "/profiles/" + f.profileID, url.Values{"name": {""}}, [nCols]int{401, 403, 404, 403, 200, 404}},
		{"POST /integrations/lever/postings/bulk", "/integrations/lever/postings/bulk", url.Values{"profile_id": {""}}, [nCols]int{401, 403, 303, 403, 303, 303}},
		{"POST /integrations/lever/default-profile", "/integrations/lever/default-profile", url.Values{"profile_id": {""}}, [nCols]int{401, 403, 303, 403, 303, 303}},
		{"POST /profiles/{id}/delete", "/profiles/" + f.profileID + "/delete", nil, [nCols]int{401, 403, 404, 403, 303, 404}},
		// Interview events and retries: admins, and staff in every
		// organization (audited); another organization's ids are 404.
		{"POST /interviews/{id}/schedule", iv + "/schedule", url.Values{}, [nCols]int{401, 403, 404, 200, 200, 200}},
		{"POST /interviews/{id}/complete", iv + "/complete", url.Values{}, [nCols]int{401, 403, 404, 200, 200, 200}},
		{"POST /interviews/{id}/fail", iv + "/fail", url.Values{}, [nCols]int{401, 403, 404, 200, 200, 200}},
		{"POST /sync-log/writes/{id}/retry", "/sync-log/writes/" + f.writeID + "/retry", retryNext, [nCols]int{401, 403, 404, 303, 303, 303}},
		{"POST /sync-log/deliveries/{id}/retry", "/sync-log/deliveries/" + f.delivery + "/retry", retryNext, [nCols]int{401, 403, 404, 303, 303, 303}},
		// Report links: the organization's admins (not staff).
		{"POST /interviews/{id}/reissue-links", iv + "/reissue-links", url.Values{}, [nCols]int{401, 403, 404, 403, 422, 422}},
		{"POST /interviews/{id}/revoke-links", iv + "/revoke-links", nil, [nCols]int{401, 403, 404, 403, 303, 303}},
		// Secrets and connection: the organization's super admin only.
		{"POST /integrations/lever/signature-token", "/integrations/lever/signature-token", url.Values{"signature_token": {""}}, [nCols]int{401, 403, 200, 403, 403, 200}},
		// The write-back user (docs/CONTRACT.md §8): another organization's
		// super admin gets their own unconnected card (200); an empty
		// choice shows the chooser again (200).
		{"GET /integrations/lever/write-back-user", "/integrations/lever/write-back-user", nil, [nCols]int{303, 403, 200, 403, 403, 200}},
		{"POST /integrations/lever/write-back-user", "/integrations/lever/write-back-user", url.Values{"user_id": {""}}, [nCols]int{401, 403, 200, 403, 403, 200}},
		{"POST /api-keys", "/api-keys", url.Values{"name": {"matrix"}}, [nCols]int{401, 403, 200, 403, 403, 200}},
		{"POST /api-keys/{id}/rotate", "/api-keys/" + f.rotateKeyID + "/rotate", nil, [nCols]int{401, 403, 404, 403, 403, 200}},
		{"POST /api-keys/{id}/revoke", "/api-keys/" + f.revokeKeyID + "/revoke", nil, [nCols]int{401, 403, 404, 403, 403, 303}},
		// Another organization's super admin acts on their own (not
		// connected: the toggle card answers with why, at 200).
		{"POST /integrations/lever/enabled", "/integrations/lever/enabled", url.Values{"enabled": {"on"}}, [nCols]int{401, 403, 200, 403, 403, 303}},
		{"POST /integrations/lever/webhook", "/integrations/lever/webhook", nil, [nCols]int{401, 403, 303, 403, 403, 303}},
		{"POST /integrations/lever/webhook-key/rotate", "/integrations/lever/webhook-key/rotate", nil, [nCols]int{401, 403, 303, 403, 403, 303}},
		{"POST /integrations/lever/webhook/check", "/integrations/lever/webhook/check", nil, [nCols]int{401, 403, 409, 403, 403, 303}},
		{"POST /integrations/lever/disconnect", "/integrations/lever/disconnect", nil, [nCols]int{401, 403, 303, 403, 403, 303}},
		// Own account: every logged-in user (an empty form comes back with messages, 200).
		{"GET /account", "/account", nil, [nCols]int{303, 200, 200, 200, 200, 200}},
		{"POST /account/password", "/account/password", url.Values{}, [nCols]int{401, 200, 200, 200, 200, 200}},
		// Users (docs/CONTRACT.md §6): super admins of the organization only.
		{"GET /users", "/users", nil, [nCols]int{303, 403, 200, 403, 403, 200}},
		{"POST /users", "/users", url.Values{"email": {"invited@roles.test"}, "role": {"member"}}, [nCols]int{401, 403, 200, 403, 403, 200}},
		{"POST /users/{id}/role", "/users/not-a-user/role", url.Values{"role": {"member"}}, [nCols]int{401, 403, 404, 403, 403, 404}},
		{"POST /users/{id}/invite", "/users/not-a-user/invite", nil, [nCols]int{401, 403, 404, 403, 403, 404}},
		{"POST /users/{id}/delete", "/users/not-a-user/delete", nil, [nCols]int{401, 403, 404, 403, 403, 404}},
		// Needs attention work queue: admins close items and set the notification.
		{"POST /attention/resolve", "/attention/resolve", url.Values{"kind": {"write"}, "item_id": {"not-an-item"}, "action": {"dismissed"}}, [nCols]int{401, 403, 303, 403, 303, 303}},
		{"POST /attention/notify", "/attention/notify", url.Values{"webhook_url": {""}}, [nCols]int{401, 403, 303, 403, 303, 303}},
		// Support staff only.
		{"POST /staff/view-org", "/staff/view-org", url.Values{"org_id": {""}}, [nCols]int{401, 403, 403, 303, 403, 403}},
	}
	covered := map[string]bool{"POST /logout": true} // the Logout subtest
	for _, r := range rows {
		covered[r.route] = true
	}
	requireCovered(t, covered, false)

	// Before any Retry: the failed write and delivery need attention.
	t.Run("MemberSeesNoActions", func(t *testing.T) {
		// The attention list leaves out the delivery: an interview followed it.
		for path, want := range map[string]int{timeline: 2, "/attention": 1} {
			if n := getDoc(t, f.app, f.member, path, 200).Find(`form[action*="/retry"]`).Length(); n != 0 {
				t.Errorf("member sees %d Retry forms on %s", n, path)
			}
			for name, c := range map[string]*http.Client{"admin": f.admin, "staff": f.staff} {
				if n := getDoc(t, f.app, c, path, 200).Find(`form[action*="/retry"]`).Length(); n != want {
					t.Errorf("%s sees %d Retry forms on %s, want %d", name, n, path, want)
				}
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

	clients := [nCols]*http.Client{f.anon, f.member, f.other, f.staff, f.admin, f.super}
	for col := range nCols {
		for _, r := range rows {
			method, _, _ := strings.Cut(r.route, " ")
			t.Run(colNames[col]+"/"+r.route, func(t *testing.T) {
				var resp *http.Response
				var body string
				if method == "GET" {
					resp, body = get(t, f.app, clients[col], r.path)
				} else {
					resp, body = postForm(t, f.app, clients[col], r.path, r.form)
				}
				if resp.StatusCode != r.want[col] {
					t.Errorf("%s %s = %d, want %d\n%s", method, r.path, resp.StatusCode, r.want[col], tail(body, 500))
				}
				if want := "/login?next=" + url.QueryEscape(r.path); col == colAnon && method == "GET" && resp.Header.Get("Location") != want {
					t.Errorf("anonymous GET %s went to %q, want %s", r.path, resp.Header.Get("Location"), want)
				}
			})
		}
	}

	// Staff who picked the demo organization read its screen but still
	// change none of its settings or secrets.
	t.Run("StaffViewingAnotherOrgChangesNothing", func(t *testing.T) {
		if resp, _ := postForm(t, f.app, f.staff, "/staff/view-org", url.Values{"org_id": {f.orgID}}); resp.StatusCode != 303 {
			t.Fatalf("view-org = %d", resp.StatusCode)
		}
		doc := getDoc(t, f.app, f.staff, "/integrations/lever", 200)
		if doc.Find(`[data-testid="save-stage-mapping"], [data-testid="disconnect"], [data-testid="rotate-webhook-key"], [data-testid="signature-token"]`).Length() != 0 {
			t.Error("staff see setting controls on another organization's Lever screen")
		}
		for path, form := range map[string]url.Values{
			"/integrations/lever/stage-mapping":   {},
			"/integrations/lever/signature-token": {"signature_token": {"forged-token-123"}},
			"/integrations/lever/enabled":         {"enabled": {"on"}},
			"/integrations/lever/write-back-user": {"user_id": {"forged-user"}},
			"/profiles":                           {"name": {"Staff profile"}, "duration_minutes": {"30"}},
			"/api-keys":                           {"name": {"staff key"}},
		} {
			if resp, _ := postForm(t, f.app, f.staff, path, form); resp.StatusCode != 403 {
				t.Errorf("staff viewing Demo Co: POST %s = %d, want 403", path, resp.StatusCode)
			}
		}
	})

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
