package sandbox

import (
	"net/http"
	"slices"
	"strings"
)

// oppJSON is an opportunity as GET /opportunities/:id answers it (docs/LEVER_API.md §4.1).
type oppJSON struct {
	ID                string        `json:"id"`
	Name              string        `json:"name"`
	Headline          string        `json:"headline"`
	Contact           any           `json:"contact"`
	Emails            []string      `json:"emails"`
	Phones            []Phone       `json:"phones"`
	Confidentiality   string        `json:"confidentiality"`
	Location          string        `json:"location"`
	Links             []string      `json:"links"`
	CreatedAt         int64         `json:"createdAt"`
	UpdatedAt         int64         `json:"updatedAt"`
	LastInteractionAt int64         `json:"lastInteractionAt"`
	LastAdvancedAt    int64         `json:"lastAdvancedAt"`
	SnoozedUntil      *int64        `json:"snoozedUntil"`
	ArchivedAt        *int64        `json:"archivedAt"`
	ArchiveReason     *string       `json:"archiveReason"`
	Stage             any           `json:"stage"`
	StageChanges      []StageChange `json:"stageChanges"`
	Owner             any           `json:"owner"`
	Tags              []string      `json:"tags"`
	Sources           []string      `json:"sources"`
	Origin            string        `json:"origin"`
	SourcedBy         any           `json:"sourcedBy"`
	Applications      any           `json:"applications"`
	Resume            any           `json:"resume"`
	Followers         any           `json:"followers"`
	URLs              oppURLs       `json:"urls"`
	DataProtection    any           `json:"dataProtection"`
	IsAnonymized      bool          `json:"isAnonymized"`
	Archived          *Archived     `json:"archived"`
}

type oppURLs struct {
	List string `json:"list"`
	Show string `json:"show"`
}

// applicationJSON is an expanded application (docs/LEVER_API.md §4.2).
type applicationJSON struct {
	ID                   string    `json:"id"`
	OpportunityID        string    `json:"opportunityId"`
	CandidateID          string    `json:"candidateId"`
	CreatedAt            int64     `json:"createdAt"`
	Type                 string    `json:"type"`
	Posting              any       `json:"posting"`
	PostingOwner         any       `json:"postingOwner"`
	PostingHiringManager any       `json:"postingHiringManager"`
	User                 any       `json:"user"`
	Name                 string    `json:"name"`
	Email                any       `json:"email"`
	Phone                any       `json:"phone"`
	Company              any       `json:"company"`
	Links                []string  `json:"links"`
	Comments             any       `json:"comments"`
	CustomQuestions      []any     `json:"customQuestions"`
	Archived             *Archived `json:"archived"`
	RequisitionForHire   any       `json:"requisitionForHire"`
}

type contactJSON struct {
	ID           string            `json:"id"`
	Name         string            `json:"name"`
	Headline     string            `json:"headline"`
	Location     map[string]string `json:"location"`
	Emails       []string          `json:"emails"`
	Phones       []Phone           `json:"phones"`
	IsAnonymized bool              `json:"isAnonymized"`
}

// expandSet reads repeated or comma-separated expand parameters.
func expandSet(r *http.Request) map[string]bool {
	m := map[string]bool{}
	for _, v := range r.URL.Query()["expand"] {
		for _, x := range strings.Split(v, ",") {
			m[strings.TrimSpace(x)] = true
		}
	}
	return m
}

// oppJSONLocked renders o; expand inlines applications, stage, owner,
// followers, sourcedBy and contact (§4.1).
func oppJSONLocked(a *account, o *Opportunity, base string, expand map[string]bool) oppJSON {
	j := oppJSON{
		ID: o.ID, Name: o.Name, Headline: o.Headline, Contact: o.Contact, Emails: nz(slices.Clone(o.Emails)),
		Phones: nz(slices.Clone(o.Phones)), Confidentiality: o.Confidentiality, Location: o.Location,
		Links: nz(slices.Clone(o.Links)), CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt,
		LastInteractionAt: o.LastInteractionAt, LastAdvancedAt: o.LastAdvancedAt, Stage: o.Stage,
		StageChanges: nz(slices.Clone(o.StageChanges)), Owner: nullStr(o.Owner), Tags: nz(slices.Clone(o.Tags)),
		Sources: nz(slices.Clone(o.Sources)), Origin: o.Origin, SourcedBy: nullStr(o.SourcedBy),
		Followers: nz(slices.Clone(o.Followers)), IsAnonymized: o.IsAnonymized,
		URLs: oppURLs{List: base + "/candidates", Show: base + "/candidates/" + o.ID},
	}
	if o.Archived != nil {
		ar := *o.Archived
		j.Archived, j.ArchivedAt, j.ArchiveReason = &ar, &ar.ArchivedAt, &ar.Reason
	}
	ids := []string{}
	apps := []applicationJSON{}
	for _, ap := range o.Applications {
		ids = append(ids, ap.ID)
		aj := applicationJSON{ID: ap.ID, OpportunityID: o.ID, CandidateID: o.Contact, CreatedAt: ap.CreatedAt,
			Type: ap.Type, Posting: nullStr(ap.Posting), User: nullStr(ap.User), Name: o.Name,
			Email: nil, Links: []string{}, CustomQuestions: []any{}, Archived: j.Archived}
		if len(o.Emails) > 0 {
			aj.Email = o.Emails[0]
		}
		if len(o.Phones) > 0 {
			aj.Phone = o.Phones[0]
		}
		if p := a.posting(ap.Posting); p != nil {
			aj.PostingOwner, aj.PostingHiringManager = nullStr(p.Owner), nullStr(p.HiringManager)
		}
		apps = append(apps, aj)
	}
	j.Applications = ids
	if expand["applications"] {
		j.Applications = apps
	}
	if expand["stage"] {
		if st, _, ok := a.stage(o.Stage); ok {
			j.Stage = st
		} else {
			j.Stage = nil // the stage was deleted
		}
	}
	if expand["owner"] {
		j.Owner = userJSONOrNil(a, o.Owner)
	}
	if expand["sourcedBy"] {
		j.SourcedBy = userJSONOrNil(a, o.SourcedBy)
	}
	if expand["followers"] {
		fs := []userJSON{}
		for _, id := range o.Followers {
			if u := a.user(id); u != nil {
				fs = append(fs, toUserJSON(*u))
			}
		}
		j.Followers = fs
	}
	if expand["contact"] {
		j.Contact = contactJSON{ID: o.Contact, Name: o.Name, Headline: o.Headline,
			Location: map[string]string{"name": o.Location}, Emails: j.Emails, Phones: j.Phones, IsAnonymized: o.IsAnonymized}
	}
	return j
}

// findOppLocked returns the visible opportunity or the error to answer:
// 404 for unknown or deleted, 403 for confidential without confidential:access:admin (§6.3).
func findOppLocked(a *account, c *apiCtx, id string) (*Opportunity, func(http.ResponseWriter)) {
	o := a.opp(id)
	if o == nil {
		return nil, func(w http.ResponseWriter) {
			apiError(w, http.StatusNotFound, "ResourceNotFound", "opportunities "+id+" was not found")
		}
	}
	if o.Confidentiality == "confidential" && !c.grant.has(scopeConfidential) {
		return nil, func(w http.ResponseWriter) {
			apiError(w, http.StatusForbidden, "ForbiddenError", "Access to confidential opportunity "+id+" requires the "+scopeConfidential+" scope.")
		}
	}
	return o, nil
}

// apiGetOpportunity serves GET /v1/opportunities/{id} (§4.1).
func (s *Server) apiGetOpportunity(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	s.mu.Lock()
	a := s.accounts[c.account]
	o, fail := findOppLocked(a, c, r.PathValue("id"))
	if fail != nil {
		s.mu.Unlock()
		fail(w)
		return
	}
	j := oppJSONLocked(a, o, c.base, expandSet(r))
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"data": j})
}

// confidentialityFilter reads confidentiality: non-confidential (default),
// confidential or all (§4.1, §4.8). Without confidential:access:admin,
// confidential records are left out of lists whatever is asked (a direct GET
// answers 403 instead).
func confidentialityFilter(w http.ResponseWriter, r *http.Request, c *apiCtx) (func(string) bool, bool) {
	v := r.URL.Query().Get("confidentiality")
	allowed := c.grant.has(scopeConfidential)
	switch v {
	case "", "non-confidential":
		return func(x string) bool { return x != "confidential" }, true
	case "all":
		return func(x string) bool { return allowed || x != "confidential" }, true
	case "confidential":
		return func(x string) bool { return allowed && x == "confidential" }, true
	}
	apiError(w, http.StatusBadRequest, "BadRequestError", "Invalid confidentiality: "+v)
	return nil, false
}

// apiListOpportunities serves GET /v1/opportunities with filters stage_id,
// tag, posting_id, email, contact_id, origin, archived, confidentiality,
// updated_at_start/_end and created_at_start/_end (ms), paginated (§4.1, §4.0).
func (s *Server) apiListOpportunities(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	q := r.URL.Query()
	conf, ok := confidentialityFilter(w, r, c)
	if !ok {
		return
	}
	var bounds [4]int64
	for i, name := range []string{"updated_at_start", "updated_at_end", "created_at_start", "created_at_end"} {
		n, set, valid := msParam(q, name)
		if !valid {
			apiError(w, http.StatusBadRequest, "BadRequestError", "Invalid "+name+": expected milliseconds since the epoch.")
			return
		}
		if set {
			bounds[i] = n
		} else if i%2 == 1 {
			bounds[i] = 1<<63 - 1
		}
	}
	archived, archivedSet := queryBool(q.Get("archived"))
	expand := expandSet(r)
	s.mu.Lock()
	a := s.accounts[c.account]
	var out []oppJSON
	for _, o := range a.opps {
		switch {
		case o.deleted, !conf(o.Confidentiality),
			o.UpdatedAt < bounds[0], o.UpdatedAt > bounds[1], o.CreatedAt < bounds[2], o.CreatedAt > bounds[3],
			!matchAny(q["stage_id"], o.Stage), !anyIn(q["tag"], o.Tags), !matchAny(q["origin"], o.Origin),
			!matchAny(q["contact_id"], o.Contact), !anyIn(q["posting_id"], postingIDs(o)),
			!anyInFold(q["email"], o.Emails), archivedSet && archived != (o.Archived != nil):
			continue
		}
		out = append(out, oppJSONLocked(a, o, c.base, expand))
	}
	s.mu.Unlock()
	paginate(s, w, r, c, out)
}

func postingIDs(o *Opportunity) []string {
	var ids []string
	for _, ap := range o.Applications {
		ids = append(ids, ap.Posting)
	}
	return ids
}

// matchAny: no wanted values, or v is one of them.
func matchAny(want []string, v string) bool { return len(want) == 0 || slices.Contains(want, v) }

// anyIn: no wanted values, or one of have is wanted (case-sensitive).
func anyIn(want, have []string) bool {
	if len(want) == 0 {
		return true
	}
	for _, h := range have {
		if slices.Contains(want, h) {
			return true
		}
	}
	return false
}

func anyInFold(want, have []string) bool {
	if len(want) == 0 {
		return true
	}
	for _, wv := range want {
		for _, h := range have {
			if strings.EqualFold(wv, h) {
				return true
			}
		}
	}
	return false
}

// apiMoveStage serves PUT /v1/opportunities/{id}/stage with body
// {"stage":"<id>"} (§4.3): it fires candidateStageChange like Lever does for
// any move, including the integration's own.
func (s *Server) apiMoveStage(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	user, ok := s.performAs(w, r, c)
	if !ok {
		return
	}
	var body struct {
		Stage string `json:"stage"`
	}
	if !decodeBody(w, c, &body) {
		return
	}
	s.mu.Lock()
	a := s.accounts[c.account]
	o, fail := findOppLocked(a, c, r.PathValue("id"))
	if fail == nil && body.Stage == "" {
		fail = func(w http.ResponseWriter) { apiError(w, http.StatusBadRequest, "BadRequestError", "Missing stage") }
	} else if _, _, known := a.stage(body.Stage); fail == nil && !known {
		fail = func(w http.ResponseWriter) {
			apiError(w, http.StatusBadRequest, "BadRequestError", "Invalid stage: stages "+body.Stage+" was not found")
		}
	}
	if fail != nil {
		s.mu.Unlock()
		fail(w)
		return
	}
	if user == "" {
		user = c.grant.userID
	}
	ds := s.moveLocked(a, o, body.Stage, user)
	j := oppJSONLocked(a, o, c.base, expandSet(r))
	s.mu.Unlock()
	s.startDeliveries(ds)
	writeJSON(w, http.StatusOK, map[string]any{"data": j})
}

// moveLocked puts o in stage to (a no-op when it is already there) and
// returns the webhook deliveries to start once the lock is released.
func (s *Server) moveLocked(a *account, o *Opportunity, to, user string) []*delivery {
	if o.Stage == to {
		return nil
	}
	from := o.Stage
	_, idx, _ := a.stage(to)
	now := s.nowMS()
	o.Stage = to
	o.StageChanges = append(o.StageChanges, StageChange{ToStageID: to, ToStageIndex: idx, UserID: user, UpdatedAt: now})
	o.UpdatedAt, o.LastAdvancedAt, o.LastInteractionAt = now, now, now
	return s.stageChangeDeliveriesLocked(a, o, from, to)
}

// apiAddTags serves POST /v1/opportunities/{id}/addTags {"tags":[…]} (§4.6).
func (s *Server) apiAddTags(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	s.changeTags(w, r, c, func(o *Opportunity, tags []string) bool {
		changed := false
		for _, t := range tags {
			if t != "" && !slices.Contains(o.Tags, t) {
				o.Tags = append(o.Tags, t)
				changed = true
			}
		}
		return changed
	})
}

// apiRemoveTags serves POST /v1/opportunities/{id}/removeTags {"tags":[…]} (§4.6).
func (s *Server) apiRemoveTags(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	s.changeTags(w, r, c, func(o *Opportunity, tags []string) bool {
		n := len(o.Tags)
		o.Tags = slices.DeleteFunc(o.Tags, func(t string) bool { return slices.Contains(tags, t) })
		return len(o.Tags) != n
	})
}

func (s *Server) changeTags(w http.ResponseWriter, r *http.Request, c *apiCtx, apply func(*Opportunity, []string) bool) {
	if _, ok := s.performAs(w, r, c); !ok {
		return
	}
	var body struct {
		Tags *[]string `json:"tags"`
	}
	if !decodeBody(w, c, &body) {
		return
	}
	if body.Tags == nil {
		apiError(w, http.StatusBadRequest, "BadRequestError", "Missing tags (an array of strings)")
		return
	}
	s.mu.Lock()
	a := s.accounts[c.account]
	o, fail := findOppLocked(a, c, r.PathValue("id"))
	if fail != nil {
		s.mu.Unlock()
		fail(w)
		return
	}
	if apply(o, *body.Tags) {
		o.UpdatedAt = s.nowMS()
	}
	j := oppJSONLocked(a, o, c.base, expandSet(r))
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"data": j})
}
