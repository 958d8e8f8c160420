package reports

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// heading draws a section heading, moving to a new page first if the heading
// and at least `keep` mm of content would not fit.
func (d *doc) heading(title string, keep float64) {
	pdf := d.pdf
	d.ensure(9 + keep)
	y := pdf.GetY()
	d.font("B", 13, colText)
	pdf.SetXY(marginX, y)
	d.cellFormat(d.contentW, 7, title, "", 0, "L", false, 0, "")
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
	d.style, d.size = style, size
	d.pdf.SetFont(family, style, size)
	d.pdf.SetTextColor(c.r, c.g, c.b)
}

// fit shortens s with an ellipsis so it fits in width w (current font).
func (d *doc) fit(s string, w float64) string {
	if d.width(s) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 0 && d.width(string(rs)+"…") > w {
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

	width := d.width
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
