package sandbox

import (
	"slices"
	"sync"
	"testing"
	"time"
)

func TestTags(t *testing.T) {
	s, ts := setup(t, Options{})
	c := newClient(t, s, ts.URL, DemoAccountID, "opportunities:write:admin")
	ada := oppNamed(t, s, DemoAccountID, "Ada Lovelace")
	var got one[wireOpp]
	c.json("POST", "/v1/opportunities/"+ada.ID+"/addTags", map[string]any{"tags": []string{"intervue.io", "Backend", "backend", "intervue.io"}}, 200, &got)
	if want := []string{"Backend", "intervue.io", "backend"}; !slices.Equal(got.Data.Tags, want) {
		t.Errorf("tags %v, want %v", got.Data.Tags, want)
	}
	c.json("POST", "/v1/opportunities/"+ada.ID+"/removeTags", map[string]any{"tags": []string{"backend", "absent"}}, 200, &got)
	if want := []string{"Backend", "intervue.io"}; !slices.Equal(got.Data.Tags, want) {
		t.Errorf("tags %v, want %v", got.Data.Tags, want)
	}
	if o, _ := s.Opportunity(DemoAccountID, ada.ID); !slices.Equal(o.Tags, []string{"Backend", "intervue.io"}) {
		t.Errorf("snapshot tags %v", o.Tags)
	}
	c.json("POST", "/v1/opportunities/"+ada.ID+"/addTags", map[string]any{}, 400, nil)
	c.json("POST", "/v1/opportunities/"+ada.ID+"/addTags", "not json", 400, nil)
	c.json("POST", "/v1/opportunities/nope/addTags", map[string]any{"tags": []string{"x"}}, 404, nil)
}

func TestNotes(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)
	s, ts := setup(t, Options{DisableRateLimit: true, Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})
	c := newClient(t, s, ts.URL, DemoAccountID, "notes:write:admin")
	ada := oppNamed(t, s, DemoAccountID, "Ada Lovelace")
	riley := s.Users(DemoAccountID)[1].ID
	value := "Interview scheduled ✅\nDate: 3 März 2026, 14:00 Europe/Zürich\n<b>not html</b> & Ref IV-8F3K-scheduled"

	var created one[map[string]string]
	c.json("POST", "/v1/opportunities/"+ada.ID+"/notes?perform_as="+riley, map[string]any{"value": value, "score": 4}, 201, &created)
	noteID := created.Data["noteId"]
	if len(noteID) != 36 {
		t.Fatalf("noteId %q", noteID)
	}
	var listed list[noteJSON]
	c.json("GET", "/v1/opportunities/"+ada.ID+"/notes", nil, 200, &listed)
	if len(listed.Data) != 1 || listed.HasNext {
		t.Fatalf("notes %+v", listed)
	}
	n := listed.Data[0]
	f := n.Fields[0]
	if n.ID != noteID || n.Text != "Note" || f.Type != "note" || f.Text != "Comment" || f.Value != value ||
		f.Score == nil || *f.Score != 4 || f.Stage != "applicant-new" || n.User != riley || n.CreatedAt != now.UnixMilli() {
		t.Errorf("note %+v", n)
	}
	var single one[noteJSON]
	c.json("GET", "/v1/opportunities/"+ada.ID+"/notes/"+noteID, nil, 200, &single)
	if single.Data.Fields[0].Value != value {
		t.Errorf("single note %+v", single.Data)
	}
	snap, _ := s.Opportunity(DemoAccountID, ada.ID)
	if len(snap.Notes) != 1 || snap.Notes[0].Value != value || snap.UpdatedAt != now.UnixMilli() {
		t.Errorf("snapshot notes %+v", snap.Notes)
	}

	// A comment on the thread, then a replace and a delete (API notes only).
	c.json("POST", "/v1/opportunities/"+ada.ID+"/notes?note_id="+noteID, map[string]any{"value": "follow-up"}, 201, &created)
	if created.Data["noteId"] != noteID {
		t.Errorf("comment answered noteId %q", created.Data["noteId"])
	}
	c.json("PUT", "/v1/opportunities/"+ada.ID+"/notes/"+noteID, map[string]any{"values": []map[string]any{{"value": "replaced"}}}, 200, nil)
	snap, _ = s.Opportunity(DemoAccountID, ada.ID)
	if len(snap.Notes[0].Fields) != 1 || snap.Notes[0].Value != "replaced" {
		t.Errorf("after PUT %+v", snap.Notes[0])
	}
	c.json("DELETE", "/v1/opportunities/"+ada.ID+"/notes/"+noteID, nil, 204, nil)
	c.json("GET", "/v1/opportunities/"+ada.ID+"/notes/"+noteID, nil, 404, nil)

	jose := oppNamed(t, s, DemoAccountID, "José Müller-Ørsted")
	c.json("DELETE", "/v1/opportunities/"+jose.ID+"/notes/"+jose.Notes[0].ID, nil, 403, nil)

	bad := []struct {
		name string
		path string
		body any
	}{
		{"MissingValue", "", map[string]any{"secret": true}},
		{"EmptyValue", "", map[string]any{"value": ""}},
		{"NumberValue", "", map[string]any{"value": 5}},
		{"Score5", "", map[string]any{"value": "x", "score": 5}},
		{"FutureCreatedAt", "", map[string]any{"value": "x", "createdAt": now.Add(time.Hour).UnixMilli()}},
		{"UnknownPerformAs", "?perform_as=nobody", map[string]any{"value": "x"}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			var e apiErr
			c.json("POST", "/v1/opportunities/"+ada.ID+"/notes"+tt.path, tt.body, 400, &e)
			if e.Code != "BadRequestError" {
				t.Errorf("%+v", e)
			}
		})
	}
	c.json("POST", "/v1/opportunities/"+ada.ID+"/notes", map[string]any{"value": "backdated", "createdAt": now.Add(-time.Hour).UnixMilli()}, 201, nil)
	snap, _ = s.Opportunity(DemoAccountID, ada.ID)
	if got := snap.Notes[len(snap.Notes)-1]; got.CreatedAt != now.Add(-time.Hour).UnixMilli() || got.User != "" {
		t.Errorf("backdated note %+v", got)
	}
}
