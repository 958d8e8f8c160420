package lever

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"strconv"
)

// Opportunity is one candidacy of a person for (at most) one posting (docs/LEVER_API.md §4.1).
// Key everything on ID; Contact is the person across opportunities. Stage is a stage id
// (UUID or built-in slug such as "lead-new"). Times are milliseconds since the Unix epoch;
// UpdatedAt is 0 when Lever sends null (old records). Archived is nil when active.
type Opportunity struct {
	ID              string                   `json:"id"`
	Name            string                   `json:"name"`
	Headline        string                   `json:"headline"`
	Contact         string                   `json:"contact"`
	Location        string                   `json:"location"`
	Confidentiality string                   `json:"confidentiality"`
	Stage           string                   `json:"stage"`
	Origin          string                   `json:"origin"`
	Emails          []string                 `json:"emails"`
	Tags            []string                 `json:"tags"`
	Archived        *Archived                `json:"archived"`
	IsAnonymized    bool                     `json:"isAnonymized"`
	Applications    []Application            `json:"applications"`
	CreatedAt       int64                    `json:"createdAt"`
	UpdatedAt       int64                    `json:"updatedAt"`
	URLs            OpportunityURLs          `json:"urls"`
	StageChanges    []OpportunityStageChange `json:"stageChanges"`
}

// OpportunityURLs are Lever UI links; Show is the candidate's page (docs/LEVER_API.md §6.15).
type OpportunityURLs struct {
	List string `json:"list"`
	Show string `json:"show"`
}

// Archived is an opportunity's archive state: Reason is an archive-reason id, ArchivedAt ms since epoch.
type Archived struct {
	Reason     string `json:"reason"`
	ArchivedAt int64  `json:"archivedAt"`
}

// OpportunityStageChange is one entry of an opportunity's stage history; UpdatedAt is ms since
// epoch. (Named apart from StageChange, the webhook payload.)
type OpportunityStageChange struct {
	ToStageID    string `json:"toStageId"`
	ToStageIndex int    `json:"toStageIndex"`
	UserID       string `json:"userId"`
	UpdatedAt    int64  `json:"updatedAt"`
}

// Application links an opportunity to a posting (docs/LEVER_API.md §4.2). Posting is the posting id
// ("" for sourced leads without one); Type is posting, user or referral; CreatedAt ms since epoch.
// Without expand=applications Lever sends only the id; both forms decode.
type Application struct {
	ID            string `json:"id"`
	OpportunityID string `json:"opportunityId"`
	Posting       string `json:"posting"`
	Type          string `json:"type"`
	CreatedAt     int64  `json:"createdAt"`
}

// UnmarshalJSON accepts an application object or a bare id string; posting may be an id or
// an expanded posting object.
func (a *Application) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		*a = Application{}
		return json.Unmarshal(b, &a.ID)
	}
	var w struct {
		ID            string          `json:"id"`
		OpportunityID string          `json:"opportunityId"`
		Posting       json.RawMessage `json:"posting"`
		Type          string          `json:"type"`
		CreatedAt     int64           `json:"createdAt"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = Application{ID: w.ID, OpportunityID: w.OpportunityID, Type: w.Type, CreatedAt: w.CreatedAt}
	a.Posting = idOf(w.Posting)
	return nil
}

// idOf returns a JSON string, or the "id" of a JSON object, or "".
func idOf(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var o struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(raw, &o) == nil {
		return o.ID
	}
	return ""
}

// PostingID returns the posting of the opportunity's application, or "" when it has none
// (an opportunity has 0 or 1 application, docs/LEVER_API.md §6.2).
func (o *Opportunity) PostingID() string {
	for _, a := range o.Applications {
		if a.Posting != "" {
			return a.Posting
		}
	}
	return ""
}

// Opportunity returns one opportunity with its applications expanded
// (GET /opportunities/:id?expand=applications). A deleted or unknown id is an APIError 404.
func (c *Client) Opportunity(ctx context.Context, id string) (*Opportunity, error) {
	var env struct {
		Data Opportunity `json:"data"`
	}
	q := url.Values{"expand": {"applications"}}
	if err := c.do(ctx, "GET", "/opportunities/"+url.PathEscape(id), q, nil, &env); err != nil {
		return nil, err
	}
	return &env.Data, nil
}

// OpportunityFilter selects opportunities for Opportunities; empty fields do not filter.
// UpdatedAtStart is ms since epoch. Confidentiality defaults to "all" (Lever's own default
// hides confidential ones, docs/LEVER_API.md §6.3).
type OpportunityFilter struct {
	StageID         string
	UpdatedAtStart  int64
	Confidentiality string
	PostingID       string
	Tag             string
}

// Opportunities returns every opportunity matching f, all pages, applications expanded
// (GET /opportunities).
func (c *Client) Opportunities(ctx context.Context, f OpportunityFilter) ([]Opportunity, error) {
	q := url.Values{"expand": {"applications"}, "limit": {"100"}}
	q.Set("confidentiality", "all")
	if f.Confidentiality != "" {
		q.Set("confidentiality", f.Confidentiality)
	}
	if f.StageID != "" {
		q.Set("stage_id", f.StageID)
	}
	if f.UpdatedAtStart > 0 {
		q.Set("updated_at_start", strconv.FormatInt(f.UpdatedAtStart, 10))
	}
	if f.PostingID != "" {
		q.Set("posting_id", f.PostingID)
	}
	if f.Tag != "" {
		q.Set("tag", f.Tag)
	}
	return list[Opportunity](ctx, c, "/opportunities", q)
}

// MoveStage moves an opportunity to stageID (PUT /opportunities/:id/stage, docs/LEVER_API.md §4.3).
// Lever sends us a candidateStageChange webhook for it. Retried like any idempotent call.
// It carries perform_as when the client has one (Options.PerformAs).
func (c *Client) MoveStage(ctx context.Context, oppID, stageID string) error {
	body := struct {
		Stage string `json:"stage"`
	}{stageID}
	return c.do(ctx, "PUT", "/opportunities/"+url.PathEscape(oppID)+"/stage", c.writeQuery(), body, nil)
}

// AddTags adds tags (case-sensitive, created on the fly) to an opportunity
// (POST /opportunities/:id/addTags, docs/LEVER_API.md §4.6). Adding a present tag is harmless.
// It carries perform_as when the client has one (Options.PerformAs).
func (c *Client) AddTags(ctx context.Context, oppID string, tags ...string) error {
	if len(tags) == 0 {
		return nil
	}
	body := struct {
		Tags []string `json:"tags"`
	}{tags}
	return c.do(ctx, "POST", "/opportunities/"+url.PathEscape(oppID)+"/addTags", c.writeQuery(), body, nil)
}
