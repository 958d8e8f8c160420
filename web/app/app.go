// Package app assembles the whole product from its settings: the admin web
// app, the Lever webhook receiver, the JSON API, the River job workers and,
// when no Lever app is configured, the built-in Lever sandbox. The web
// binary runs it (Run); tests start the same assembly (Start) and reach
// into the running parts.
package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/riverqueue/river"

	"github.com/intervue/lever-integration/handlers"
	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/notify"
	"github.com/intervue/lever-integration/sandbox"
)

// Options are what the settings cannot say. The zero value is the binary's
// behaviour with output discarded; every field marked "tests only" changes
// the assembly in a way no deployment needs.
type Options struct {
	// Stdout receives the listening line and the demo login; Stderr the
	// JSON log and start-up warnings. nil: discarded.
	Stdout, Stderr io.Writer
	// Listener, when set, is served instead of listening on LISTEN_ADDR
	// (tests only: a port chosen before PUBLIC_URL is set). Stop closes it.
	Listener net.Listener
	// Engine adjusts the sync engine's configuration before it is built
	// (tests only: rate limits, the Lever HTTP client, snoozes).
	Engine func(*leversync.Config)
	// River adjusts the job runner's configuration before it is built
	// (tests only: poll interval, workers).
	River func(*leversync.RiverConfig)
	// Sandbox adjusts the options of each built-in sandbox data centre
	// (DataCentre "" or "eu") before it is built (tests only: token
	// lifetime, webhook retry gaps).
	Sandbox func(*sandbox.Options)
	// SandboxHandler wraps the built-in sandbox's handler, as mounted under
	// /sandbox/lever (tests only: added latency).
	SandboxHandler func(http.Handler) http.Handler
	// DeadRunnerAfter is how long a silent job runner's running jobs wait
	// before this process makes them available again (tests only; 0: the
	// engine's default, 15 s).
	DeadRunnerAfter time.Duration
	// NoWorkers leaves the job runner stopped: jobs are inserted as usual
	// but none runs (tests only: the handlers tests check pages and state
	// without background work changing it under them).
	NoWorkers bool
}

// App is the product, started: serving HTTP and running jobs until Stop.
type App struct {
	// URL is PUBLIC_URL, without a trailing slash.
	URL string
	// Addr is the address served.
	Addr   net.Addr
	Config *Config
	DB     *models.DB
	Store  *models.Store
	Engine *leversync.Engine
	Jobs   *river.Client[*sql.Tx]
	// Sandbox and SandboxEU are the built-in Lever's US and EU data
	// centres; nil with a real Lever app.
	Sandbox, SandboxEU *sandbox.Server

	log                 *slog.Logger
	srv                 *http.Server
	sb                  *builtinSandbox
	serveErr            chan error
	unlock              func() // releases the SQLite file's lock (lockSQLite)
	stopPurge, stopBeat context.CancelFunc
	beatDone            chan struct{}
	stopOnce            sync.Once
}

// Run starts the app (Start) and serves until ctx ends, then stops it
// gracefully (Stop); it returns Start's error, or the server's if it fails
// while serving.
func Run(ctx context.Context, getenv func(string) string, o Options) error {
	a, err := Start(ctx, getenv, o)
	if err != nil {
		return err
	}
	select {
	case err := <-a.serveErr:
		a.Stop()
		return err
	case <-ctx.Done():
	}
	a.Stop()
	return nil
}

// Start reads the settings through getenv (LoadConfig; os.Getenv in the
// binary), opens and migrates the database, assembles the engine, the job
// runner, the built-in sandbox when selected and the handlers, starts the
// jobs and serves HTTP. It returns once the app is serving. Errors: a bad
// setting, the sandbox refusal (docs/CONTRACT.md §5), the database, or the
// listen address. ctx bounds the start-up only; call Stop to end the app.
func Start(ctx context.Context, getenv func(string) string, o Options) (*App, error) {
	start := time.Now()
	stdout, stderr := writerOr(o.Stdout), writerOr(o.Stderr)
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	cfg, err := LoadConfig(getenv, stderr)
	if err != nil {
		return nil, err
	}
	if cfg.SandboxRefusal != nil {
		return nil, cfg.SandboxRefusal
	}
	if cfg.WebhookWarning != "" {
		fmt.Fprintln(stderr, "WARNING: "+cfg.WebhookWarning)
		log.Warn("lever webhooks will not be delivered", "reason", cfg.WebhookWarning)
	}
	unlock := func() {}
	if !strings.HasPrefix(cfg.DatabaseURL, "postgres://") && !strings.HasPrefix(cfg.DatabaseURL, "postgresql://") {
		if unlock, err = lockSQLite(cfg.DatabaseURL); err != nil {
			return nil, err
		}
	}
	db, store, err := OpenDB(ctx, cfg)
	if err != nil {
		unlock()
		return nil, err
	}
	a := &App{URL: cfg.PublicURL, Config: cfg, DB: db, Store: store, log: log, serveErr: make(chan error, 1), unlock: unlock}
	fail := func(err error) (*App, error) { // undoes what is open so far
		a.sb.closeIfSet()
		db.Close()
		unlock()
		return nil, err
	}
	if err := a.assemble(ctx, o, stdout); err != nil {
		return fail(err)
	}
	ln := o.Listener
	if ln == nil {
		if ln, err = net.Listen("tcp", cfg.ListenAddr); err != nil {
			return fail(fmt.Errorf("LISTEN_ADDR %q: %w", cfg.ListenAddr, err))
		}
	}
	a.Addr = ln.Addr()
	if err := a.startJobs(ctx, o.NoWorkers); err != nil {
		ln.Close()
		return fail(fmt.Errorf("start jobs: %w", err))
	}
	// The heartbeat outlives the graceful drain in Stop: this process's
	// running jobs are not taken over while it finishes them. The purge
	// ends when Stop begins.
	beatCtx, stopBeat := context.WithCancel(context.WithoutCancel(ctx))
	purgeCtx, stopPurge := context.WithCancel(beatCtx)
	a.stopBeat, a.stopPurge, a.beatDone = stopBeat, stopPurge, make(chan struct{})
	go func() { a.Engine.KeepRunnerAlive(beatCtx, o.DeadRunnerAfter); close(a.beatDone) }()
	go purgeExpired(purgeCtx, store, log, purgeEvery)
	go func() { a.serveErr <- a.srv.Serve(ln) }()
	log.Info("serving", "addr", ln.Addr().String(), "public_url", cfg.PublicURL, "database", string(db.Dialect), "lever", cfg.LeverEnv, "startup_ms", time.Since(start).Milliseconds())
	fmt.Fprintf(stdout, "Intervue.io Lever integration listening on %s (open %s)\n", ln.Addr(), cfg.PublicURL)
	return a, nil
}

// startJobs starts the job runner, unless noWorkers (Options.NoWorkers).
func (a *App) startJobs(ctx context.Context, noWorkers bool) error {
	if noWorkers {
		return nil
	}
	return a.Jobs.Start(context.WithoutCancel(ctx))
}

// assemble builds the engine, the job runner, the sandbox and the HTTP
// server of a (not started).
func (a *App) assemble(ctx context.Context, o Options, stdout io.Writer) error {
	cfg, store, log := a.Config, a.Store, a.log
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	oauthCfg := lever.OAuthConfig(cfg.ClientID, cfg.ClientSecret, cfg.Hosts, cfg.PublicURL+"/integrations/lever/callback")
	ec := leversync.Config{
		Store: store, OAuth: oauthCfg, APIURL: cfg.Hosts.APIURL, PublicURL: cfg.PublicURL, HTTPClient: &http.Client{Timeout: 30 * time.Second},
		Logger: log, Metrics: leversync.NewMetrics(reg), ScheduleMaxPast: cfg.ScheduleMaxPast, ScheduleMaxAhead: cfg.ScheduleMaxAhead,
	}
	if o.Engine != nil {
		o.Engine(&ec)
	}
	a.Engine = leversync.New(ec)
	rescue := cfg.RescueAfter
	notifier := newNotifier(store, cfg, log)
	rc := leversync.RiverConfig{
		Logger: log, PeriodicJobs: append(leversync.PeriodicJobs(cfg.SweepEvery), notifier.PeriodicJob()),
		RescueStuckJobsAfter: rescue, JobTimeout: min(2*time.Minute, rescue-time.Second),
		Register: func(w *river.Workers) { river.AddWorker(w, &notify.Worker{Notifier: notifier}) },
	}
	if o.River != nil {
		o.River(&rc)
	}
	var err error
	if a.Jobs, err = leversync.NewRiver(a.DB, a.Engine, rc); err != nil {
		return err
	}
	if a.sb, err = startSandbox(ctx, store, stdout, cfg, log, o.Sandbox); err != nil {
		return err
	}
	if a.sb != nil {
		a.Sandbox, a.SandboxEU = a.sb.us, a.sb.eu
	}
	// Connections made before each stored its data centre's hosts are US
	// ones: from now on they carry the deployment's US hosts themselves.
	if _, err := store.DefaultConnectionHosts(ctx, string(lever.RegionUS), cfg.Hosts.APIURL, cfg.Hosts.AuthURL); err != nil {
		return err
	}
	sessions := handlers.NewSessionStore(store, subKey(cfg.SecretKey, "session-cookie"), strings.HasPrefix(cfg.PublicURL, "https://"))
	sessions.SetIdleTimeout(cfg.SessionIdle)
	h := handlers.New(handlers.Config{
		DB: a.DB, Store: store, Engine: a.Engine, Logger: log, OAuth: oauthCfg, LeverHosts: cfg.Hosts, LeverRegions: cfg.Regions, PublicURL: cfg.PublicURL,
		Sessions: sessions, ClientIPHeader: cfg.ClientIPHeader,
		Registry: reg, Sandbox: a.sb.handler(o.SandboxHandler), MetricsToken: cfg.MetricsToken, WebhookWarning: cfg.WebhookWarning,
		StateKey: subKey(cfg.SecretKey, "oauth-state"), PKCE: cfg.PKCE, NotifyEvery: notifier.Interval,
	})
	a.srv = &http.Server{Handler: h.Routes(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute}
	return nil
}

// Stop ends the app as on SIGTERM: it stops taking requests and drains them
// (up to 20 s), stops the sandbox's webhook deliveries, lets running jobs
// finish (cancelling them if they do not within the drain), then stops the
// runner heartbeat and closes the database. Problems are logged; calling it
// again does nothing.
func (a *App) Stop() {
	a.stopOnce.Do(a.stop)
}

func (a *App) stop() {
	log := a.log
	log.Info("shutting down")
	a.stopPurge()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := a.srv.Shutdown(shutdownCtx); err != nil {
		log.Warn("http shutdown", "err", err)
	}
	a.sb.closeIfSet()
	if err := a.Jobs.Stop(shutdownCtx); err != nil {
		log.Warn("jobs did not stop in time; cancelling", "err", err)
		hard, cancelHard := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancelHard()
		a.Jobs.StopAndCancel(hard)
	}
	a.stopBeat()
	<-a.beatDone
	a.DB.Close()
	a.unlock()
}

// OpenDB opens the database of cfg and migrates our schema and River's;
// link secrets stored in plaintext by earlier versions become hashes. The
// caller closes the DB. A cfg without a secret key (a refused setup that
// has none yet: LoadConfig generates one only for a setup it accepts) is
// refused with cfg.SandboxRefusal before the database is touched.
func OpenDB(ctx context.Context, cfg *Config) (*models.DB, *models.Store, error) {
	if len(cfg.SecretKey) != 32 {
		if cfg.SandboxRefusal != nil {
			return nil, nil, cfg.SandboxRefusal
		}
		return nil, nil, errors.New("SECRET_KEY: no secret key was loaded")
	}
	db, err := models.Open(cfg.DatabaseURL)
	if err != nil {
		return nil, nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	if err := leversync.MigrateRiver(ctx, db); err != nil {
		db.Close()
		return nil, nil, err
	}
	sealer, err := models.NewSealer(subKey(cfg.SecretKey, "lever-token-encryption"))
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	store := models.NewStore(db, sealer)
	if err := store.CheckSecretKey(ctx); err != nil {
		db.Close()
		if errors.Is(err, models.ErrWrongKey) {
			return nil, nil, fmt.Errorf("SECRET_KEY: %w: set the SECRET_KEY this database was written with (on SQLite without SECRET_KEY, the key file beside the database), or use a new database", err)
		}
		return nil, nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	// Link secrets stored in plaintext by earlier versions become hashes
	// (they need the key, so this is not a migration).
	if _, err := store.SealLegacyLinks(ctx); err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, store, nil
}

// newNotifier is the Needs attention notifier; ATTENTION_NOTIFY_INTERVAL
// (default 10m) is the shortest time between two messages to one
// organization.
func newNotifier(store *models.Store, cfg *Config, log *slog.Logger) *notify.Notifier {
	return &notify.Notifier{Store: store, HTTPClient: notify.PublicClient(10 * time.Second), PublicURL: cfg.PublicURL,
		Interval: cfg.NotifyInterval, Logger: log}
}

func writerOr(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}
