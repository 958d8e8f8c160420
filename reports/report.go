// Package reports renders the PDF interview report that is produced after an
// expert technical interview has been completed.
//
// The PDF is generated with codeberg.org/go-pdf/fpdf. Because the fpdf core
// fonts only cover cp1252, the package embeds the DejaVu Sans TrueType fonts
// (see fonts/LICENSE) so that names such as "Zoë Ångström-Müller" or
// "Ingénieur Données — Zürich" render correctly. DejaVu Sans covers Latin,
// Greek, Cyrillic and many symbols; scripts it does not cover (notably CJK)
// are rendered best-effort: the text is kept in the document (it can be
// searched and copied) but the glyphs show as empty boxes.
//
// All user supplied strings are drawn literally: there is no markup
// interpretation, so a value like "<script>" appears exactly as typed.
package reports

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"strings"
	"time"
	_ "time/tzdata" // interview time zones must resolve even without a system zoneinfo database
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/text/unicode/norm"
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
			w -= pdf.GetStringWidth(ref) + 4
			pdf.SetXY(marginX, contHeaderY)
			pdf.CellFormat(d.contentW, 4, ref, "", 0, "R", false, 0, "")
		}
		pdf.SetXY(marginX, contHeaderY)
		pdf.CellFormat(w, 4, d.fit(left, w), "", 0, "L", false, 0, "")
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
		pdf.CellFormat(d.contentW-30, 4, d.fit(footer, d.contentW-30), "", 0, "L", false, 0, "")
		pdf.SetXY(marginX, y+2)
		pdf.CellFormat(d.contentW, 4, pages, "", 0, "R", false, 0, "")
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

// titleBlock draws the organisation name, the title and the reference.
func (d *doc) titleBlock(r Report) {
	pdf := d.pdf
	y := marginTop

	if org := clean(r.OrgName); org != "" {
		d.font("B", 10, colAccent)
		for _, line := range d.wrap(org, d.contentW) {
			pdf.SetXY(marginX, y)
			pdf.CellFormat(d.contentW, 5, line, "", 0, "L", false, 0, "")
			y += 5
		}
		y += 1
	}

	d.font("B", 22, colText)
	pdf.SetXY(marginX, y)
	pdf.CellFormat(d.contentW, 10, "Interview report", "", 0, "L", false, 0, "")
	if ref := clean(r.Reference); ref != "" {
		d.font("", 9, colMuted)
		pdf.SetXY(marginX, y+1)
		pdf.CellFormat(d.contentW, 4, "Reference", "", 0, "R", false, 0, "")
		d.font("B", 11, colText)
		pdf.SetXY(marginX, y+5)
		pdf.CellFormat(d.contentW, 5, d.fit(ref, 60), "", 0, "R", false, 0, "")
	}
	y += 12
	d.font("", 10, colMuted)
	pdf.SetXY(marginX, y)
	pdf.CellFormat(d.contentW, 5, "Expert technical interview", "", 0, "L", false, 0, "")
	y += 8
	d.rule(y, colRule, 0.3)
	pdf.SetXY(marginX, y+5)
}

// details draws the label/value grid with the interview facts.
func (d *doc) details(r Report) {
	rows := [][2]string{
		{"Candidate", orDash(clean(r.CandidateName))},
	}
	if email := clean(r.CandidateEmail); email != "" {
		rows = append(rows, [2]string{"Email", email})
	}
	rows = append(rows,
		[2]string{"Position", orDash(clean(r.PostingTitle))},
		[2]string{"Interview profile", orDash(clean(r.ProfileName))},
		[2]string{"Date & time", formatWhen(r.ScheduledAt, r.Timezone, r.DurationMinutes)},
		[2]string{"Duration", formatDuration(r.DurationMinutes)},
		[2]string{"Interviewer", orDash(clean(r.Interviewer))},
	)

	const labelW = 40.0
	const lh = 5.6
	valueW := d.contentW - labelW
	pdf := d.pdf
	for i, row := range rows {
		style := ""
		if i == 0 {
			style = "B"
		}
		d.font(style, 10.5, colText)
		lines := d.wrap(row[1], valueW)
		d.ensure(float64(len(lines)) * lh)
		y := pdf.GetY()
		d.font("", 9.5, colMuted)
		pdf.SetXY(marginX, y)
		pdf.CellFormat(labelW, lh, row[0], "", 0, "L", false, 0, "")
		d.font(style, 10.5, colText)
		for _, line := range lines {
			pdf.SetXY(marginX+labelW, y)
			pdf.CellFormat(valueW, lh, line, "", 0, "L", false, 0, "")
			y += lh
		}
		pdf.SetXY(marginX, y+0.8)
	}
	pdf.SetY(pdf.GetY() + 4)
}

// verdict draws the large recommendation box.
func (d *doc) verdict(recommended bool) {
	pdf := d.pdf
	text, fg, bg := "Not recommended: No", colNoFg, colNoBg
	if recommended {
		text, fg, bg = "Recommended: Yes", colYesFg, colYesBg
	}
	const h = 22.0
	d.ensure(h + 4)
	y := pdf.GetY()

	pdf.SetFillColor(bg.r, bg.g, bg.b)
	pdf.SetDrawColor(fg.r, fg.g, fg.b)
	pdf.SetLineWidth(0.5)
	pdf.RoundedRect(marginX, y, d.contentW, h, 2.5, "1234", "FD")
	// Accent bar on the left edge.
	pdf.SetFillColor(fg.r, fg.g, fg.b)
	pdf.Rect(marginX+0.25, y+0.25, 2.2, h-0.5, "F")

	d.font("", 9, fg)
	pdf.SetXY(marginX+8, y+3.5)
	pdf.CellFormat(d.contentW-16, 4, "VERDICT", "", 0, "L", false, 0, "")
	d.font("B", 20, fg)
	pdf.SetXY(marginX+8, y+9)
	pdf.CellFormat(d.contentW-16, 9, text, "", 0, "L", false, 0, "")

	pdf.SetLineWidth(0.2)
	pdf.SetXY(marginX, y+h+8)
}

// Ratings table geometry.
const (
	colSkillW = 50.0
	colScoreW = 28.0
	cellPadX  = 2.5
	cellPadY  = 2.2
	rowLH     = 4.8
	headH     = 8.0
	scoreH    = rowLH + 3.2 // "4 / 5" plus the score bar
)

func (d *doc) ratings(ratings []Rating) {
	pdf := d.pdf
	d.heading("Ratings", headH+rowLH*2+2*cellPadY)
	if len(ratings) == 0 {
		d.font("", 10, colMuted)
		pdf.CellFormat(d.contentW, 6, "No ratings were recorded.", "", 1, "L", false, 0, "")
		pdf.SetY(pdf.GetY() + 6)
		return
	}

	commentW := d.contentW - colSkillW - colScoreW
	xSkill := marginX
	xScore := xSkill + colSkillW
	xComment := xScore + colScoreW

	header := func() {
		y := pdf.GetY()
		pdf.SetFillColor(colHeaderBg.r, colHeaderBg.g, colHeaderBg.b)
		pdf.Rect(marginX, y, d.contentW, headH, "F")
		d.font("B", 9, colText)
		for _, c := range []struct {
			x, w  float64
			label string
		}{{xSkill, colSkillW, "Skill"}, {xScore, colScoreW, "Score"}, {xComment, commentW, "Comment"}} {
			pdf.SetXY(c.x+cellPadX, y)
			pdf.CellFormat(c.w-2*cellPadX, headH, c.label, "", 0, "L", false, 0, "")
		}
		d.rule(y+headH, colRule, 0.3)
		pdf.SetXY(marginX, y+headH)
	}
	header()
	d.tableHeader = header
	defer func() { d.tableHeader = nil }()

	for i, rt := range ratings {
		d.font("B", 9.5, colText)
		skill := d.wrap(orDash(clean(rt.Skill)), colSkillW-2*cellPadX)
		d.font("", 9.5, colText)
		comment := d.wrap(orDash(clean(rt.Comment)), commentW-2*cellPadX)

		lines := max(len(skill), len(comment))
		full := max(float64(lines)*rowLH, scoreH) + 2*cellPadY
		fresh := d.bottom - contTopY - headH // usable height on a new page
		if pdf.GetY()+full > d.bottom && full <= fresh {
			pdf.AddPage() // the header func redraws the table header
		}

		first := true
		for first || len(skill) > 0 || len(comment) > 0 {
			y := pdf.GetY()
			n := int(math.Floor((d.bottom - y - 2*cellPadY) / rowLH))
			if n < 1 || (first && float64(n)*rowLH < scoreH) {
				pdf.AddPage()
				continue
			}
			take := min(n, max(len(skill), len(comment)))
			h := float64(take)*rowLH + 2*cellPadY
			if first {
				h = max(h, scoreH+2*cellPadY)
			}
			if i%2 == 1 {
				pdf.SetFillColor(colZebra.r, colZebra.g, colZebra.b)
				pdf.Rect(marginX, y, d.contentW, h, "F")
			}

			d.font("B", 9.5, colText)
			skill = d.lines(skill, take, xSkill+cellPadX, y+cellPadY, colSkillW-2*cellPadX)
			if first {
				d.score(rt.Score, xScore+cellPadX, y+cellPadY)
			}
			d.font("", 9.5, colText)
			comment = d.lines(comment, take, xComment+cellPadX, y+cellPadY, commentW-2*cellPadX)

			d.rule(y+h, colRule, 0.2)
			pdf.SetXY(marginX, y+h)
			first = false
			if len(skill) > 0 || len(comment) > 0 {
				pdf.AddPage()
			}
		}
	}
	pdf.SetY(pdf.GetY() + 8)
}

// lines draws up to n of the given lines starting at (x, y) and returns the
// lines that were not drawn.
func (d *doc) lines(ls []string, n int, x, y, w float64) []string {
	n = min(n, len(ls))
	for i := 0; i < n; i++ {
		d.pdf.SetXY(x, y+float64(i)*rowLH)
		d.pdf.CellFormat(w, rowLH, ls[i], "", 0, "L", false, 0, "")
	}
	return ls[n:]
}

// score draws "4 / 5" and a small bar of MaxScore segments below it.
func (d *doc) score(s int, x, y float64) {
	pdf := d.pdf
	d.font("B", 9.5, colText)
	pdf.SetXY(x, y)
	pdf.CellFormat(colScoreW-2*cellPadX, rowLH, fmt.Sprintf("%d / %d", s, MaxScore), "", 0, "L", false, 0, "")
	const segW, segH, gap = 3.6, 1.6, 0.8
	by := y + rowLH + 1
	for i := 0; i < MaxScore; i++ {
		c := colBarEmpty
		if i < s {
			c = colAccent
		}
		pdf.SetFillColor(c.r, c.g, c.b)
		pdf.Rect(x+float64(i)*(segW+gap), by, segW, segH, "F")
	}
}

func (d *doc) summary(s string) {
	pdf := d.pdf
	const lh = 5.4
	d.heading("Summary", lh*3)
	d.font("", 10, colText)
	text := strings.TrimSpace(clean(s))
	if text == "" {
		d.font("", 10, colMuted)
		text = "No summary was provided."
	}
	for _, line := range d.wrap(text, d.contentW) {
		// CellFormat breaks the page automatically when the line does not fit.
		pdf.CellFormat(d.contentW, lh, line, "", 1, "L", false, 0, "")
	}
	pdf.SetY(pdf.GetY() + 8)
}

func (d *doc) playback(raw string) {
	pdf := d.pdf
	const lh = 5.4
	d.heading("Interview recording", lh*2)
	raw = strings.TrimSpace(clean(raw))
	if raw == "" {
		d.font("", 10, colMuted)
		pdf.CellFormat(d.contentW, lh, "No recording is available.", "", 1, "L", false, 0, "")
		return
	}
	// Only web links are made clickable; anything else is printed as text.
	link := ""
	if u, err := url.Parse(raw); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		link = raw
	}
	d.font("", 9.5, colMuted)
	pdf.CellFormat(d.contentW, lh, "Watch the playback of this interview:", "", 1, "L", false, 0, "")
	style := ""
	c := colText
	if link != "" {
		style, c = "U", colLink
	}
	d.font(style, 10, c)
	for _, line := range d.wrap(raw, d.contentW) {
		pdf.CellFormat(d.pdf.GetStringWidth(line), lh, line, "", 1, "L", false, 0, link)
	}
	d.font("", 10, colText)
}

// heading draws a section heading, moving to a new page first if the heading
// and at least `keep` mm of content would not fit.
func (d *doc) heading(title string, keep float64) {
	pdf := d.pdf
	d.ensure(9 + keep)
	y := pdf.GetY()
	d.font("B", 13, colText)
	pdf.SetXY(marginX, y)
	pdf.CellFormat(d.contentW, 7, title, "", 0, "L", false, 0, "")
	pdf.SetXY(marginX, y+9)
}

// ensure starts a new page unless h mm fit below the current position.
func (d *doc) ensure(h float64) {
	if d.pdf.GetY()+h > d.bottom {
		d.pdf.AddPage()
	}
}

func (d *doc) rule(y float64, c rgb, w float64) {
	d.pdf.SetDrawColor(c.r, c.g, c.b)
	d.pdf.SetLineWidth(w)
	d.pdf.Line(marginX, y, marginX+d.contentW, y)
}

func (d *doc) font(style string, size float64, c rgb) {
	d.pdf.SetFont(family, style, size)
	d.pdf.SetTextColor(c.r, c.g, c.b)
}

// fit shortens s with an ellipsis so it fits in width w (current font).
func (d *doc) fit(s string, w float64) string {
	if d.pdf.GetStringWidth(s) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 0 && d.pdf.GetStringWidth(string(rs)+"…") > w {
		rs = rs[:len(rs)-1]
	}
	return strings.TrimRightFunc(string(rs), unicode.IsSpace) + "…"
}

// wrap breaks text into lines no wider than w using the current font.
// Explicit newlines are kept, runs of blanks collapse to one space, words
// longer than a line are broken between characters and CJK text may break
// between any two ideographs.
func (d *doc) wrap(text string, w float64) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		out = append(out, d.wrapPara(para, w)...)
	}
	return out
}

type token struct {
	text  string
	space bool // preceded by white space
}

func (d *doc) wrapPara(para string, w float64) []string {
	var toks []token
	var cur []rune
	space := false
	flush := func() {
		if len(cur) > 0 {
			toks = append(toks, token{string(cur), space})
			cur, space = cur[:0], false
		}
	}
	for _, r := range para {
		switch {
		case unicode.IsSpace(r):
			flush()
			space = true
		case isCJK(r):
			flush()
			toks = append(toks, token{string(r), space})
			space = false
		default:
			cur = append(cur, r)
		}
	}
	flush()
	if len(toks) == 0 {
		return []string{""}
	}

	width := d.pdf.GetStringWidth
	var lines []string
	line := ""
	for _, t := range toks {
		cand := t.text
		if line != "" {
			if t.space {
				cand = line + " " + t.text
			} else {
				cand = line + t.text
			}
		}
		if width(cand) <= w {
			line = cand
			continue
		}
		if line != "" {
			lines = append(lines, line)
			line = ""
		}
		// Break over-long words between characters.
		word := t.text
		for width(word) > w {
			rs := []rune(word)
			n := 1
			for n < len(rs) && width(string(rs[:n+1])) <= w {
				n++
			}
			lines = append(lines, string(rs[:n]))
			word = string(rs[n:])
		}
		line = word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || // CJK symbols and punctuation
		(r >= 0xFF00 && r <= 0xFFEF) // half- and full-width forms
}

// clean normalises user text for the PDF: NFC normalisation (fpdf does no
// glyph composition), CRLF/CR to LF, tabs to spaces, and control, format,
// private use and surrogate characters as well as characters outside the
// Basic Multilingual Plane (which fpdf cannot encode) replaced or dropped.
func clean(s string) string {
	if s == "" {
		return ""
	}
	s = norm.NFC.String(s)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteByte(' ')
		case r == '\u00a0' || r == '\u2028' || r == '\u2029':
			b.WriteByte(' ')
		case r > 0xFFFF:
			b.WriteRune('\uFFFD')
		case unicode.Is(unicode.Co, r), unicode.Is(unicode.Cs, r):
			b.WriteRune('\uFFFD')
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			// drop: zero width / bidi controls / other invisible characters
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// formatWhen formats the interview start (and end, if the duration is known)
// in the interview's own time zone, e.g.
// "Tuesday, 3 March 2026, 14:30–15:30 CET (Europe/Zurich, UTC+01:00)".
// An unknown zone falls back to UTC, which is then what the label says.
func formatWhen(t time.Time, tz string, minutes int) string {
	if t.IsZero() {
		return "—"
	}
	loc := time.UTC
	if tz = strings.TrimSpace(tz); tz != "" {
		if l, err := time.LoadLocation(tz); err == nil {
			loc = l
		}
	}
	t = t.In(loc)
	s := t.Format("Monday, 2 January 2006, 15:04")
	if minutes > 0 {
		end := t.Add(time.Duration(minutes) * time.Minute)
		if end.YearDay() == t.YearDay() && end.Year() == t.Year() {
			s += "–" + end.Format("15:04")
		} else {
			s += " – " + end.Format("Monday, 2 January 2006, 15:04")
		}
	}
	abbr := t.Format("MST")
	offset := "UTC" + t.Format("-07:00")
	if loc == time.UTC {
		return s + " UTC"
	}
	if abbr == "" || abbr[0] == '+' || abbr[0] == '-' {
		abbr = offset
	}
	if abbr == offset {
		return s + " " + abbr + " (" + loc.String() + ")"
	}
	return s + " " + abbr + " (" + loc.String() + ", " + offset + ")"
}

func formatDuration(minutes int) string {
	h, m := minutes/60, minutes%60
	switch {
	case minutes <= 0:
		return "—"
	case minutes == 1:
		return "1 minute"
	case minutes < 60:
		return fmt.Sprintf("%d minutes", minutes)
	case m == 0 && h == 1:
		return "1 hour"
	case m == 0:
		return fmt.Sprintf("%d hours", h)
	}
	return fmt.Sprintf("%d minutes (%d h %d min)", minutes, h, m)
}
