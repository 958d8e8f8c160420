package leversync

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"unicode"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/reports"
)

// Report is what a completed interview's PDF report shows (the report link
// and the file uploaded to Lever render the same). GeneratedAt is when its
// links were issued (completion or re-issue), else its last change.
func (e *Engine) Report(ctx context.Context, iv *models.Interview) (reports.Report, error) {
	org, err := e.store.Organization(ctx, iv.OrgID)
	if err != nil {
		return reports.Report{}, err
	}
	_, playback, err := e.store.LinkSecrets(iv)
	if err != nil {
		return reports.Report{}, err
	}
	rep := reports.Report{
		OrgName: org.Name, CandidateName: iv.CandidateName, CandidateEmail: iv.CandidateEmail, PostingTitle: iv.PostingTitle,
		ProfileName: iv.ProfileName, Interviewer: iv.Interviewer, Verdict: iv.Verdict, Timezone: iv.Timezone,
		DurationMinutes: iv.DurationMinutes, Summary: iv.Summary, PlaybackURL: e.LinkURL(models.LinkPlayback, playback),
		Reference: iv.Ref, GeneratedAt: iv.UpdatedAt.UTC(),
	}
	if iv.ScheduledAt != nil {
		rep.ScheduledAt = *iv.ScheduledAt
	}
	if iv.LinksIssuedAt != nil {
		rep.GeneratedAt = iv.LinksIssuedAt.UTC()
	}
	if iv.Ratings != "" {
		if err := json.Unmarshal([]byte(iv.Ratings), &rep.Ratings); err != nil {
			return reports.Report{}, err
		}
	}
	return rep, nil
}

// maxNameRunes bounds the candidate's part of a report file name.
const maxNameRunes = 80

// ReportFileName is the name of the report file uploaded to the
// opportunity: "Intervue.io report - <candidate> - <IV-ref>.pdf", the
// candidate's name without characters file systems refuse (/ \ : * ? " < > |
// and control characters) and cut to 80 characters. The reference is how an
// upload with an unknown outcome is found again (docs/LEVER_API.md §4.12).
func ReportFileName(iv *models.Interview) string {
	name := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) {
			return ' '
		}
		return r
	}, iv.CandidateName)
	name = strings.Join(strings.Fields(name), " ")
	if r := []rune(name); len(r) > maxNameRunes {
		name = strings.TrimSpace(string(r[:maxNameRunes]))
	}
	if name == "" {
		name = "candidate"
	}
	return "Intervue.io report - " + name + " - " + iv.Ref + ".pdf"
}

// uploadReport attaches the interview's PDF report to the opportunity
// exactly once: after an earlier attempt whose outcome is unknown it first
// lists the opportunity's files and looks for one carrying the interview
// reference (docs/DESIGN.md §2, docs/LEVER_API.md §4.12).
func (e *Engine) uploadReport(ctx context.Context, c *models.LeverConnection, iv *models.Interview, w *models.LeverWrite, sub subject) error {
	if w.Attempts > 0 {
		var files []lever.File
		err := e.call(ctx, c, sub, func(cl *lever.Client) error {
			var err error
			files, err = cl.Files(ctx, iv.OpportunityID)
			return err
		})
		if err != nil {
			return err
		}
		for _, f := range files {
			if f.Name == w.FileName || containsRef(f.Name, iv.Ref) {
				return e.done(ctx, w, sub, models.WriteDone, f.ID, CodeFileFound, "file", f.Name, "file_id", f.ID)
			}
		}
	}
	rep, err := e.Report(ctx, iv)
	if err != nil {
		return err
	}
	var pdf bytes.Buffer
	if err := reports.Render(&pdf, rep); err != nil {
		return err
	}
	if err := e.store.CountAttempt(ctx, w); err != nil {
		return err
	}
	var f *lever.File
	err = e.call(ctx, c, sub, func(cl *lever.Client) error {
		var err error
		f, err = cl.UploadFile(ctx, iv.OpportunityID, w.FileName, "application/pdf", pdf.Bytes())
		return err
	})
	if err != nil {
		return err
	}
	return e.done(ctx, w, sub, models.WriteDone, f.ID, CodeFileUploaded, "file", w.FileName, "file_id", f.ID)
}
