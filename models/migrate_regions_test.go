package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/intervue/lever-integration/internal/testdb"
	"github.com/intervue/lever-integration/models"
)

// TestMigrationRegions: on a database from before migration 24 an existing
// connection becomes a US one with no stored hosts; DefaultConnectionHosts
// gives it the deployment's US hosts once; a grant stores its own region
// and hosts.
func TestMigrationRegions(t *testing.T) {
	db := testdb.Open(t)
	st := models.NewStore(db, testdb.Sealer(t))
	ctx := context.Background()
	org, err := st.CreateOrganization(ctx, models.NewOrgInput{Name: "Acme", Email: "owner@acme.test", Password: "password1"})
	if err != nil {
		t.Fatal(err)
	}
	g := st.Gorm()
	for _, q := range []string{"ALTER TABLE lever_connections DROP COLUMN region", "ALTER TABLE lever_connections DROP COLUMN lever_api_url",
		"ALTER TABLE lever_connections DROP COLUMN lever_auth_url", "DELETE FROM schema_migrations WHERE version = 24"} {
		if err := g.Exec(q).Error; err != nil {
			t.Fatal(q, err)
		}
	}
	for range 2 { // the second run is a no-op
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	c, err := st.Connection(ctx, org.Org.ID)
	if err != nil || c.Region != "us" || c.LeverAPIURL != "" || c.LeverAuthURL != "" {
		t.Fatalf("after migration 24: %+v %v", c, err)
	}
	for _, want := range []int64{1, 0} {
		n, err := st.DefaultConnectionHosts(ctx, "us", "https://api.lever.co/v1", "https://auth.lever.co")
		if err != nil || n != want {
			t.Fatalf("DefaultConnectionHosts changed %d (%v)", n, err)
		}
	}
	if c, _ = st.Connection(ctx, org.Org.ID); c.LeverAPIURL != "https://api.lever.co/v1" || c.LeverAuthURL != "https://auth.lever.co" {
		t.Fatalf("defaulted hosts %q %q", c.LeverAPIURL, c.LeverAuthURL)
	}
	c, err = st.SaveGrant(ctx, org.Org.ID, models.Grant{AccessToken: "a", RefreshToken: "r", ExpiresAt: time.Now().Add(time.Hour), AccountID: "acct-eu",
		Region: "eu", APIURL: "https://api.eu.lever.co/v1", AuthURL: "https://auth.lever.co"})
	if err != nil || c.Region != "eu" || c.LeverAPIURL != "https://api.eu.lever.co/v1" {
		t.Fatalf("EU grant stored %+v %v", c, err)
	}
}
