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
	"os"
	"os/signal"
	"syscall"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/web/app"
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
	switch cmd {
	case "serve":
		return app.Run(ctx, getenv, app.Options{Stdout: stdout, Stderr: stderr})
	case "bootstrap":
		return bootstrap(ctx, args, getenv, stdout, stderr)
	case "users":
		return usersCmd(ctx, args, getenv, stdout, stderr)
	}
	return fmt.Errorf("unknown command %q (use serve, bootstrap or users)", cmd)
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
	cfg, err := app.LoadConfig(getenv, stderr)
	if err != nil {
		return err
	}
	db, store, err := app.OpenDB(ctx, cfg)
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
