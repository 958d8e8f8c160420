package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/intervue/lever-integration/handlers"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/web/app"
)

// usersCmd runs `web users add -org ORG_ID -email EMAIL -role ROLE`
// (docs/CONTRACT.md §6): it invites a user and prints the user object with
// invite_url as one JSON line on stdout.
func usersCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return errors.New("usage: web users add -org ORG_ID -email EMAIL -role super_admin|admin|member")
	}
	fs := flag.NewFlagSet("users add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	org := fs.String("org", "", "organization id (as bootstrap printed it)")
	email := fs.String("email", "", "the new user's email")
	role := fs.String("role", "", "super_admin, admin or member")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *org == "" || *email == "" || *role == "" {
		return errors.New("users add needs -org, -email and -role")
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
	if _, err := store.Organization(ctx, *org); errors.Is(err, models.ErrNotFound) {
		return fmt.Errorf("no organization has the id %s", *org)
	} else if err != nil {
		return err
	}
	inv, err := store.InviteUser(ctx, *org, *email, *role, "command line")
	var verr *models.ValidationError
	switch {
	case errors.Is(err, models.ErrEmailTaken):
		return fmt.Errorf("the email %s is already taken", strings.ToLower(strings.TrimSpace(*email)))
	case errors.As(err, &verr):
		return fmt.Errorf("users add: %s", verr.Error())
	case err != nil:
		return err
	}
	return json.NewEncoder(stdout).Encode(handlers.UserJSON(&inv.User, cfg.PublicURL+"/invite/"+inv.Secret))
}
