package lever

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

// TestShapeErrors: a 2xx answer without Lever's documented shape is an
// error naming the endpoint, the status and the body, never an empty
// success: reads are retried (then give up), writes are not and count as
// ambiguous (look before repeating them).
func TestShapeErrors(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		write      bool
		reason     string
	}{
		{"EmptyBody", "", false, "empty body"},
		{"Truncated", `{"data":{"id":"o1","na`, false, "cut off"},
		{"NoData", `{"id":"o1"}`, false, `no "data"`},
		{"NullData", `{"data":null}`, false, `no "data"`},
		{"WrongType", `{"data":{"id":17}}`, false, "wrong type"},
		{"NoteEmptyBody", "", true, "empty body"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			hits := 0
			f := setupFake(t, func(w http.ResponseWriter, r *http.Request) {
				hits++
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(200)
				w.Write([]byte(tt.body))
			}, Options{})
			var err error
			if tt.write {
				_, err = f.client.AddNote(context.Background(), "o1", "v")
			} else {
				_, err = f.client.Opportunity(context.Background(), "o1")
			}
			var se *ShapeError
			if !errors.As(err, &se) || !strings.Contains(se.Reason, tt.reason) || se.Status != 200 || !strings.Contains(err.Error(), "/opportunities/o1") {
				t.Fatalf("err = %v, want a ShapeError (%s) naming the endpoint", err, tt.reason)
			}
			if se.Body != tt.body {
				t.Errorf("error body = %q, want %q", se.Body, tt.body)
			}
			if tt.write && (hits != 1 || !IsAmbiguous(err)) {
				t.Errorf("write: %d requests, ambiguous %v; want 1 and true", hits, IsAmbiguous(err))
			}
			if !tt.write && hits < 2 {
				t.Errorf("read: %d requests, want retries", hits)
			}
		})
	}
}
