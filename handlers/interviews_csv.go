package handlers

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/intervue/lever-integration/models"
)

// csvBatch is how many interviews are read per query while exporting.
const csvBatch = 500

// csvHeader is the export's columns; staff exporting every organization get
// an organization column first.
var csvHeader = []string{"ref", "candidate", "email", "posting", "profile", "status", "scheduled_at", "timezone",
	"verdict", "failure_reason", "created_at", "updated_at", "lever_url", "report_url"}

// exportInterviews handles GET /interviews.csv with the dashboard's filters
// (status, q, from, to, org=all): every matching interview, newest first,
// streamed in batches. Times are UTC RFC 3339. Cells that a spreadsheet
// would run as a formula are prefixed with a single quote.
func (h *Handler) exportInterviews(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	dq := parseDashboardQuery(r, h.listView(w, r, false))
	names, _, err := h.orgNames(ctx, dq.view, "/interviews")
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	allOrgs := dq.Filter.AllOrgs
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="interviews-`+h.now().UTC().Format("2006-01-02")+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	header := csvHeader
	if allOrgs {
		header = slices.Concat([]string{"organization"}, csvHeader)
	}
	cw.Write(header)
	rc := http.NewResponseController(w)
	err = h.store.EachInterviewBatch(ctx, dq.Filter, csvBatch, func(ivs []models.Interview) error {
		for i := range ivs {
			rec := h.csvRecord(&ivs[i])
			if allOrgs {
				rec = append([]string{names[ivs[i].OrgID]}, rec...)
			}
			for j := range rec {
				rec[j] = csvSafe(rec[j])
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
		_ = rc.Flush()
		return nil
	})
	cw.Flush()
	if err != nil {
		// The status line is gone; the truncated file ends here and the log says why.
		h.log.Error("interviews export failed", "err", err, "org", dq.Filter.OrgID)
	}
}

// csvRecord is one interview's row, in csvHeader's order.
func (h *Handler) csvRecord(iv *models.Interview) []string {
	return []string{iv.Ref, iv.CandidateName, iv.CandidateEmail, iv.PostingTitle, iv.ProfileName, iv.Status,
		csvTime(iv.ScheduledAt), iv.Timezone, iv.Verdict, iv.FailureReason, csvTime(&iv.CreatedAt), csvTime(&iv.UpdatedAt),
		iv.LeverURL, h.reportURL(iv)}
}

func csvTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// csvSafe defuses spreadsheet formula injection (OWASP "CSV injection"): a
// cell starting with = + - @, a tab or a carriage return gets a leading
// single quote so it is shown as text.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
