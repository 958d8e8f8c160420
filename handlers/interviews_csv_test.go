package handlers

import "testing"

func TestCSVSafe(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Plain", "Grace Hopper", "Grace Hopper"},
		{"Empty", "", ""},
		{"Formula", `=HYPERLINK("http://x")`, `'=HYPERLINK("http://x")`},
		{"Plus", "+1 555", "'+1 555"},
		{"Minus", "-2+3", "'-2+3"},
		{"At", "@SUM(A1)", "'@SUM(A1)"},
		{"Tab", "\t=1", "'\t=1"},
		{"CarriageReturn", "\r=1", "'\r=1"},
		{"InsideIsFine", "a=b", "a=b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := csvSafe(tt.in); got != tt.want {
				t.Errorf("csvSafe(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
