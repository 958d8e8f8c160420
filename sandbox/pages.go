package sandbox

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

var pages = map[string]*template.Template{}

func init() {
	for _, name := range []string{"authorize.html", "pipeline.html", "error.html"} {
		pages[name] = template.Must(template.ParseFS(templateFS, "templates/style.html", "templates/"+name))
	}
}

type accountOption struct {
	ID, Name string
	Selected bool
}

type scopeRow struct{ Name, Description string }

// consentPage is the data of authorize.html.
type consentPage struct {
	Prefix string
	// DataCentre is "EU" on the EU data centre's page, else "".
	DataCentre string
	Params     authorizeParams
	Scopes     []scopeRow
	Unknown    []string
	Accounts   []accountOption
}

type errorPage struct {
	Title, Message string
	Status         int
}

// render executes a page into a buffer first, so a template error is a clean 500.
func (s *Server) render(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := pages[name].ExecuteTemplate(&buf, name, data); err != nil {
		s.log.Error("sandbox: render", "page", name, "err", err)
		http.Error(w, "template error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func (s *Server) renderError(w http.ResponseWriter, _ *http.Request, status int, title, msg string) {
	s.render(w, status, "error.html", errorPage{Title: title, Message: msg, Status: status})
}

// fmtMS formats milliseconds since the epoch for pages.
func fmtMS(ms int64) string {
	if ms == 0 {
		return ""
	}
	return time.UnixMilli(ms).UTC().Format("2006-01-02 15:04 UTC")
}
