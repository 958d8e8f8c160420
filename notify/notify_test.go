package notify

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/intervue/lever-integration/internal/testdb"
	"github.com/intervue/lever-integration/models"
)

// receiver is a local incoming webhook (TLS) that records each message.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	msgs     []Message
	status   int
	dialling *http.Client // client(): dials the receiver whatever the URL's name
}

func newReceiver(t *testing.T) *receiver {
	rc := &receiver{status: http.StatusOK}
	rc.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m Message
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" || json.Unmarshal(b, &m) != nil || m.Text == "" {
			t.Errorf("bad message: %s %s %q", r.Method, r.Header.Get("Content-Type"), b)
		}
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.msgs = append(rc.msgs, m)
		w.WriteHeader(rc.status)
	}))
	t.Cleanup(rc.Close)
	return rc
}

// publicURL is the receiver's URL under a public-looking name
// (example.com, which its certificate names): an organization's URL must
// not name this machine. client dials the receiver whatever the name.
func (rc *receiver) publicURL() string {
	return "https://example.com:" + rc.URL[strings.LastIndexByte(rc.URL, ':')+1:]
}

func (rc *receiver) client() *http.Client {
	rc.mu.Lock() // several notifiers are made at once
	defer rc.mu.Unlock()
	if rc.dialling == nil {
		tr := rc.Client().Transport.(*http.Transport).Clone()
		addr := rc.Listener.Addr().String()
		tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		}
		rc.dialling = &http.Client{Transport: tr, Timeout: 10 * time.Second}
	}
	return rc.dialling
}

func (rc *receiver) messages() []Message {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]Message(nil), rc.msgs...)
}

// failDelivery stores a failed delivery of opp arising at `at`: one Needs
// attention item.
func failDelivery(t *testing.T, store *models.Store, orgID, opp string, at time.Time) {
	t.Helper()
	d := models.WebhookDelivery{ID: models.RandomToken(8), OrgID: orgID, ConnectionID: models.RandomToken(8), Token: models.RandomToken(8), Event: "candidateStageChange",
		TriggeredAt: at.UnixMilli(), OpportunityID: opp, Status: models.DeliveryFailed, Reason: "forced by the test", ReceivedAt: at}
	if err := store.Gorm().Create(&d).Error; err != nil {
		t.Fatal(err)
	}
}

// TestNotifier checks the batched notification: two processes running at
// once send one message; new items within the interval wait for the next
// one, which names only them; a failing receiver is recorded and its items
// are announced again; https is required.
func TestNotifier(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sealer, _ := models.NewSealer([]byte(strings.Repeat("k", 32)))
	store := models.NewStore(testdb.Open(t), sealer)
	org, err := store.CreateOrganization(ctx, models.NewOrgInput{Name: "Acme <Hiring>", Email: "owner@acme.test", Password: "password-123"})
	if err != nil {
		t.Fatal(err)
	}
	orgID := org.Org.ID
	rc := newReceiver(t)
	if err := store.SetAttentionNotifyURL(ctx, orgID, "http://hooks.example.test/x"); err == nil {
		t.Fatal("an http:// URL was accepted")
	}
	failDelivery(t, store, orgID, "opp-before", time.Now().UTC().Add(-time.Minute)) // arose before notifications were set: not announced
	if err := store.SetAttentionNotifyURL(ctx, orgID, rc.URL+"/services/T1/B2/secret"); err == nil {
		t.Fatal("a URL on this machine was accepted")
	}
	if err := store.SetAttentionNotifyURL(ctx, orgID, rc.publicURL()+"/services/T1/B2/secret"); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Add(time.Second)
	clock := func() time.Time { return now }
	newN := func() *Notifier {
		return &Notifier{Store: store, HTTPClient: rc.client(), PublicURL: "https://app.example.test", Interval: 10 * time.Minute, Now: clock}
	}
	if err := newN().Run(ctx); err != nil || len(rc.messages()) != 0 {
		t.Fatalf("nothing new: err %v, %d messages", err, len(rc.messages()))
	}

	failDelivery(t, store, orgID, "opp-1", now)
	failDelivery(t, store, orgID, "opp-2", now)
	var wg sync.WaitGroup
	for range 4 { // four processes at once
		wg.Add(1)
		go func() { defer wg.Done(); newN().Run(ctx) }()
	}
	wg.Wait()
	msgs := rc.messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages from four processes, want 1", len(msgs))
	}
	text := msgs[0].Text
	for _, want := range []string{"2 new candidates need attention in Acme &lt;Hiring&gt;.", "Lever opportunity opp-1", "Lever opportunity opp-2", "<https://app.example.test/attention|Open Needs attention>"} {
		if !strings.Contains(text, want) {
			t.Errorf("message lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "opp-before") {
		t.Errorf("an item older than the setting was announced:\n%s", text)
	}

	// A new item five minutes later waits for the interval.
	now = now.Add(5 * time.Minute)
	failDelivery(t, store, orgID, "opp-3", now)
	newN().Run(ctx)
	if n := len(rc.messages()); n != 1 {
		t.Fatalf("%d messages within the interval, want 1", n)
	}
	now = now.Add(5 * time.Minute)
	newN().Run(ctx)
	msgs = rc.messages()
	if len(msgs) != 2 || !strings.Contains(msgs[1].Text, "1 new candidate needs attention") || !strings.Contains(msgs[1].Text, "opp-3") || strings.Contains(msgs[1].Text, "opp-1") {
		t.Fatalf("second message: %+v", msgs)
	}

	// The receiver fails: the error is kept and the item is announced again.
	rc.mu.Lock()
	rc.status = http.StatusNotFound
	rc.mu.Unlock()
	now = now.Add(11 * time.Minute)
	failDelivery(t, store, orgID, "opp-4", now)
	newN().Run(ctx)
	st, _ := store.AttentionNotifySettings(ctx, orgID)
	if !strings.Contains(st.LastError, "HTTP 404") {
		t.Errorf("last error = %q", st.LastError)
	}
	rc.mu.Lock()
	rc.status = http.StatusOK
	rc.mu.Unlock()
	now = now.Add(11 * time.Minute)
	newN().Run(ctx)
	msgs = rc.messages()
	if len(msgs) != 4 || !strings.Contains(msgs[3].Text, "opp-4") {
		t.Fatalf("after the failure: %d messages, last %q", len(msgs), msgs[len(msgs)-1].Text)
	}
	if st, _ := store.AttentionNotifySettings(ctx, orgID); st.LastError != "" {
		t.Errorf("error kept after a success: %q", st.LastError)
	}
}
