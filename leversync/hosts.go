package leversync

import (
	"golang.org/x/oauth2"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/models"
)

// hosts returns the Lever hosts of connection c: the Data API base and OAuth
// server stored with its grant (its data centre, docs/LEVER_API.md §0). A
// connection that stored none (made before migration 24, or by a test
// without hosts) uses Config.APIURL and Config.OAuth's server: the
// deployment's US data centre.
func (e *Engine) hosts(c *models.LeverConnection) lever.Hosts {
	h := lever.Hosts{APIURL: c.LeverAPIURL, AuthURL: c.LeverAuthURL}
	if h.APIURL == "" {
		h.APIURL = e.cfg.APIURL
	}
	return h
}

// oauthFor returns the OAuth app config whose token endpoint refreshes c's
// grant: Config.OAuth with the connection's own OAuth server when it stored
// one.
func (e *Engine) oauthFor(c *models.LeverConnection) *oauth2.Config {
	if c.LeverAuthURL == "" {
		return e.cfg.OAuth
	}
	return lever.ForHosts(e.cfg.OAuth, lever.Hosts{AuthURL: c.LeverAuthURL})
}
