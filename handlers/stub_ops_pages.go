package handlers

import "net/http"

// Stubs replaced by the interview and sync log pages.
func (h *Handler) showInterviews(w http.ResponseWriter, r *http.Request)    { h.notYet(w, r) }
func (h *Handler) showInterview(w http.ResponseWriter, r *http.Request)     { h.notYet(w, r) }
func (h *Handler) scheduleInterview(w http.ResponseWriter, r *http.Request) { h.notYet(w, r) }
func (h *Handler) completeInterview(w http.ResponseWriter, r *http.Request) { h.notYet(w, r) }
func (h *Handler) failInterview(w http.ResponseWriter, r *http.Request)     { h.notYet(w, r) }
func (h *Handler) showSyncLog(w http.ResponseWriter, r *http.Request)       { h.notYet(w, r) }
func (h *Handler) showTimeline(w http.ResponseWriter, r *http.Request)      { h.notYet(w, r) }
func (h *Handler) retryWrite(w http.ResponseWriter, r *http.Request)        { h.notYet(w, r) }
func (h *Handler) retryDelivery(w http.ResponseWriter, r *http.Request)     { h.notYet(w, r) }
