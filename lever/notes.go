package lever

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
)

// Note is one note thread on an opportunity (docs/LEVER_API.md §4.5). CreatedAt is ms since epoch.
type Note struct {
	ID        string      `json:"id"`
	Fields    []NoteField `json:"fields"`
	CreatedAt int64       `json:"createdAt"`
}

// NoteField is one entry of a note; Value is the text (a non-string value, e.g. a score, is
// kept as its JSON text). CreatedAt is ms since epoch.
type NoteField struct {
	Type      string `json:"type"`
	Text      string `json:"text"`
	Value     string `json:"value"`
	CreatedAt int64  `json:"createdAt"`
}

// UnmarshalJSON decodes a field whose value may be a string, number or null.
func (f *NoteField) UnmarshalJSON(b []byte) error {
	var w struct {
		Type      string          `json:"type"`
		Text      string          `json:"text"`
		Value     json.RawMessage `json:"value"`
		CreatedAt int64           `json:"createdAt"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*f = NoteField{Type: w.Type, Text: w.Text, CreatedAt: w.CreatedAt}
	if json.Unmarshal(w.Value, &f.Value) != nil && string(w.Value) != "null" {
		f.Value = string(w.Value)
	}
	return nil
}

// Text returns the note's field values joined by newlines (where our markers are found).
func (n Note) Text() string {
	vals := make([]string, 0, len(n.Fields))
	for _, f := range n.Fields {
		if f.Value != "" {
			vals = append(vals, f.Value)
		}
	}
	return strings.Join(vals, "\n")
}

// AddNote posts a plain-text note (use \n for line breaks) on an opportunity and returns its id
// (POST /opportunities/:id/notes, docs/LEVER_API.md §4.5). It is not retried after it may have been
// sent: on an error for which IsAmbiguous is true, search Notes for the note's marker before
// posting again. It carries perform_as when the client has one (Options.PerformAs). The id is "" if Lever's 201 answer carries neither data.noteId nor data.id.
func (c *Client) AddNote(ctx context.Context, oppID, value string) (string, error) {
	body := struct {
		Value string `json:"value"`
	}{value}
	var env struct {
		Data struct {
			NoteID string `json:"noteId"`
			ID     string `json:"id"`
		} `json:"data"`
	}
	if err := c.do(ctx, "POST", "/opportunities/"+url.PathEscape(oppID)+"/notes", c.writeQuery(), body, &env); err != nil {
		return "", err
	}
	if env.Data.NoteID != "" {
		return env.Data.NoteID, nil
	}
	return env.Data.ID, nil
}

// Notes returns every note of an opportunity, all pages (GET /opportunities/:id/notes).
func (c *Client) Notes(ctx context.Context, oppID string) ([]Note, error) {
	return list[Note](ctx, c, "/opportunities/"+url.PathEscape(oppID)+"/notes", url.Values{"limit": {"100"}})
}
