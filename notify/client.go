package notify

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"

	"github.com/intervue/lever-integration/models"
)

// PublicClient is the HTTP client for notification URLs, which an
// organization's admin types in: it connects only to public internet
// addresses (never loopback, private, link-local, CGNAT, unspecified or
// multicast ones, checked on the address actually dialled, after DNS, so a
// name that resolves inward is refused too) and follows no redirect (a 3xx
// is the answer, and an error). timeout bounds each request. Without this
// the app could be pointed at its own network (docs/security.md).
func PublicClient(timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: timeout, Control: func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("notification URL: address %q: %w", address, err)
		}
		if !models.IsPublicAddr(ap.Addr()) {
			return fmt.Errorf("notification URL: %s is not a public internet address", ap.Addr())
		}
		return nil
	}}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy, tr.DialContext = nil, d.DialContext
	return &http.Client{Timeout: timeout, Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error {
		return errors.New("notification URL: redirects are not followed")
	}}
}
