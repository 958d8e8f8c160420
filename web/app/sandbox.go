package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/sandbox"
)

// DemoEmail is the login of the demo organization created on an empty
// database when the built-in sandbox is served.
const DemoEmail = "demo@intervue.test"

// startSandbox prepares the built-in Lever sandbox when cfg selects it
// (docs/CONTRACT.md §5) and returns it (the US data centre at its root, the
// EU one under sandbox.EUPath, each with its own accounts), or nil with a
// real Lever app. With
// the sandbox: the demo organization on an empty database, and sandbox
// connections marked for re-authorization (its state is in memory). It
// only ever sends webhooks under PUBLIC_URL/webhooks/lever/, only redirects
// to PUBLIC_URL/integrations/lever/callback and checks PKCE when the app
// sends it. Without the sandbox the demo user loses any platform staff role.
func startSandbox(ctx context.Context, store *models.Store, stdout io.Writer, cfg *Config, log *slog.Logger, tune func(*sandbox.Options)) (*builtinSandbox, error) {
	if !cfg.Sandbox {
		n, err := store.RevokeStaffByEmail(ctx, DemoEmail)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			log.Warn("demo user is no longer platform staff: the built-in sandbox is off", "email", DemoEmail)
		}
		return nil, nil
	}
	client := &http.Client{
		Timeout: 10 * time.Second,
		// A delivery goes to our own webhook URL and nowhere else: never
		// follow a redirect away from it.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	opts := func(base, dataCentre string) sandbox.Options {
		o := sandbox.Options{
			BaseURL: base, ClientID: sandboxClientID, ClientSecret: sandboxClientSecret, Logger: log,
			RedirectURIs:     []string{cfg.PublicURL + "/integrations/lever/callback"},
			WebhookURLPrefix: cfg.PublicURL + "/webhooks/lever/",
			RequirePKCE:      cfg.PKCE,
			HTTPClient:       client,
			DataCentre:       dataCentre,
		}
		if tune != nil {
			tune(&o)
		}
		return o
	}
	base := cfg.PublicURL + "/sandbox/lever"
	sb := &builtinSandbox{us: sandbox.New(opts(base, "")), eu: sandbox.New(opts(base+sandbox.EUPath, "eu"))}
	if err := ensureDemo(ctx, store, stdout, cfg); err != nil {
		return nil, err
	}
	if err := forgetSandboxGrants(ctx, store, base); err != nil {
		return nil, err
	}
	return sb, nil
}

// builtinSandbox is the built-in Lever: its US and EU data centres.
type builtinSandbox struct{ us, eu *sandbox.Server }

// handler serves both (nil without the sandbox), through wrap when set.
func (b *builtinSandbox) handler(wrap func(http.Handler) http.Handler) http.Handler {
	if b == nil {
		return nil
	}
	h := sandbox.WithEU(b.us, b.eu)
	if wrap != nil {
		h = wrap(h)
	}
	return h
}

// closeIfSet stops both data centres' webhook deliveries (nothing without
// the sandbox).
func (b *builtinSandbox) closeIfSet() {
	if b == nil {
		return
	}
	b.us.Close()
	b.eu.Close()
}

// ensureDemo creates a demo organization on an empty database and prints
// its login on stdout (docs/CONTRACT.md §1). It is called only with the
// built-in sandbox (§5), where the demo user is also platform staff so that
// one login can try the ops actions (schedule, complete, fail) and the
// all-organizations views.
func ensureDemo(ctx context.Context, store *models.Store, stdout io.Writer, cfg *Config) error {
	n, err := store.CountOrganizations(ctx)
	if err != nil || n > 0 {
		return err
	}
	password := models.RandomToken(6)
	res, err := store.CreateOrganization(ctx, models.NewOrgInput{Name: "Demo Co", Email: DemoEmail, Password: password, Credits: 25})
	if errors.Is(err, models.ErrConflict) {
		return nil // another process created it first
	}
	if err != nil {
		return err
	}
	if err := store.MakeStaff(ctx, res.Owner.ID); err != nil {
		return err
	}
	for _, p := range []models.ProfileInput{
		{Name: "Backend Engineer (Go)", DurationMinutes: 60, Skills: []string{"Go", "System design", "SQL"}},
		{Name: "Frontend Engineer (React)", DurationMinutes: 45, Skills: []string{"JavaScript", "React", "Accessibility"}},
	} {
		if _, err := store.CreateProfile(ctx, res.Org.ID, p); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "Demo organization created. Log in at %s/login as %s with password %s\nAPI key: %s\n", cfg.PublicURL, res.Owner.Email, password, res.APIKey)
	return nil
}

// forgetSandboxGrants marks the sandbox's connections needs_reauth at
// start-up: the sandbox keeps its accounts, grants and webhooks in memory, so
// after a restart our stored tokens mean nothing to it. The screen then shows
// Reconnect instead of claiming to be connected. Only grants made with this
// process's sandbox (its Data API under base, PUBLIC_URL/sandbox/lever; a
// connection stored before hosts were kept counts as this one's) are
// forgotten: with several processes on one PostgreSQL database, a grant
// made with another process's sandbox lives on in that process. A
// connection to any other Lever account (a real one, from an earlier run
// with a Lever app) is left exactly as it is.
func forgetSandboxGrants(ctx context.Context, store *models.Store, base string) error {
	conns, err := store.ConnectedConnections(ctx)
	if err != nil {
		return err
	}
	for _, c := range conns {
		if c.Status != models.ConnConnected || !sandbox.IsSandboxAccount(c.AccountID) {
			continue
		}
		if c.LeverAPIURL != "" && !strings.HasPrefix(c.LeverAPIURL, base+"/") {
			continue // another process's sandbox holds this grant
		}
		if err := store.MarkNeedsReauth(ctx, c.ID, "sandbox_restarted", "The built-in Lever sandbox keeps its data in memory and the app was restarted, so its grant and webhook are gone: click Reconnect (the sandbox starts again from its seed data)."); err != nil {
			return err
		}
	}
	return nil
}
