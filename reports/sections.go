package reports

import (
	"fmt"
	"math"
	"net/url"
	"strings"
)

// titleBlock draws the organisation name, the title and the reference.
func (d *doc) titleBlock(r Report) {
	pdf := d.pdf
	y := marginTop

	if org := clean(r.OrgName); org != "" {
		d.font("B", 10, colAccent)
		for _, line := range d.wrap(org, d.contentW) {
			pdf.SetXY(marginX, y)
			d.cellFormat(d.contentW, 5, line, "", 0, "L", false, 0, "")
			y += 5
		}
		y += 1
	}

	d.font("B", 22, colText)
	pdf.SetXY(marginX, y)
	d.cellFormat(d.contentW, 10, "Interview report", "", 0, "L", false, 0, "")
	if ref := clean(r.Reference); ref != "" {
		d.font("", 9, colMuted)
		pdf.SetXY(marginX, y+1)
		d.cellFormat(d.contentW, 4, "Reference", "", 0, "R", false, 0, "")
		d.font("B", 11, colText)
		pdf.SetXY(marginX, y+5)
		d.cellFormat(d.contentW, 5, d.fit(ref, 60), "", 0, "R", false, 0, "")
	}
	y += 12
	d.font("", 10, colMuted)
	pdf.SetXY(marginX, y)
	d.cellFormat(d.contentW, 5, "Expert technical interview", "", 0, "L", false, 0, "")
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
		d.cellFormat(labelW, lh, row[0], "", 0, "L", false, 0, "")
		d.font(style, 10.5, colText)
		for _, line := range lines {
			pdf.SetXY(marginX+labelW, y)
			d.cellFormat(valueW, lh, line, "", 0, "L", false, 0, "")
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
	d.cellFormat(d.contentW-16, 4, "VERDICT", "", 0, "L", false, 0, "")
	d.font("B", 20, fg)
	pdf.SetXY(marginX+8, y+9)
	d.cellFormat(d.contentW-16, 9, text, "", 0, "L", false, 0, "")

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
		d.cellFormat(d.contentW, 6, "No ratings were recorded.", "", 1, "L", false, 0, "")
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
			d.cellFormat(c.w-2*cellPadX, headH, c.label, "", 0, "L", false, 0, "")
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
		d.cellFormat(w, rowLH, ls[i], "", 0, "L", false, 0, "")
	}
	return ls[n:]
}

// score draws "4 / 5" and a small bar of MaxScore segments below it.
func (d *doc) score(s int, x, y float64) {
	pdf := d.pdf
	d.font("B", 9.5, colText)
	pdf.SetXY(x, y)
	d.cellFormat(colScoreW-2*cellPadX, rowLH, fmt.Sprintf("%d / %d", s, MaxScore), "", 0, "L", false, 0, "")
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
		d.cellFormat(d.contentW, lh, line, "", 1, "L", false, 0, "")
	}
	pdf.SetY(pdf.GetY() + 8)
}

func (d *doc) playback(raw string) {
	const lh = 5.4
	d.heading("Interview recording", lh*2)
	raw = strings.TrimSpace(clean(raw))
	if raw == "" {
		d.font("", 10, colMuted)
		d.cellFormat(d.contentW, lh, "No recording is available.", "", 1, "L", false, 0, "")
		return
	}
	// Only web links are made clickable; anything else is printed as text.
	link := ""
	if u, err := url.Parse(raw); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		link = raw
	}
	d.font("", 9.5, colMuted)
	d.cellFormat(d.contentW, lh, "Watch the playback of this interview:", "", 1, "L", false, 0, "")
	style := ""
	c := colText
	if link != "" {
		style, c = "U", colLink
	}
	d.font(style, 10, c)
	for _, line := range d.wrap(raw, d.contentW) {
		d.cellFormat(d.width(line), lh, line, "", 1, "L", false, 0, link)
	}
	d.font("", 10, colText)
}
