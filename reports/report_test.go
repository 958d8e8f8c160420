package reports

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const longWord = "Supercalifragilisticexpialidocious-and-even-longer-identifier-without-any-spaces-at-all-whatsoever"

func sampleReport() Report {
	para := "Zoë demonstrated a solid grasp of distributed systems fundamentals and communicated trade-offs clearly. " +
		"She designed an event pipeline with idempotent consumers, explained back-pressure and discussed exactly-once semantics versus at-least-once delivery with deduplication. " +
		"Code quality was high; tests were written first and edge cases such as clock skew and partial failures were handled. "
	var sb strings.Builder
	for sb.Len() < 3000 {
		sb.WriteString(para)
	}
	summary := sb.String()[:3000] + "\n\nLiteral markup must survive: <script>alert('x')</script> & <b>bold</b>.\nNon-Latin best-effort: 日本語のテキスト, Ελληνικά, Русский."

	ratings := []Rating{
		{"Go", 5, "Idiomatic, well structured code; uses context and errors properly."},
		{"System design", 4, "Good decomposition into services with clear ownership; could have gone deeper on data partitioning and rebalancing strategies."},
		{"SQL & data modelling", 3, "Normalised schema, but missed an index for the hot query path."},
		{"Testing", 4, "Table-driven tests, fakes at the boundaries."},
		{"Concurrency", 2, "Race in the worker pool shutdown path that was only found with a hint. " + longWord},
		{"Communication", 5, "Clear, structured, asked clarifying questions early."},
		{"Security awareness — OWASP", 3, "Mentioned <script> injection & CSRF; did not consider SSRF."},
		{"Ingénieur Données — Zürich readiness", 1, ""},
	}
	return Report{
		OrgName:         "Ångström Analytics GmbH",
		CandidateName:   "Zoë Ångström-Müller",
		CandidateEmail:  "zoe.angstrom-muller@example.com",
		PostingTitle:    "Ingénieur Données — Zürich",
		ProfileName:     "Senior Backend (Go) — 60 min",
		Interviewer:     "José Øberg (田中 太郎)",
		Verdict:         "yes",
		ScheduledAt:     time.Date(2026, 3, 3, 13, 30, 0, 0, time.UTC),
		Timezone:        "Europe/Zurich",
		DurationMinutes: 60,
		Summary:         summary,
		Ratings:         ratings,
		PlaybackURL:     "https://app.intervue.example/playback/IV-8F3K?token=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		Reference:       "IV-8F3K",
		GeneratedAt:     time.Date(2026, 3, 3, 15, 2, 0, 0, time.UTC),
	}
}

func render(t *testing.T, r Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, r); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return buf.Bytes()
}

// pdfText returns the text extracted by pdftotext, or skips the assertion when
// poppler-utils is not installed.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not available; skipping text extraction checks")
	}
	in := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-raw", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestRender(t *testing.T) {
	out := render(t, sampleReport())
	if !bytes.HasPrefix(out, []byte("%PDF-")) {
		t.Fatalf("output does not start with %%PDF-: %q", out[:min(len(out), 16)])
	}
	if len(out) <= 1024 {
		t.Fatalf("output is only %d bytes", len(out))
	}
	if !bytes.Contains(out[max(0, len(out)-1024):], []byte("%%EOF")) {
		t.Fatal("output is not a complete PDF (no EOF trailer)")
	}

	text := pdfText(t, out)
	for _, want := range []string{
		"Interview report",
		"Ångström Analytics GmbH",
		"Zoë Ångström-Müller",
		"Ingénieur Données — Zürich",
		"Recommended: Yes",
		"IV-8F3K",
		"4 / 5",
		"1 / 5",
		"<script>alert('x')</script>",
		"Mentioned <script> injection",
		"14:30–15:30 CET (Europe/Zurich, UTC+01:00)",
		"José Øberg",
		"Generated 2026-03-03 15:02 UTC",
		"Page 1 of",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("extracted text does not contain %q", want)
		}
	}
	if strings.Contains(text, "Not recommended") {
		t.Error("yes verdict rendered as not recommended")
	}
	// The long summary must flow onto further pages.
	if pages := strings.Count(text, "\f"); pages < 2 {
		t.Errorf("expected the report to span at least 2 pages, got %d", pages)
	}
}

func TestRenderNoVerdict(t *testing.T) {
	r := sampleReport()
	r.Verdict = " No "
	text := pdfText(t, render(t, r))
	if !strings.Contains(text, "Not recommended: No") {
		t.Errorf("extracted text does not contain the negative verdict:\n%s", text)
	}
	if strings.Contains(text, "Recommended: Yes") {
		t.Error("no verdict rendered as recommended")
	}
}

func TestRenderMinimal(t *testing.T) {
	out := render(t, Report{CandidateName: "A", Verdict: "no"})
	if !bytes.HasPrefix(out, []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	text := pdfText(t, out)
	for _, want := range []string{"No ratings were recorded.", "No summary was provided.", "No recording is available."} {
		if !strings.Contains(text, want) {
			t.Errorf("extracted text does not contain %q", want)
		}
	}
}

func TestRenderHostileInput(t *testing.T) {
	r := sampleReport()
	huge := strings.Repeat(longWord+" ", 200)
	r.CandidateName = "Robert'); DROP TABLE students;-- (\\) \x00\x07 \u202e evil 🎉 \uE000nb\uE000"
	r.Summary = huge + strings.Repeat("\n", 50) + "end"
	r.Ratings = []Rating{{Skill: huge, Score: 3, Comment: huge + huge}}
	r.PlaybackURL = "javascript:alert(1)"
	r.Timezone = "Not/AZone"
	text := pdfText(t, render(t, r))
	if !strings.Contains(text, "Robert'); DROP TABLE students;-- (\\)") {
		t.Errorf("name with PDF special characters not rendered literally")
	}
	if !strings.Contains(text, "javascript:alert(1)") {
		t.Errorf("non-web playback URL should still be printed as text")
	}
	if !strings.Contains(text, "14:30 UTC") {
		t.Errorf("unknown time zone should fall back to UTC")
	}
}

func TestRenderDeterministic(t *testing.T) {
	a := render(t, sampleReport())
	b := render(t, sampleReport())
	if !bytes.Equal(a, b) {
		t.Error("rendering the same report twice produced different PDFs")
	}
}

func TestRenderValidation(t *testing.T) {
	for name, mod := range map[string]func(*Report){
		"verdict":    func(r *Report) { r.Verdict = "maybe" },
		"empty":      func(r *Report) { r.Verdict = "" },
		"score low":  func(r *Report) { r.Ratings[0].Score = 0 },
		"score high": func(r *Report) { r.Ratings[2].Score = 6 },
	} {
		t.Run(name, func(t *testing.T) {
			r := sampleReport()
			mod(&r)
			var buf bytes.Buffer
			err := Render(&buf, r)
			if err == nil || !strings.HasPrefix(err.Error(), "reports: ") {
				t.Fatalf("want reports: error, got %v", err)
			}
			if buf.Len() != 0 {
				t.Error("invalid report must not write anything")
			}
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestRenderWriteError(t *testing.T) {
	err := Render(failWriter{}, sampleReport())
	if err == nil || !strings.HasPrefix(err.Error(), "reports: ") || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("want wrapped write error, got %v", err)
	}
}

func TestFormatWhen(t *testing.T) {
	at := time.Date(2026, 7, 1, 22, 15, 0, 0, time.UTC)
	for _, c := range []struct {
		tz   string
		min  int
		want string
	}{
		{"Europe/Zurich", 45, "Thursday, 2 July 2026, 00:15–01:00 CEST (Europe/Zurich, UTC+02:00)"},
		{"America/New_York", 60, "Wednesday, 1 July 2026, 18:15–19:15 EDT (America/New_York, UTC-04:00)"},
		{"Asia/Kolkata", 0, "Thursday, 2 July 2026, 03:45 IST (Asia/Kolkata, UTC+05:30)"},
		{"America/Sao_Paulo", 30, "Wednesday, 1 July 2026, 19:15–19:45 UTC-03:00 (America/Sao_Paulo)"},
		{"", 120, "Wednesday, 1 July 2026, 22:15 – Thursday, 2 July 2026, 00:15 UTC"},
	} {
		if got := formatWhen(at, c.tz, c.min); got != c.want {
			t.Errorf("formatWhen(%q, %d) = %q, want %q", c.tz, c.min, got, c.want)
		}
	}
	if got := formatWhen(time.Time{}, "UTC", 10); got != "—" {
		t.Errorf("zero time = %q", got)
	}
}

func TestFormatDuration(t *testing.T) {
	for in, want := range map[int]string{0: "—", 1: "1 minute", 45: "45 minutes", 60: "1 hour", 90: "90 minutes (1 h 30 min)", 120: "2 hours"} {
		if got := formatDuration(in); got != want {
			t.Errorf("formatDuration(%d) = %q, want %q", in, got, want)
		}
	}
}

// TestSample writes /tmp/report-sample.pdf for visual inspection when
// REPORT_SAMPLE is set, e.g. REPORT_SAMPLE=/tmp/report-sample.pdf go test -run Sample.
func TestSample(t *testing.T) {
	path := os.Getenv("REPORT_SAMPLE")
	if path == "" {
		t.Skip("set REPORT_SAMPLE=<file.pdf> to write a sample report")
	}
	r := sampleReport()
	if os.Getenv("REPORT_SAMPLE_VERDICT") != "" {
		r.Verdict = os.Getenv("REPORT_SAMPLE_VERDICT")
	}
	if err := os.WriteFile(path, render(t, r), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRenderCJK checks that Chinese, Japanese and Korean names and text
// round-trip through the PDF (pdftotext reads them back, so the glyphs are
// embedded with their Unicode mapping), mixed with Latin on one line, and
// that a report without CJK text does not carry the CJK font.
func TestRenderCJK(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil && os.Getenv("CI") != "" {
		t.Fatal("CI is set but pdftotext is missing: apt-get install -y poppler-utils")
	}
	r := sampleReport()
	r.CandidateName = "王小明 (Xiaoming Wang)"
	r.PostingTitle = "バックエンドエンジニア — Tokyo"
	r.Interviewer = "김민준"
	r.Summary = "候補者は分散システムに詳しい。Strong on Go; 설계가 명확합니다."
	r.Ratings = []Rating{{Skill: "並行処理", Score: 4, Comment: "チャネルの使い方が的確"}}
	out := render(t, r)
	text := strings.Join(strings.Fields(pdfText(t, out)), " ")
	for _, want := range []string{"王小明 (Xiaoming Wang)", "バックエンドエンジニア — Tokyo", "김민준", "候補者は分散システムに詳しい。Strong on Go; 설계가 명확합니다.", "並行処理", "チャネルの使い方が的確"} {
		if !strings.Contains(text, want) {
			t.Errorf("extracted text lacks %q:\n%s", want, text)
		}
	}
	if !bytes.Contains(out, []byte("/BaseFont /utf8cjk")) || !bytes.Contains(out, []byte("/BaseFont /utf8hangul")) {
		t.Error("the CJK and Hangul fonts are not embedded")
	}
	plain := sampleReport()
	plain.Summary, plain.Interviewer = "Latin, Ελληνικά and Русский only.", "José Øberg"
	latin := render(t, plain)
	if bytes.Contains(latin, []byte("/BaseFont /utf8cjk")) || bytes.Contains(latin, []byte("/BaseFont /utf8hangul")) {
		t.Error("a report without CJK text embeds the CJK font")
	}
	if len(out) > 300<<10 { // the whole font is 4 MB
		t.Errorf("the CJK report is %d bytes: the font is not subset", len(out))
	}
	t.Logf("PDF size: %d bytes without CJK, %d with", len(latin), len(out))
}

// BenchmarkRender measures one report with Latin text only and one with
// Chinese, Japanese and Korean names (which loads the fallback fonts).
func BenchmarkRender(b *testing.B) {
	cjk := sampleReport()
	cjk.CandidateName, cjk.Interviewer = "王小明", "김민준"
	plain := sampleReport()
	plain.Summary, plain.Interviewer = "Latin only.", "José Øberg"
	for name, r := range map[string]Report{"latin": plain, "cjk": cjk} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if err := Render(io.Discard, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
