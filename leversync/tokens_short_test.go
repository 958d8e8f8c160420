package leversync_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/intervue/lever-integration/leversync"
)

// Lever may issue access tokens that live less than the 5-minute refresh
// margin: each is used until just before it expires (not judged unusable
// right after the refresh), and candidates are still picked up.
func TestShortLivedAccessTokens(t *testing.T) {
	r := newRig(t, rigOptions{TokenTTL: 20 * time.Second})
	o := r.addOrg(5)
	ctx := context.Background()
	before := r.SB.TokenCalls()
	opp := r.candidate(o, "Short Token Candidate", o.PostingID)
	r.move(o, opp, o.Mapping.ToBeScheduled)
	r.waitInterview(o, opp)
	r.settled(20 * time.Second)
	if op := r.opp(o, opp); !slices.Contains(op.Tags, leversync.TagName) {
		t.Fatalf("tags %q: the candidate was not picked up with a short-lived token", op.Tags)
	}
	// Several calls within the token's life share it: at most one refresh.
	for range 5 {
		if err := r.Engine.RefreshStages(ctx, o.ID); err != nil {
			t.Fatal(err)
		}
	}
	if n := r.SB.TokenCalls() - before; n > 1 {
		t.Fatalf("%d token refreshes within one 20s token's life, want at most 1", n)
	}
	c, _ := r.Store.Connection(ctx, o.ID)
	if left := time.Until(*c.TokenExpiresAt); left <= 0 || left > 20*time.Second {
		t.Fatalf("token expires in %s", left)
	}
}
