package handlers

import (
	"errors"
	"net/http"

	"golang.org/x/oauth2"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/sandbox"
	"github.com/intervue/lever-integration/views"
)

// errRegionNotOffered is a data centre this deployment does not serve.
var errRegionNotOffered = errors.New("this Lever data centre is not offered here")

// connectRegion is the Lever data centre a connect flow starts for: the
// form's or query's region (the Begin setup choice), else the connection's
// own (Reconnect keeps it), else the US one. A region that is unknown or
// not among h.regions is errRegionNotOffered.
func (h *Handler) connectRegion(r *http.Request) (lever.Region, lever.Hosts, error) {
	v := r.FormValue("region")
	if v == "" {
		if c, err := h.store.Connection(r.Context(), orgIDFrom(r.Context())); err == nil && c.Region != "" {
			v = c.Region
		} else {
			v = string(lever.RegionUS)
		}
	}
	region, ok := lever.ParseRegion(v)
	if !ok {
		return "", lever.Hosts{}, errRegionNotOffered
	}
	hosts, ok := h.regions[region]
	if !ok {
		return "", lever.Hosts{}, errRegionNotOffered
	}
	return region, hosts, nil
}

// oauthAt returns the OAuth app config whose authorize and token endpoints
// are those of hosts (the chosen data centre's OAuth server).
func (h *Handler) oauthAt(hosts lever.Hosts) *oauth2.Config { return lever.ForHosts(h.oauth, hosts) }

// regionOptions are the data centres the Begin setup modal offers, with
// selected checked (the connection's own, else the first offered).
func (h *Handler) regionOptions(selected string) []views.RegionOption {
	var out []views.RegionOption
	offered := h.regions.Offered()
	if _, ok := h.regions[lever.Region(selected)]; !ok && len(offered) > 0 {
		selected = string(offered[0])
	}
	for _, r := range offered {
		out = append(out, views.RegionOption{Value: string(r), Label: r.Label(), Host: lever.WebHost(h.regions[r].APIURL), Checked: string(r) == selected})
	}
	return out
}

// regionOption is how the connection card names the data centre of a
// connection stored as region with Data API base apiURL.
func regionOption(region, apiURL string) views.RegionOption {
	r, ok := lever.ParseRegion(region)
	if !ok {
		r = lever.RegionUS
	}
	o := views.RegionOption{Value: string(r), Label: r.Label(), Checked: true}
	if apiURL != "" {
		o.Host = lever.WebHost(apiURL)
	}
	return o
}

// sandboxPipelineURL is the built-in sandbox's pipeline page of the data
// centre region (the EU one under sandbox.EUPath).
func sandboxPipelineURL(region string) string {
	if region == string(lever.RegionEU) {
		return "/sandbox/lever" + sandbox.EUPath + "/pipeline"
	}
	return "/sandbox/lever/pipeline"
}
