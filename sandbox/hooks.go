package sandbox

import (
	"context"
	"errors"
	"fmt"
	"github.com/intervue/lever-integration/lever"
	"slices"
	"time"
)

// Errors returned by the recruiter-side hooks.
var (
	ErrUnknownAccount     = errors.New("sandbox: unknown account")
	ErrUnknownOpportunity = errors.New("sandbox: unknown opportunity")
	ErrUnknownStage       = errors.New("sandbox: unknown stage")
)

// Calls returns the Data API calls received for account after authentication,
// in arrival order (rate-limited and faulted ones included).
func (s *Server) Calls(account string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.accounts[account]; a != nil {
		return slices.Clone(a.calls)
	}
	return nil
}

// RequestsPerSecondMax returns the highest number of Data API requests
// received for account within any sliding one-second window.
func (s *Server) RequestsPerSecondMax(account string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.accounts[account]; a != nil {
		return a.rpsMax
	}
	return 0
}

func cloneOpp(o *Opportunity) Opportunity {
	c := *o
	c.Emails = slices.Clone(o.Emails)
	c.Phones = slices.Clone(o.Phones)
	c.Links = slices.Clone(o.Links)
	c.StageChanges = slices.Clone(o.StageChanges)
	c.Tags = slices.Clone(o.Tags)
	c.Sources = slices.Clone(o.Sources)
	c.Followers = slices.Clone(o.Followers)
	c.Applications = slices.Clone(o.Applications)
	if o.Archived != nil {
		ar := *o.Archived
		c.Archived = &ar
	}
	c.Notes = make([]Note, len(o.Notes))
	for i, n := range o.Notes {
		n.Fields = slices.Clone(n.Fields)
		c.Notes[i] = n
	}
	return c
}

// Opportunity returns a snapshot of one opportunity (stage, tags, notes with
// their values, stage changes); false when unknown or deleted.
func (s *Server) Opportunity(account, id string) (Opportunity, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[account]
	if a == nil {
		return Opportunity{}, false
	}
	o := a.opp(id)
	if o == nil {
		return Opportunity{}, false
	}
	return cloneOpp(o), true
}

// Opportunities returns snapshots of the account's live opportunities, in creation order.
func (s *Server) Opportunities(account string) []Opportunity {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[account]
	if a == nil {
		return nil
	}
	var out []Opportunity
	for _, o := range a.opps {
		if !o.deleted {
			out = append(out, cloneOpp(o))
		}
	}
	return out
}

// Stages returns the account's stages in pipeline order.
func (s *Server) Stages(account string) []Stage {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.accounts[account]; a != nil {
		return slices.Clone(a.stages)
	}
	return nil
}

// StageByName returns the id of the account's stage whose text is name.
func (s *Server) StageByName(account, name string) (string, bool) {
	for _, st := range s.Stages(account) {
		if st.Text == name {
			return st.ID, true
		}
	}
	return "", false
}

// Postings returns copies of every posting of the account (all states).
func (s *Server) Postings(account string) []Posting {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[account]
	if a == nil {
		return nil
	}
	out := make([]Posting, 0, len(a.postings))
	for _, p := range a.postings {
		c := *p
		c.Tags = slices.Clone(p.Tags)
		c.DistributionChannels = slices.Clone(p.DistributionChannels)
		c.Categories.AllLocations = slices.Clone(p.Categories.AllLocations)
		out = append(out, c)
	}
	return out
}

// Users returns the account's users (including deactivated ones).
func (s *Server) Users(account string) []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.accounts[account]; a != nil {
		return slices.Clone(a.users)
	}
	return nil
}

// Accounts returns the ids of every account, in creation order.
func (s *Server) Accounts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.accountOrder)
}

// AddOpportunity adds a candidate as a recruiter would and returns its id
// ("" for an unknown account, posting or stage). No webhook is sent.
func (s *Server) AddOpportunity(account string, in OpportunityInput) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[account]
	if a == nil {
		return ""
	}
	o, err := s.newOpportunityLocked(a, in)
	if err != nil {
		return ""
	}
	return o.ID
}

func (s *Server) newOpportunityLocked(a *account, in OpportunityInput) (*Opportunity, error) {
	if in.PostingID != "" && a.posting(in.PostingID) == nil {
		return nil, fmt.Errorf("sandbox: unknown posting %q", in.PostingID)
	}
	stage := in.StageID
	if stage == "" {
		stage = "lead-new"
		if in.PostingID != "" {
			stage = "applicant-new"
		}
	}
	_, idx, ok := a.stage(stage)
	if !ok {
		return nil, ErrUnknownStage
	}
	now := s.nowMS()
	recruiter := a.userByRole("admin")
	o := &Opportunity{ID: newUUID(), Contact: newUUID(), Name: in.Name, Emails: slices.Clone(in.Emails),
		Confidentiality: "non-confidential", Stage: stage, Tags: slices.Clone(in.Tags), Origin: in.Origin,
		Owner: recruiter, CreatedAt: now, UpdatedAt: now, LastInteractionAt: now, LastAdvancedAt: now,
		StageChanges: []StageChange{{ToStageID: stage, ToStageIndex: idx, UserID: recruiter, UpdatedAt: now}}}
	if in.Confidential {
		o.Confidentiality = "confidential"
	}
	if o.Origin == "" {
		o.Origin = "sourced"
		if in.PostingID != "" {
			o.Origin = "applied"
		}
	}
	if in.PostingID != "" {
		o.Applications = []Application{{ID: newUUID(), Posting: in.PostingID, Type: "posting", CreatedAt: now}}
		o.Sources = []string{"Job site"}
	}
	if in.Anonymized {
		anonymize(o)
	}
	a.opps = append(a.opps, o)
	return o, nil
}

// MoveCandidate moves an opportunity to stageID as a recruiter in Lever's UI
// would, and sends candidateStageChange webhooks asynchronously.
func (s *Server) MoveCandidate(ctx context.Context, account, oppID, stageID string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ds, err := s.recruiterMove(account, oppID, stageID)
	if err != nil {
		return err
	}
	s.startDeliveries(ds)
	return nil
}

func (s *Server) recruiterMove(account, oppID, stageID string) ([]*delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[account]
	if a == nil {
		return nil, ErrUnknownAccount
	}
	o := a.opp(oppID)
	if o == nil {
		return nil, ErrUnknownOpportunity
	}
	if _, _, ok := a.stage(stageID); !ok {
		return nil, ErrUnknownStage
	}
	return s.moveLocked(a, o, stageID, a.userByRole("admin")), nil
}

// DeleteOpportunity deletes an opportunity as a Lever admin would: GET
// answers 404, lists skip it, and candidateDeleted webhooks are sent
// asynchronously (docs/LEVER_API.md §3.2).
func (s *Server) DeleteOpportunity(account, id string) {
	s.mu.Lock()
	var ds []*delivery
	if a := s.accounts[account]; a != nil {
		if o := a.opp(id); o != nil {
			o.deleted = true
			ds = s.eventDeliveriesLocked(a, o, lever.EventCandidateDeleted, map[string]any{"opportunityId": o.ID, "contactId": o.Contact})
		}
	}
	s.mu.Unlock()
	s.startDeliveries(ds)
}

// ArchiveOpportunity archives (reason: an archive-reason id) or, with
// reason "", unarchives an opportunity as a recruiter would, and sends
// candidateArchiveChange webhooks asynchronously (§3.2). False for an
// unknown opportunity.
func (s *Server) ArchiveOpportunity(account, id, reason string) bool {
	s.mu.Lock()
	a := s.accounts[account]
	var o *Opportunity
	if a != nil {
		o = a.opp(id)
	}
	if o == nil {
		s.mu.Unlock()
		return false
	}
	from := o.Archived
	o.Archived = nil
	if reason != "" {
		o.Archived = &Archived{Reason: reason, ArchivedAt: s.nowMS()}
	}
	o.UpdatedAt = s.nowMS()
	ds := s.eventDeliveriesLocked(a, o, lever.EventCandidateArchiveChange, map[string]any{"opportunityId": o.ID, "contactId": o.Contact,
		"fromArchived": from, "toArchived": o.Archived})
	s.mu.Unlock()
	s.startDeliveries(ds)
	return true
}

// RetitlePosting renames a posting and its team and location as an admin
// would in Lever (no length limit, like Lever's); UpdatedAt moves to now (ms).
func (s *Server) RetitlePosting(account, id, text, team, location string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.accounts[account]; a != nil {
		for _, p := range a.postings {
			if p.ID == id {
				p.Text, p.Categories.Team, p.Categories.Location = text, team, location
				p.Categories.AllLocations = []string{location}
				p.UpdatedAt = time.Now().UnixMilli()
			}
		}
	}
}

// DeleteWebhooks deletes every webhook of the account, as a Lever super
// admin would in Lever's webhook settings (nothing is delivered any more).
func (s *Server) DeleteWebhooks(account string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.accounts[account]; a != nil {
		a.webhooks = nil
	}
}

// DeleteStage removes a stage as an admin would; opportunities in it keep the
// dangling stage id, GET /stages/{id} answers 404, and moving into it 400.
func (s *Server) DeleteStage(account, stageID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.accounts[account]; a != nil {
		a.stages = slices.DeleteFunc(a.stages, func(st Stage) bool { return st.ID == stageID })
	}
}

// SetWebhooksEnabled switches the account's Candidate Stage Change webhook
// group on or off, as a Lever super admin in settings (§3.6); off sends nothing.
func (s *Server) SetWebhooksEnabled(account string, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.accounts[account]; a != nil {
		a.webhooksEnabled = on
	}
}

// anonymize removes personal fields (docs/LEVER_API.md §6.4).
func anonymize(o *Opportunity) {
	o.IsAnonymized = true
	o.Name, o.Headline, o.Location = "", "", ""
	o.Emails, o.Phones, o.Links = []string{}, []Phone{}, []string{}
}
