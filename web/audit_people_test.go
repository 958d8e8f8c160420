package main

import (
	"context"
	"strings"
	"testing"
)

// apiKeyOut is the part of an API key answer the audit test reads.
type apiKeyOut struct {
	ID string `json:"id"`
}

// TestPeopleAndKeysAudited: each change to API keys, users and profiles, from the API,
// leaves exactly one audit entry naming who made it (written with the change
// in one transaction); a role set to the role it already has and a refused
// change leave none.
func TestPeopleAndKeysAudited(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	store := openStore(t, app)
	ctx := context.Background()

	var key apiKeyOut
	apiJSON(t, app, "POST", "/api/v1/api-keys", `{"name":"CI export"}`, 201, &key)
	var rotated apiKeyOut
	apiJSON(t, app, "POST", "/api/v1/api-keys/"+key.ID+"/rotate", "", 201, &rotated)
	apiJSON(t, app, "POST", "/api/v1/api-keys/"+rotated.ID+"/revoke", "", 200, nil)

	var inv apiUser
	apiJSON(t, app, "POST", "/api/v1/users", `{"email":"grace@example.test","role":"member"}`, 201, &inv)
	apiJSON(t, app, "PUT", "/api/v1/users/"+inv.ID, `{"role":"admin"}`, 200, nil)
	apiJSON(t, app, "PUT", "/api/v1/users/"+inv.ID, `{"role":"admin"}`, 200, nil) // no change
	var users []apiUser
	apiJSON(t, app, "GET", "/api/v1/users", "", 200, &users)
	var owner apiUser
	for _, u := range users {
		if u.Email == app.DemoEmail {
			owner = u
		}
	}
	if status, code := apiErrorCode(t, app, "PUT", "/api/v1/users/"+owner.ID, `{"role":"member"}`); status != 409 || code != "last_super_admin" {
		t.Fatalf("demote the last super admin = %d %s", status, code)
	}
	if status, code := apiErrorCode(t, app, "POST", "/api/v1/users", `{"email":"grace@example.test","role":"member"}`); status != 409 || code != "email_taken" {
		t.Fatalf("invite twice = %d %s", status, code)
	}
	apiJSON(t, app, "DELETE", "/api/v1/users/"+inv.ID, "", 204, nil)

	var profile struct {
		ID string `json:"id"`
	}
	apiJSON(t, app, "POST", "/api/v1/profiles", `{"name":"Audited Profile","duration_minutes":45}`, 201, &profile)
	apiJSON(t, app, "PUT", "/api/v1/profiles/"+profile.ID, `{"name":"Audited Profile","duration_minutes":60}`, 200, nil)
	if status, code := apiErrorCode(t, app, "POST", "/api/v1/profiles", `{"name":"Audited Profile","duration_minutes":45}`); status != 422 || code != "validation_failed" {
		t.Fatalf("a second profile of the same name = %d %s", status, code)
	}

	org, err := store.OrgIDForAPIKey(ctx, app.APIKey)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := store.AuditLog(ctx, org, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		switch e.Action {
		case "api_key_create", "api_key_rotate", "api_key_revoke", "user_invite", "user_role", "user_remove", "profile_create", "profile_update":
			got = append(got, e.Action)
			if !strings.HasPrefix(e.ActorEmail, "API key ivk_") {
				t.Errorf("%s names %q, want the API key", e.Action, e.ActorEmail)
			}
		}
	}
	want := "api_key_create api_key_rotate api_key_revoke user_invite user_role user_remove profile_create profile_update"
	if strings.Join(got, " ") != want {
		t.Fatalf("audit entries = %v, want %s", got, want)
	}
}
