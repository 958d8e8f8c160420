package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/intervue/lever-integration/models"
)

// completeInterview schedules and completes the interview through the API
// and returns it (with its report_url).
func completeInterview(t *testing.T, app *testApp, ivID string) (out struct {
	ReportURL     string     `json:"report_url"`
	LinksExpireAt *time.Time `json:"links_expire_at"`
}) {
	t.Helper()
	apiJSON(t, app, "POST", "/api/v1/interviews/"+ivID+"/schedule", `{"scheduled_at":"2026-12-10T10:00:00Z","timezone":"Europe/Berlin","duration_minutes":60,"interviewer":"Ana Ruiz"}`, 200, nil)
	apiJSON(t, app, "POST", "/api/v1/interviews/"+ivID+"/complete", `{"verdict":"yes","playback_url":"https://play.example/rec/1","summary":"Strong Go skills.","ratings":[{"skill":"Go","score":4,"comment":"clear"}]}`, 200, &out)
	if !strings.Contains(out.ReportURL, "/links/report/") {
		t.Fatalf("report_url = %q", out.ReportURL)
	}
	return out
}

func getStatus(t *testing.T, rawURL string) (int, string) {
	t.Helper()
	c := noRedirect(&http.Client{Timeout: 30 * time.Second})
	resp, err := c.Get(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Content-Type")
}

// TestLinkSecretsLifecycle: report and playback secrets are stored only as
// hashes (and sealed), the PDF is rendered once for many GETs, a revoked
// link answers 404 and a re-issue gives new working links (with an optional
// expiry) while the old ones stay dead, and a Lever note carries the new ones.
func TestLinkSecretsLifecycle(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	owner := login(t, app, app.DemoEmail, app.DemoPassword)
	_, _, iv := orderInterview(t, app, owner, "Ada Lovelace")
	done := completeInterview(t, app, iv.ID)
	secret := done.ReportURL[strings.LastIndex(done.ReportURL, "/")+1:]
	store := openStore(t, app)

	t.Run("StoredHashed", func(t *testing.T) {
		row := rawRow(t, store, "SELECT * FROM interviews WHERE id = ?", iv.ID)
		sum := sha256.Sum256([]byte(secret))
		if row["report_hash"] != hex.EncodeToString(sum[:]) {
			t.Errorf("report_hash = %v, want the SHA-256 of the link secret", row["report_hash"])
		}
		for col, v := range row {
			if strings.Contains(fmt.Sprint(v), secret) {
				t.Errorf("column %s holds the link secret in plaintext", col)
			}
		}
	})

	t.Run("RenderedOnce", func(t *testing.T) {
		for range 4 {
			if status, ct := getStatus(t, done.ReportURL); status != 200 || ct != "application/pdf" {
				t.Fatalf("GET report = %d %s", status, ct)
			}
		}
		if n := strings.Count(app.Stderr.String(), `"msg":"report PDF rendered","interview":"`+iv.ID+`"`); n != 1 {
			t.Errorf("report rendered %d times for 4 GETs, want 1", n)
		}
	})

	var playback string
	for _, w := range writesOf(t, store, iv.ID) {
		if i := strings.Index(w.NoteText, "/links/playback/"); i >= 0 && playback == "" {
			playback = app.URL + strings.Fields(w.NoteText[i:])[0]
		}
	}
	if status, _ := getStatus(t, playback); status != 302 {
		t.Fatalf("playback link %s = %d, want 302", playback, status)
	}

	apiJSON(t, app, "POST", "/api/v1/interviews/"+iv.ID+"/revoke-links", "", 200, nil)
	t.Run("Revoked", func(t *testing.T) {
		for _, u := range []string{done.ReportURL, playback} {
			if status, _ := getStatus(t, u); status != 404 {
				t.Errorf("revoked %s = %d, want 404", u, status)
			}
		}
	})

	expire := time.Now().UTC().Add(48 * time.Hour).Truncate(time.Second)
	var again struct {
		ReportURL     string     `json:"report_url"`
		LinksExpireAt *time.Time `json:"links_expire_at"`
	}
	apiJSON(t, app, "POST", "/api/v1/interviews/"+iv.ID+"/reissue-links", `{"expires_at":"`+expire.Format(time.RFC3339)+`"}`, 200, &again)
	t.Run("Reissued", func(t *testing.T) {
		if again.ReportURL == "" || again.ReportURL == done.ReportURL {
			t.Fatalf("re-issued report_url = %q (old %q)", again.ReportURL, done.ReportURL)
		}
		if again.LinksExpireAt == nil || !again.LinksExpireAt.Equal(expire) {
			t.Errorf("links_expire_at = %v, want %v", again.LinksExpireAt, expire)
		}
		if status, ct := getStatus(t, again.ReportURL); status != 200 || ct != "application/pdf" {
			t.Errorf("new report link = %d %s", status, ct)
		}
		for _, u := range []string{done.ReportURL, playback} {
			if status, _ := getStatus(t, u); status != 404 {
				t.Errorf("old link %s after re-issue = %d, want 404", u, status)
			}
		}
		// One audit entry, with the expiry, written with the change.
		var reissues []models.AuditEntry
		store.Gorm().Where("action = ?", "links_reissue").Find(&reissues)
		if len(reissues) != 1 || !strings.Contains(reissues[0].After, expire.Format(time.RFC3339)) {
			t.Errorf("links_reissue audit entries = %+v, want one with the expiry %s", reissues, expire.Format(time.RFC3339))
		}
		waitFor(t, "a Lever note with the new links", func() bool {
			for _, w := range writesOf(t, store, iv.ID) {
				if strings.Contains(w.NoteText, again.ReportURL) && w.Status == models.WriteDone {
					return true
				}
			}
			return false
		})
	})
	t.Run("Expired", func(t *testing.T) {
		if err := store.Gorm().Model(&models.Interview{}).Where("id = ?", iv.ID).Update("links_expire_at", time.Now().UTC().Add(-time.Minute)).Error; err != nil {
			t.Fatal(err)
		}
		if status, _ := getStatus(t, again.ReportURL); status != 404 {
			t.Errorf("expired link = %d, want 404", status)
		}
	})
	t.Run("BadExpiry", func(t *testing.T) {
		status, body := app.api(t, "POST", "/api/v1/interviews/"+iv.ID+"/reissue-links", `{"expires_at":"2020-01-01T00:00:00Z"}`)
		if status != 422 || !strings.Contains(body, `"expires_at"`) {
			t.Errorf("past expiry = %d %s, want 422 naming expires_at", status, body)
		}
		resp, body := postForm(t, app, noRedirect(owner), "/interviews/"+iv.ID+"/reissue-links", url.Values{"expires_in_days": {"9999"}})
		if resp.StatusCode != 422 || !strings.Contains(body, "link expiry") || !strings.Contains(body, "3650") {
			t.Errorf("form expires_in_days=9999 = %d, want 422 naming the link expiry and its limit\n%s", resp.StatusCode, tail(body, 800))
		}
	})
}

// rawRow reads one row as column name -> value ([]byte shown as a string).
func rawRow(t *testing.T, store *models.Store, q string, args ...any) map[string]any {
	t.Helper()
	rows, err := store.Gorm().Raw(q, args...).Rows()
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	if !rows.Next() {
		t.Fatalf("no row for %s", q)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	for i, c := range cols {
		if b, ok := vals[i].([]byte); ok {
			vals[i] = string(b)
		}
		out[c] = vals[i]
	}
	return out
}

func writesOf(t *testing.T, store *models.Store, ivID string) []models.LeverWrite {
	t.Helper()
	ws, err := store.Writes(context.Background(), ivID)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

// TestAPIKeyLifecycle: keys are created, listed by prefix only, rotated
// and revoked through the API and the page; a rotated or revoked key
// answers 401 on its very next request.
func TestAPIKeyLifecycle(t *testing.T) {
	t.Parallel()
	app := startApp(t, nil)
	var made struct {
		ID, Name, Prefix string
		APIKey           string `json:"api_key"`
	}
	apiJSON(t, app, "POST", "/api/v1/api-keys", `{"name":"Interview platform"}`, 201, &made)
	if !strings.HasPrefix(made.APIKey, made.Prefix) || len(made.Prefix) != 12 || made.Name != "Interview platform" {
		t.Fatalf("created %+v", made)
	}
	if status, _ := apiCall(t, app, "GET", "/api/v1/credits", "", made.APIKey); status != 200 {
		t.Fatalf("new key: %d", status)
	}
	status, list := apiCall(t, app, "GET", "/api/v1/api-keys", "", app.APIKey)
	if status != 200 || strings.Contains(list, made.APIKey) || !strings.Contains(list, `"prefix":"`+made.Prefix+`"`) || strings.Contains(list, `"api_key"`) {
		t.Errorf("list = %d %s: want prefixes only", status, list)
	}
	// The key rotates itself: its next request is refused.
	var rotated struct {
		ID     string
		APIKey string `json:"api_key"`
	}
	status, body := apiCall(t, app, "POST", "/api/v1/api-keys/"+made.ID+"/rotate", "", made.APIKey)
	if status != 201 || !strings.Contains(body, `"api_key":"ivk_`) {
		t.Fatalf("rotate = %d %s", status, body)
	}
	rotated.APIKey = body[strings.Index(body, `"api_key":"`)+len(`"api_key":"`):]
	rotated.APIKey = rotated.APIKey[:strings.Index(rotated.APIKey, `"`)]
	if status, _ := apiCall(t, app, "GET", "/api/v1/credits", "", made.APIKey); status != 401 {
		t.Errorf("old key after rotation = %d, want 401", status)
	}
	if status, _ := apiCall(t, app, "GET", "/api/v1/credits", "", rotated.APIKey); status != 200 {
		t.Errorf("rotated key = %d, want 200", status)
	}
	if status, _ := apiCall(t, app, "POST", "/api/v1/api-keys", `{"name":"`+strings.Repeat("n", 101)+`"}`, app.APIKey); status != 422 {
		t.Errorf("name of 101 characters = %d, want 422", status)
	}

	// The page: a super admin makes a key (shown once), revokes it.
	owner := noRedirect(login(t, app, app.DemoEmail, app.DemoPassword))
	resp, page := postForm(t, app, owner, "/api-keys", url.Values{"name": {"From the page"}})
	doc := parseHTML(t, page)
	plain := strings.TrimSpace(doc.Find(`[data-testid="new-api-key"]`).Text())
	if resp.StatusCode != 200 || !strings.HasPrefix(plain, "ivk_") {
		t.Fatalf("create on the page = %d, key %q", resp.StatusCode, plain)
	}
	if status, _ := apiCall(t, app, "GET", "/api/v1/credits", "", plain); status != 200 {
		t.Errorf("key from the page = %d", status)
	}
	doc = getDoc(t, app, owner, "/api-keys", 200)
	if strings.Contains(doc.Text(), plain) {
		t.Error("the key list shows a whole key")
	}
	var id string
	doc.Find(`[data-testid="api-key-row"]`).Each(func(_ int, s *goquery.Selection) {
		if strings.TrimSpace(s.Find(`[data-testid="api-key-name"]`).Text()) == "From the page" {
			id = s.AttrOr("data-key-id", "")
		}
	})
	if resp, _ := postForm(t, app, owner, "/api-keys/"+id+"/revoke", nil); resp.StatusCode != 303 {
		t.Fatalf("revoke on the page = %d", resp.StatusCode)
	}
	if status, _ := apiCall(t, app, "GET", "/api/v1/credits", "", plain); status != 401 {
		t.Errorf("revoked key = %d, want 401", status)
	}
	if got := getDoc(t, app, owner, "/api-keys", 200).Find(`[data-key-id="`+id+`"]`).AttrOr("data-revoked", ""); got != "true" {
		t.Errorf("revoked key row data-revoked = %q", got)
	}
}
