package handlers

import "net/http"

// Page handlers not yet written; each answers 501 until replaced.
func (h *Handler) notYet(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "not implemented yet", http.StatusNotImplemented)
}

func (h *Handler) showLeverPage(w http.ResponseWriter, r *http.Request)        { h.notYet(w, r) }
func (h *Handler) updateEnabled(w http.ResponseWriter, r *http.Request)        { h.notYet(w, r) }
func (h *Handler) disconnect(w http.ResponseWriter, r *http.Request)           { h.notYet(w, r) }
func (h *Handler) registerWebhook(w http.ResponseWriter, r *http.Request)      { h.notYet(w, r) }
func (h *Handler) updateSignatureToken(w http.ResponseWriter, r *http.Request) { h.notYet(w, r) }
func (h *Handler) refreshStages(w http.ResponseWriter, r *http.Request)        { h.notYet(w, r) }
func (h *Handler) updateStageMapping(w http.ResponseWriter, r *http.Request)   { h.notYet(w, r) }
func (h *Handler) showPostings(w http.ResponseWriter, r *http.Request)         { h.notYet(w, r) }
func (h *Handler) refreshPostings(w http.ResponseWriter, r *http.Request)      { h.notYet(w, r) }
func (h *Handler) updatePostingProfile(w http.ResponseWriter, r *http.Request) { h.notYet(w, r) }
func (h *Handler) startSweep(w http.ResponseWriter, r *http.Request)           { h.notYet(w, r) }
func (h *Handler) showProfiles(w http.ResponseWriter, r *http.Request)         { h.notYet(w, r) }
func (h *Handler) createProfile(w http.ResponseWriter, r *http.Request)        { h.notYet(w, r) }
func (h *Handler) deleteProfile(w http.ResponseWriter, r *http.Request)        { h.notYet(w, r) }
func (h *Handler) showInterviews(w http.ResponseWriter, r *http.Request)       { h.notYet(w, r) }
func (h *Handler) showInterview(w http.ResponseWriter, r *http.Request)        { h.notYet(w, r) }
func (h *Handler) scheduleInterview(w http.ResponseWriter, r *http.Request)    { h.notYet(w, r) }
func (h *Handler) completeInterview(w http.ResponseWriter, r *http.Request)    { h.notYet(w, r) }
func (h *Handler) failInterview(w http.ResponseWriter, r *http.Request)        { h.notYet(w, r) }
func (h *Handler) showSyncLog(w http.ResponseWriter, r *http.Request)          { h.notYet(w, r) }
func (h *Handler) showTimeline(w http.ResponseWriter, r *http.Request)         { h.notYet(w, r) }
func (h *Handler) retryWrite(w http.ResponseWriter, r *http.Request)           { h.notYet(w, r) }
func (h *Handler) retryDelivery(w http.ResponseWriter, r *http.Request)        { h.notYet(w, r) }
