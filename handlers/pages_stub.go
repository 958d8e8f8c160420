package handlers

import "net/http"

// notYet answers 501 for a page not written yet.
func (h *Handler) notYet(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "not implemented yet", http.StatusNotImplemented)
}
