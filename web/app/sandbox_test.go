package app

import (
	"context"
	"testing"
	"time"

	"github.com/intervue/lever-integration/internal/testdb"
	"github.com/intervue/lever-integration/models"
)

// TestSandboxRestartKeepsRealConnections: at start-up with the sandbox only
// sandbox connections are marked for re-authorization; a connection to a
// real Lever account is left connected.
func TestSandboxRestartKeepsRealConnections(t *testing.T) {
	ctx := context.Background()
	store := models.NewStore(testdb.Open(t), testdb.Sealer(t))
	conns := map[string]string{}
	for name, account := range map[string]string{"sandbox": "acct-sandbox-demo", "real": "0f8b5e4c-1d2a-4b7e-9c3f-2a1b0c9d8e7f"} {
		res, err := store.CreateOrganization(ctx, models.NewOrgInput{Name: name, Email: name + "@restart.test", Password: "correct horse battery"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := store.SaveGrant(ctx, res.Org.ID, models.Grant{AccessToken: "a", RefreshToken: "r", ExpiresAt: time.Now().Add(time.Hour), AccountID: account}); err != nil {
			t.Fatal(err)
		}
		conns[name] = res.Org.ID
	}
	if err := forgetSandboxGrants(ctx, store); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"sandbox": models.ConnNeedsReauth, "real": models.ConnConnected} {
		c, err := store.Connection(ctx, conns[name])
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != want {
			t.Errorf("%s connection = %s, want %s", name, c.Status, want)
		}
	}
}
