package handlers

import (
	"encoding/json"
	"io"
	"net/http"
)

// cspReportPath receives the browser's Content-Security-Policy violation
// reports (the policy's report-uri).
const cspReportPath = "/csp-report"

// receiveCSPReport handles POST /csp-report: a browser blocked something the
// policy does not allow (an inline script, a frame, a form target). It is
// logged as a warning, "csp violation" with the directive and the blocked
// URL, and answered 204. The body is read up to 8 KiB; the page address is
// redacted like access-log paths.
func (h *Handler) receiveCSPReport(w http.ResponseWriter, r *http.Request) {
	var rep struct {
		Body struct {
			DocumentURI        string `json:"document-uri"`
			ViolatedDirective  string `json:"violated-directive"`
			EffectiveDirective string `json:"effective-directive"`
			BlockedURI         string `json:"blocked-uri"`
			SourceFile         string `json:"source-file"`
			LineNumber         int    `json:"line-number"`
		} `json:"csp-report"`
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 8<<10))
	if err := json.Unmarshal(body, &rep); err != nil {
		http.Error(w, "expected a CSP report (application/csp-report JSON)", http.StatusBadRequest)
		return
	}
	b := rep.Body
	page := b.DocumentURI
	if o := origin(page); o != "" {
		page = redactPath(page[len(o):])
	}
	h.log.Warn("csp violation", "page", page, "directive", b.EffectiveDirective, "violated", b.ViolatedDirective,
		"blocked", b.BlockedURI, "source", b.SourceFile, "line", b.LineNumber)
	w.WriteHeader(http.StatusNoContent)
}
