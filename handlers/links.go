package handlers

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/reports"
)

// reportCacheSize is how many rendered report PDFs a process keeps. Inputs
// are bounded (models.MaxSummaryLen, MaxRatings…), so a PDF is a few pages:
// the cache stays within a few MB.
const reportCacheSize = 64

// newReportCache returns the cache of rendered reports, keyed by a SHA-256
// of everything the PDF shows: the same content is rendered once per
// process, not on every unauthenticated GET.
func newReportCache() *lru.Cache[string, []byte] {
	c, err := lru.New[string, []byte](reportCacheSize)
	if err != nil {
		panic(err) // only for a size <= 0
	}
	return c
}

// showReport handles GET /links/report/{token}: the interview's PDF report,
// without login; the token is unguessable (192 bits), looked up by its
// hash, revocable and may expire. The PDF is rendered once per interview
// version (reportCache).
func (h *Handler) showReport(w http.ResponseWriter, r *http.Request) {
	iv, err := h.store.InterviewByLinkToken(r.Context(), models.LinkReport, r.PathValue("token"))
	if errors.Is(err, models.ErrNotFound) {
		http.Error(w, "This report link is unknown, was revoked or has expired.", http.StatusNotFound)
		return
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	pdf, err := h.reportPDF(r, iv)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="interview-report-`+iv.Ref+`.pdf"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Robots-Tag", "noindex")
	w.Write(pdf)
}

// reportPDF returns the interview's rendered report from the cache, or
// renders and caches it. The key is a hash of everything the PDF shows, so
// any change (a re-issued playback link, an erased candidate name) renders
// it again and nothing stale is served.
func (h *Handler) reportPDF(r *http.Request, iv *models.Interview) ([]byte, error) {
	rep, err := h.reportContent(r, iv)
	if err != nil {
		return nil, err
	}
	content, err := json.Marshal(rep)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(content)
	key := hex.EncodeToString(sum[:])
	if pdf, ok := h.reports.Get(key); ok {
		return pdf, nil
	}
	var buf bytes.Buffer
	if err := reports.Render(&buf, rep); err != nil {
		return nil, err
	}
	h.reports.Add(key, buf.Bytes())
	h.log.Info("report PDF rendered", "interview", iv.ID, "bytes", buf.Len())
	return buf.Bytes(), nil
}

// reportContent is what the interview's report shows (leversync's Report:
// the same as the file uploaded to Lever).
func (h *Handler) reportContent(r *http.Request, iv *models.Interview) (reports.Report, error) {
	return h.engine.Report(r.Context(), iv)
}

// redirectPlayback handles GET /links/playback/{token}: 302 to the recording
// the platform gave, without login; revocable and expiring like the report
// link.
func (h *Handler) redirectPlayback(w http.ResponseWriter, r *http.Request) {
	iv, err := h.store.InterviewByLinkToken(r.Context(), models.LinkPlayback, r.PathValue("token"))
	if errors.Is(err, models.ErrNotFound) || (err == nil && iv.PlaybackURL == "") {
		http.Error(w, "This playback link is unknown, was revoked or has expired.", http.StatusNotFound)
		return
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	w.Header().Set("X-Robots-Tag", "noindex")
	http.Redirect(w, r, iv.PlaybackURL, http.StatusFound)
}
