package views

import (
	"fmt"
	"testing"
)

func TestNiceScale(t *testing.T) {
	tests := []struct {
		peak, top, step int64
	}{
		{0, 4, 1}, {3, 4, 1}, {4, 4, 1}, {5, 5, 1}, {6, 6, 2}, {11, 15, 5}, {37, 40, 10}, {120, 150, 50},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.peak), func(t *testing.T) {
			top, step := niceScale(tt.peak)
			if top < tt.peak || top/step > 5 || top%step != 0 {
				t.Errorf("niceScale(%d) = %d, %d: not a round top with at most 5 steps", tt.peak, top, step)
			}
			if top != tt.top || step != tt.step {
				t.Errorf("niceScale(%d) = %d, %d, want %d, %d", tt.peak, top, step, tt.top, tt.step)
			}
		})
	}
}

func TestActivityChart(t *testing.T) {
	v := ActivityView{}
	for i := range 30 {
		v.Days = append(v.Days, ActivityDay{ISO: fmt.Sprintf("2026-03-%02d", i+1), Label: fmt.Sprintf("%d Mar", i+1),
			Deliveries: int64(i), Interviews: int64(i / 2), Failures: int64(i % 3)})
	}
	c := v.Chart()
	if len(c.Groups) != 30 {
		t.Fatalf("%d groups", len(c.Groups))
	}
	for _, g := range c.Groups {
		for _, b := range g.Bars {
			if b.X < c.Left || b.X+b.W > c.Right || b.Y < c.Top-0.01 || b.Y+b.H > c.Bottom+0.01 || b.H < 0 {
				t.Fatalf("bar %+v outside the plot %+v", b, c)
			}
		}
	}
	if last, plot := c.Groups[29].Bars[0], c.Bottom-c.Top; last.H < plot*0.95 || last.H > plot {
		t.Errorf("the peak bar (29 on a scale to 30) is %v high in a plot of %v", last.H, plot)
	}
	if got := c.XTicks[len(c.XTicks)-1].Label; got != "30 Mar" {
		t.Errorf("last x tick = %q", got)
	}
	if d := v.Description(); d == "" {
		t.Error("no description")
	}
}
