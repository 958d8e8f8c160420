package leversync

import (
	"context"
	"fmt"
	"slices"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// writeBackName names the connection's write-back user for messages: the
// chosen user's name, or the connecting user's id.
func writeBackName(c *models.LeverConnection) string {
	switch {
	case c.WriteBackUserID != "" && c.WriteBackUserName != "":
		return fmt.Sprintf("%s (Lever user %s)", c.WriteBackUserName, c.WriteBackUserID)
	case c.WriteBackUser() != "":
		return "the Lever user who connected (" + c.WriteBackUser() + ")"
	}
	return "no Lever user"
}

// writeBackRefused records that Lever refused the connection's write-back
// user as perform_as while doing what: the connection is marked so that
// every write of the organization waits (PerformWrites pauses before
// calling Lever), and the sync log says to choose a valid user. It returns
// nil: the job ends without a retry; ChooseWriteBackUser resumes the
// writes (docs/CONTRACT.md §8).
func (e *Engine) writeBackRefused(ctx context.Context, c *models.LeverConnection, sub subject, what string) error {
	if _, err := e.store.MarkWriteBackRefused(ctx, c.ID, c.WriteBackUser()); err != nil {
		return err
	}
	e.record(ctx, sub, CodeWriteBackRefused, "what", what, "user", writeBackName(c))
	return nil
}

// WriteBackUsers returns the Lever account's active users, the ones that
// may be chosen as write-back user (GET /users, docs/LEVER_API.md §4.9),
// sorted by name. Errors are Lever's (ErrNeedsReauth after a refused token).
func (e *Engine) WriteBackUsers(ctx context.Context, orgID string) ([]lever.User, error) {
	c, err := e.store.Connection(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if c.Status != models.ConnConnected {
		return nil, ErrDisconnected
	}
	var users []lever.User
	err = e.call(ctx, c, subject{OrgID: orgID}, func(cl *lever.Client) error {
		var err error
		users, err = cl.Users(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	users = slices.DeleteFunc(users, func(u lever.User) bool { return !u.Active() || u.ID == "" })
	slices.SortFunc(users, func(a, b lever.User) int {
		if a.Name < b.Name {
			return -1
		}
		if a.Name > b.Name {
			return 1
		}
		return 0
	})
	return users, nil
}

// ChooseWriteBackUser makes userID (an active user of the organization's
// Lever account, checked against GET /users now) the user every Lever write
// is made as and clears a refusal; the change, its audit entry
// ("write_back_user", the user id before and after), the sync-log line
// naming by and the jobs of the writes that waited are written in one
// transaction (Lever's user list is read before it). A user Lever does not
// list as active is a *models.ValidationError on field "user_id"; any
// failure changes nothing.
func (e *Engine) ChooseWriteBackUser(ctx context.Context, orgID, userID string, by Actor) (*models.LeverConnection, error) {
	users, err := e.WriteBackUsers(ctx, orgID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(users, func(u lever.User) bool { return u.ID == userID })
	if i < 0 {
		return nil, &models.ValidationError{Fields: map[string]string{"user_id": "choose one of the active Lever users listed"}}
	}
	var c *models.LeverConnection
	err = e.store.InTx(ctx, func(tx *models.Store) error {
		before, err := tx.ConnectionForUpdate(ctx, orgID) // locked: of two choices at once each audits the other's as before
		if err != nil {
			return err
		}
		if c, err = tx.SetWriteBackUser(ctx, orgID, userID, users[i].Name); err != nil {
			return err
		}
		// The same user chosen again (say, after reactivating them in
		// Lever) changes no setting: no audit entry, but the waiting
		// writes still resume.
		if before.WriteBackUser() != c.WriteBackUser() || before.WriteBackUserName != c.WriteBackUserName {
			entry := by.Entry(orgID, "write_back_user", map[string]string{"user_id": before.WriteBackUser(), "name": before.WriteBackUserName},
				map[string]string{"user_id": c.WriteBackUser(), "name": c.WriteBackUserName})
			if err := tx.Audit(ctx, entry); err != nil {
				return err
			}
		}
		if err := tx.Log(ctx, subject{OrgID: orgID}.event(CodeWriteBackUserChosen, "user", writeBackName(c), "by", by.Name)); err != nil {
			return err
		}
		return e.resumeIn(ctx, tx, orgID)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}
