package handlers

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
)

type apiErrorBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// apiError answers {"error": {"code", "message"}} (docs/CONTRACT.md §4).
func (h *Handler) apiError(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	writeJSON(w, status, map[string]apiErrorBody{"error": {Code: code, Message: msg}})
}

// apiErr maps an error to the API error vocabulary; 5xx are logged.
func (h *Handler) apiErr(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := errorStatus(err)
	body := apiErrorBody{Message: msg}
	var verr *models.ValidationError
	var serr *leversync.StateError
	switch {
	case errors.As(err, &verr):
		body.Code, body.Fields = "validation_failed", verr.Fields
	case errors.As(err, &serr):
		body.Code = "invalid_state"
	case status == http.StatusNotFound:
		body.Code = "not_found"
	case errors.Is(err, leversync.ErrNeedsReauth):
		body.Code = "lever_needs_reauth"
	case errors.Is(err, leversync.ErrDisconnected):
		body.Code = "lever_not_connected"
	case status == http.StatusConflict:
		body.Code = "conflict"
	default:
		body.Code = "internal_error"
		h.log.Error("api request failed", "err", err, "method", r.Method, "path", redactPath(r.URL.Path))
	}
	writeJSON(w, status, map[string]apiErrorBody{"error": body})
}

func (h *Handler) apiNotFound(w http.ResponseWriter, r *http.Request) {
	h.apiError(w, r, http.StatusNotFound, "not_found", "no such endpoint: "+r.Method+" "+r.URL.Path)
}

// apiDecode decodes the body or answers 400.
func (h *Handler) apiDecode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := decodeJSON(r, v); errors.Is(err, errBodyTooLarge) {
		h.apiError(w, r, http.StatusRequestEntityTooLarge, "body_too_large", err.Error())
		return false
	} else if err != nil {
		h.apiError(w, r, http.StatusBadRequest, "bad_request", err.Error())
		return false
	}
	return true
}
