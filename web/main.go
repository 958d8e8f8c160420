// Command web is the whole product in one binary: the admin web app, the
// Lever webhook receiver, the JSON API, the River job workers and, when no
// Lever app is configured, the built-in Lever sandbox.
//
//	web [serve]                                   serve (default)
//	web bootstrap -org NAME -email E -password P [-credits N]
//	web users add -org ORG_ID -email E -role ROLE
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/riverqueue/river"

	"github.com/intervue/lever-integration/handlers"
	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/notify"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// run is the program: everything that touches the OS is passed in, so tests
// can run it whole (docs/DESIGN.md §6.1).
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	switch cmd {
	case "serve":
		return serve(ctx, getenv, stdout, stderr, log)
	case "bootstrap":
		return bootstrap(ctx, args, getenv, stdout, stderr)
	case "users":
		return usersCmd(ctx, args, getenv, stdout, stderr)
	}
	return fmt.Errorf("unknown command %q (use serve, bootstrap or users)", cmd)
}

// openDB opens and migrates our schema and River's.
func openDB(ctx context.Context, cfg *config) (*models.DB, *models.Store, error) {
	db, err := models.Open(cfg.DatabaseURL)
	if err != nil {
		return nil, nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, nil, err
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
	// Link secrets stored in plaintext by earlier versions become hashes
	// (they need the key, so this is not a migration).
	if _, err := store.SealLegacyLinks(ctx); err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, store, nil
}

func bootstrap(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bootstrap", flag.ContinueOnError)
	fs.SetOutput(stderr)
	org := fs.String("org", "", "organization name")
	email := fs.String("email", "", "owner's email (super admin)")
	password := fs.String("password", "", "owner's password (8+ characters)")
	credits := fs.Int("credits", 0, "starting interview credits")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(getenv, stderr)
	if err != nil {
		return err
	}
	db, store, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := store.CreateOrganization(ctx, models.NewOrgInput{Name: *org, Email: *email, Password: *password, Credits: *credits})
	if errors.Is(err, models.ErrConflict) {
		return fmt.Errorf("the email %s is already taken", *email)
	}
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(map[string]string{"org_id": res.Org.ID, "email": res.Owner.Email, "api_key": res.APIKey})
}

func serve(ctx context.Context, getenv func(string) string, stdout, stderr io.Writer, log *slog.Logger) error {
	start := time.Now()
	cfg, err := loadConfig(getenv, stderr)
	if err != nil {
		return err
	}
	if cfg.SandboxRefusal != nil {
		return cfg.SandboxRefusal
	}
	if cfg.WebhookWarning != "" {
		fmt.Fprintln(stderr, "WARNING: "+cfg.WebhookWarning)
		log.Warn("lever webhooks will not be delivered", "reason", cfg.WebhookWarning)
	}
	db, store, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	oauthCfg := lever.OAuthConfig(cfg.ClientID, cfg.ClientSecret, cfg.Hosts, cfg.PublicURL+"/integrations/lever/callback")
	httpClient := &http.Client{Timeout: 30 * time.Second}
	engine := leversync.New(leversync.Config{
		Store: store, OAuth: oauthCfg, APIURL: cfg.Hosts.APIURL, PublicURL: cfg.PublicURL, HTTPClient: httpClient,
		Logger: log, Metrics: leversync.NewMetrics(reg), ScheduleMaxPast: cfg.ScheduleMaxPast, ScheduleMaxAhead: cfg.ScheduleMaxAhead,
	})
	rescue := cfg.RescueAfter
	notifier := newNotifier(store, cfg, log)
	jobs, err := leversync.NewRiver(db, engine, leversync.RiverConfig{
		Logger: log, PeriodicJobs: append(leversync.PeriodicJobs(cfg.SweepEvery), notifier.PeriodicJob()),
		RescueStuckJobsAfter: rescue, JobTimeout: min(2*time.Minute, rescue-time.Second),
		Register: func(w *river.Workers) { river.AddWorker(w, &notify.Worker{Notifier: notifier}) },
	})
	if err != nil {
		return err
	}

	sb, err := startSandbox(ctx, store, stdout, cfg, log)
	if err != nil {
		return err
	}
	// Connections made before each stored its data centre's hosts are US
	// ones: from now on they carry the deployment's US hosts themselves.
	if _, err := store.DefaultConnectionHosts(ctx, string(lever.RegionUS), cfg.Hosts.APIURL, cfg.Hosts.AuthURL); err != nil {
		return err
	}
	sessions := handlers.NewSessionStore(store, subKey(cfg.SecretKey, "session-cookie"), strings.HasPrefix(cfg.PublicURL, "https://"))
	sessions.SetIdleTimeout(cfg.SessionIdle)
	go purgeExpired(ctx, store, log, purgeEvery)
	h := handlers.New(handlers.Config{
		DB: db, Store: store, Engine: engine, Logger: log, OAuth: oauthCfg, LeverHosts: cfg.Hosts, LeverRegions: cfg.Regions, PublicURL: cfg.PublicURL,
		Sessions: sessions, ClientIPHeader: cfg.ClientIPHeader,
		Registry: reg, Sandbox: sb.handler(), MetricsToken: cfg.MetricsToken, WebhookWarning: cfg.WebhookWarning,
		StateKey: subKey(cfg.SecretKey, "oauth-state"), PKCE: cfg.PKCE, NotifyEvery: notifier.Interval,
	})
	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.ListenAddr, err)
	}
	srv := &http.Server{Handler: h.Routes(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute}
	if err := jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("start jobs: %w", err)
	}
	// The heartbeat outlives the graceful drain below: this process's
	// running jobs are not taken over while it finishes them.
	upkeepCtx, stopUpkeep := context.WithCancel(context.WithoutCancel(ctx))
	upkeepDone := make(chan struct{})
	go func() { engine.KeepRunnerAlive(upkeepCtx, 0); close(upkeepDone) }()
	defer func() { stopUpkeep(); <-upkeepDone }()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("serving", "addr", ln.Addr().String(), "public_url", cfg.PublicURL, "database", string(db.Dialect), "lever", cfg.LeverEnv, "startup_ms", time.Since(start).Milliseconds())
	fmt.Fprintf(stdout, "Intervue.io Lever integration listening on %s (open %s)\n", ln.Addr(), cfg.PublicURL)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// SIGTERM: stop taking requests and drain them, then let running jobs finish.
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		log.Warn("http shutdown", "err", err)
	}
	if sb != nil {
		sb.Close()
	}
	if err := jobs.Stop(shutdownCtx); err != nil {
		log.Warn("jobs did not stop in time; cancelling", "err", err)
		hard, cancelHard := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancelHard()
		jobs.StopAndCancel(hard)
	}
	return nil
}
