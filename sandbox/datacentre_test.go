package sandbox

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestEUDataCentre: a DataCentre "eu" server has its own account ids and
// says EU on its pages; WithEU serves it under EUPath beside the US one, and
// a token of either is refused by the other.
func TestEUDataCentre(t *testing.T) {
	us, eu := New(Options{}), New(Options{DataCentre: "eu"})
	defer us.Close()
	defer eu.Close()
	if eu.DemoAccount() != EUDemoAccountID || !strings.HasPrefix(eu.NewAccount(""), "acct-sandbox-eu-") || !IsSandboxAccount(EUDemoAccountID) {
		t.Fatalf("EU accounts %v", eu.Accounts())
	}
	h := WithEU(us, eu)
	get := func(path, token string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := get("/eu/pipeline", ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), "EU data centre") || !strings.Contains(rec.Body.String(), EUDemoAccountID) {
		t.Fatalf("EU pipeline: %d", rec.Code)
	}
	if rec := get("/pipeline", ""); rec.Code != 200 || strings.Contains(rec.Body.String(), "EU data centre") {
		t.Fatalf("US pipeline: %d", rec.Code)
	}
	usTok, _ := us.IssueToken(DemoAccountID, "stages:read:admin")
	euTok, _ := eu.IssueToken(EUDemoAccountID, "stages:read:admin")
	for _, tt := range []struct {
		path, token string
		want        int
	}{{"/v1/stages", usTok.AccessToken, 200}, {"/eu/v1/stages", euTok.AccessToken, 200},
		{"/eu/v1/stages", usTok.AccessToken, http.StatusUnauthorized}, {"/v1/stages", euTok.AccessToken, http.StatusUnauthorized}} {
		if rec := get(tt.path, tt.token); rec.Code != tt.want {
			t.Errorf("GET %s: %d, want %d", tt.path, rec.Code, tt.want)
		}
	}
}
