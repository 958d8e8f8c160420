package lever

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// User is a Lever user as GET /users answers it (docs/LEVER_API.md §4.9). DeactivatedAt is ms
// since the epoch, nil for an active user; AccessRole is e.g. "super admin" or "interviewer".
type User struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Username      string `json:"username"`
	Email         string `json:"email"`
	AccessRole    string `json:"accessRole"`
	DeactivatedAt *int64 `json:"deactivatedAt"`
}

// Active reports whether the user is not deactivated.
func (u User) Active() bool { return u.DeactivatedAt == nil || *u.DeactivatedAt == 0 }

// Users returns the account's active users, all pages (GET /users, docs/LEVER_API.md §4.9:
// active users only by default). Scope users:read:admin.
func (c *Client) Users(ctx context.Context) ([]User, error) {
	return list[User](ctx, c, "/users", url.Values{"limit": {"100"}})
}

// IsPerformAsRefused reports whether Lever refused a write because of its perform_as user
// (a 400 whose message names perform_as, e.g. a user deactivated since it was chosen):
// repeating the write as the same user cannot succeed.
func IsPerformAsRefused(err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != http.StatusBadRequest {
		return false
	}
	return strings.Contains(strings.ToLower(ae.Message), "perform_as")
}
