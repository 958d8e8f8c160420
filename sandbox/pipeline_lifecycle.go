package sandbox

import (
	"net/http"
)

// handlePipelineArchive serves POST /pipeline/archive (account,
// opportunity, archive: "1" to archive, "" to unarchive): as a recruiter
// archiving in Lever; Candidate Archive Change webhooks are sent.
func (s *Server) handlePipelineArchive(w http.ResponseWriter, r *http.Request) {
	acct, oppID := r.PostFormValue("account"), r.PostFormValue("opportunity")
	reason, verb := "", "Unarchived"
	if r.PostFormValue("archive") == "1" {
		s.mu.Lock()
		if a := s.accounts[acct]; a != nil && len(a.archiveReasons) > 0 {
			reason = a.archiveReasons[len(a.archiveReasons)-1].ID
		}
		s.mu.Unlock()
		if reason == "" {
			reason = "archived"
		}
		verb = "Archived"
	}
	if !s.ArchiveOpportunity(acct, oppID, reason) {
		backToPipeline(w, r, acct, "Archive failed: no such candidate.", "")
		return
	}
	backToPipeline(w, r, acct, verb+" the candidate: Candidate Archive Change webhooks were sent to the registered receivers.", "candidate-"+oppID)
}

// handlePipelineDelete serves POST /pipeline/delete (account,
// opportunity): deletes the candidate as a Lever admin would; Candidate
// Deleted webhooks are sent.
func (s *Server) handlePipelineDelete(w http.ResponseWriter, r *http.Request) {
	acct, oppID := r.PostFormValue("account"), r.PostFormValue("opportunity")
	if _, ok := s.Opportunity(acct, oppID); !ok {
		backToPipeline(w, r, acct, "Delete failed: no such candidate.", "")
		return
	}
	s.DeleteOpportunity(acct, oppID)
	backToPipeline(w, r, acct, "Deleted the candidate: Candidate Deleted webhooks were sent to the registered receivers.", "")
}
