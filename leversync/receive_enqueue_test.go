package leversync

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertest"

	"github.com/intervue/lever-integration/internal/testdb"
	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// receiveRig is an engine on a real database with a River client that is
// never started: what Receive enqueues stays in the job table to inspect.
type receiveRig struct {
	db     *models.DB
	engine *Engine
	conn   *models.LeverConnection
	token  string
	m      models.StageMapping
}

func newReceiveRig(t *testing.T) *receiveRig {
	t.Helper()
	ctx := context.Background()
	db := testdb.Open(t)
	if err := MigrateRiver(ctx, db); err != nil {
		t.Fatal(err)
	}
	store := models.NewStore(db, testdb.Sealer(t))
	e := New(Config{Store: store, PublicURL: "http://app.test"})
	if _, err := NewRiver(db, e, RiverConfig{}); err != nil {
		t.Fatal(err)
	}
	org, err := store.CreateOrganization(ctx, models.NewOrgInput{Name: "Acme", Email: "owner@acme.test", Password: "a long enough password", Credits: 3})
	if err != nil {
		t.Fatal(err)
	}
	orgID := org.Org.ID
	if _, err := store.SaveGrant(ctx, orgID, models.Grant{AccessToken: "a", RefreshToken: "r", ExpiresAt: time.Now().Add(time.Hour), AccountID: "acct-1"}); err != nil {
		t.Fatal(err)
	}
	c, err := store.Connection(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	m := models.StageMapping{ToBeScheduled: "st-tbs", Scheduled: "st-sch", Yes: "st-yes", No: "st-no", Unable: "st-una"}
	stages := []models.LeverStage{{ID: m.ToBeScheduled, Text: "To be Scheduled"}, {ID: m.Scheduled, Text: "Scheduled"},
		{ID: m.Yes, Text: "Intervue Yes"}, {ID: m.No, Text: "Intervue No"}, {ID: m.Unable, Text: "Unable"}, {ID: "st-new", Text: "New applicant"}}
	for i := range stages {
		stages[i].ConnectionID, stages[i].Position = c.ID, i
	}
	if err := store.ReplaceStages(ctx, c.ID, stages); err != nil {
		t.Fatal(err)
	}
	if _, err := store.SaveStageMapping(ctx, orgID, m); err != nil {
		t.Fatal(err)
	}
	if err := store.SetSignatureToken(ctx, orgID, "sig-token"); err != nil {
		t.Fatal(err)
	}
	if _, err := store.SetEnabled(ctx, orgID, true); err != nil {
		t.Fatal(err)
	}
	if c, err = store.Connection(ctx, orgID); err != nil {
		t.Fatal(err)
	}
	return &receiveRig{db: db, engine: e, conn: c, token: "sig-token", m: m}
}

// receive hands a signed stage change of opp into toStage to Receive.
func (r *receiveRig) receive(t *testing.T, leverToken, opp, toStage string) Receipt {
	t.Helper()
	at := time.Now().UnixMilli()
	body := fmt.Sprintf(`{"triggeredAt":%d,"event":%q,"token":%q,"signature":%q,"data":{"opportunityId":%q,"fromStageId":"st-new","toStageId":%q}}`,
		at, lever.EventCandidateStageChange, leverToken, lever.Signature(r.token, leverToken, at), opp, toStage)
	rc, err := r.engine.Receive(context.Background(), Incoming{Key: r.conn.WebhookKey, Body: []byte(body), Now: time.Now(), MaxSkew: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	return rc
}

func TestReceiveEnqueuesOneProcessingJob(t *testing.T) {
	r := newReceiveRig(t)
	ctx := context.Background()
	driver := Driver(r.db)

	rc := r.receive(t, "lever-token-1", "opp-1", r.m.ToBeScheduled)
	if rc.Status != http.StatusOK || rc.Result != "accepted" || rc.Rejected {
		t.Fatalf("receipt = %+v, want 200 accepted", rc)
	}
	// Exactly one job, of its kind, in the organization's queue, at the
	// first priority (the organization's first delivery in a while).
	jobs := rivertest.RequireManyInserted(ctx, t, driver, []rivertest.ExpectedJob{
		{Args: ProcessDeliveryArgs{}, Opts: &rivertest.RequireInsertedOpts{Queue: QueueFor(r.conn.OrgID), Priority: 1}},
	})
	var args ProcessDeliveryArgs
	if err := json.Unmarshal(jobs[0].EncodedArgs, &args); err != nil {
		t.Fatal(err)
	}
	var d models.WebhookDelivery
	if err := r.db.Gorm.First(&d, "id = ?", args.DeliveryID).Error; err != nil {
		t.Fatalf("the job's delivery %q is not stored: %v", args.DeliveryID, err)
	}
	if d.Status != models.DeliveryReceived || d.OpportunityID != "opp-1" {
		t.Fatalf("stored delivery = %s for %s, want received for opp-1", d.Status, d.OpportunityID)
	}

	// The same Lever token again is a duplicate: stored once, no job.
	rc = r.receive(t, "lever-token-1", "opp-1", r.m.ToBeScheduled)
	if rc.Status != http.StatusOK || rc.Result != "duplicate" || rc.Message != "duplicate delivery: already stored" {
		t.Fatalf("duplicate receipt = %+v", rc)
	}
	rivertest.RequireManyInserted(ctx, t, driver, []rivertest.ExpectedJob{{Args: ProcessDeliveryArgs{}}})

	// A move into a stage the integration does not use, of a candidate
	// with no interview in progress, is stored as ignored with no job.
	rc = r.receive(t, "lever-token-2", "opp-2", "st-new")
	if rc.Result != "ignored" {
		t.Fatalf("receipt = %+v, want ignored", rc)
	}
	rivertest.RequireManyInserted(ctx, t, driver, []rivertest.ExpectedJob{{Args: ProcessDeliveryArgs{}}})
}

func TestReceiveBurstSinksPriority(t *testing.T) {
	r := newReceiveRig(t)
	ctx := context.Background()
	// busyPriorities: the first two deliveries of a burst keep priority
	// 1, the third sinks to 2.
	for i := range 3 {
		if rc := r.receive(t, fmt.Sprintf("burst-%d", i), fmt.Sprintf("opp-%d", i), r.m.ToBeScheduled); rc.Result != "accepted" {
			t.Fatalf("delivery %d: %+v", i, rc)
		}
	}
	q := QueueFor(r.conn.OrgID)
	rivertest.RequireManyInserted(ctx, t, Driver(r.db), []rivertest.ExpectedJob{
		{Args: ProcessDeliveryArgs{}, Opts: &rivertest.RequireInsertedOpts{Queue: q, Priority: 1}},
		{Args: ProcessDeliveryArgs{}, Opts: &rivertest.RequireInsertedOpts{Queue: q, Priority: 1}},
		{Args: ProcessDeliveryArgs{}, Opts: &rivertest.RequireInsertedOpts{Queue: q, Priority: 2}},
	})
}

func TestReceiveRejectsBadSignatureWithoutJob(t *testing.T) {
	r := newReceiveRig(t)
	at := time.Now().UnixMilli()
	body := fmt.Sprintf(`{"triggeredAt":%d,"event":"candidateStageChange","token":"t","signature":"forged","data":{"opportunityId":"opp-1","toStageId":%q}}`, at, r.m.ToBeScheduled)
	rc, err := r.engine.Receive(context.Background(), Incoming{Key: r.conn.WebhookKey, Body: []byte(body), Now: time.Now(), MaxSkew: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if rc.Status != http.StatusUnauthorized || rc.Result != "rejected_bad_signature" || !rc.Rejected {
		t.Fatalf("receipt = %+v, want 401 rejected_bad_signature", rc)
	}
	rivertest.RequireNotInserted(context.Background(), t, Driver(r.db), ProcessDeliveryArgs{}, nil)
}
