package lever

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"testing"
)

// opportunityJSON follows the documented shape (docs/LEVER_API.md §4.1) with extra fields we ignore.
const opportunityJSON = `{
  "id": "250d8f03-738a-4bba-a671-8a3d73477145", "name": "Shane Smith", "headline": "Brickly LLC",
  "contact": "7f23e772-f2cf-4a8a-b5e7-f4a9d3b2b4f0", "emails": ["shane@example.com"],
  "phones": [{"type": "mobile", "value": "555"}], "location": "Oakland",
  "confidentiality": "non-confidential", "stage": "lead-new", "origin": "sourced",
  "stageChanges": [{"toStageId": "lead-new", "toStageIndex": 0, "userId": "u1", "updatedAt": 1407460071043}],
  "archived": {"reason": "63dd55b2-a99f-4e7b-985f-22c7bf80ab42", "archivedAt": 1417588008439},
  "tags": ["Intervue"], "sources": ["Job site"], "isAnonymized": false,
  "applications": %s,
  "createdAt": 1407460071043, "updatedAt": null, "lastInteractionAt": 1417588008439,
  "urls": {"list": "https://hire.lever.co/candidates", "show": "https://hire.lever.co/candidates/250d8f03"},
  "dataProtection": null, "resume": null, "someFutureField": {"x": 1}
}`

func TestOpportunityDecoding(t *testing.T) {
	tests := []struct {
		name string
		apps string
		want []Application
	}{
		{"Expanded", `[{"id":"a1","opportunityId":"o1","candidateId":"o1","posting":"p1","type":"posting","createdAt":1407460071043,"customQuestions":[]}]`,
			[]Application{{ID: "a1", OpportunityID: "o1", Posting: "p1", Type: "posting", CreatedAt: 1407460071043}}},
		{"IDsOnly", `["a1"]`, []Application{{ID: "a1"}}},
		{"PostingExpanded", `[{"id":"a1","posting":{"id":"p9","text":"Engineer"}}]`, []Application{{ID: "a1", Posting: "p9"}}},
		{"None", `[]`, []Application{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setupFake(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.EscapedPath() != "/opportunities/o%2F1" {
					t.Errorf("path = %s", r.URL.EscapedPath())
				}
				if r.URL.Query().Get("expand") != "applications" {
					t.Errorf("expand = %q", r.URL.Query().Get("expand"))
				}
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, `{"data":`+fmt.Sprintf(opportunityJSON, tt.apps)+`}`)
			}, Options{})
			o, err := f.client.Opportunity(context.Background(), "o/1")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(o.Applications, tt.want) {
				t.Errorf("Applications = %+v, want %+v", o.Applications, tt.want)
			}
			if o.Stage != "lead-new" || o.UpdatedAt != 0 || o.CreatedAt != 1407460071043 || o.Archived == nil ||
				o.Archived.ArchivedAt != 1417588008439 || o.URLs.Show != "https://hire.lever.co/candidates/250d8f03" ||
				len(o.StageChanges) != 1 || o.StageChanges[0].UserID != "u1" || o.Tags[0] != "Intervue" || o.Emails[0] != "shane@example.com" {
				t.Errorf("Opportunity = %+v", o)
			}
			wantPosting := ""
			if len(tt.want) > 0 {
				wantPosting = tt.want[0].Posting
			}
			if o.PostingID() != wantPosting {
				t.Errorf("PostingID = %q", o.PostingID())
			}
		})
	}
}

func TestOpportunitiesQuery(t *testing.T) {
	tests := []struct {
		name string
		f    OpportunityFilter
		want map[string]string
	}{
		{"Defaults", OpportunityFilter{}, map[string]string{"confidentiality": "all", "expand": "applications", "limit": "100", "stage_id": "", "updated_at_start": ""}},
		{"Filtered", OpportunityFilter{StageID: "s1", UpdatedAtStart: 1700000000000, Confidentiality: "non-confidential", Tag: "Intervue"},
			map[string]string{"confidentiality": "non-confidential", "stage_id": "s1", "updated_at_start": "1700000000000", "tag": "Intervue"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setupFake(t, func(w http.ResponseWriter, r *http.Request) {
				q := r.URL.Query()
				for k, v := range tt.want {
					if q.Get(k) != v {
						t.Errorf("%s = %q, want %q", k, q.Get(k), v)
					}
				}
				writeJSON(w, 200, map[string]any{"data": []map[string]any{{"id": "o1", "applications": []string{"a1"}}}, "hasNext": false})
			}, Options{})
			got, err := f.client.Opportunities(context.Background(), tt.f)
			if err != nil || len(got) != 1 || got[0].Applications[0].ID != "a1" {
				t.Fatalf("Opportunities = %+v, %v", got, err)
			}
		})
	}
}

func TestWriteBodies(t *testing.T) {
	tests := []struct {
		name, method, path, body string
		call                     func(*Client) error
	}{
		{"MoveStage", "PUT", "/opportunities/o1/stage", `{"stage":"s-scheduled"}`, func(c *Client) error { return c.MoveStage(context.Background(), "o1", "s-scheduled") }},
		{"AddTags", "POST", "/opportunities/o1/addTags", `{"tags":["Intervue","IV: scheduled"]}`, func(c *Client) error { return c.AddTags(context.Background(), "o1", "Intervue", "IV: scheduled") }},
		{"AddNote", "POST", "/opportunities/o1/notes", `{"value":"Line 1\nRef IV-8F3K"}`, func(c *Client) error {
			_, err := c.AddNote(context.Background(), "o1", "Line 1\nRef IV-8F3K")
			return err
		}},
		{"CreateWebhook", "POST", "/webhooks", `{"url":"https://app.example/hooks/lever/c1","event":"candidateStageChange"}`, func(c *Client) error {
			_, err := c.CreateWebhook(context.Background(), "https://app.example/hooks/lever/c1", "candidateStageChange")
			return err
		}},
		{"DeleteWebhook", "DELETE", "/webhooks/w1", ``, func(c *Client) error { return c.DeleteWebhook(context.Background(), "w1") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setupFake(t, func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				if r.Method != tt.method || r.URL.Path != tt.path || string(b) != tt.body {
					t.Errorf("got %s %s %s", r.Method, r.URL.Path, b)
				}
				if r.Method == "DELETE" {
					w.WriteHeader(204)
					return
				}
				writeJSON(w, 201, map[string]any{"data": map[string]any{"id": "x", "noteId": "n"}})
			}, Options{})
			if err := tt.call(f.client); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestAddNoteID(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"NoteID", `{"data":{"noteId":"n-1"}}`, "n-1"},
		{"IDFallback", `{"data":{"id":"n-2","text":"Note"}}`, "n-2"},
		{"Both", `{"data":{"noteId":"n-3","id":"other"}}`, "n-3"},
		{"Neither", `{"data":{}}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setupFake(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(201)
				io.WriteString(w, tt.body)
			}, Options{})
			got, err := f.client.AddNote(context.Background(), "o1", "v")
			if err != nil || got != tt.want {
				t.Fatalf("AddNote = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestNotes(t *testing.T) {
	f := setupFake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/opportunities/o1/notes" {
			t.Errorf("path = %s", r.URL.Path)
		}
		if r.URL.Query().Get("offset") == "" {
			io.WriteString(w, `{"data":[{"id":"n1","text":"Note","fields":[{"type":"note","text":"Comment","value":"Scheduled for Mon\nRef IV-8F3K-scheduled","createdAt":1700000000000,"user":"u1"}],"createdAt":1700000000000}],"hasNext":true,"next":"tok2"}`)
			return
		}
		io.WriteString(w, `{"data":[{"id":"n2","fields":[{"type":"note","value":"a"},{"type":"score","value":3},{"type":"note","value":null},{"type":"note","value":"b"}],"createdAt":1}],"hasNext":false}`)
	}, Options{})
	notes, err := f.client.Notes(context.Background(), "o1")
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 2 || notes[0].ID != "n1" || notes[0].CreatedAt != 1700000000000 {
		t.Fatalf("notes = %+v", notes)
	}
	if got := notes[0].Text(); got != "Scheduled for Mon\nRef IV-8F3K-scheduled" {
		t.Errorf("Text = %q", got)
	}
	if got := notes[1].Text(); got != "a\n3\nb" {
		t.Errorf("Text = %q", got)
	}
}

func TestWebhooks(t *testing.T) {
	const hook = `{"id":"w1","url":"https://app.example/hooks/lever/c1","event":"candidateStageChange","createdAt":1700000000000,"updatedAt":1700000000000,"configuration":{"conditions":{"origins":["applied"]},"signatureToken":"sig-tok"}}`
	t.Run("CreateShapes", func(t *testing.T) {
		for name, body := range map[string]string{"Flat": `{"data":` + hook + `}`, "Nested": `{"data":{"data":` + hook + `}}`} {
			t.Run(name, func(t *testing.T) {
				f := setupFake(t, func(w http.ResponseWriter, r *http.Request) {
					w.WriteHeader(201)
					io.WriteString(w, body)
				}, Options{})
				got, err := f.client.CreateWebhook(context.Background(), "https://app.example/hooks/lever/c1", EventCandidateStageChange)
				want := &Webhook{ID: "w1", URL: "https://app.example/hooks/lever/c1", Event: "candidateStageChange", SignatureToken: "sig-tok", CreatedAt: 1700000000000}
				if err != nil || !reflect.DeepEqual(got, want) {
					t.Fatalf("CreateWebhook = %+v, %v", got, err)
				}
			})
		}
	})
	t.Run("List", func(t *testing.T) {
		f := setupFake(t, func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `{"data":[{"id":"w1","url":"u","event":"candidateStageChange","createdAt":1,"configuration":{"conditions":null}},{"id":"w2","url":"u2","event":"candidateHired","createdAt":2,"configuration":null}],"hasNext":false}`)
		}, Options{})
		got, err := f.client.Webhooks(context.Background())
		if err != nil || len(got) != 2 || got[0].ID != "w1" || got[0].SignatureToken != "" || got[1].Event != "candidateHired" {
			t.Fatalf("Webhooks = %+v, %v", got, err)
		}
	})
	t.Run("RoundTrip", func(t *testing.T) {
		in := Webhook{ID: "w1", SignatureToken: "k"}
		b, _ := json.Marshal(in)
		var out Webhook
		if err := json.Unmarshal(b, &out); err != nil || out != in {
			t.Fatalf("round trip = %+v, %v", out, err)
		}
	})
}

func TestStages(t *testing.T) {
	f := setupFake(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"data":[{"id":"lead-new","text":"New lead"},{"id":"5f7e...","text":"To be Scheduled"}]}`)
	}, Options{})
	got, err := f.client.Stages(context.Background())
	if err != nil || len(got) != 2 || got[1].Text != "To be Scheduled" {
		t.Fatalf("Stages = %+v, %v", got, err)
	}
}
