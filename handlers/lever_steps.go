package handlers

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// checklist returns the setup steps for c, for an htmx response that
// updates them out of band.
func (h *Handler) checklist(ctx context.Context, c *models.LeverConnection) ([]views.SetupStep, error) {
	st, err := h.stageMappingView(ctx, c, c.Mapping(), nil)
	if err != nil {
		return nil, err
	}
	mapped, all, err := h.postingCounts(ctx, c.OrgID)
	if err != nil {
		return nil, err
	}
	return leverSteps(c, st, mapped, all), nil
}

// leverSteps lists the five setup steps (Connect, Webhook, Stages,
// Postings, Go live), how far each one is, what is left and why.
func leverSteps(c *models.LeverConnection, st views.StageMappingView, postingsMapped, postingsAll int) []views.SetupStep {
	connected := c.Status != models.ConnDisconnected
	after := "after you connect Lever"

	connect := views.SetupStep{Key: "connect", Title: "Connect Lever", State: "pending", Reachable: true,
		Left: "Click Begin setup and sign in to Lever as a Lever super admin: we can read your stages and postings only once you have."}
	switch c.Status {
	case models.ConnConnected:
		connect.State, connect.Summary, connect.Left = "ok", "Connected to Lever account "+c.AccountID+".", ""
	case models.ConnNeedsReauth:
		connect.State, connect.Left = "fail", "Lever access was revoked or has expired: reconnect, or nothing is read from or written to Lever."
	}

	webhook := views.SetupStep{Key: "webhook", Title: "Webhook", State: "pending", Reachable: connected,
		Left: "Candidate moves reach us through Lever's Candidate Stage Change webhook: " + after + " we register it."}
	switch {
	case len(c.SignatureTokenEnc) > 0 && c.LastWebhookAt != nil:
		webhook.State, webhook.Summary, webhook.Left = "ok", "Switched on in Lever: the first candidate move has arrived.", ""
	case len(c.SignatureTokenEnc) > 0:
		webhook.State, webhook.Summary = "ok", "Registered in Lever."
		if !c.WebhookRegistered {
			webhook.Summary = "Set up by hand in Lever."
		}
		webhook.Left = "Ask a Lever super admin to switch it on in Lever (Settings › Integrations and API › Webhooks › Candidate Stage Change), or candidate moves never reach us."
	case connected:
		webhook.State, webhook.Left = "fail", "We could not register it for you: add our URL in Lever and paste the signature token Lever shows, so candidate moves reach us."
	}

	stages := views.SetupStep{Key: "stages", Title: "Stages", State: "pending", Reachable: connected || len(st.Stages) > 0}
	mapped, deleted := 0, false
	for _, f := range st.Fields {
		if f.Selected != "" && !f.Missing && !f.Suggested {
			mapped++
		}
		deleted = deleted || f.Missing
	}
	stages.Summary = fmt.Sprintf("%d of 5 stages mapped.", mapped)
	switch {
	case !stages.Reachable:
		stages.Left = "Your Lever stages load " + after + "."
	case deleted:
		stages.State, stages.Left = "fail", "A mapped stage was deleted in Lever: choose another, or candidates cannot be moved there."
	case mapped == 5:
		stages.State = "ok"
	default:
		stages.Left = fmt.Sprintf("Map the %s left: we pick candidates up from To be Scheduled and move them through the other four.", nounCount(5-mapped, "stage"))
	}

	postings := views.SetupStep{Key: "postings", Title: "Postings", State: "pending", Reachable: connected || postingsAll > 0,
		Summary: fmt.Sprintf("%d of %d postings mapped to an interview profile.", postingsMapped, postingsAll)}
	if c.DefaultProfileID != "" {
		postings.Summary += " A default profile catches the rest."
	}
	switch {
	case !postings.Reachable:
		postings.Left, postings.Summary = "Your Lever postings load "+after+".", ""
	case postingsMapped > 0 || c.DefaultProfileID != "":
		postings.State = "ok"
		if unmapped := postingsAll - postingsMapped; unmapped > 0 && c.DefaultProfileID == "" {
			postings.Left = fmt.Sprintf("%s not mapped: their candidates go to Unable to schedule. Map them, or choose a default profile.", countPhrase(unmapped, "posting is", "postings are"))
		}
	default:
		postings.Left = "Map postings to interview profiles (or choose a default profile): a candidate's posting decides what the expert interviews for."
	}

	enable := views.SetupStep{Key: "enable", Title: "Go live", State: "pending",
		Reachable: connect.State == "ok" && webhook.State == "ok" && stages.State == "ok",
		Left:      "Turn the integration on: until then candidate moves in Lever are recorded but not acted on."}
	switch {
	case c.Enabled:
		enable.State, enable.Summary, enable.Left = "ok", "The integration is on.", ""
	case !enable.Reachable:
		enable.Left = "Possible once Lever is connected, the webhook is set up and all five stages are mapped."
	}
	steps := []views.SetupStep{connect, webhook, stages, postings, enable}
	for i := range steps {
		steps[i].Number = i + 1
	}
	return steps
}

// leverSection is the part of the Lever screen a request shows: ?tab=
// (or the path: postings, backfill), mapped onto the setup steps until the
// setup is done, else onto the sections. A step that cannot be used yet,
// or none, opens the first step still to do.
func leverSection(r *http.Request, live bool, steps []views.SetupStep) string {
	raw := queryString(r, "tab", "")
	switch {
	case r.URL.Query().Get("setup") != "":
		raw = "connect"
	case raw == "" && strings.HasPrefix(r.URL.Path, "/integrations/lever/postings"):
		raw = "postings"
	case raw == "" && strings.HasPrefix(r.URL.Path, "/integrations/lever/backfill"):
		raw = "backfill"
	case raw == "" && strings.HasPrefix(r.URL.Path, "/integrations/lever/write-back-user"):
		raw = "stages"
	}
	if live {
		switch raw {
		case "overview", "postings", "webhooks", "settings", "backfill", "audit":
			return raw
		case "webhook":
			return "webhooks"
		case "stages":
			return "settings"
		}
		return "overview"
	}
	switch raw {
	case "webhooks":
		raw = "webhook"
	case "settings":
		raw = "stages"
	}
	for _, s := range steps {
		if s.Section() == raw && s.Reachable {
			return raw
		}
	}
	for _, s := range steps {
		if s.State != "ok" && s.Reachable {
			return s.Section()
		}
	}
	return "golive"
}

// countPhrase is "1 posting is" or "3 postings are".
func countPhrase(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// showSection makes p show the step setup (during setup) or the section
// live (after it), for a form answered with the whole screen.
func showSection(p *views.LeverPage, setup, live string) {
	p.Section = live
	if !p.Live {
		p.Section = setup
	}
	for i := range p.Steps {
		p.Steps[i].Current = !p.Live && p.Steps[i].Section() == p.Section
	}
}
