package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// showBackfillPreview handles GET /integrations/lever/backfill: reads from
// Lever the candidates now in To be Scheduled and which of them a backfill
// would process. htmx gets the backfill card, a browser the whole screen.
func (h *Handler) showBackfillPreview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := h.store.Connection(ctx, orgIDFrom(ctx))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v, err := h.backfillView(ctx, c)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if v.Available {
		cands, err := h.engine.BackfillPreview(ctx, c.OrgID)
		if msg, ok := h.backfillFailure(r, err); ok {
			v.Error = "The preview could not be read from Lever: " + msg
		} else if err != nil {
			h.renderError(w, r, err)
			return
		}
		v.Loaded = err == nil
		for _, bc := range cands {
			v.Candidates = append(v.Candidates, backfillRow(bc))
		}
	}
	h.renderBackfillCard(w, r, v)
}

// startBackfill handles POST /integrations/lever/backfill (admin), fields
// opportunity (repeated: the ids the admin saw in the preview): queues the
// eligible ones through the normal delivery path. htmx gets the card with
// the progress bar; a plain form post a 303 back with a flash.
func (h *Handler) startBackfill(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		h.renderError(w, r, err)
		return
	}
	only := r.PostForm["opportunity"]
	if len(only) == 0 {
		h.backfillRefused(w, r, "Nothing to process: preview the candidates first.")
		return
	}
	res, err := h.engine.Backfill(ctx, orgIDFrom(ctx), only, actor(r, orgIDFrom(ctx)))
	if msg, ok := h.backfillFailure(r, err); ok {
		h.backfillRefused(w, r, "The backfill did not start: "+msg)
		return
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	msg := fmt.Sprintf("Backfill started: %s queued.", nounCount(res.Queued, "candidate"))
	if res.Queued == 0 {
		msg = "Nothing to process: the candidates previewed were picked up meanwhile or left To be Scheduled."
	}
	if !isHTMX(r) {
		h.flash(w, r, "success", msg)
		http.Redirect(w, r, "/integrations/lever?tab=backfill#backfill-card", http.StatusSeeOther)
		return
	}
	h.renderBackfillNotice(w, r, msg, "")
}

// showBackfillProgress handles GET /integrations/lever/backfill/progress?batch=:
// the progress bar alone for htmx polling, else the whole screen (the
// refresh link without JavaScript).
func (h *Handler) showBackfillProgress(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !isHTMX(r) {
		h.showLeverPage(w, r)
		return
	}
	p, err := h.store.Backfill(ctx, orgIDFrom(ctx), queryString(r, "batch", ""))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	views.LeverBackfillProgress(h.backfillProgress(p)).Render(ctx, w)
}

// backfillRefused shows why a backfill did not start, in the card.
func (h *Handler) backfillRefused(w http.ResponseWriter, r *http.Request, msg string) {
	if !isHTMX(r) {
		h.flash(w, r, "error", msg)
		http.Redirect(w, r, "/integrations/lever?tab=backfill#backfill-card", http.StatusSeeOther)
		return
	}
	h.renderBackfillNotice(w, r, "", msg)
}

// renderBackfillNotice renders the backfill card (htmx) with a success
// message or an error.
func (h *Handler) renderBackfillNotice(w http.ResponseWriter, r *http.Request, msg, errMsg string) {
	ctx := r.Context()
	c, err := h.store.Connection(ctx, orgIDFrom(ctx))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v, err := h.backfillView(ctx, c)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v.Message, v.Error = msg, errMsg
	h.renderBackfillCard(w, r, v)
}

// backfillFailure is the message shown in the backfill card for an error a
// person can act on: a validation error's field messages or a Lever one
// (classify's lever_* codes). Other errors are not ok (an error page).
func (h *Handler) backfillFailure(r *http.Request, err error) (string, bool) {
	if err == nil {
		return "", false
	}
	var verr *models.ValidationError
	if errors.As(err, &verr) {
		return fieldMessages(verr), true
	}
	if e := classify(err); strings.HasPrefix(e.Code, "lever_") {
		return e.Message, true
	}
	return "", false
}

// renderBackfillCard writes the backfill card for htmx, else the screen
// with it.
func (h *Handler) renderBackfillCard(w http.ResponseWriter, r *http.Request, v views.BackfillView) {
	if isHTMX(r) {
		views.LeverBackfillCard(v).Render(r.Context(), w)
		return
	}
	p, err := h.leverPage(w, r, views.PostingsFilter{Page: 1})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p.Backfill = v
	showSection(p, "golive", "backfill")
	h.renderLeverPage(w, r, p)
}

// backfillView is the backfill card before any preview: what is possible
// and the last backfill's progress.
func (h *Handler) backfillView(ctx context.Context, c *models.LeverConnection) (views.BackfillView, error) {
	v := views.BackfillView{
		Available: c.Status == models.ConnConnected && c.StageToBeScheduled != "", Enabled: c.Enabled,
		CanRun: effectiveRank(currentUser(ctx), c.OrgID) >= roleAdmin,
	}
	p, err := h.store.LatestBackfill(ctx, c.OrgID)
	if errors.Is(err, models.ErrNotFound) {
		return v, nil
	}
	if err != nil {
		return v, err
	}
	pv := h.backfillProgress(p)
	v.Progress = &pv
	return v, nil
}

func (h *Handler) backfillProgress(p *models.BackfillProgress) views.BackfillProgressView {
	at := p.At
	return views.BackfillProgressView{Batch: p.Batch, Total: p.Total, Done: p.Done, Failed: p.Failed, Percent: p.Percent(),
		Finished: p.Finished(), Started: h.moment(&at)}
}

func backfillRow(bc leversync.BackfillCandidate) views.BackfillRow {
	posting := bc.PostingTitle
	switch {
	case bc.PostingID == "":
		posting = "no posting"
	case posting == "":
		posting = bc.PostingID + " (not in the postings list)"
	}
	return views.BackfillRow{OpportunityID: bc.OpportunityID, Name: bc.Name, Email: bc.Email, Posting: posting,
		LeverURL: bc.LeverURL, Known: bc.Known, Eligible: bc.Eligible}
}

// renderBackfillUpdate appends the backfill card, out of band, to an htmx
// response that changed what it offers.
func (h *Handler) renderBackfillUpdate(w http.ResponseWriter, r *http.Request, c *models.LeverConnection) {
	v, err := h.backfillView(r.Context(), c)
	if err != nil {
		h.log.Error("backfill card", "err", err)
		return
	}
	views.LeverBackfillUpdate(v).Render(r.Context(), w)
}
