package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/intervue/lever-integration/lever"
	"github.com/intervue/lever-integration/leversync"
	"github.com/intervue/lever-integration/models"
	"github.com/intervue/lever-integration/views"
)

// forbiddenError says which role an action needs.
type forbiddenError struct {
	min int
	msg string // when set, said instead of the role's sentence
}

// roleStaff marks actions only platform support staff may take.
const roleStaff = roleSuperAdmin + 1

func (e forbiddenError) Error() string {
	if e.msg != "" {
		return e.msg
	}
	switch e.min {
	case roleStaff:
		return "Only Intervue.io support staff can do this."
	case roleSuperAdmin:
		return "Only an organization super admin can do this."
	case roleAdmin:
		return "Only an organization admin can do this."
	}
	return "You do not have access to this page."
}

func errForbidden(min int) error { return forbiddenError{min: min} }

// errKeySuperAdmin refuses an API key a change to who is super admin: a key
// acts as an admin (docs/security.md), and a super admin it could create
// would set the webhook signature token that keys may not.
var errKeySuperAdmin = forbiddenError{min: roleSuperAdmin, msg: "API keys cannot invite a super admin, or grant, change or remove the super admin role: a super admin does it on the Users page."}

// appError is our one error vocabulary (docs/DESIGN.md §6.4): the HTTP
// status, the API's code and a message safe to show. Pages, the JSON API and
// the Lever screen's flashes all take theirs from classify.
type appError struct {
	Status  int
	Code    string
	Message string
	Fields  map[string]string // a validation error's fields
}

// classify maps an error to the vocabulary: our own errors by kind, Lever's
// answers by what they mean for the caller (Lever unavailable is 502 or
// 503, naming Lever's status), anything else a generic 500.
func classify(err error) appError {
	var verr *models.ValidationError
	var ferr forbiddenError
	var serr *leversync.StateError
	var aerr *lever.APIError
	var terr *lever.TransportError
	var shape *lever.ShapeError
	switch {
	case errors.As(err, &ferr):
		return appError{http.StatusForbidden, "forbidden", ferr.Error(), nil}
	case errors.As(err, &serr):
		return appError{http.StatusConflict, "invalid_state", serr.Msg, nil}
	case errors.Is(err, models.ErrNotFound):
		return appError{http.StatusNotFound, "not_found", "Not found.", nil}
	case errors.As(err, &verr):
		return appError{http.StatusUnprocessableEntity, "validation_failed", verr.Error(), verr.Fields}
	case errors.Is(err, models.ErrEmailTaken):
		return appError{http.StatusConflict, "email_taken", "This email already has an account (emails are unique across organizations).", nil}
	case errors.Is(err, models.ErrLastSuperAdmin):
		return appError{http.StatusConflict, "last_super_admin", "This is the organization's last active super admin: make someone else super admin first.", nil}
	case errors.Is(err, models.ErrConflict):
		return appError{http.StatusConflict, "conflict", "This conflicts with the current state; reload and try again.", nil}
	case errors.Is(err, leversync.ErrNeedsReauth):
		return appError{http.StatusConflict, "lever_needs_reauth", "Lever access needs to be re-authorized: use Reconnect on the Lever screen.", nil}
	case errors.Is(err, leversync.ErrDisconnected):
		return appError{http.StatusConflict, "lever_not_connected", "Lever is not connected: use Begin setup on the Lever screen.", nil}
	case errors.As(err, &aerr) && aerr.Status == http.StatusTooManyRequests:
		return appError{http.StatusServiceUnavailable, "lever_rate_limited", "Lever asked us to slow down (it answered 429). Try again in a minute.", nil}
	case errors.As(err, &aerr) && aerr.Status >= 500:
		return appError{http.StatusBadGateway, "lever_unavailable", fmt.Sprintf("Lever had a problem on its side (it answered %d). Try again in a minute; each call is in the sync log.", aerr.Status), nil}
	case errors.As(err, &aerr):
		return appError{http.StatusBadGateway, "lever_refused", fmt.Sprintf("Lever did not accept the request (it answered %d): %s", aerr.Status, leverAnswerWords(aerr.Status)), nil}
	case errors.As(err, &terr):
		return appError{http.StatusServiceUnavailable, "lever_unreachable", "Lever could not be reached. Try again in a minute; each call is in the sync log.", nil}
	case errors.As(err, &shape):
		return appError{http.StatusBadGateway, "lever_bad_answer", fmt.Sprintf("Lever answered %d with something that is not a Lever answer. Try again in a minute; each call is in the sync log.", shape.Status), nil}
	}
	return appError{http.StatusInternalServerError, "internal_error", "Something went wrong on our side. It has been logged; please try again.", nil}
}

// errorStatus is classify's status and message.
func errorStatus(err error) (int, string) {
	e := classify(err)
	return e.Status, e.Message
}

// renderError renders an HTML error page; only 5xx are logged.
func (h *Handler) renderError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := errorStatus(err)
	if status >= 500 {
		h.log.Error("request failed", "err", err, "method", r.Method, "path", redactPath(r.URL.Path))
	}
	if r.Header.Get("HX-Request") != "" {
		// htmx does not swap error responses by default: show them in place.
		w.Header().Set("HX-Retarget", "#errors")
		w.Header().Set("HX-Reswap", "innerHTML")
		w.WriteHeader(http.StatusOK)
		views.InlineError(msg).Render(r.Context(), w)
		return
	}
	v := errorView(status, msg, err)
	h.renderErrorView(w, r, v)
}

// renderErrorView writes an error page at v.Status.
func (h *Handler) renderErrorView(w http.ResponseWriter, r *http.Request, v views.ErrorView) {
	w.WriteHeader(v.Status)
	views.ErrorPage(h.chrome(w, r, v.Title, ""), v).Render(r.Context(), w)
}

// errorView is the page for an error: a title in words for the status,
// the safe message (a validation error's field messages, without field
// names) and where to go next.
func errorView(status int, msg string, err error) views.ErrorView {
	v := views.ErrorView{Status: status, Message: msg}
	var verr *models.ValidationError
	if errors.As(err, &verr) {
		v.Message = fieldMessages(verr)
	}
	switch status {
	case http.StatusNotFound:
		v.Title = "We could not find that"
		v.Message = "The page or item does not exist, or it belongs to another organization. Check the link, or start again from the menu."
	case http.StatusForbidden:
		v.Title = "You do not have access to this"
	case http.StatusUnprocessableEntity:
		v.Title = "Please check what you entered"
	case http.StatusConflict:
		v.Title = "This cannot be done right now"
		v.Fix, v.FixURL = "Open the Lever screen", "/integrations/lever"
	case http.StatusBadGateway, http.StatusServiceUnavailable:
		v.Title = "Lever is not answering right now"
		v.Fix, v.FixURL = "Open the Lever screen", "/integrations/lever"
	default:
		v.Title = "Something went wrong"
	}
	return v
}

// fieldMessages joins a validation error's messages as sentences.
func fieldMessages(verr *models.ValidationError) string {
	msgs := make([]string, 0, len(verr.Fields))
	for _, m := range verr.Fields {
		m = strings.TrimSpace(m)
		if m == "" {
			continue
		}
		m = strings.ToUpper(m[:1]) + m[1:]
		if !strings.HasSuffix(m, ".") {
			m += "."
		}
		msgs = append(msgs, m)
	}
	sort.Strings(msgs)
	return strings.Join(msgs, " ")
}

// notFound is the app's catch-all route (mux is the app's router): a path
// that exists with other methods answers 405 with Allow, as http.ServeMux
// does; any other path the friendly "not found" page at 404, with the nav
// when someone is logged in and a link back to the app.
func (h *Handler) notFound(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if allow := allowedMethods(mux, r, "/"); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			http.Error(w, "This address does not take "+r.Method+" requests.", http.StatusMethodNotAllowed)
			return
		}
		lr, err := h.withSessionUser(w, r)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		if lr == nil {
			lr = r
		} else {
			w.Header().Set("Cache-Control", "no-store")
		}
		v := errorView(http.StatusNotFound, "", models.ErrNotFound)
		v.Title = "There is no page here"
		v.Message = "Nothing lives at this address: the link may be mistyped or out of date. Start again from the menu, or go back to the app."
		h.renderErrorView(w, lr, v)
	})
}

// crossOriginRefused answers a state-changing request that the browser says
// another site sent (http.CrossOriginProtection: Sec-Fetch-Site, else an
// Origin that is neither this host nor PUBLIC_URL): 403, nothing changed.
// The JSON API and webhook paths answer the error envelope with code
// "cross_origin"; pages answer the error page.
func (h *Handler) crossOriginRefused(w http.ResponseWriter, r *http.Request) {
	const why = "this request came from another website, so it was refused and nothing was changed"
	if strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/webhooks/") {
		h.apiError(w, r, http.StatusForbidden, "cross_origin", why)
		return
	}
	v := errorView(http.StatusForbidden, "", nil)
	v.Title = "Refused: sent from another website"
	v.Message = "This request came from another website, so it was refused and nothing was changed. To make the change, open the app from its own address and use its buttons."
	h.renderErrorView(w, r, v)
}
