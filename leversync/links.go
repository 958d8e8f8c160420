package leversync

import (
	"context"
	"time"

	"github.com/intervue/lever-integration/models"
)

// ReissueLinks gives a completed interview new report and playback links
// (the old ones, revoked or not, stop working at once), with an optional
// expiry (UTC; nil: none), and plans a Lever note with the new links so the
// candidate's profile points at working ones. by is who asked: the change,
// its audit entry ("links_reissue", with the expiry) and its sync-log line
// are one transaction (applyEvent). *models.ValidationError for a past
// expiry or an interview without a report.
func (e *Engine) ReissueLinks(ctx context.Context, orgID, id string, expireAt *time.Time, by Actor) (*models.Interview, error) {
	if expireAt != nil && !expireAt.After(e.now()) {
		return nil, &models.ValidationError{Fields: map[string]string{"expires_at": "must be in the future"}}
	}
	plan := func(iv *models.Interview, existing []models.LeverWrite) ([]models.LeverWrite, error) {
		if len(iv.LinksSealed) == 0 {
			return nil, &models.ValidationError{Fields: map[string]string{"links": "this interview has no report yet: links are made when it is completed"}}
		}
		report, playback := e.store.IssueLinks(iv, expireAt)
		marker := nextMarker(iv.Ref, "links", existing)
		return []models.LeverWrite{{Kind: models.WritePostNote, Marker: marker, NoteText: linksNote(marker, e.LinkURL(models.LinkPlayback, playback), e.LinkURL(models.LinkReport, report), iv.LinksExpireAt)}}, nil
	}
	return e.applyEvent(ctx, orgID, id, plan, nil, by, func(_ *models.Store, iv *models.Interview) (eventRecord, error) {
		return eventRecord{action: "links_reissue", details: map[string]any{"expires_at": expireAt},
			lines: []models.SyncEvent{subject{OrgID: orgID, OpportunityID: iv.OpportunityID, InterviewID: iv.ID}.event(CodeLinksReissued, "ref", iv.Ref, "by", by.Name)}}, nil
	})
}

// linksNote is the note with re-issued links.
func linksNote(marker, playbackURL, reportURL string, expireAt *time.Time) string {
	lines := []string{
		"Intervue.io: new interview links",
		"",
		"The earlier playback and report links no longer work.",
		"Playback: " + playbackURL,
		"Report (PDF): " + reportURL,
	}
	if expireAt != nil {
		lines = append(lines, "These links work until "+expireAt.UTC().Format("2 January 2006 15:04 UTC")+".")
	}
	return finishNote(lines, marker)
}
