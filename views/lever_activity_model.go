package views

import (
	"fmt"
	"strconv"
)

// ActivityView is the 30-day activity chart card: one entry per UTC day,
// oldest first.
type ActivityView struct {
	Days []ActivityDay
}

// ActivityDay is one UTC day's counts.
type ActivityDay struct {
	ISO        string // 2006-01-02
	Label      string // "2 Jan"
	Deliveries int64
	Interviews int64
	Failures   int64
}

// Totals sums the days.
func (v ActivityView) Totals() (deliveries, interviews, failures int64) {
	for _, d := range v.Days {
		deliveries += d.Deliveries
		interviews += d.Interviews
		failures += d.Failures
	}
	return
}

// Description is the chart's text alternative: totals and the busiest day.
func (v ActivityView) Description() string {
	if len(v.Days) == 0 {
		return "No activity data."
	}
	d, i, f := v.Totals()
	s := fmt.Sprintf("From %s to %s (UTC): %d candidate moves received from Lever, %d interviews created, %d failed sync steps.", v.Days[0].Label, v.Days[len(v.Days)-1].Label, d, i, f)
	busiest := -1
	for n, day := range v.Days {
		if day.Deliveries > 0 && (busiest < 0 || day.Deliveries > v.Days[busiest].Deliveries) {
			busiest = n
		}
	}
	if busiest >= 0 {
		s += fmt.Sprintf(" Busiest day: %s with %d candidate moves.", v.Days[busiest].Label, v.Days[busiest].Deliveries)
	}
	return s + " The same numbers are in the table below the chart."
}

// Chart geometry, in SVG user units (the SVG scales to the card's width).
const (
	chartW      = 720.0
	chartH      = 250.0
	chartLeft   = 44.0
	chartRight  = 24.0
	chartTop    = 12.0
	chartBottom = 34.0
)

// ActivityChart is the computed SVG: plot box, axis ticks and, per day,
// three bars (deliveries, interviews, failures).
type ActivityChart struct {
	W, H                     float64
	Left, Right, Top, Bottom float64 // plot box edges
	YTicks                   []ChartTick
	XTicks                   []ChartTick
	Groups                   []ChartGroup
}

// ChartTick is an axis label at a position (Y for the value axis, X for days).
type ChartTick struct {
	Pos   float64
	Label string
}

// ChartGroup is one day's bars.
type ChartGroup struct {
	Day  ActivityDay
	Bars []ChartBar
}

// ChartBar is one bar; Series is deliveries, interviews or failures.
type ChartBar struct {
	X, Y, W, H float64
	Series     string
	Title      string
}

// Chart lays out the bars and axes.
func (v ActivityView) Chart() ActivityChart {
	c := ActivityChart{W: chartW, H: chartH, Left: chartLeft, Right: chartW - chartRight, Top: chartTop, Bottom: chartH - chartBottom}
	var peak int64
	for _, d := range v.Days {
		peak = max(peak, d.Deliveries, d.Interviews, d.Failures)
	}
	top, step := niceScale(peak)
	plotH := c.Bottom - c.Top
	for t := int64(0); t <= top; t += step {
		c.YTicks = append(c.YTicks, ChartTick{Pos: c.Bottom - float64(t)/float64(top)*plotH, Label: strconv.FormatInt(t, 10)})
	}
	if len(v.Days) == 0 {
		return c
	}
	groupW := (c.Right - c.Left) / float64(len(v.Days))
	barW := groupW * 0.26
	for i, d := range v.Days {
		x0 := c.Left + float64(i)*groupW + groupW*0.11
		g := ChartGroup{Day: d}
		for j, s := range []struct {
			name string
			n    int64
			noun string
		}{{"deliveries", d.Deliveries, "candidate moves received"}, {"interviews", d.Interviews, "interviews created"}, {"failures", d.Failures, "failed sync steps"}} {
			h := float64(s.n) / float64(top) * plotH
			g.Bars = append(g.Bars, ChartBar{X: x0 + float64(j)*barW, Y: c.Bottom - h, W: barW, H: h, Series: s.name,
				Title: fmt.Sprintf("%s: %d %s", d.Label, s.n, s.noun)})
		}
		c.Groups = append(c.Groups, g)
		if (len(v.Days)-1-i)%7 == 0 {
			c.XTicks = append(c.XTicks, ChartTick{Pos: c.Left + (float64(i)+0.5)*groupW, Label: d.Label})
		}
	}
	return c
}

// niceScale returns a round top for the value axis at or above peak and a
// tick step giving at most 5 steps.
func niceScale(peak int64) (top, step int64) {
	if peak <= 4 {
		return 4, 1
	}
	for mag := int64(1); ; mag *= 10 {
		for _, m := range []int64{1, 2, 5} {
			step = m * mag
			if (peak+step-1)/step <= 5 {
				return (peak + step - 1) / step * step, step
			}
		}
	}
}

// svgNum formats a coordinate.
func svgNum(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
