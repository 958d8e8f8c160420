package sandbox

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/intervue/lever-integration/lever"
)

// TestPipelineArchiveAndDelete: a person archives, unarchives and deletes
// a candidate on the pipeline page; each sends its own event's signed
// webhook (candidateArchiveChange with fromArchived/toArchived,
// candidateDeleted), only to webhooks of that event, and GET answers 404
// after the deletion.
func TestPipelineArchiveAndDelete(t *testing.T) {
	s, _, base := setupMounted(t, Options{})
	stage, archive, deleted := newReceiver(t), newReceiver(t), newReceiver(t)
	c := newClient(t, s, base, DemoAccountID, "webhooks:write:admin", "opportunities:read:admin")
	registerWebhook(t, c, stage.URL)
	for rc, ev := range map[*receiver]string{archive: lever.EventCandidateArchiveChange, deleted: lever.EventCandidateDeleted} {
		c.json("POST", "/v1/webhooks", map[string]any{"url": rc.URL, "event": ev}, 201, nil)
	}
	ada := oppNamed(t, s, DemoAccountID, "Ada Lovelace")
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(path string, form url.Values) {
		t.Helper()
		form.Set("account", DemoAccountID)
		form.Set("opportunity", ada.ID)
		resp, err := noRedirect.PostForm(base+path, form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s answered %d", path, resp.StatusCode)
		}
		waitDeliveries(t, s)
	}
	post("/pipeline/archive", url.Values{"archive": {"1"}})
	if o, _ := s.Opportunity(DemoAccountID, ada.ID); o.Archived == nil || o.Archived.Reason == "" {
		t.Fatalf("after archive: %+v", o.Archived)
	}
	post("/pipeline/archive", url.Values{"archive": {""}})
	if o, _ := s.Opportunity(DemoAccountID, ada.ID); o.Archived != nil {
		t.Fatalf("after unarchive: %+v", o.Archived)
	}
	_, bodies := archive.deliveries()
	if len(bodies) != 2 {
		t.Fatalf("%d archive deliveries, want 2", len(bodies))
	}
	var d struct {
		Event string
		Data  lever.ArchiveChange
	}
	json.Unmarshal(bodies[0], &d)
	if d.Event != lever.EventCandidateArchiveChange || d.Data.OpportunityID != ada.ID || d.Data.ToArchived == nil || d.Data.FromArchived != nil {
		t.Errorf("archive delivery = %s", bodies[0])
	}
	json.Unmarshal(bodies[1], &d)
	if d.Data.ToArchived != nil || d.Data.FromArchived == nil {
		t.Errorf("unarchive delivery = %s", bodies[1])
	}
	post("/pipeline/delete", url.Values{})
	if _, ok := s.Opportunity(DemoAccountID, ada.ID); ok {
		t.Error("the deleted candidate is still there")
	}
	if _, bodies := deleted.deliveries(); len(bodies) != 1 {
		t.Errorf("%d deletion deliveries, want 1", len(bodies))
	}
	if got, _ := stage.deliveries(); len(got) != 0 {
		t.Errorf("the stage-change webhook got %d deliveries of other events", len(got))
	}
	c.json("GET", "/v1/opportunities/"+ada.ID, nil, 404, nil)
}
