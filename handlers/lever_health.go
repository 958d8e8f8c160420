package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// Lever's grant lifetimes (docs/LEVER_API.md §1.3) and when we start warning.
const (
	grantLifetime    = 365 * 24 * time.Hour
	grantIdleExpiry  = 90 * 24 * time.Hour
	renewalWarning   = 30 * 24 * time.Hour
	idleWarning      = 30 * 24 * time.Hour // warn when less than this is left before the idle expiry
	quietWebhookDays = 7
)

// moment formats t for the screen relative to now; nil is "never".
func (h *Handler) moment(t *time.Time) views.Moment {
	if t == nil || t.IsZero() {
		return views.Moment{}
	}
	return views.Moment{ISO: t.UTC().Format(time.RFC3339), Text: utc(*t), Rel: relative(h.now(), *t)}
}

// daysLeft is the whole days from now until t (negative once past).
func (h *Handler) daysLeft(t time.Time) int {
	d := t.Sub(h.now())
	if d < 0 {
		return -int((-d).Hours()/24) - 1
	}
	return int(d.Hours() / 24)
}

// connectionHealth is the connection health card: webhook, token and grant
// facts, and warnings that come well before access runs out.
func (h *Handler) connectionHealth(c *models.LeverConnection, canConnect bool) views.ConnectionHealthView {
	v := views.ConnectionHealthView{
		Status: c.Status, Enabled: c.Enabled, LastWebhook: h.moment(c.LastWebhookAt), WebhookID: c.WebhookID, WebhookError: c.WebhookError,
		TokenRefreshed: h.moment(c.TokenRefreshedAt), GrantedAt: h.moment(c.GrantedAt),
	}
	reconnect := func(i views.HealthIssue) views.HealthIssue {
		if canConnect {
			i.FixURL, i.FixLabel = "/integrations/lever/connect", "Reconnect"
		} else {
			i.Detail += " Ask an organization super admin to reconnect."
		}
		return i
	}
	switch c.Status {
	case models.ConnDisconnected:
		v.WebhookState = "not_connected"
		i := views.HealthIssue{Key: "not-connected", Severity: "info", Title: "Lever is not connected."}
		if canConnect {
			i.FixURL, i.FixLabel = "/integrations/lever?setup=1#setup-modal", "Begin setup"
		}
		v.Issues = append(v.Issues, i)
		return v
	case models.ConnNeedsReauth:
		v.Issues = append(v.Issues, reconnect(views.HealthIssue{Key: "needs-reauth", Severity: "error",
			Title: "Lever access was revoked or has expired: nothing is read from or written to Lever.", Detail: reauthWords(c.StatusCode, c.StatusReason)}))
	}
	if c.WriteBackBlocked() {
		i := views.HealthIssue{Key: "write-back-refused", Severity: "error",
			Title:  "Lever refuses the write-back user: Lever writes are waiting. Choose a valid Lever user for write-back.",
			Detail: "The Lever user our notes, tags and moves are made as was deactivated in Lever. Nothing is lost: the writes resume once another user is chosen."}
		if canConnect {
			i.FixURL, i.FixLabel = leverTabURL("stages", "write-back-card"), "Choose the write-back user"
		} else {
			i.Detail += " Ask an organization super admin to choose one."
		}
		v.Issues = append(v.Issues, i)
	}
	switch {
	case c.WebhookRegistered:
		v.WebhookState = "registered"
	case len(c.SignatureTokenEnc) > 0:
		v.WebhookState = "manual"
	default:
		v.WebhookState = "not_registered"
		v.Issues = append(v.Issues, views.HealthIssue{Key: "webhook-missing", Severity: "error",
			Title: "The webhook is not set up: candidate moves in Lever do not reach us.", Detail: c.WebhookError,
			FixURL: leverTabURL("webhooks", "webhook-card"), FixLabel: "Set up the webhook"})
	}
	if c.TokenExpiresAt != nil {
		v.TokenExpires = h.moment(c.TokenExpiresAt)
		v.TokenExpired = !c.TokenExpiresAt.After(h.now())
	}
	if c.GrantedAt != nil {
		due := c.GrantedAt.Add(grantLifetime)
		v.RenewalDue = h.moment(&due)
		switch left := due.Sub(h.now()); {
		case left <= 0:
			v.Issues = append(v.Issues, reconnect(views.HealthIssue{Key: "grant-renewal", Severity: "error",
				Title: fmt.Sprintf("Lever access reached its one-year limit on %s.", utc(due)), Detail: "Reconnect to keep the integration working."}))
		case left < renewalWarning:
			v.Issues = append(v.Issues, reconnect(views.HealthIssue{Key: "grant-renewal", Severity: "warn",
				Title:  fmt.Sprintf("Lever access must be renewed within %s (by %s).", nounCount(h.daysLeft(due), "day"), utc(due)),
				Detail: "Lever ends access one year after it is given. Reconnecting now renews it for another year; nothing stops meanwhile."}))
		}
	}
	if last := lastUse(c); last != nil && c.Status == models.ConnConnected {
		idle := last.Add(grantIdleExpiry)
		v.IdleExpiry = h.moment(&idle)
		if idle.Sub(h.now()) < idleWarning {
			v.Issues = append(v.Issues, views.HealthIssue{Key: "grant-idle", Severity: "warn",
				Title:  fmt.Sprintf("Lever access was last renewed %s; Lever ends access unused for 90 days (on %s).", relative(h.now(), *last), utc(idle)),
				Detail: "We normally renew it every 12 hours by ourselves. If this stays, Reconnect, and tell our support team."})
		}
	}
	if c.Enabled && v.WebhookState != "not_registered" && c.Status == models.ConnConnected {
		switch {
		case c.LastWebhookAt == nil:
			v.Issues = append(v.Issues, views.HealthIssue{Key: "webhook-silent", Severity: "info",
				Title: "No candidate move has reached us from Lever yet.", Detail: "A Lever super admin must switch the webhook on in Lever: Settings › Integrations and API › Webhooks › Candidate Stage Change.",
				FixURL: leverTabURL("webhooks", "webhook-card"), FixLabel: "Webhook details"})
		case h.now().Sub(*c.LastWebhookAt) > quietWebhookDays*24*time.Hour:
			v.Issues = append(v.Issues, views.HealthIssue{Key: "webhook-quiet", Severity: "warn",
				Title:  fmt.Sprintf("No webhook delivery for %s: no candidate move has reached us from Lever since.", nounCount(int(h.now().Sub(*c.LastWebhookAt).Hours()/24), "day")),
				Detail: "If candidates moved in Lever since, check that the webhook is still switched on in Lever and that its URL ends with this connection's key.",
				FixURL: leverTabURL("webhooks", "webhook-card"), FixLabel: "Webhook details"})
		}
	}
	return v
}

// lastUse is when the refresh token was last used (refreshed, or granted).
func lastUse(c *models.LeverConnection) *time.Time {
	if c.TokenRefreshedAt != nil {
		return c.TokenRefreshedAt
	}
	return c.GrantedAt
}

func nounCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// mappingHealth is the mapping health card: mapped stages missing or
// deleted in Lever, postings mapped to a deleted profile, and postings
// that received candidates but have no profile.
func (h *Handler) mappingHealth(ctx context.Context, c *models.LeverConnection) (views.MappingHealthView, error) {
	v := views.MappingHealthView{Connected: c.Status != models.ConnDisconnected}
	if !v.Connected {
		return v, nil
	}
	stages, err := h.store.Stages(ctx, c.ID)
	if err != nil {
		return v, err
	}
	names := map[string]string{}
	for _, s := range stages {
		names[s.ID] = s.Text
	}
	deleted, err := h.store.DeletedMappedStages(ctx, c)
	if err != nil {
		return v, err
	}
	// Stages not mapped yet are one step ("map your stages"), not one
	// alarm each.
	var unmapped []string
	first := ""
	for _, f := range c.Mapping().Fields() {
		if f[2] == "" {
			unmapped = append(unmapped, f[1])
			if first == "" {
				first = f[0]
			}
		}
	}
	if len(unmapped) > 0 && len(stages) > 0 {
		v.Issues = append(v.Issues, views.HealthIssue{Key: "stages-unmapped", Severity: "error",
			Title:  fmt.Sprintf("Map your stages: %s not mapped yet (%s).", countPhrase(len(unmapped), "stage is", "stages are"), strings.Join(unmapped, ", ")),
			Detail: "Candidates cannot be processed until all five stages are mapped.", FixURL: leverTabURL("settings", "stage-"+first), FixLabel: "Map the stages"})
	}
	for _, f := range c.Mapping().Fields() {
		field, label, id := f[0], f[1], f[2]
		fix := leverTabURL("settings", "stage-"+field)
		switch {
		case deleted[field] != "":
			name := names[id]
			if name == "" {
				name = id
			}
			v.Issues = append(v.Issues, views.HealthIssue{Key: "stage-deleted-" + field, Severity: "error",
				Title:  fmt.Sprintf("Stage %q was deleted in Lever: choose another stage in Stage mapping.", name),
				Detail: fmt.Sprintf("It was mapped for %s.", label), FixURL: fix, FixLabel: "Choose another stage"})
		}
	}
	postings, err := h.postingIssues(ctx, c.OrgID)
	if err != nil {
		return v, err
	}
	v.Issues = append(v.Issues, postings...)
	return v, nil
}

// postingIssues flags postings mapped to a deleted profile and postings
// whose candidates could not be scheduled for want of a profile.
func (h *Handler) postingIssues(ctx context.Context, orgID string) ([]views.HealthIssue, error) {
	var out []views.HealthIssue
	rows, _, err := h.store.Postings(ctx, orgID, models.PostingFilter{})
	if err != nil {
		return nil, err
	}
	live, err := h.profileOptions(ctx, orgID)
	if err != nil {
		return nil, err
	}
	alive := map[string]bool{}
	for _, p := range live {
		alive[p.ID] = true
	}
	for _, p := range rows {
		if p.ProfileID != "" && !alive[p.ProfileID] {
			out = append(out, views.HealthIssue{Key: "posting-deleted-profile-" + p.ID, Severity: "error",
				Title:  fmt.Sprintf("Posting %q is mapped to the deleted profile %q.", p.Text, p.ProfileName),
				Detail: "Its candidates go to Unable to schedule until it is mapped to another profile.",
				FixURL: postingFixURL(p.ID), FixLabel: "Choose another profile"})
		}
	}
	failures, err := h.store.UnmappedPostingFailures(ctx, orgID)
	if err != nil {
		return nil, err
	}
	for _, f := range failures {
		p, err := h.store.Posting(ctx, orgID, f.PostingID)
		switch {
		case errors.Is(err, models.ErrNotFound) || (err == nil && p.Deleted):
			name := f.PostingTitle
			if name == "" {
				name = f.PostingID
			}
			out = append(out, views.HealthIssue{Key: "posting-unknown-" + f.PostingID, Severity: "warn",
				Title:  fmt.Sprintf("Posting %q sent %s we could not schedule: it is not in the postings list.", name, nounCount(f.Candidates, "candidate")),
				Detail: "It may be confidential, or new since the list was loaded: refresh the postings from Lever, or reconnect with confidential access.",
				FixURL: leverTabURL("postings", "postings-card"), FixLabel: "Refresh postings"})
		case err != nil:
			return nil, err
		case p.ProfileID == "":
			out = append(out, views.HealthIssue{Key: "posting-unmapped-" + f.PostingID, Severity: "warn",
				Title:  fmt.Sprintf("Posting %q received %s but has no interview profile.", p.Text, nounCount(f.Candidates, "candidate")),
				Detail: fmt.Sprintf("They went to Unable to schedule (latest: %s). Map the posting, then move them back to To be Scheduled in Lever.", relative(h.now(), f.LastAt)),
				FixURL: postingFixURL(f.PostingID), FixLabel: "Map this posting"})
		}
	}
	return out, nil
}

// postingFixURL filters the postings table to one posting.
func postingFixURL(id string) string {
	return "/integrations/lever/postings?posting=" + url.QueryEscape(id) + "#postings-card"
}

// reauthWords says why Lever access ended, in the admin's words, keyed by
// the code stored when it ended (models.LeverConnection.StatusCode): a
// refused renewal or a 401 after one; any other code (such as the built-in
// sandbox's restart) shows the stored reason as it is, already in our words.
func reauthWords(code, reason string) string {
	switch code {
	case string(leversync.CodeRefreshRefused):
		return "Lever refused to renew our access: it was revoked in Lever (Settings › Integrations and API › Authorized Apps) or not used for 90 days."
	case string(leversync.CodeUnauthorized):
		return "Lever refused our access token even after renewing it: the app was probably revoked in Lever (Settings › Integrations and API › Authorized Apps)."
	}
	return reason
}
