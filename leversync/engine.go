// Package leversync is the sync engine: it turns Lever webhook deliveries
// into interviews and interview events into Lever writes (tag, stage move,
// note), through the write ledger of docs/DESIGN.md §2. River workers in jobs.go
// stay thin and call the plain methods of Engine.
package leversync

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"log/slog"
	"math"
	"net/http"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"golang.org/x/oauth2"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// TagName is the tag added to every opportunity we pick up (help article).
const TagName = "intervue.io"

// Inserter enqueues River jobs inside a caller's transaction;
// *river.Client[*sql.Tx] satisfies it.
type Inserter interface {
	InsertTx(ctx context.Context, tx *sql.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	InsertManyTx(ctx context.Context, tx *sql.Tx, params []river.InsertManyParams) ([]*rivertype.JobInsertResult, error)
}

// Config holds the engine's dependencies, built once in web/.
type Config struct {
	Store *models.Store
	// OAuth is the Lever OAuth app (client id and secret); a connection's
	// refresh goes to the OAuth server stored with it, or to OAuth's own
	// endpoints for a connection that stored none.
	OAuth *oauth2.Config
	// APIURL is the Data API base (e.g. https://api.lever.co/v1) of a
	// connection that stored none; every other connection uses its own.
	APIURL     string
	PublicURL  string       // our external base URL, for report and playback links in notes
	HTTPClient *http.Client // for Lever calls; nil: lever's default
	// RateLimit and RateBurst are the Lever request budget of one Lever
	// account, shared through the database by every process (default
	// lever.DefaultRPS per second, bursts of lever.DefaultBurst).
	RateLimit float64
	RateBurst int
	// ScheduleMaxPast and ScheduleMaxAhead bound an interview's start
	// against now: default 24 h in the past and 366 days ahead.
	ScheduleMaxPast, ScheduleMaxAhead time.Duration
	Logger                            *slog.Logger
	Metrics                           *Metrics // nil: no metrics
	// RefreshBefore is how long before expiry an access token is refreshed
	// (default 5 minutes).
	RefreshBefore time.Duration
	// WriteLease is how long one worker owns an interview's Lever writes,
	// renewed before each write; each write (with the client's retries and
	// rate-limit waits) must end within it, less a margin, or it is cut
	// short and retried. After a crash, writes resume when it lapses
	// (default 20s).
	WriteLease time.Duration
	// ReauthSnooze is how long jobs wait before looking again at a
	// connection that needs re-authorization (default 1 minute).
	ReauthSnooze time.Duration
	Now          func() time.Time
}

// Engine runs the sync logic. It is safe for concurrent use.
type Engine struct {
	cfg     Config
	store   *models.Store
	log     *slog.Logger
	jobs    Inserter
	tokenMu sync.Map // connection id -> *sync.Mutex: one refresh per connection per process
	// runnerID is this process's River client id (job_runners).
	runnerID string
	burst    burstMeter
	// ingest is the webhook receiver's group commit (Receive).
	ingest    *models.Ingest
	recvNames namesCache
}

// An organization's recent deliveries are counted with a decay of time
// constant busyDecay.
const busyDecay = 5 * time.Second

// busyPriorities grade an organization's recent deliveries (its decaying
// count, this one included) into River priorities (1 runs first): up to 2
// keep priority 1, so one candidate moved by a quiet organization is fetched
// before all but two jobs of any burst sharing its queue; larger bursts sink
// further, so a very large backlog also yields to a moderate one.
var busyPriorities = []struct {
	upTo     float64
	priority int
}{{2, 1}, {20, 2}, {200, 3}}

// burstMeter keeps each organization's decaying count of queued deliveries.
type burstMeter struct {
	mu sync.Mutex
	m  map[string]*burstCount
}

type burstCount struct {
	at time.Time
	n  float64
}

// priority counts one delivery of org at now and returns the River
// priority of its job (1 to 4) from busyPriorities.
func (b *burstMeter) priority(org string, now time.Time) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.m == nil {
		b.m = map[string]*burstCount{}
	}
	c := b.m[org]
	if c == nil {
		c = &burstCount{at: now}
		b.m[org] = c
	}
	c.n = c.n*math.Exp(-now.Sub(c.at).Seconds()/busyDecay.Seconds()) + 1
	c.at = now
	for _, p := range busyPriorities {
		if c.n <= p.upTo {
			return p.priority
		}
	}
	return 4
}

// New returns an Engine; call SetJobs before use.
func New(cfg Config) *Engine {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.RateLimit <= 0 {
		cfg.RateLimit = lever.DefaultRPS
	}
	if cfg.ScheduleMaxPast <= 0 {
		cfg.ScheduleMaxPast = 24 * time.Hour
	}
	if cfg.ScheduleMaxAhead <= 0 {
		cfg.ScheduleMaxAhead = 366 * 24 * time.Hour
	}
	if cfg.RateBurst <= 0 {
		cfg.RateBurst = lever.DefaultBurst
	}
	if cfg.RefreshBefore == 0 {
		cfg.RefreshBefore = 5 * time.Minute
	}
	if cfg.WriteLease == 0 {
		cfg.WriteLease = 20 * time.Second
	}
	if cfg.ReauthSnooze == 0 {
		cfg.ReauthSnooze = time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	e := &Engine{cfg: cfg, store: cfg.Store, log: cfg.Logger, runnerID: newRunnerID()}
	e.ingest = models.NewIngest(cfg.Store, e.EnqueueDeliveries)
	return e
}

// SetJobs sets the River client used to enqueue jobs (it is built after the
// engine because its workers hold the engine).
func (e *Engine) SetJobs(j Inserter) { e.jobs = j }

// orgQueues is how many River queues share the sync work. Each
// organization's jobs always go to the same queue (a hash of its id), so a
// burst for one organization, waiting on its Lever rate limit, occupies that
// queue's workers only and the other queues keep serving other organizations.
const orgQueues = 4

// QueueFor returns the River queue of an organization's sync jobs.
func QueueFor(orgID string) string {
	h := fnv.New32a()
	h.Write([]byte(orgID))
	return fmt.Sprintf("lever_%d", h.Sum32()%orgQueues)
}

// SyncQueues lists the queues returned by QueueFor.
func SyncQueues() []string {
	out := make([]string, orgQueues)
	for i := range out {
		out[i] = fmt.Sprintf("lever_%d", i)
	}
	return out
}

func queueOpts(orgID string) *river.InsertOpts { return &river.InsertOpts{Queue: QueueFor(orgID)} }

// enqueue returns a TxHook inserting an org's job in the Store's transaction.
func (e *Engine) enqueue(orgID string, args river.JobArgs) models.TxHook {
	return func(ctx context.Context, tx *sql.Tx) error {
		_, err := e.jobs.InsertTx(ctx, tx, args, queueOpts(orgID))
		return err
	}
}

// EnqueueDelivery returns the TxHook for Store.RecordDelivery (synthetic
// deliveries of the sweep and the backfill): the processing job is
// inserted in the same transaction as the delivery row. The webhook
// receiver uses EnqueueDeliveries through models.Ingest instead.
func (e *Engine) EnqueueDelivery(d *models.WebhookDelivery) models.TxHook {
	return func(ctx context.Context, tx *sql.Tx) error {
		_, err := e.jobs.InsertTx(ctx, tx, ProcessDeliveryArgs{DeliveryID: d.ID}, queueOpts(d.OrgID))
		return err
	}
}

// EnqueueDeliveries is the models.EnqueueMany of the webhook receiver's
// group commit: one processing job per delivery, in the transaction that
// stores them (one River InsertManyTx).
//
// Fairness: an organization whose deliveries arrive in a burst (more than
// two recently, in this process) gets its further jobs at lower River
// priorities (busyPriorities), so that another organization's pickup that
// hashes to the same queue is fetched before that backlog, not behind it.
func (e *Engine) EnqueueDeliveries(ctx context.Context, tx *sql.Tx, ds []*models.WebhookDelivery) error {
	params := make([]river.InsertManyParams, len(ds))
	for i, d := range ds {
		opts := queueOpts(d.OrgID)
		opts.Priority = e.burst.priority(d.OrgID, e.now())
		params[i] = river.InsertManyParams{Args: ProcessDeliveryArgs{DeliveryID: d.ID}, InsertOpts: opts}
	}
	_, err := e.jobs.InsertManyTx(ctx, tx, params)
	return err
}

func (e *Engine) now() time.Time { return e.cfg.Now().UTC() }

// enqueueWrites returns a TxHook inserting the job that performs iv's
// pending Lever writes; iv.ID is read when the hook runs (after insert).
func (e *Engine) enqueueWrites(iv *models.Interview) models.TxHook {
	return func(ctx context.Context, tx *sql.Tx) error {
		_, err := e.jobs.InsertTx(ctx, tx, PerformWritesArgs{InterviewID: iv.ID}, queueOpts(iv.OrgID))
		return err
	}
}
