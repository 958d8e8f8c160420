package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/intervue/lever-integration/models"
)

// apiUser is a user of GET/POST/PUT /api/v1/users.
type apiUser struct {
	ID        string `json:"id"`
	Email     string `json:"email"`
	Role      string `json:"role"`
	Status    string `json:"status"`
	CreatedAt string `json:"created_at"`
	InviteURL string `json:"invite_url"`
}

// apiErrorCode calls the API and returns the status and error code.
func apiErrorCode(t *testing.T, app *testApp, method, path, body string) (int, string) {
	t.Helper()
	status, raw := app.api(t, method, path, body)
	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	json.Unmarshal([]byte(raw), &e)
	return status, e.Error.Code
}

// TestUsersAPI checks docs/CONTRACT.md §6 over the JSON API: list, invite
// (201 with invite_url, 409 email_taken anywhere), role changes and removal
// with the last super admin protected, sessions ending at once, and another
// organization's users answering 404.
func TestUsersAPI(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	store := openStore(t, app)
	ctx := context.Background()

	var users []apiUser
	apiJSON(t, app, "GET", "/api/v1/users", "", 200, &users)
	if len(users) != 1 || users[0].Email != app.DemoEmail || users[0].Role != "super_admin" || users[0].Status != "active" || users[0].CreatedAt == "" {
		t.Fatalf("users = %+v", users)
	}
	owner := users[0]

	var inv apiUser
	apiJSON(t, app, "POST", "/api/v1/users", `{"email":" Ada@Example.test ","role":"admin"}`, 201, &inv)
	if inv.Email != "ada@example.test" || inv.Role != "admin" || inv.Status != "invited" || !strings.HasPrefix(inv.InviteURL, app.URL+"/invite/") {
		t.Fatalf("invite = %+v", inv)
	}
	secret := strings.TrimPrefix(inv.InviteURL, app.URL+"/invite/")
	t.Run("SecretStoredHashed", func(t *testing.T) {
		var rows []models.UserInvite
		store.Gorm().Find(&rows)
		if len(rows) != 1 || rows[0].SecretHash == "" || strings.Contains(rows[0].SecretHash, secret) || rows[0].UserID != inv.ID {
			t.Errorf("invite rows = %+v", rows)
		}
		if d := time.Until(rows[0].ExpiresAt); d < 6*24*time.Hour || d > 7*24*time.Hour {
			t.Errorf("invite expires in %v, want 7 days", d)
		}
	})

	t.Run("Refusals", func(t *testing.T) {
		other, err := store.CreateOrganization(ctx, models.NewOrgInput{Name: "Other Co", Email: "owner@other.test", Password: "other-password"})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			method, path, body string
			status             int
			code               string
		}{
			{"POST", "/api/v1/users", `{"email":"ada@example.test","role":"member"}`, 409, "email_taken"},
			{"POST", "/api/v1/users", `{"email":"OWNER@other.test","role":"member"}`, 409, "email_taken"}, // another org's
			{"POST", "/api/v1/users", `{"email":"new@example.test","role":"owner"}`, 422, "validation_failed"},
			{"POST", "/api/v1/users", `{"email":"not-an-email","role":"member"}`, 422, "validation_failed"},
			{"POST", "/api/v1/users", `{"email":`, 400, "bad_request"},
			{"PUT", "/api/v1/users/" + owner.ID, `{"role":"admin"}`, 409, "last_super_admin"},
			{"DELETE", "/api/v1/users/" + owner.ID, "", 409, "last_super_admin"},
			{"PUT", "/api/v1/users/" + inv.ID, `{"role":"boss"}`, 422, "validation_failed"},
			{"PUT", "/api/v1/users/" + other.Owner.ID, `{"role":"member"}`, 404, "not_found"},
			{"DELETE", "/api/v1/users/" + other.Owner.ID, "", 404, "not_found"},
			{"DELETE", "/api/v1/users/nope", "", 404, "not_found"},
		} {
			if status, code := apiErrorCode(t, app, tc.method, tc.path, tc.body); status != tc.status || code != tc.code {
				t.Errorf("%s %s %s = %d %s, want %d %s", tc.method, tc.path, tc.body, status, code, tc.status, tc.code)
			}
		}
		var still []apiUser
		apiJSON(t, app, "GET", "/api/v1/users", "", 200, &still)
		if len(still) != 2 || still[1].Role != "super_admin" {
			t.Errorf("after refusals: %+v", still)
		}
	})

	// The invited admin accepts and is logged in.
	ada := &http.Client{Timeout: 30 * time.Second}
	ada.Jar, _ = cookiejar.New(nil)
	resp, body := postForm(t, app, noRedirect(ada), "/invite/"+secret, url.Values{"password": {"correct-horse-battery"}, "confirm": {"correct-horse-battery"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept = %d\n%s", resp.StatusCode, tail(body, 1000))
	}
	if resp, _ := get(t, app, noRedirect(ada), "/interviews"); resp.StatusCode != 200 {
		t.Fatalf("invited admin after accepting: GET /interviews = %d", resp.StatusCode)
	}
	var got apiUser
	apiJSON(t, app, "PUT", "/api/v1/users/"+inv.ID, `{"role":"member"}`, 200, &got)
	if got.Role != "member" || got.Status != "active" || got.ID != inv.ID {
		t.Errorf("PUT = %+v", got)
	}
	// An API key acts as an admin: it neither makes nor unmakes a super
	// admin (one it made could set the webhook signature token, which keys
	// may not); nothing changes.
	for _, tc := range []struct{ method, path, body string }{
		{"PUT", "/api/v1/users/" + inv.ID, `{"role":"super_admin"}`},
		{"POST", "/api/v1/users", `{"email":"eve@example.test","role":"super_admin"}`},
	} {
		if status, code := apiErrorCode(t, app, tc.method, tc.path, tc.body); status != 403 || code != "forbidden" {
			t.Errorf("API key %s %s %s = %d %s, want 403 forbidden", tc.method, tc.path, tc.body, status, code)
		}
	}
	var after []apiUser
	apiJSON(t, app, "GET", "/api/v1/users", "", 200, &after)
	if len(after) != 2 || after[0].Role != "member" && after[1].Role != "member" {
		t.Errorf("users after the key's refused super admin changes: %+v", after)
	}
	// A super admin in the browser promotes Ada; two super admins: the owner
	// may now be demoted, then Ada is the last (409 through the API too).
	ownerWeb := noRedirect(login(t, app, app.DemoEmail, app.DemoPassword))
	for _, ch := range []struct{ id, role string }{{inv.ID, "super_admin"}, {owner.ID, "member"}} {
		if resp, body := postForm(t, app, ownerWeb, "/users/"+ch.id+"/role", url.Values{"role": {ch.role}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("role %s for %s = %d %s", ch.role, ch.id, resp.StatusCode, tail(body, 300))
		}
		if ch.role == "super_admin" { // two super admins: neither is the last
			if status, code := apiErrorCode(t, app, "DELETE", "/api/v1/users/"+inv.ID, ""); status != 403 || code != "forbidden" {
				t.Errorf("API key removing a super admin (not the last) = %d %s, want 403", status, code)
			}
		}
	}
	if status, code := apiErrorCode(t, app, "PUT", "/api/v1/users/"+inv.ID, `{"role":"admin"}`); status != 409 || code != "last_super_admin" {
		t.Errorf("demote the last super admin = %d %s", status, code)
	}
	if status, code := apiErrorCode(t, app, "DELETE", "/api/v1/users/"+inv.ID, ""); status != 409 || code != "last_super_admin" {
		t.Errorf("remove the last super admin = %d %s", status, code)
	}
	for _, ch := range []struct{ id, role string }{{owner.ID, "super_admin"}, {inv.ID, "admin"}} {
		if resp, body := postForm(t, app, noRedirect(ada), "/users/"+ch.id+"/role", url.Values{"role": {ch.role}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("Ada: role %s for %s = %d %s", ch.role, ch.id, resp.StatusCode, tail(body, 300))
		}
	}

	// Removing Ada ends her session at once.
	if status, _ := app.api(t, "DELETE", "/api/v1/users/"+inv.ID, ""); status != http.StatusNoContent {
		t.Fatalf("DELETE = %d", status)
	}
	if resp, _ := get(t, app, noRedirect(ada), "/interviews"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Errorf("removed user: GET /interviews = %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var n int64
	store.Gorm().Model(&models.WebSession{}).Where("user_id = ?", inv.ID).Count(&n)
	if n != 0 {
		t.Errorf("%d sessions of the removed user remain", n)
	}
	if _, err := store.Authenticate(ctx, "ada@example.test", "correct-horse-battery"); err == nil {
		t.Error("removed user can still log in")
	}
}

// TestUsersInvite checks the invite page: it sets a password of at least
// 12 characters once, logs in, and a used, expired or unknown link says so.
func TestUsersInvite(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	store := openStore(t, app)
	var inv apiUser
	apiJSON(t, app, "POST", "/api/v1/users", `{"email":"grace@example.test","role":"member"}`, 201, &inv)
	path := strings.TrimPrefix(inv.InviteURL, app.URL)

	doc := getDoc(t, app, &http.Client{}, path, 200)
	if v, _ := doc.Find(`#invite-email`).Attr("value"); v != "grace@example.test" || !strings.Contains(squash(doc.Find(`[data-testid="invite-page"]`)), "Demo Co as Member") {
		t.Errorf("invite page: %q", squash(doc.Find(`[data-testid="invite-page"]`)))
	}
	if _, err := store.Authenticate(context.Background(), "grace@example.test", ""); err == nil {
		t.Error("an invited user logs in without a password")
	}
	c := &http.Client{Timeout: 30 * time.Second}
	c.Jar, _ = cookiejar.New(nil)
	_, body := postForm(t, app, noRedirect(c), path, url.Values{"password": {"short-pw"}, "confirm": {"short-pw"}})
	if got := squash(parseHTML(t, body).Find(`[data-testid="password-error"]`)); !strings.Contains(got, "at least 12 characters") {
		t.Errorf("short password error = %q", got)
	}
	_, body = postForm(t, app, noRedirect(c), path, url.Values{"password": {"twelve-chars-ok"}, "confirm": {"twelve-chars-no"}})
	if got := squash(parseHTML(t, body).Find(`[data-testid="confirm-error"]`)); !strings.Contains(got, "differ") {
		t.Errorf("mismatch error = %q", got)
	}
	resp, _ := postForm(t, app, noRedirect(c), path, url.Values{"password": {"twelve-chars-ok"}, "confirm": {"twelve-chars-ok"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept = %d", resp.StatusCode)
	}
	if doc := getDoc(t, app, c, "/integrations/lever", 200); !strings.Contains(squash(doc.Find(`[data-testid="nav-user"]`)), "grace@example.test") {
		t.Errorf("not logged in as grace: %q", squash(doc.Find(`[data-testid="nav-user"]`)))
	}
	login(t, app, "grace@example.test", "twelve-chars-ok")

	problem := func(path string, status int) string {
		t.Helper()
		return getDoc(t, app, &http.Client{}, path, status).Find(`[data-testid="invite-problem"]`).AttrOr("data-problem", "")
	}
	if p := problem(path, http.StatusGone); p != "used" {
		t.Errorf("used link: problem %q", p)
	}
	resp, body = postForm(t, app, noRedirect(&http.Client{}), path, url.Values{"password": {"another-password"}, "confirm": {"another-password"}})
	if resp.StatusCode != http.StatusGone || !strings.Contains(body, "already been used") {
		t.Errorf("second accept = %d", resp.StatusCode)
	}
	if _, err := store.Authenticate(context.Background(), "grace@example.test", "another-password"); err == nil {
		t.Error("a used link set a second password")
	}
	if p := problem("/invite/"+strings.Repeat("ab", 32), http.StatusNotFound); p != "unknown" {
		t.Errorf("unknown link: problem %q", p)
	}

	var late apiUser
	apiJSON(t, app, "POST", "/api/v1/users", `{"email":"late@example.test","role":"member"}`, 201, &late)
	store.Gorm().Model(&models.UserInvite{}).Where("user_id = ?", late.ID).Update("expires_at", time.Now().UTC().Add(-time.Minute))
	latePath := strings.TrimPrefix(late.InviteURL, app.URL)
	if p := problem(latePath, http.StatusGone); p != "expired" {
		t.Errorf("expired link: problem %q", p)
	}
	if resp, _ := postForm(t, app, noRedirect(&http.Client{}), latePath, url.Values{"password": {"late-but-long-enough"}, "confirm": {"late-but-long-enough"}}); resp.StatusCode != http.StatusGone {
		t.Errorf("accept expired = %d", resp.StatusCode)
	}
}

// TestUsersCommand checks `web users add`: one JSON user object with
// invite_url on stdout, and a clear error for a taken email.
func TestUsersCommand(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	store := openStore(t, app)
	orgID := demoOrgID(t, store)
	env := map[string]string{"DATABASE_URL": app.DBURL, "SECRET_KEY": testSecretKey, "PUBLIC_URL": "https://app.example.test", "LEVER_CLIENT_ID": "x", "LEVER_CLIENT_SECRET": "y"}
	getenv := func(k string) string { return env[k] }
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"users", "add", "-org", orgID, "-email", "Cli@Example.test", "-role", "admin"}, getenv, &out, &errOut); err != nil {
		t.Fatalf("users add: %v\n%s", err, errOut.String())
	}
	var u apiUser
	if err := json.Unmarshal(out.Bytes(), &u); err != nil || strings.Count(strings.TrimSpace(out.String()), "\n") != 0 {
		t.Fatalf("stdout is not one JSON object: %q (%v)", out.String(), err)
	}
	if u.Email != "cli@example.test" || u.Role != "admin" || u.Status != "invited" || u.ID == "" || !strings.HasPrefix(u.InviteURL, "https://app.example.test/invite/") {
		t.Errorf("user = %+v", u)
	}
	// The link works on the app.
	getDoc(t, app, &http.Client{}, "/invite/"+strings.TrimPrefix(u.InviteURL, "https://app.example.test/invite/"), 200)
	out.Reset()
	err := run(context.Background(), []string{"users", "add", "-org", orgID, "-email", "cli@example.test", "-role", "admin"}, getenv, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "already taken") || out.Len() != 0 {
		t.Errorf("taken email: err %v, stdout %q", err, out.String())
	}
	if err := run(context.Background(), []string{"users", "add", "-org", "nope", "-email", "x@example.test", "-role", "admin"}, getenv, &out, &errOut); err == nil || !strings.Contains(err.Error(), "no organization") {
		t.Errorf("unknown org: %v", err)
	}
}
