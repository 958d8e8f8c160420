package sandbox

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/intervue/lever-integration/lever"
)

func TestPipelinePage(t *testing.T) {
	s, _, base := setupMounted(t, Options{})
	rc := newReceiver(t, 503)
	c := newClient(t, s, base, DemoAccountID, "webhooks:write:admin")
	hookID, _ := registerWebhook(t, c, rc.URL)

	get := func(u string) string {
		t.Helper()
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", u, resp.StatusCode)
		}
		return string(b)
	}
	page := get(base + "/pipeline")
	eve := oppNamed(t, s, DemoAccountID, `Eve <script>alert("x")</script> Mallory`)
	for _, want := range []string{`data-testid="candidate-` + eve.ID + `"`, `data-testid="move-` + eve.ID + `"`, `data-testid="notes-` + eve.ID + `"`,
		`data-testid="tags-` + eve.ID + `"`, `data-testid="webhook-` + hookID + `"`, "Eve &lt;script&gt;", "&lt;b&gt;Backend&lt;/b&gt; Engineer &amp;",
		"Ingénieur Données — Zürich", `action="/sandbox/lever/pipeline/move"`, "Intervue - To be Scheduled", "Great call — strong Go background.",
		"enabled in Lever settings: ON"} {
		if !strings.Contains(page, want) {
			t.Errorf("pipeline page lacks %q", want)
		}
	}
	for _, bad := range []string{"<script>alert", "<b>Backend</b>", "<img src=x", "<i>html</i>"} {
		if strings.Contains(page, bad) {
			t.Errorf("pipeline page has unescaped %q", bad)
		}
	}

	ada := oppNamed(t, s, DemoAccountID, "Ada Lovelace")
	tbs := stageID(t, s, DemoAccountID, "Intervue - To be Scheduled")
	resp, err := noRedirect.PostForm(base+"/pipeline/move", url.Values{"account": {DemoAccountID}, "opportunity": {ada.ID}, "stage": {tbs}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/sandbox/lever/pipeline?account="+DemoAccountID) {
		t.Fatalf("move answered %d %q", resp.StatusCode, loc)
	}
	u, _ := url.Parse(loc)
	if flash := u.Query().Get("flash"); !strings.Contains(flash, "Moved Ada Lovelace to Intervue - To be Scheduled") || !strings.Contains(flash, "HTTP 503") {
		t.Errorf("flash %q", flash)
	}
	if snap, _ := s.Opportunity(DemoAccountID, ada.ID); snap.Stage != tbs {
		t.Errorf("stage %s", snap.Stage)
	}
	page = get(base + loc[len("/sandbox/lever"):])
	if !strings.Contains(page, `data-testid="flash"`) {
		t.Error("no flash on the page")
	}
	waitDeliveries(t, s)

	resp, err = noRedirect.PostForm(base+"/pipeline/webhooks-enabled", url.Values{"account": {DemoAccountID}, "enabled": {"off"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if page = get(base + "/pipeline?account=" + DemoAccountID); !strings.Contains(page, "enabled in Lever settings: OFF") {
		t.Error("switch not shown as off")
	}
	resp, _ = noRedirect.PostForm(base+"/pipeline/move", url.Values{"account": {DemoAccountID}, "opportunity": {ada.ID}, "stage": {"offer"}})
	resp.Body.Close()
	if u, _ := url.Parse(resp.Header.Get("Location")); !strings.Contains(u.Query().Get("flash"), "switched off") {
		t.Errorf("flash %q", u.Query().Get("flash"))
	}

	// urls.show leads to the candidate on the pipeline page.
	resp, err = noRedirect.Get(base + "/candidates/" + ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 302 || !strings.Contains(resp.Header.Get("Location"), "#candidate-"+ada.ID) {
		t.Errorf("candidate link %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}

	resp, _ = http.Get(base + "/pipeline?account=nope")
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("unknown account: %d", resp.StatusCode)
	}
}

func TestPipelineSettingsWebhook(t *testing.T) {
	s, ts := setup(t, Options{})
	rc := newReceiver(t)
	resp, err := noRedirect.PostForm(ts.URL+"/pipeline/webhooks", url.Values{"account": {DemoAccountID}, "url": {rc.URL + "/hook"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	hooks := s.Webhooks(DemoAccountID)
	if len(hooks) != 1 || hooks[0].ViaAPI || hooks[0].Event != "candidateStageChange" || len(hooks[0].SignatureToken) != 48 {
		t.Fatalf("hooks %+v", hooks)
	}
	resp, _ = noRedirect.PostForm(ts.URL+"/pipeline/webhooks/test", url.Values{"account": {DemoAccountID}, "webhook": {hooks[0].ID}})
	resp.Body.Close()
	waitDeliveries(t, s)
	_, bodies := rc.deliveries()
	if len(bodies) != 1 {
		t.Fatalf("%d test deliveries", len(bodies))
	}
	d, err := lever.ParseDelivery(bodies[0])
	if err != nil || !d.Verify(hooks[0].SignatureToken) {
		t.Fatalf("test delivery %s: %v", bodies[0], err)
	}
	if sc, err := d.StageChange(); sc != nil || err != nil {
		t.Errorf("test delivery data: %v %v", sc, err)
	}
	// A settings webhook can't be deleted through the API.
	c := newClient(t, s, ts.URL, DemoAccountID, "webhooks:write:admin")
	c.json("DELETE", "/v1/webhooks/"+hooks[0].ID, nil, 403, nil)

	resp, _ = noRedirect.PostForm(ts.URL+"/pipeline/candidates", url.Values{"account": {DemoAccountID}, "name": {"New <Person>"}, "email": {"np@example.com"}})
	resp.Body.Close()
	o := oppNamed(t, s, DemoAccountID, "New <Person>")
	if o.Stage != "lead-new" || len(o.Applications) != 0 {
		t.Errorf("added %+v", o)
	}
}
