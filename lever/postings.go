package lever

import (
	"context"
	"net/url"
)

// Stage is one pipeline stage (docs/LEVER_API.md §4.7). ID is a UUID or a built-in slug.
type Stage struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// Stages returns every pipeline stage in Lever's order (GET /stages).
func (c *Client) Stages(ctx context.Context) ([]Stage, error) {
	return list[Stage](ctx, c, "/stages", nil)
}

// PostingStates are all posting states; Postings lists each (docs/LEVER_API.md §4.8).
var PostingStates = []string{"published", "internal", "closed", "draft", "pending", "rejected"}

// Posting is a job posting (docs/LEVER_API.md §4.8). State is one of PostingStates ("internal" is
// "unlisted" in Lever's UI); CreatedAt and UpdatedAt are ms since epoch.
type Posting struct {
	ID                   string            `json:"id"`
	Text                 string            `json:"text"`
	State                string            `json:"state"`
	Confidentiality      string            `json:"confidentiality"`
	DistributionChannels []string          `json:"distributionChannels"`
	Categories           PostingCategories `json:"categories"`
	Tags                 []string          `json:"tags"`
	CreatedAt            int64             `json:"createdAt"`
	UpdatedAt            int64             `json:"updatedAt"`
	URLs                 PostingURLs       `json:"urls"`
}

// PostingCategories are a posting's team, department, location and commitment labels.
type PostingCategories struct {
	Team       string `json:"team"`
	Department string `json:"department"`
	Location   string `json:"location"`
	Commitment string `json:"commitment"`
}

// PostingURLs are a posting's public links (list page, posting page, apply form).
type PostingURLs struct {
	List  string `json:"list"`
	Show  string `json:"show"`
	Apply string `json:"apply"`
}

// Postings returns every posting in every state, public and internal channels, confidential
// included (GET /postings once per state, all pages, limit=100). One listing per state keeps
// each offset token bound to a single query; a posting seen twice is returned once.
func (c *Client) Postings(ctx context.Context) ([]Posting, error) {
	var all []Posting
	seen := map[string]bool{}
	for _, state := range PostingStates {
		q := url.Values{
			"state":               {state},
			"distributionChannel": {"public", "internal"},
			"confidentiality":     {"all"},
			"limit":               {"100"},
		}
		ps, err := list[Posting](ctx, c, "/postings", q)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if !seen[p.ID] {
				seen[p.ID] = true
				all = append(all, p)
			}
		}
	}
	return all, nil
}
