// Package reports renders the PDF interview report that is produced after an
// expert technical interview has been completed.
//
// The PDF is generated with codeberg.org/go-pdf/fpdf. Because the fpdf core
// fonts only cover cp1252, the package embeds the DejaVu Sans TrueType fonts
// (see fonts/LICENSE) so that names such as "Zoë Ångström-Müller" or
// "Ingénieur Données — Zürich" render correctly. DejaVu Sans covers Latin,
// Greek, Cyrillic, Armenian, Georgian, Hebrew and many symbols; Chinese,
// Japanese and Korean text is drawn with the embedded Droid Sans Fallback
// and NanumSquare fonts (cjk.go), switching fonts within a line. fpdf does no shaping or
// bidirectional layout, so Arabic and Indic scripts print unjoined, and
// scripts neither font covers (e.g. Thai, Devanagari) show as empty boxes;
// the text stays in the document (it can be searched and copied).
//
// All user supplied strings are drawn literally: there is no markup
// interpretation, so a value like "<script>" appears exactly as typed.
package reports

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	_ "time/tzdata" // interview time zones must resolve even without a system zoneinfo database

	"codeberg.org/go-pdf/fpdf"
)

//go:embed fonts/DejaVuSans.ttf
var fontRegular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var fontBold []byte

// Rating is the interviewer's score for one skill.
type Rating struct {
	Skill   string
	Score   int // 1-5
	Comment string
}

// Report holds everything printed on the interview report.
type Report struct {
	OrgName, CandidateName, CandidateEmail, PostingTitle, ProfileName, Interviewer string

	Verdict string // "yes" or "no"

	ScheduledAt     time.Time
	Timezone        string // IANA name, e.g. "Europe/Zurich"; empty means UTC
	DurationMinutes int

	Summary     string
	Ratings     []Rating
	PlaybackURL string
	Reference   string // e.g. "IV-8F3K"

	GeneratedAt time.Time // UTC; zero means "now"
}

// MaxScore is the upper bound of Rating.Score (the lower bound is 1).
const MaxScore = 5

// Render writes a complete PDF report for r to w.
//
// It returns an error (prefixed with "reports: ") when the report is invalid
// (Verdict other than "yes"/"no", a score outside 1-5) or when the PDF cannot
// be produced or written. Nothing is written to w if validation fails.
func Render(w io.Writer, r Report) error {
	if w == nil {
		return errors.New("reports: nil writer")
	}
	recommended, err := parseVerdict(r.Verdict)
	if err != nil {
		return err
	}
	for i, rt := range r.Ratings {
		if rt.Score < 1 || rt.Score > MaxScore {
			return fmt.Errorf("reports: rating %d (%q): score %d out of range 1-%d", i+1, rt.Skill, rt.Score, MaxScore)
		}
	}

	d, err := newDoc(r)
	if err != nil {
		return err
	}
	d.render(r, recommended)
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("reports: generating PDF: %w", err)
	}
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("reports: writing PDF: %w", err)
	}
	return nil
}

func parseVerdict(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "yes":
		return true, nil
	case "no":
		return false, nil
	}
	return false, fmt.Errorf("reports: invalid verdict %q (want \"yes\" or \"no\")", v)
}

// Page geometry (mm) and palette.
const (
	family = "DejaVu"

	marginX      = 18.0
	marginTop    = 18.0
	marginBottom = 22.0 // also the auto page break margin; the footer lives in it
	contHeaderY  = 10.0 // running header on continuation pages
	contTopY     = 22.0 // content start on continuation pages

	// nbAlias is replaced by the total page count. It uses private use code
	// points, which clean() strips from user text, so it can never collide
	// with report content.
	nbAlias = "\uE000nb\uE000"
)

type rgb struct{ r, g, b int }

var (
	colText     = rgb{0x1f, 0x23, 0x28}
	colMuted    = rgb{0x5f, 0x67, 0x73}
	colRule     = rgb{0xd5, 0xd9, 0xe0}
	colHeaderBg = rgb{0xee, 0xf1, 0xf5}
	colZebra    = rgb{0xf7, 0xf8, 0xfa}
	colAccent   = rgb{0x33, 0x5c, 0xd6}
	colBarEmpty = rgb{0xdd, 0xe2, 0xea}
	colLink     = rgb{0x1a, 0x4f, 0xc4}

	colYesFg = rgb{0x16, 0x6b, 0x34}
	colYesBg = rgb{0xe7, 0xf6, 0xec}
	colNoFg  = rgb{0xb4, 0x23, 0x18}
	colNoBg  = rgb{0xfd, 0xec, 0xeb}
)

type doc struct {
	pdf      *fpdf.Fpdf
	pageW    float64
	pageH    float64
	contentW float64
	bottom   float64 // y of the page break trigger
	// tableHeader, when set, is redrawn at the top of every page the ratings
	// table continues on.
	tableHeader func()
	// fallback[script] is set when that fallback font is loaded (cjk.go);
	// style and size are the current font's (d.font), for switching fonts
	// within a line.
	fallback [3]bool
	style    string
	size     float64
}

func newDoc(r Report) (*doc, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	// Must be set before fonts are added so the digits used for the page
	// count are part of the embedded font subset.
	pdf.AliasNbPages(nbAlias)
	pdf.AddUTF8FontFromBytes(family, "", fontRegular)
	pdf.AddUTF8FontFromBytes(family, "B", fontBold)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("reports: loading fonts: %w", err)
	}

	d := &doc{pdf: pdf}
	if err := d.addFallbackFonts(r); err != nil {
		return nil, err
	}
	d.pageW, d.pageH = pdf.GetPageSize()
	d.contentW = d.pageW - 2*marginX
	d.bottom = d.pageH - marginBottom

	pdf.SetMargins(marginX, marginTop, marginX)
	pdf.SetAutoPageBreak(true, marginBottom)
	pdf.SetCellMargin(0)

	gen := r.GeneratedAt
	if gen.IsZero() {
		gen = time.Now()
	}
	gen = gen.UTC()
	// Deterministic output for identical input.
	pdf.SetCreationDate(gen)
	pdf.SetModificationDate(gen)
	pdf.SetCatalogSort(true)

	title := "Interview report"
	if name := clean(r.CandidateName); name != "" {
		title += " — " + name
	}
	pdf.SetTitle(title, true)
	if org := clean(r.OrgName); org != "" {
		pdf.SetAuthor(org, true)
	}
	pdf.SetSubject("Expert technical interview report", true)
	pdf.SetCreator("Intervue", true)
	pdf.SetLang("en")

	ref := clean(r.Reference)
	candidate := clean(r.CandidateName)
	footer := "Generated " + gen.Format("2006-01-02 15:04") + " UTC"
	if ref != "" {
		footer = "Reference " + ref + "  ·  " + footer
	}

	pdf.SetHeaderFunc(func() {
		if pdf.PageNo() <= 1 {
			return
		}
		d.font("", 8, colMuted)
		left := "Interview report"
		if candidate != "" {
			left += " — " + candidate
		}
		w := d.contentW
		if ref != "" {
			w -= d.width(ref) + 4
			pdf.SetXY(marginX, contHeaderY)
			d.cellFormat(d.contentW, 4, ref, "", 0, "R", false, 0, "")
		}
		pdf.SetXY(marginX, contHeaderY)
		d.cellFormat(w, 4, d.fit(left, w), "", 0, "L", false, 0, "")
		d.rule(contHeaderY+5.5, colRule, 0.2)
		pdf.SetXY(marginX, contTopY)
		if d.tableHeader != nil {
			d.tableHeader()
		}
	})

	pdf.SetFooterFunc(func() {
		y := d.pageH - 14
		d.rule(y, colRule, 0.2)
		d.font("", 8, colMuted)
		pages := fmt.Sprintf("Page %d of %s", pdf.PageNo(), nbAlias)
		pdf.SetXY(marginX, y+2)
		d.cellFormat(d.contentW-30, 4, d.fit(footer, d.contentW-30), "", 0, "L", false, 0, "")
		pdf.SetXY(marginX, y+2)
		d.cellFormat(d.contentW, 4, pages, "", 0, "R", false, 0, "")
	})
	return d, nil
}

func (d *doc) render(r Report, recommended bool) {
	pdf := d.pdf
	pdf.AddPage()

	d.titleBlock(r)
	d.details(r)
	d.verdict(recommended)
	d.ratings(r.Ratings)
	d.summary(r.Summary)
	d.playback(r.PlaybackURL)
}
