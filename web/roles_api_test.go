package main

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Key columns of the API role matrix.
const (
	keyNone    = iota // no Authorization header
	keyBad            // not a key
	keyRevoked        // a revoked key of this organization
	keyOther          // another organization's key
	keyOwn            // this organization's key
	nKeys
)

var keyNames = [nKeys]string{"NoKey", "BadKey", "RevokedKey", "OtherOrgKey", "OwnKey"}

// apiRow is one JSON API route: a URL of it, a body and the exact status
// for each key.
type apiRow struct {
	route, path, body string
	want              [nKeys]int
}

// TestAPIRoles is the JSON API's route-by-key matrix (docs/security.md,
// "API keys"): without a valid key every route is 401; another
// organization's key gets 404 for this organization's ids and its own
// organization's data otherwise; no key may set the signature token (403);
// a route of handlers/routes.go without a row fails the test.
func TestAPIRoles(t *testing.T) {
	t.Parallel()
	f := setupRoles(t)
	iv := "/api/v1/interviews/" + f.ivID
	rows := []apiRow{
		{"GET /api/v1/lever", "/api/v1/lever", "", [nKeys]int{401, 401, 401, 200, 200}},
		{"GET /api/v1/lever/stages", "/api/v1/lever/stages", "", [nKeys]int{401, 401, 401, 409, 200}},
		{"GET /api/v1/lever/stage-mapping", "/api/v1/lever/stage-mapping", "", [nKeys]int{401, 401, 401, 200, 200}},
		{"PUT /api/v1/lever/stage-mapping", "/api/v1/lever/stage-mapping", `{}`, [nKeys]int{401, 401, 401, 422, 422}},
		{"GET /api/v1/lever/postings", "/api/v1/lever/postings", "", [nKeys]int{401, 401, 401, 200, 200}},
		{"PUT /api/v1/lever/postings/{posting_id}/profile", "/api/v1/lever/postings/" + url.PathEscape(f.postingID) + "/profile", `{"profile_id":null}`, [nKeys]int{401, 401, 401, 404, 200}},
		{"GET /api/v1/profiles", "/api/v1/profiles", "", [nKeys]int{401, 401, 401, 200, 200}},
		{"POST /api/v1/profiles", "/api/v1/profiles", `{}`, [nKeys]int{401, 401, 401, 422, 422}},
		{"PUT /api/v1/profiles/{id}", "/api/v1/profiles/" + f.profileID, `{}`, [nKeys]int{401, 401, 401, 404, 422}},
		{"GET /api/v1/credits", "/api/v1/credits", "", [nKeys]int{401, 401, 401, 200, 200}},
		{"GET /api/v1/interviews", "/api/v1/interviews?opportunity_id=" + url.QueryEscape(f.oppID), "", [nKeys]int{401, 401, 401, 200, 200}},
		{"GET /api/v1/interviews/{id}", iv, "", [nKeys]int{401, 401, 401, 404, 200}},
		{"POST /api/v1/interviews/{id}/schedule", iv + "/schedule", `{}`, [nKeys]int{401, 401, 401, 404, 422}},
		{"POST /api/v1/interviews/{id}/complete", iv + "/complete", `{}`, [nKeys]int{401, 401, 401, 404, 422}},
		{"POST /api/v1/interviews/{id}/fail", iv + "/fail", `{}`, [nKeys]int{401, 401, 401, 404, 422}},
		{"POST /api/v1/interviews/{id}/reissue-links", iv + "/reissue-links", `{}`, [nKeys]int{401, 401, 401, 404, 422}},
		{"POST /api/v1/interviews/{id}/revoke-links", iv + "/revoke-links", "", [nKeys]int{401, 401, 401, 404, 200}},
		{"GET /api/v1/sync-log", "/api/v1/sync-log?opportunity_id=" + url.QueryEscape(f.oppID), "", [nKeys]int{401, 401, 401, 200, 200}},
		{"GET /api/v1/api-keys", "/api/v1/api-keys", "", [nKeys]int{401, 401, 401, 200, 200}},
		{"POST /api/v1/api-keys", "/api/v1/api-keys", `{"name":"matrix"}`, [nKeys]int{401, 401, 401, 201, 201}},
		{"POST /api/v1/api-keys/{id}/rotate", "/api/v1/api-keys/" + f.rotateKeyID + "/rotate", "", [nKeys]int{401, 401, 401, 404, 201}},
		{"POST /api/v1/api-keys/{id}/revoke", "/api/v1/api-keys/" + f.revokeKeyID + "/revoke", "", [nKeys]int{401, 401, 401, 404, 200}},
		{"PUT /api/v1/lever/webhook-signature-token", "/api/v1/lever/webhook-signature-token", `{"signature_token":"abcdefgh-123"}`, [nKeys]int{401, 401, 401, 403, 403}},
		{"PUT /api/v1/lever/enabled", "/api/v1/lever/enabled", `{"enabled":false}`, [nKeys]int{401, 401, 401, 200, 200}},
		{"GET /api/v1/users", "/api/v1/users", "", [nKeys]int{401, 401, 401, 200, 200}},
		{"POST /api/v1/users", "/api/v1/users", `{}`, [nKeys]int{401, 401, 401, 422, 422}},
		{"PUT /api/v1/users/{id}", "/api/v1/users/not-a-user", `{"role":"admin"}`, [nKeys]int{401, 401, 401, 404, 404}},
		{"DELETE /api/v1/users/{id}", "/api/v1/users/not-a-user", "", [nKeys]int{401, 401, 401, 404, 404}},
		{"/api/", "/api/v1/nope", "", [nKeys]int{401, 401, 401, 404, 404}},
	}
	covered := map[string]bool{}
	for _, r := range rows {
		covered[r.route] = true
	}
	requireCovered(t, covered, true)
	keys := [nKeys]string{"", "not-a-key", f.revokedKey, f.otherKey, f.app.APIKey}
	for k := range nKeys {
		for _, r := range rows {
			method, _, ok := strings.Cut(r.route, " ")
			if !ok {
				method = "GET"
			}
			t.Run(keyNames[k]+"/"+r.route, func(t *testing.T) {
				status, body := apiCall(t, f.app, method, r.path, r.body, keys[k])
				if status != r.want[k] {
					t.Errorf("%s %s = %d, want %d: %s", method, r.path, status, r.want[k], tail(body, 500))
				}
				if r.want[k] >= 400 && !strings.Contains(body, `"error":{"code":`) {
					t.Errorf("%s %s: error body %s is not {\"error\": {\"code\", \"message\"}}", method, r.path, body)
				}
			})
		}
	}
	t.Run("OtherOrgKeySeesNoRecords", func(t *testing.T) {
		for _, path := range []string{"/api/v1/interviews?opportunity_id=" + url.QueryEscape(f.oppID), "/api/v1/sync-log?opportunity_id=" + url.QueryEscape(f.oppID)} {
			if _, body := apiCall(t, f.app, "GET", path, "", f.otherKey); body != "[]" {
				t.Errorf("other org's key: GET %s = %s, want []", path, body)
			}
		}
	})
}

// apiCall calls the JSON API with key ("" = no header) and returns the
// status and the trimmed body.
func apiCall(t *testing.T, app *testApp, method, path, body, key string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, app.URL+path, strings.NewReader(body))
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
