package handlers

import (
	"encoding/json"
	"errors"
	"net/http"
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

// apiErr answers err in the API's envelope (classify); 5xx are logged.
func (h *Handler) apiErr(w http.ResponseWriter, r *http.Request, err error) {
	e := classify(err)
	if e.Status >= 500 {
		h.log.Error("api request failed", "err", err, "method", r.Method, "path", redactPath(r.URL.Path))
	}
	writeJSON(w, e.Status, map[string]apiErrorBody{"error": {Code: e.Code, Message: e.Message, Fields: e.Fields}})
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
