// Package notify sends an organization's optional Needs attention
// notification: when new items arrive, a batched message to the incoming
// webhook URL the organization set (Slack-compatible JSON: {"text": ...}),
// at most once per interval (default 10 minutes). The schedule lives in
// PostgreSQL/SQLite (one row per organization, claimed with one UPDATE), so
// it holds across any number of app processes; a River periodic job runs
// Notifier.Run.
package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/intervue/lever-integration/models"
)

// DefaultInterval is the shortest time between two messages to one organization.
const DefaultInterval = 10 * time.Minute

// maxListed is how many candidates one message names; the rest are counted.
const maxListed = 10

// Notifier sends the messages. HTTPClient must have a timeout.
type Notifier struct {
	Store      *models.Store
	HTTPClient *http.Client
	PublicURL  string        // links in messages point at PUBLIC_URL/attention
	Interval   time.Duration // at most one message per organization per Interval; 0 = DefaultInterval
	Logger     *slog.Logger
	Now        func() time.Time // nil = time.Now
}

// Message is the JSON body posted: Slack's incoming webhook shape (text with
// <url|label> links), which Mattermost, Teams workflows and others accept.
type Message struct {
	Text string `json:"text"`
}

// Run checks every organization with a webhook URL once and sends those
// with new open items a message, when their interval has passed. Errors of
// one organization are recorded on its row (shown on the Needs attention
// page) and do not stop the others.
func (n *Notifier) Run(ctx context.Context) error {
	targets, err := n.Store.AttentionNotifyTargets(ctx)
	if err != nil {
		return err
	}
	for _, t := range targets {
		if err := n.runOrg(ctx, t); err != nil {
			n.log().Warn("attention notification failed", "org", t.OrgID, "err", err)
		}
	}
	return nil
}

func (n *Notifier) runOrg(ctx context.Context, t models.AttentionNotify) error {
	items, err := n.Store.NeedsAttention(ctx, t.OrgID, 0)
	if err != nil {
		return err
	}
	var fresh []models.AttentionItem
	var through time.Time
	for _, it := range items {
		if t.NotifiedThrough == nil || it.At.After(*t.NotifiedThrough) {
			fresh = append(fresh, it)
			if it.At.After(through) {
				through = it.At
			}
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	now := n.now()
	won, err := n.Store.ClaimAttentionNotify(ctx, t.OrgID, now, n.interval())
	if err != nil || !won {
		return err // another process sent (or the interval has not passed)
	}
	org, err := n.Store.Organization(ctx, t.OrgID)
	if err != nil {
		return err
	}
	sendErr := n.post(ctx, t.WebhookURL, n.message(org.Name, fresh))
	msg := ""
	if sendErr != nil {
		msg = sendErr.Error()
	}
	if err := n.Store.FinishAttentionNotify(ctx, t.OrgID, through, msg); err != nil {
		return err
	}
	return sendErr
}

// message lists the new items' candidates, newest first.
func (n *Notifier) message(orgName string, items []models.AttentionItem) Message {
	seen := map[string]bool{}
	var lines []string
	for _, it := range items {
		if seen[it.OpportunityID] {
			continue
		}
		seen[it.OpportunityID] = true
		who := it.CandidateName
		if who == "" {
			who = "Lever opportunity " + it.OpportunityID
		}
		lines = append(lines, "• "+escape(who)+": "+escape(what(it)))
	}
	head := fmt.Sprintf("%d new candidate%s need%s attention in %s.", len(lines), plural(len(lines), "", "s"), plural(len(lines), "s", ""), escape(orgName))
	if len(lines) > maxListed {
		rest := len(lines) - maxListed
		lines = append(lines[:maxListed], fmt.Sprintf("…and %d more.", rest))
	}
	link := fmt.Sprintf("<%s/attention|Open Needs attention>", strings.TrimRight(n.PublicURL, "/"))
	return Message{Text: head + "\n" + strings.Join(lines, "\n") + "\n" + link}
}

// what is an item's short description.
func what(it models.AttentionItem) string {
	switch it.Kind {
	case "write":
		return "a Lever write failed"
	case "delivery":
		return "a webhook delivery could not be processed"
	case "paused":
		return "Lever writes are paused"
	case "left_stage":
		return "moved in Lever out of the interview stages while their interview is in progress"
	}
	return "not scheduled (" + strings.ReplaceAll(it.ReasonCode, "_", " ") + ")"
}

// post sends m; any answer but 2xx is an error naming the status.
func (n *Notifier) post(ctx context.Context, u string, m Message) error {
	body, _ := json.Marshal(m)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("notification URL: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := n.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("sending the notification failed: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("the notification URL answered HTTP %d", resp.StatusCode)
	}
	return nil
}

func (n *Notifier) interval() time.Duration {
	if n.Interval <= 0 {
		return DefaultInterval
	}
	return n.Interval
}

func (n *Notifier) now() time.Time {
	if n.Now != nil {
		return n.Now().UTC()
	}
	return time.Now().UTC()
}

func (n *Notifier) log() *slog.Logger {
	if n.Logger != nil {
		return n.Logger
	}
	return slog.Default()
}

// escape makes text safe inside a Slack message (&, < and > are markup).
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Args is the River job that runs the notifier once.
type Args struct{}

// Kind is the stable River job kind.
func (Args) Kind() string { return "attention_notify" }

// InsertOpts: one attempt; the next tick runs again.
func (Args) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 1} }

// Worker works Args.
type Worker struct {
	river.WorkerDefaults[Args]
	Notifier *Notifier
}

// Work runs the notifier once.
func (w *Worker) Work(ctx context.Context, _ *river.Job[Args]) error { return w.Notifier.Run(ctx) }

// PeriodicJob checks for new items every tenth of the interval (at most
// every minute, at least every 100 ms), so a message goes out within a tick
// of the interval passing.
func (n *Notifier) PeriodicJob() *river.PeriodicJob {
	tick := min(time.Minute, max(100*time.Millisecond, n.interval()/10))
	return river.NewPeriodicJob(river.PeriodicInterval(tick), func() (river.JobArgs, *river.InsertOpts) { return Args{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})
}
