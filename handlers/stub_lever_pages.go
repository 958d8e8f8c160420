package handlers

import "net/http"

// Stubs replaced by lever_page.go and profiles.go.
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
