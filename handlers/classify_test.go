package handlers

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
)

// TestClassify: one vocabulary maps every error the handlers see to a
// status, an API code and a message; Lever's failures are 502/503 naming
// what Lever answered, never 500 internal_error, also when wrapped.
func TestClassify(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("leversync: refresh stages: %w", err) }
	for _, tt := range []struct {
		err    error
		status int
		code   string
		says   string
	}{
		{wrap(&lever.APIError{Method: "GET", Path: "/stages", Status: 503}), 502, "lever_unavailable", "answered 503"},
		{wrap(&lever.APIError{Method: "GET", Path: "/stages", Status: 429}), 503, "lever_rate_limited", "429"},
		{wrap(&lever.APIError{Method: "GET", Path: "/stages", Status: 403}), 502, "lever_refused", "answered 403"},
		{wrap(&lever.TransportError{Method: "GET", Path: "/stages", Err: errors.New("connection refused")}), 503, "lever_unreachable", "could not be reached"},
		{wrap(&lever.ShapeError{Method: "GET", Path: "/stages", Status: 200, Reason: "empty body"}), 502, "lever_bad_answer", "answered 200"},
		{wrap(leversync.ErrNeedsReauth), 409, "lever_needs_reauth", "Reconnect"},
		{wrap(leversync.ErrDisconnected), 409, "lever_not_connected", "Begin setup"},
		{&leversync.StateError{Msg: "not scheduled"}, 409, "invalid_state", "not scheduled"},
		{wrap(models.ErrNotFound), 404, "not_found", "Not found"},
		{&models.ValidationError{Fields: map[string]string{"name": "required"}}, 422, "validation_failed", "required"},
		{errForbidden(roleAdmin), 403, "forbidden", "admin"},
		{fmt.Errorf("models: invite user: %w", models.ErrEmailTaken), 409, "email_taken", "already has an account"},
		{fmt.Errorf("models: set role: %w", models.ErrLastSuperAdmin), 409, "last_super_admin", "last active super admin"},
		{models.ErrConflict, 409, "conflict", "reload"},
		{errors.New("pq: connection reset"), 500, "internal_error", "our side"},
	} {
		got := classify(tt.err)
		if got.Status != tt.status || got.Code != tt.code || !strings.Contains(got.Message, tt.says) {
			t.Errorf("classify(%v) = %d %s %q, want %d %s saying %q", tt.err, got.Status, got.Code, got.Message, tt.status, tt.code, tt.says)
		}
		if strings.Contains(got.Message, "pq:") || strings.Contains(got.Message, "leversync:") {
			t.Errorf("classify(%v) leaks internals: %q", tt.err, got.Message)
		}
	}
}
