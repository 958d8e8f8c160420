package app

import (
	"context"
	"testing"
	"time"

	"github.com/intervue/lever-integration/internal/testdb"
	"github.com/intervue/lever-integration/models"
)

// TestSandboxRestartKeepsRealConnections: at start-up with the sandbox only
// connections to this process's sandbox are marked for re-authorization; a
// connection to a real Lever account, or to another process's sandbox (two
// processes on one database), is left connected.
func TestSandboxRestartKeepsRealConnections(t *testing.T) {
	ctx := context.Background()
	store := models.NewStore(testdb.Open(t), testdb.Sealer(t))
	const base = "http://127.0.0.1:8080/sandbox/lever"
	conns := map[string]string{}
	for name, g := range map[string]models.Grant{
		"sandbox":       {AccountID: "acct-sandbox-demo", Region: "us", APIURL: base + "/v1"},
		"legacy":        {AccountID: "acct-sandbox-demo"},
		"other-process": {AccountID: "acct-sandbox-demo", Region: "us", APIURL: "http://127.0.0.1:8081/sandbox/lever/v1"},
		"real":          {AccountID: "0f8b5e4c-1d2a-4b7e-9c3f-2a1b0c9d8e7f", Region: "us", APIURL: "https://api.lever.co/v1"},
	} {
		res, err := store.CreateOrganization(ctx, models.NewOrgInput{Name: name, Email: name + "@restart.test", Password: "correct horse battery"})
		if err != nil {
			t.Fatal(err)
		}
		g.AccessToken, g.RefreshToken, g.ExpiresAt = "a", "r", time.Now().Add(time.Hour)
		if _, err := store.SaveGrant(ctx, res.Org.ID, g); err != nil {
			t.Fatal(err)
		}
		conns[name] = res.Org.ID
	}
	if err := forgetSandboxGrants(ctx, store, base); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"sandbox": models.ConnNeedsReauth, "legacy": models.ConnNeedsReauth, "other-process": models.ConnConnected, "real": models.ConnConnected} {
		c, err := store.Connection(ctx, conns[name])
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != want {
			t.Errorf("%s connection = %s, want %s", name, c.Status, want)
		}
	}
}
