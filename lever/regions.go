package lever

import (
	"net/url"
	"slices"
	"strings"

	"golang.org/x/oauth2"
)

// Region names one of Lever's data centres (docs/LEVER_API.md §0): each
// Lever account lives in exactly one, and its Data API is served there.
type Region string

// The data centres we know. A connection stored before regions existed is
// RegionUS.
const (
	RegionUS Region = "us"
	RegionEU Region = "eu"
)

// AllRegions lists the data centres in the order the setup screen offers them.
var AllRegions = []Region{RegionUS, RegionEU}

// ParseRegion returns the region named s ("us" or "eu", any case); ok is
// false for anything else.
func ParseRegion(s string) (Region, bool) {
	r := Region(strings.ToLower(strings.TrimSpace(s)))
	for _, known := range AllRegions {
		if r == known {
			return r, true
		}
	}
	return "", false
}

// Label is the region's name in admin words ("United States", "Europe").
func (r Region) Label() string {
	switch r {
	case RegionEU:
		return "Europe"
	case RegionUS:
		return "United States"
	}
	return string(r)
}

// Regions are the hosts of each data centre one deployment serves (chosen
// by LEVER_ENV, docs/CONTRACT.md §1). A region missing from the map is not
// offered.
type Regions map[Region]Hosts

// Offered returns the regions of rs in AllRegions order.
func (rs Regions) Offered() []Region {
	var out []Region
	for _, r := range AllRegions {
		if _, ok := rs[r]; ok {
			out = append(out, r)
		}
	}
	return out
}

// AuthURLs returns every distinct OAuth server base of rs (for the
// Content-Security-Policy's form-action), in AllRegions order.
func (rs Regions) AuthURLs() []string {
	var out []string
	for _, r := range rs.Offered() {
		u := rs[r].AuthURL
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// RegionsFor returns the data centres of env, "production" or "sandbox"
// (docs/LEVER_API.md §0): production has the US and the EU data centre,
// whose OAuth server is shared (Lever routes EU accounts itself); Lever's
// hosted sandbox documents no EU host, so it offers the US one only. Any
// other env is an error.
func RegionsFor(env string) (Regions, error) {
	us, err := HostsFor(env)
	if err != nil {
		return nil, err
	}
	rs := Regions{RegionUS: us}
	if strings.EqualFold(strings.TrimSpace(env), "production") {
		rs[RegionEU] = Hosts{AuthURL: us.AuthURL, APIURL: "https://api.eu.lever.co/v1"}
	}
	return rs, nil
}

// WebHost returns the host of Lever's web app that belongs to a Data API
// base, for the screen: "hire.lever.co" for https://api.lever.co/v1,
// "hire.eu.lever.co" for the EU one (docs/LEVER_API.md §0); "" for a base
// that is not one of Lever's api.*lever.co hosts (a sandbox on our own host).
func WebHost(apiURL string) string {
	u, err := url.Parse(apiURL)
	if err != nil {
		return ""
	}
	if rest, ok := strings.CutPrefix(u.Hostname(), "api."); ok && (rest == "lever.co" || strings.HasSuffix(rest, ".lever.co")) {
		return "hire." + rest
	}
	return ""
}

// ForHosts returns a copy of cfg (client id, secret, redirect URL, scopes)
// whose authorize and token endpoints are those of hosts.AuthURL, as
// OAuthConfig builds them. A connection's refresh uses the OAuth server it
// was authorized at.
func ForHosts(cfg *oauth2.Config, hosts Hosts) *oauth2.Config {
	c := OAuthConfig(cfg.ClientID, cfg.ClientSecret, hosts, cfg.RedirectURL)
	c.Scopes = cfg.Scopes
	return c
}
