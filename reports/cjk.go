package reports

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"sync"
	"unicode"
)

// Fallback fonts for the scripts DejaVu Sans lacks, embedded gzip-compressed
// from Debian packages (see fonts/LICENSE-Droid and fonts/LICENSE-Nanum),
// loaded only for reports that contain such text; fpdf embeds only the
// glyphs a report uses (a subset), so a report grows by a few kB.
//   - Droid Sans Fallback: Han ideographs (Chinese, Japanese kanji), kana,
//     CJK punctuation and full-width forms (2.1 MB compressed, 4.0 MB raw).
//   - NanumSquare: Korean Hangul, all 11,172 syllables and the jamo
//     (0.3 MB compressed, 0.7 MB raw).
//
// Bold text in these scripts is drawn regular (the fonts have one weight here).
var (
	//go:embed fonts/DroidSansFallbackFull.ttf.gz
	cjkFontGz []byte
	//go:embed fonts/NanumSquareR.ttf.gz
	hangulFontGz []byte
)

// Fonts a run of text is drawn with.
const (
	runMain   = iota // DejaVu Sans (family)
	runCJK           // Droid Sans Fallback
	runHangul        // NanumSquare
)

var fallbackFamily = [...]string{runCJK: "cjk", runHangul: "hangul"}

var fallbackFonts = [...]func() ([]byte, error){
	runCJK:    sync.OnceValues(func() ([]byte, error) { return gunzip(cjkFontGz) }),
	runHangul: sync.OnceValues(func() ([]byte, error) { return gunzip(hangulFontGz) }),
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("reports: fallback font: %w", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("reports: fallback font: %w", err)
	}
	return out, nil
}

// scriptOf is the font a rune is drawn with.
func scriptOf(r rune) int {
	switch {
	case unicode.Is(unicode.Hangul, r):
		return runHangul
	case isCJK(r):
		return runCJK
	}
	return runMain
}

// fallbacksOf reports which fallback fonts any of ss needs.
func fallbacksOf(need *[3]bool, ss ...string) {
	for _, s := range ss {
		for _, r := range s {
			need[scriptOf(r)] = true
		}
	}
}

// addFallbackFonts registers the fallback fonts r's text needs.
func (d *doc) addFallbackFonts(r Report) error {
	var need [3]bool
	fallbacksOf(&need, r.OrgName, r.CandidateName, r.CandidateEmail, r.PostingTitle, r.ProfileName, r.Interviewer, r.Summary, r.PlaybackURL, r.Reference, r.Timezone)
	for _, rt := range r.Ratings {
		fallbacksOf(&need, rt.Skill, rt.Comment)
	}
	for script := runCJK; script <= runHangul; script++ {
		if !need[script] {
			continue
		}
		b, err := fallbackFonts[script]()
		if err != nil {
			return err
		}
		d.pdf.AddUTF8FontFromBytes(fallbackFamily[script], "", b)
		if err := d.pdf.Error(); err != nil {
			return fmt.Errorf("reports: loading the %s font: %w", fallbackFamily[script], err)
		}
		d.fallback[script] = true
	}
	return nil
}

// run is a stretch of text drawn with one font.
type run struct {
	text   string
	script int
}

// runs splits s into stretches by font; a rune whose fallback font is not
// loaded stays with the main font.
func (d *doc) runs(s string) []run {
	var out []run
	start, cur := 0, runMain
	for i, r := range s {
		sc := scriptOf(r)
		if !d.fallback[sc] {
			sc = runMain
		}
		if i > 0 && sc != cur {
			out = append(out, run{s[start:i], cur})
			start = i
		}
		cur = sc
	}
	if start < len(s) {
		out = append(out, run{s[start:], cur})
	}
	return out
}

// mixed reports whether s needs more than the main font.
func (d *doc) mixed(s string) bool {
	if !d.fallback[runCJK] && !d.fallback[runHangul] {
		return false
	}
	for _, r := range s {
		if sc := scriptOf(r); sc != runMain && d.fallback[sc] {
			return true
		}
	}
	return false
}

// useRun sets the font of a run in the current style and size.
func (d *doc) useRun(script int) {
	if script == runMain {
		d.pdf.SetFont(family, d.style, d.size)
		return
	}
	d.pdf.SetFont(fallbackFamily[script], "", d.size)
}

// width is the width of s (mm) in the current font, each run in its own font.
func (d *doc) width(s string) float64 {
	if !d.mixed(s) {
		return d.pdf.GetStringWidth(s)
	}
	w := 0.0
	for _, rn := range d.runs(s) {
		d.useRun(rn.script)
		w += d.pdf.GetStringWidth(rn.text)
	}
	d.useRun(runMain)
	return w
}

// cellFormat is fpdf's CellFormat for text that may mix scripts: each run is
// drawn with its font and the line is aligned as a whole (L, C or R).
// Borders, fill and links apply only to text in the main font (the report
// uses none on mixed text).
func (d *doc) cellFormat(w, h float64, txt, border string, ln int, align string, fill bool, link int, linkStr string) {
	if !d.mixed(txt) {
		d.pdf.CellFormat(w, h, txt, border, ln, align, fill, link, linkStr)
		return
	}
	pdf := d.pdf
	x, y := pdf.GetXY()
	if y+h > d.bottom && y > marginTop { // as CellFormat's automatic page break
		pdf.AddPage()
		_, y = pdf.GetXY()
		pdf.SetX(x)
	}
	if w == 0 {
		w = d.pageW - marginX - x
	}
	start := x
	switch align {
	case "R":
		start = x + w - d.width(txt)
	case "C":
		start = x + (w-d.width(txt))/2
	}
	pdf.SetXY(start, y)
	for _, rn := range d.runs(txt) {
		d.useRun(rn.script)
		pdf.CellFormat(pdf.GetStringWidth(rn.text), h, rn.text, "", 0, "L", false, 0, "")
	}
	d.useRun(runMain)
	switch ln {
	case 1:
		pdf.SetXY(marginX, y+h)
	case 2:
		pdf.SetXY(x, y+h)
	default:
		pdf.SetXY(x+w, y)
	}
}
