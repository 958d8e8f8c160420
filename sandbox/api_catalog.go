package sandbox

import (
	"net/http"
	"slices"
	"strings"
)

// apiListStages serves GET /v1/stages: data[] {id,text} in pipeline order (§4.7).
func (s *Server) apiListStages(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	s.mu.Lock()
	stages := slices.Clone(s.accounts[c.account].stages)
	s.mu.Unlock()
	paginate(s, w, r, c, stages)
}

// apiGetStage serves GET /v1/stages/{id} (§4.7); deleted stages are 404.
func (s *Server) apiGetStage(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	s.mu.Lock()
	st, _, ok := s.accounts[c.account].stage(r.PathValue("id"))
	s.mu.Unlock()
	if !ok {
		apiError(w, http.StatusNotFound, "ResourceNotFound", "stages "+r.PathValue("id")+" was not found")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": st})
}

// postingJSON is a posting as the Data API answers it (docs/LEVER_API.md §4.8).
type postingJSON struct {
	Posting
	Content           postingContent `json:"content"`
	Followers         []string       `json:"followers"`
	ReqCode           any            `json:"reqCode"`
	RequisitionCodes  []string       `json:"requisitionCodes"`
	URLs              postingURLs    `json:"urls"`
	SalaryRange       any            `json:"salaryRange"`
	SalaryDescription any            `json:"salaryDescription"`
}

type postingContent struct {
	Description     string `json:"description"`
	DescriptionHTML string `json:"descriptionHtml"`
	Lists           []any  `json:"lists"`
	Closing         string `json:"closing"`
	ClosingHTML     string `json:"closingHtml"`
}

type postingURLs struct {
	List  string `json:"list"`
	Show  string `json:"show"`
	Apply string `json:"apply"`
}

func toPostingJSON(p *Posting, account, base string) postingJSON {
	cp := *p
	cp.Tags = nz(slices.Clone(p.Tags))
	cp.DistributionChannels = nz(slices.Clone(p.DistributionChannels))
	cp.Categories.AllLocations = nz(slices.Clone(p.Categories.AllLocations))
	list := base + "/jobs/" + account
	return postingJSON{Posting: cp, Followers: []string{}, RequisitionCodes: []string{},
		Content: postingContent{Description: p.Description, DescriptionHTML: "<div>" + htmlEscape(p.Description) + "</div>", Lists: []any{}},
		URLs:    postingURLs{List: list, Show: list + "/" + p.ID, Apply: list + "/" + p.ID + "/apply"}}
}

// postingVisible applies the posting list filters (§4.8): state,
// distributionChannel (published postings default to the public channel),
// team, department, location, commitment, level, tag, updated_at_start/_end.
func postingVisible(p *Posting, q map[string][]string, conf func(string) bool, upd [2]int64) bool {
	channels := q["distributionChannel"]
	if len(channels) == 0 {
		channels = []string{"public"}
	}
	locs := append([]string{p.Categories.Location}, p.Categories.AllLocations...)
	switch {
	case !conf(p.Confidentiality), !matchAny(q["state"], p.State),
		p.State == "published" && !anyIn(channels, p.DistributionChannels),
		!matchAny(q["team"], p.Categories.Team), !matchAny(q["department"], p.Categories.Department),
		!anyIn(q["location"], locs), !matchAny(q["commitment"], p.Categories.Commitment),
		!matchAny(q["level"], p.Categories.Level), !anyIn(q["tag"], p.Tags),
		p.UpdatedAt < upd[0], p.UpdatedAt > upd[1]:
		return false
	}
	return true
}

// apiListPostings serves GET /v1/postings, paginated (§4.8, §4.0).
func (s *Server) apiListPostings(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	q := r.URL.Query()
	conf, ok := confidentialityFilter(w, r, c)
	if !ok {
		return
	}
	upd := [2]int64{0, 1<<63 - 1}
	for i, name := range []string{"updated_at_start", "updated_at_end"} {
		n, set, valid := msParam(q, name)
		if !valid {
			apiError(w, http.StatusBadRequest, "BadRequestError", "Invalid "+name+": expected milliseconds since the epoch.")
			return
		}
		if set {
			upd[i] = n
		}
	}
	for _, st := range q["state"] {
		if !slices.Contains([]string{"published", "internal", "closed", "draft", "pending", "rejected"}, st) {
			apiError(w, http.StatusBadRequest, "BadRequestError", "Invalid state: "+st)
			return
		}
	}
	s.mu.Lock()
	var out []postingJSON
	for _, p := range s.accounts[c.account].postings {
		if postingVisible(p, q, conf, upd) {
			out = append(out, toPostingJSON(p, c.account, c.base))
		}
	}
	s.mu.Unlock()
	paginate(s, w, r, c, out)
}

// apiGetPosting serves GET /v1/postings/{id}; a confidential posting needs
// confidential:access:admin (403).
func (s *Server) apiGetPosting(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	id := r.PathValue("id")
	s.mu.Lock()
	p := s.accounts[c.account].posting(id)
	var j postingJSON
	if p != nil {
		j = toPostingJSON(p, c.account, c.base)
	}
	s.mu.Unlock()
	switch {
	case p == nil:
		apiError(w, http.StatusNotFound, "ResourceNotFound", "postings "+id+" was not found")
	case p.Confidentiality == "confidential" && !c.grant.has(scopeConfidential):
		apiError(w, http.StatusForbidden, "ForbiddenError", "Access to confidential posting "+id+" requires the "+scopeConfidential+" scope.")
	default:
		writeJSON(w, http.StatusOK, map[string]any{"data": j})
	}
}

// userJSON is a user as GET /users answers it (docs/LEVER_API.md §4.9).
type userJSON struct {
	ID                  string   `json:"id"`
	Name                string   `json:"name"`
	Username            string   `json:"username"`
	Email               string   `json:"email"`
	CreatedAt           int64    `json:"createdAt"`
	DeactivatedAt       *int64   `json:"deactivatedAt"`
	AccessRole          string   `json:"accessRole"`
	Photo               any      `json:"photo"`
	ExternalDirectoryID any      `json:"externalDirectoryId"`
	LinkedContactIDs    []string `json:"linkedContactIds"`
	JobTitle            string   `json:"jobTitle"`
	ManagerID           any      `json:"managerId"`
}

func toUserJSON(u User) userJSON {
	j := userJSON{ID: u.ID, Name: u.Name, Username: u.Username, Email: u.Email, CreatedAt: u.CreatedAt,
		AccessRole: u.AccessRole, LinkedContactIDs: []string{}, JobTitle: u.JobTitle}
	if u.DeactivatedAt != 0 {
		d := u.DeactivatedAt
		j.DeactivatedAt = &d
	}
	return j
}

func userJSONOrNil(a *account, id string) any {
	if u := a.user(id); u != nil {
		return toUserJSON(*u)
	}
	return nullStr(id)
}

// apiListUsers serves GET /v1/users with email (exact, case-insensitive),
// accessRole (repeatable) and includeDeactivated (§4.9).
func (s *Server) apiListUsers(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	q := r.URL.Query()
	withDeactivated, _ := queryBool(q.Get("includeDeactivated"))
	s.mu.Lock()
	var out []userJSON
	for _, u := range s.accounts[c.account].users {
		if (u.DeactivatedAt != 0 && !withDeactivated) || !matchAny(q["accessRole"], u.AccessRole) ||
			(q.Get("email") != "" && !strings.EqualFold(q.Get("email"), u.Email)) {
			continue
		}
		out = append(out, toUserJSON(u))
	}
	s.mu.Unlock()
	paginate(s, w, r, c, out)
}

// apiGetUser serves GET /v1/users/{id} (§4.9).
func (s *Server) apiGetUser(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	s.mu.Lock()
	u := s.accounts[c.account].user(r.PathValue("id"))
	var j userJSON
	if u != nil {
		j = toUserJSON(*u)
	}
	s.mu.Unlock()
	if u == nil {
		apiError(w, http.StatusNotFound, "ResourceNotFound", "users "+r.PathValue("id")+" was not found")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": j})
}

// apiListTags serves GET /v1/tags: data[] {text, count} over live opportunities (§4.6).
func (s *Server) apiListTags(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	type tagJSON struct {
		Text  string `json:"text"`
		Count int    `json:"count"`
	}
	s.mu.Lock()
	var out []tagJSON
	for _, o := range s.accounts[c.account].opps {
		if o.deleted {
			continue
		}
		for _, t := range o.Tags {
			i := slices.IndexFunc(out, func(x tagJSON) bool { return x.Text == t })
			if i < 0 {
				out = append(out, tagJSON{Text: t})
				i = len(out) - 1
			}
			out[i].Count++
		}
	}
	s.mu.Unlock()
	paginate(s, w, r, c, out)
}

// apiListArchiveReasons serves GET /v1/archive_reasons (type=hired|non-hired) (§4.10).
func (s *Server) apiListArchiveReasons(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	s.mu.Lock()
	var out []ArchiveReason
	for _, ar := range s.accounts[c.account].archiveReasons {
		if t := r.URL.Query().Get("type"); t == "" || t == ar.Type {
			out = append(out, ar)
		}
	}
	s.mu.Unlock()
	paginate(s, w, r, c, out)
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}
