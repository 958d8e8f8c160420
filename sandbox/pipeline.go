package sandbox

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// pipelinePage is the data of pipeline.html.
type pipelinePage struct {
	Prefix, AccountID, AccountName, Flash string
	DataCentre                            string // "EU" for the EU data centre, else ""
	Accounts                              []accountOption
	WebhooksEnabled                       bool
	Webhooks                              []webhookRow
	Events                                []string
	Groups                                []stageGroup
	Stages                                []Stage
	Postings                              []Posting
	Users                                 []userRow
	Total                                 int
}

type webhookRow struct {
	ID, URL, Event, Created, Token, Origins, Last string
	ViaAPI, LastOK                                bool
}

type stageGroup struct {
	ID, Text          string
	Deleted, Intervue bool
	Candidates        []candidateRow
}

type candidateRow struct {
	ID, Name, Emails, Posting, Stage, Origin string
	Tags                                     []string
	Notes                                    []noteRow
	Files                                    []string
	Archived, Confidential, Anonymized       bool
}

type noteRow struct {
	When, Author, Value string
	Secret              bool
	Score               int
}

// handlePipeline serves GET /pipeline?account=ID: stages with their
// candidates, move forms, notes and tags, and the account's webhooks.
func (s *Server) handlePipeline(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("account")
	if id == "" {
		id = s.DemoAccount()
	}
	s.mu.Lock()
	a := s.accounts[id]
	if a == nil {
		s.mu.Unlock()
		s.renderError(w, r, http.StatusNotFound, "Unknown account", "There is no sandbox account "+id+".")
		return
	}
	page := pipelinePage{Prefix: mountPrefix(r), DataCentre: s.dataCentre(), AccountID: a.id, AccountName: a.name, Flash: r.URL.Query().Get("flash"),
		WebhooksEnabled: a.webhooksEnabled, Events: webhookEvents, Stages: slices.Clone(a.stages)}
	for _, aid := range s.accountOrder {
		page.Accounts = append(page.Accounts, accountOption{ID: aid, Name: s.accounts[aid].name, Selected: aid == id})
	}
	for _, h := range a.webhooks {
		page.Webhooks = append(page.Webhooks, s.webhookRowLocked(h))
	}
	page.Groups, page.Total = candidateGroupsLocked(a)
	page.Users = usersLocked(a)
	for _, p := range a.postings {
		if p.State == "published" {
			page.Postings = append(page.Postings, *p)
		}
	}
	s.mu.Unlock()
	s.render(w, http.StatusOK, "pipeline.html", page)
}

func (s *Server) webhookRowLocked(h *Webhook) webhookRow {
	row := webhookRow{ID: h.ID, URL: maskURL(h.URL), Event: h.Event, Created: fmtMS(h.CreatedAt), Token: maskToken(h.SignatureToken),
		Origins: strings.Join(h.Origins, ", "), ViaAPI: h.ViaAPI}
	for i := len(s.deliveries) - 1; i >= 0; i-- {
		if d := s.deliveries[i]; d.WebhookID == h.ID {
			row.Last, row.LastOK = describeAttempt(d), d.Status >= 200 && d.Status < 300
			break
		}
	}
	return row
}

func describeAttempt(d DeliveryRecord) string {
	res := fmt.Sprintf("HTTP %d", d.Status)
	if d.Status == 0 {
		res = "failed: " + d.Error
	}
	return fmt.Sprintf("%s (attempt %d of %d, %s)", res, d.Attempt, maxDeliveryAttempts, d.At.UTC().Format("15:04:05"))
}

// candidateGroupsLocked groups live opportunities by stage in pipeline order;
// candidates in a deleted stage get a group of their own at the end.
func candidateGroupsLocked(a *account) ([]stageGroup, int) {
	groups := make([]stageGroup, len(a.stages))
	for i, st := range a.stages {
		groups[i] = stageGroup{ID: st.ID, Text: st.Text, Intervue: strings.HasPrefix(st.Text, "Intervue")}
	}
	total := 0
	for _, o := range a.opps {
		if o.deleted {
			continue
		}
		total++
		i := slices.IndexFunc(groups, func(g stageGroup) bool { return g.ID == o.Stage })
		if i < 0 {
			groups = append(groups, stageGroup{ID: o.Stage, Text: "Deleted stage", Deleted: true})
			i = len(groups) - 1
		}
		groups[i].Candidates = append(groups[i].Candidates, candidateRowLocked(a, o))
	}
	return groups, total
}

func candidateRowLocked(a *account, o *Opportunity) candidateRow {
	row := candidateRow{ID: o.ID, Name: o.Name, Emails: strings.Join(o.Emails, ", "), Stage: o.Stage, Origin: o.Origin,
		Tags: o.Tags, Archived: o.Archived != nil, Confidential: o.Confidentiality == "confidential", Anonymized: o.IsAnonymized}
	for _, ap := range o.Applications {
		if p := a.posting(ap.Posting); p != nil {
			row.Posting = p.Text
		}
	}
	for _, f := range o.Files {
		row.Files = append(row.Files, f.Name)
	}
	for _, n := range o.Notes {
		for _, f := range n.Fields {
			nr := noteRow{When: fmtMS(f.CreatedAt), Author: "API (no perform_as)", Value: f.Value, Secret: n.Secret}
			if u := a.user(f.User); u != nil {
				nr.Author = u.Name
			}
			if f.Score != nil {
				nr.Score = *f.Score
			}
			row.Notes = append(row.Notes, nr)
		}
	}
	return row
}

// backToPipeline answers 303 to the account's pipeline page with a flash.
func backToPipeline(w http.ResponseWriter, r *http.Request, account, flash, anchor string) {
	loc := mountPrefix(r) + "/pipeline?account=" + url.QueryEscape(account)
	if flash != "" {
		loc += "&flash=" + url.QueryEscape(flash)
	}
	if anchor != "" {
		loc += "#" + url.PathEscape(anchor)
	}
	redirect(w, loc, http.StatusSeeOther)
}

// handlePipelineMove serves POST /pipeline/move (account, opportunity,
// stage): moves the candidate as a Lever user and reports the deliveries.
func (s *Server) handlePipelineMove(w http.ResponseWriter, r *http.Request) {
	acct, oppID, stageID := r.PostFormValue("account"), r.PostFormValue("opportunity"), r.PostFormValue("stage")
	ds, err := s.recruiterMove(acct, oppID, stageID)
	if err != nil {
		backToPipeline(w, r, acct, "Move failed: "+err.Error(), "")
		return
	}
	s.mu.Lock()
	a := s.accounts[acct]
	st, _, _ := a.stage(stageID)
	name := "Anonymized candidate"
	if o := a.opp(oppID); o != nil && o.Name != "" {
		name = o.Name
	}
	enabled, hooks := a.webhooksEnabled, 0
	for _, h := range a.webhooks {
		if h.Event == "candidateStageChange" {
			hooks++
		}
	}
	s.mu.Unlock()
	s.startDeliveries(ds)
	msg := fmt.Sprintf("Moved %s to %s.", name, st.Text)
	switch {
	case !enabled:
		msg += "\nCandidate Stage Change webhooks are switched off in Lever settings: nothing was sent."
	case hooks == 0:
		msg += "\nNo Candidate Stage Change webhook is registered: nothing was sent."
	case len(ds) == 0:
		msg += "\nThe candidate was already in that stage: nothing was sent."
	default:
		msg += "\n" + s.summarizeDeliveries(r.Context(), ds)
	}
	backToPipeline(w, r, acct, msg, "candidate-"+oppID)
}

// summarizeDeliveries waits up to 3s for the first attempts and describes them.
func (s *Server) summarizeDeliveries(ctx context.Context, ds []*delivery) string {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	var lines []string
	for _, d := range ds {
		select {
		case <-d.first:
		case <-ctx.Done():
		}
		shown := maskURL(d.url)
		line := "Webhook to " + shown + ": no answer yet (still sending)."
		s.mu.Lock()
		for _, rec := range s.deliveries {
			if rec.Token == d.token && rec.Attempt == 1 {
				switch {
				case rec.Status >= 200 && rec.Status < 300:
					line = fmt.Sprintf("Webhook delivered to %s: HTTP %d.", shown, rec.Status)
				case rec.Status == 0:
					line = fmt.Sprintf("Webhook to %s failed (%s); Lever will retry up to 5 times.", shown, rec.Error)
				default:
					line = fmt.Sprintf("Webhook to %s answered HTTP %d; Lever will retry up to 5 times.", shown, rec.Status)
				}
			}
		}
		s.mu.Unlock()
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// handlePipelineWebhooksEnabled serves POST /pipeline/webhooks-enabled
// (account, enabled=on|off): the super admin's switch for the webhook group.
func (s *Server) handlePipelineWebhooksEnabled(w http.ResponseWriter, r *http.Request) {
	acct, on := r.PostFormValue("account"), r.PostFormValue("enabled") == "on"
	s.SetWebhooksEnabled(acct, on)
	msg := "Candidate Stage Change webhooks switched off: nothing will be delivered."
	if on {
		msg = "Candidate Stage Change webhooks switched on."
	}
	backToPipeline(w, r, acct, msg, "")
}

// handlePipelineWebhookCreate serves POST /pipeline/webhooks (account, url,
// event): a webhook made in Lever's settings page, with its signature token.
func (s *Server) handlePipelineWebhookCreate(w http.ResponseWriter, r *http.Request) {
	acct, rawURL, event := r.PostFormValue("account"), strings.TrimSpace(r.PostFormValue("url")), r.PostFormValue("event")
	if event == "" {
		event = "candidateStageChange"
	}
	if msg := validateWebhook(rawURL, event, nil); msg != "" {
		backToPipeline(w, r, acct, "Webhook not added: "+msg, "")
		return
	}
	if !s.webhookURLAllowed(rawURL) {
		backToPipeline(w, r, acct, "Webhook not added: this sandbox only sends webhooks to the app's own webhook URLs ("+s.opts.WebhookURLPrefix+"…), shown on its Lever screen.", "")
		return
	}
	s.mu.Lock()
	a := s.accounts[acct]
	var h *Webhook
	if a != nil {
		h = s.addWebhookLocked(a, rawURL, event, nil, false)
	}
	s.mu.Unlock()
	if h == nil {
		backToPipeline(w, r, acct, "Unknown account.", "")
		return
	}
	backToPipeline(w, r, acct, "Webhook added. Its signature token is "+h.SignatureToken, "")
}

// handlePipelineWebhookDelete serves POST /pipeline/webhooks/delete (account, webhook).
func (s *Server) handlePipelineWebhookDelete(w http.ResponseWriter, r *http.Request) {
	acct, id := r.PostFormValue("account"), r.PostFormValue("webhook")
	s.mu.Lock()
	if a := s.accounts[acct]; a != nil {
		a.webhooks = slices.DeleteFunc(a.webhooks, func(h *Webhook) bool { return h.ID == id })
	}
	s.mu.Unlock()
	backToPipeline(w, r, acct, "Webhook deleted.", "")
}

// handlePipelineWebhookTest serves POST /pipeline/webhooks/test (account,
// webhook): like Lever's settings "test" it sends a real envelope with data {}.
func (s *Server) handlePipelineWebhookTest(w http.ResponseWriter, r *http.Request) {
	acct, id := r.PostFormValue("account"), r.PostFormValue("webhook")
	s.mu.Lock()
	var d *delivery
	if a := s.accounts[acct]; a != nil {
		if i := slices.IndexFunc(a.webhooks, func(h *Webhook) bool { return h.ID == id }); i >= 0 {
			d = s.newDelivery(acct, a.webhooks[i], map[string]any{})
		}
	}
	s.mu.Unlock()
	if d == nil {
		backToPipeline(w, r, acct, "Unknown webhook.", "")
		return
	}
	s.startDeliveries([]*delivery{d})
	backToPipeline(w, r, acct, "Test delivery: "+s.summarizeDeliveries(r.Context(), []*delivery{d}), "")
}

// handlePipelineAddCandidate serves POST /pipeline/candidates (account, name,
// email, posting, stage).
func (s *Server) handlePipelineAddCandidate(w http.ResponseWriter, r *http.Request) {
	acct := r.PostFormValue("account")
	in := OpportunityInput{Name: strings.TrimSpace(r.PostFormValue("name")), PostingID: r.PostFormValue("posting"),
		StageID: r.PostFormValue("stage")}
	if e := strings.TrimSpace(r.PostFormValue("email")); e != "" {
		in.Emails = []string{e}
	}
	if in.Name == "" {
		backToPipeline(w, r, acct, "A candidate needs a name.", "")
		return
	}
	id := s.AddOpportunity(acct, in)
	if id == "" {
		backToPipeline(w, r, acct, "Could not add the candidate (unknown account, posting or stage).", "")
		return
	}
	backToPipeline(w, r, acct, "Added "+in.Name+".", "candidate-"+id)
}
