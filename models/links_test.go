package models_test

import (
	"context"
	"errors"
	"testing"

	"github.com/intervue/lever-integration/models"
)

// TestSealLegacyLinks: link secrets an earlier version stored in plaintext
// (interviews.report_token, playback_token) become hashes and a sealed copy
// at start, keep working, and the plaintext is gone.
func TestSealLegacyLinks(t *testing.T) {
	st, org := setupStore(t)
	ctx := context.Background()
	iv, err := st.CreateInterview(ctx, &models.Interview{OrgID: org.Org.ID, OpportunityID: "opp-legacy", Status: models.StatusYes},
		false, func(*models.Interview, []models.LeverWrite) ([]models.LeverWrite, error) { return nil, nil }, nil)
	if err != nil {
		t.Fatal(err)
	}
	db := st.Gorm()
	for _, col := range []string{"report_token", "playback_token"} {
		if !db.Migrator().HasColumn("interviews", col) {
			if err := db.Exec("ALTER TABLE interviews ADD COLUMN " + col + " varchar(64)").Error; err != nil {
				t.Fatal(err)
			}
		}
	}
	report, playback := models.RandomToken(24), models.RandomToken(24)
	if err := db.Exec("UPDATE interviews SET report_token = ?, playback_token = ? WHERE id = ?", report, playback, iv.ID).Error; err != nil {
		t.Fatal(err)
	}
	if _, err := st.InterviewByLinkToken(ctx, models.LinkReport, report); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("before sealing: %v", err)
	}
	n, err := st.SealLegacyLinks(ctx)
	if err != nil || n != 1 {
		t.Fatalf("SealLegacyLinks = %d, %v; want 1", n, err)
	}
	if n, err := st.SealLegacyLinks(ctx); err != nil || n != 0 {
		t.Fatalf("second run = %d, %v; want 0", n, err)
	}
	for kind, secret := range map[string]string{models.LinkReport: report, models.LinkPlayback: playback} {
		got, err := st.InterviewByLinkToken(ctx, kind, secret)
		if err != nil || got.ID != iv.ID {
			t.Fatalf("%s link after sealing: %v", kind, err)
		}
		r, p, err := st.LinkSecrets(got)
		if err != nil || r != report || p != playback {
			t.Errorf("LinkSecrets = %q %q %v", r, p, err)
		}
	}
	var left int64
	db.Raw("SELECT COUNT(*) FROM interviews WHERE report_token <> '' OR playback_token <> ''").Scan(&left)
	if left != 0 {
		t.Errorf("%d rows keep a plaintext secret", left)
	}
	if revoked, err := st.RevokeLinks(ctx, org.Org.ID, iv.ID); err != nil || !revoked {
		t.Fatalf("RevokeLinks = %v, %v", revoked, err)
	}
	// Again: nothing changes (so no second audit entry or log line).
	if revoked, err := st.RevokeLinks(ctx, org.Org.ID, iv.ID); err != nil || revoked {
		t.Errorf("second RevokeLinks = %v, %v; want false, nil", revoked, err)
	}
	if _, err := st.RevokeLinks(ctx, org.Org.ID, "no-such-interview"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("RevokeLinks of an unknown interview: %v", err)
	}
	if _, err := st.InterviewByLinkToken(ctx, models.LinkReport, report); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("revoked link: %v", err)
	}
}

// TestAPIKeys: create, list, rotate and revoke, each scoped to the
// organization; a rotated or revoked key no longer authenticates.
func TestAPIKeys(t *testing.T) {
	st, org := setupStore(t)
	ctx := context.Background()
	other, err := st.CreateOrganization(ctx, models.NewOrgInput{Name: "Other", Email: "o@other.test", Password: "password1"})
	if err != nil {
		t.Fatal(err)
	}
	k, plain, err := st.CreateAPIKey(ctx, org.Org.ID, " CI ", "owner@acme.test")
	if err != nil || k.Name != "CI" || k.Prefix != plain[:12] {
		t.Fatalf("create = %+v %v", k, err)
	}
	if got, err := st.AuthenticateAPIKey(ctx, plain); err != nil || got.ID != k.ID || got.LastUsedAt == nil {
		t.Fatalf("authenticate = %+v %v", got, err)
	}
	if _, _, err := st.RotateAPIKey(ctx, other.Org.ID, k.ID, "x"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("rotate from another org: %v", err)
	}
	nk, nplain, err := st.RotateAPIKey(ctx, org.Org.ID, k.ID, "owner@acme.test")
	if err != nil || nk.Name != "CI" || nplain == plain {
		t.Fatalf("rotate = %+v %v", nk, err)
	}
	if _, err := st.AuthenticateAPIKey(ctx, plain); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("old key after rotation: %v", err)
	}
	if _, err := st.RevokeAPIKey(ctx, other.Org.ID, nk.ID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("revoke from another org: %v", err)
	}
	if _, err := st.RevokeAPIKey(ctx, org.Org.ID, nk.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AuthenticateAPIKey(ctx, nplain); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("revoked key: %v", err)
	}
	keys, err := st.APIKeys(ctx, org.Org.ID)
	if err != nil || len(keys) != 3 || keys[0].RevokedAt != nil {
		t.Fatalf("list = %d keys %v (bootstrap live first, then the two revoked)", len(keys), err)
	}
	var verr *models.ValidationError
	if _, _, err := st.CreateAPIKey(ctx, org.Org.ID, "", "x"); !errors.As(err, &verr) {
		t.Errorf("empty name: %v", err)
	}
}
