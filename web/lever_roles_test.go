package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/models"
)

func TestLeverScreenRoles(t *testing.T) {
	app := startApp(t, nil)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	postForm(t, app, owner, "/sandbox/lever/authorize", consent(t, app, owner, "accept"))
	store := openStore(t, app)
	ctx := context.Background()
	demo, err := store.Authenticate(ctx, app.DemoEmail, app.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct{ email, role string }{{"admin@roles.test", models.RoleAdmin}, {"member@roles.test", models.RoleMember}} {
		if _, err := store.CreateUser(ctx, demo.OrgID, u.email, "password-123", u.role, ""); err != nil {
			t.Fatal(err)
		}
	}
	admin := login(t, app, "admin@roles.test", "password-123")
	member := login(t, app, "member@roles.test", "password-123")
	var stages []struct{ ID, Text string }
	apiJSON(t, app, "GET", "/api/v1/lever/stages", "", 200, &stages)
	mapping := url.Values{}
	for i, f := range []string{"to_be_scheduled", "scheduled", "intervue_yes", "intervue_no", "unable_to_schedule"} {
		mapping.Set(f, stages[i].ID)
	}

	tests := []struct {
		name   string
		client *http.Client
		method string
		path   string
		form   url.Values
		want   int
	}{
		{"MemberEnable", member, "POST", "/integrations/lever/enabled", url.Values{"enabled": {"on"}}, 403},
		{"MemberConnect", member, "GET", "/integrations/lever/connect", nil, 403},
		{"MemberStageMapping", member, "POST", "/integrations/lever/stage-mapping", mapping, 403},
		{"MemberProfile", member, "POST", "/profiles", url.Values{"name": {"X"}, "duration_minutes": {"30"}}, 403},
		{"AdminEnable", admin, "POST", "/integrations/lever/enabled", url.Values{"enabled": {"on"}}, 403},
		{"AdminConnect", admin, "GET", "/integrations/lever/connect", nil, 403},
		{"AdminDisconnect", admin, "POST", "/integrations/lever/disconnect", nil, 403},
		{"AdminStageMapping", admin, "POST", "/integrations/lever/stage-mapping", mapping, 303},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var resp *http.Response
			if tt.method == "GET" {
				resp, _ = get(t, app, noRedirect(tt.client), tt.path)
			} else {
				resp, _ = postForm(t, app, noRedirect(tt.client), tt.path, tt.form)
			}
			if resp.StatusCode != tt.want {
				t.Errorf("%s %s = %d, want %d", tt.method, tt.path, resp.StatusCode, tt.want)
			}
		})
	}

	// Each step of the setup, as a member and as an admin.
	for _, step := range []string{"connect", "stages", "golive"} {
		path := "/integrations/lever?tab=" + step
		doc := getDoc(t, app, member, path, 200)
		if byTestID(doc, "enable-toggle").Is(":not([disabled])") || byTestID(doc, "disconnect").Length() != 0 || byTestID(doc, "save-stage-mapping").Length() != 0 {
			t.Errorf("%s: member sees controls they cannot use", path)
		}
	}
	if !strings.Contains(squash(byTestID(getDoc(t, app, member, "/integrations/lever?tab=connect", 200), "connect-role-hint")), "Only a super admin can connect Lever") {
		t.Error("member: no role hint")
	}
	if !byTestID(getDoc(t, app, member, "/integrations/lever?tab=golive", 200), "enable-toggle").Is("[disabled]") {
		t.Error("member: the toggle is not shown disabled")
	}
	if doc := getDoc(t, app, admin, "/integrations/lever?tab=stages", 200); byTestID(doc, "save-stage-mapping").Length() != 1 {
		t.Error("admin: no save button")
	}
	if doc := getDoc(t, app, admin, "/integrations/lever?tab=golive", 200); !byTestID(doc, "enable-toggle").Is("[disabled]") {
		t.Error("admin: toggle enabled")
	}
}
