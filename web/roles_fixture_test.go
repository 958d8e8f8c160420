package main

import (
	"context"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/models"
)

// roleFixture is one app with a candidate in the demo organization (an
// interview, a failed write and a failed delivery), a user of every role and
// API keys of both organizations.
//
// Roles (docs/security.md, "Roles"): anonymous; member, admin and super
// admin of the demo organization ("Demo Co"); support staff (a member of
// "Other Co" with the platform support role); and another organization's
// super admin ("Other Co"). Keys: the demo organization's, another
// organization's, a revoked one; rotateKey and revokeKey are demo keys the
// key routes act on.
type roleFixture struct {
	app                                            *testApp
	anon, member, admin, super, other, staff       *http.Client
	oppID, email, ivID, writeID, delivery          string
	postingID, profileID, otherKey, orgID          string
	revokedKey, rotateKeyID, revokeKeyID, otherOrg string
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
	if err := store.FinishDelivery(ctx, d.ID, models.DeliveryFailed, "", "forced by the test"); err != nil {
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
	f.otherKey, f.otherOrg = other.APIKey, other.Org.ID
	for _, name := range []string{"to rotate", "to revoke", "revoked"} {
		k, plain, err := store.CreateAPIKey(ctx, demo.OrgID, name, "test")
		if err != nil {
			t.Fatal(err)
		}
		switch name {
		case "to rotate":
			f.rotateKeyID = k.ID
		case "to revoke":
			f.revokeKeyID = k.ID
		default:
			f.revokedKey = plain
			if _, err := store.RevokeAPIKey(ctx, demo.OrgID, k.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	users := []struct{ org, email, role, platform string }{
		{demo.OrgID, "super@roles.test", models.RoleSuperAdmin, ""},
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
	f.super = noRedirect(login(t, app, "super@roles.test", "password-123"))
	f.admin = noRedirect(login(t, app, "admin@roles.test", "password-123"))
	f.member = noRedirect(login(t, app, "member@roles.test", "password-123"))
	f.staff = noRedirect(login(t, app, "support@intervue.test", "password-123"))
	f.other = noRedirect(login(t, app, "owner@other.test", "other-password"))
	return f
}

// publicRoutes need no login or key: they are checked by their own tests
// (login, webhooks, report links, the sandbox, operations) and by
// TestPublicRoutes.
var publicRoutes = map[string]bool{
	"GET /invite/{secret}": true, "POST /invite/{secret}": true, // TestUsersInvite
	"GET /healthz": true, "GET /static/": true, "GET /login": true, "POST /login": true,
	// The metrics token, not a role, guards these (TestMetricsToken).
	"GET /metrics": true, "GET /debug/pprof/": true, "GET /debug/pprof/cmdline": true, "GET /debug/pprof/profile": true,
	"GET /debug/pprof/symbol": true, "GET /debug/pprof/trace": true,
	"GET /links/report/{token}": true, "GET /links/playback/{token}": true, "POST /webhooks/lever/{key}": true, "/sandbox/lever/": true, "POST /csp-report": true,
	"/webhooks/": true, // the webhook paths' JSON 404/405: TestAPIWrongMethod405
	"/":          true, // the catch-all "not found" page: TestUnknownURLFriendlyPage
}

// routePattern finds the patterns registered in handlers/routes.go.
var routePattern = regexp.MustCompile(`mux\.Handle(?:Func)?\(\s*"([^"]+)"`)

// registeredRoutes returns every pattern handlers/routes.go registers.
func registeredRoutes(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile("../handlers/routes.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range routePattern.FindAllStringSubmatch(string(src), -1) {
		out = append(out, m[1])
	}
	if len(out) < 40 {
		t.Fatalf("found only %d routes in handlers/routes.go: has the registration changed shape?", len(out))
	}
	return out
}

// requireCovered fails when a route of handlers/routes.go that is not
// public has no row in a role matrix: the JSON API's routes (under /api/)
// when api, else the pages and actions. So a new route cannot ship without
// its role-by-organization statuses.
func requireCovered(t *testing.T, covered map[string]bool, api bool) {
	t.Helper()
	for _, route := range registeredRoutes(t) {
		path := route
		if _, p, ok := strings.Cut(route, " "); ok {
			path = p
		}
		if publicRoutes[route] || strings.HasPrefix(path, "/api/") != api {
			continue
		}
		if !covered[route] {
			t.Errorf("route %q has no row in the role matrix: add it to web/roles_test.go (pages) or web/roles_api_test.go (API) with the status of every role", route)
		}
	}
	for route := range covered {
		found := false
		for _, r := range registeredRoutes(t) {
			found = found || r == route
		}
		if !found {
			t.Errorf("the role matrix has a row for %q, which handlers/routes.go does not register", route)
		}
	}
}
