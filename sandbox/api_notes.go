package sandbox

import (
	"net/http"
	"slices"
)

// noteJSON is a note as GET …/notes answers it (docs/LEVER_API.md §4.5).
type noteJSON struct {
	ID          string          `json:"id"`
	Text        string          `json:"text"`
	Fields      []noteFieldJSON `json:"fields"`
	User        any             `json:"user"`
	Secret      bool            `json:"secret"`
	CreatedAt   int64           `json:"createdAt"`
	CompletedAt int64           `json:"completedAt"`
	DeletedAt   *int64          `json:"deletedAt"`
}

type noteFieldJSON struct {
	Type      string `json:"type"`
	Text      string `json:"text"`
	Value     string `json:"value"`
	CreatedAt int64  `json:"createdAt"`
	User      any    `json:"user"`
	Score     *int   `json:"score"`
	Stage     any    `json:"stage"`
}

func toNoteJSON(n Note) noteJSON {
	j := noteJSON{ID: n.ID, Text: "Note", User: nullStr(n.User), Secret: n.Secret, CreatedAt: n.CreatedAt,
		CompletedAt: n.CreatedAt, Fields: []noteFieldJSON{}}
	for _, f := range n.Fields {
		j.Fields = append(j.Fields, noteFieldJSON{Type: "note", Text: "Comment", Value: f.Value, CreatedAt: f.CreatedAt,
			User: nullStr(f.User), Score: f.Score, Stage: nullStr(f.Stage)})
	}
	return j
}

// withOpp runs fn under the lock on the visible opportunity {id}, or answers
// the lookup error; fn returns the response to write after unlocking.
func (s *Server) withOpp(w http.ResponseWriter, r *http.Request, c *apiCtx, fn func(a *account, o *Opportunity) func(http.ResponseWriter)) {
	s.mu.Lock()
	a := s.accounts[c.account]
	o, fail := findOppLocked(a, c, r.PathValue("id"))
	if fail == nil {
		fail = fn(a, o)
	}
	s.mu.Unlock()
	fail(w)
}

// apiListNotes serves GET /v1/opportunities/{id}/notes, paginated (§4.5).
func (s *Server) apiListNotes(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	var notes []noteJSON
	s.withOpp(w, r, c, func(_ *account, o *Opportunity) func(http.ResponseWriter) {
		for _, n := range o.Notes {
			notes = append(notes, toNoteJSON(n))
		}
		return func(w http.ResponseWriter) { paginate(s, w, r, c, notes) }
	})
}

// apiGetNote serves GET /v1/opportunities/{id}/notes/{note} (§4.5).
func (s *Server) apiGetNote(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	s.withOpp(w, r, c, func(_ *account, o *Opportunity) func(http.ResponseWriter) {
		i := noteIndex(o, r.PathValue("note"))
		if i < 0 {
			return noteNotFound(r.PathValue("note"))
		}
		j := toNoteJSON(o.Notes[i])
		return func(w http.ResponseWriter) { writeJSON(w, http.StatusOK, map[string]any{"data": j}) }
	})
}

// noteInput is the body of POST …/notes (§4.5): value required, score 1–4,
// createdAt ms in the past.
type noteInput struct {
	Value           *string `json:"value"`
	Secret          bool    `json:"secret"`
	Score           *int    `json:"score"`
	NotifyFollowers bool    `json:"notifyFollowers"`
	CreatedAt       *int64  `json:"createdAt"`
}

// apiCreateNote serves POST /v1/opportunities/{id}/notes → 201
// {"data":{"noteId"}}; with ?note_id= it appends a comment to that note (§4.5).
// The value is stored exactly as received.
func (s *Server) apiCreateNote(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	user, ok := s.performAs(w, r, c)
	if !ok {
		return
	}
	var in noteInput
	if !decodeBody(w, c, &in) {
		return
	}
	now := s.nowMS()
	createdAt := now
	switch {
	case in.Value == nil || *in.Value == "":
		apiError(w, http.StatusBadRequest, "BadRequestError", "Missing value")
		return
	case in.Score != nil && (*in.Score < 1 || *in.Score > 4):
		apiError(w, http.StatusBadRequest, "BadRequestError", "Invalid score: must be an integer from 1 to 4")
		return
	case in.CreatedAt != nil && *in.CreatedAt > now:
		apiError(w, http.StatusBadRequest, "BadRequestError", "Invalid createdAt: cannot be in the future")
		return
	case in.CreatedAt != nil:
		createdAt = *in.CreatedAt
	}
	s.withOpp(w, r, c, func(_ *account, o *Opportunity) func(http.ResponseWriter) {
		field := NoteField{Value: *in.Value, CreatedAt: createdAt, User: user, Score: in.Score, Stage: o.Stage}
		id := r.URL.Query().Get("note_id")
		if id != "" {
			i := noteIndex(o, id)
			if i < 0 {
				return noteNotFound(id)
			}
			o.Notes[i].Fields = append(o.Notes[i].Fields, field)
		} else {
			id = newUUID()
			o.Notes = append(o.Notes, Note{ID: id, Value: *in.Value, Fields: []NoteField{field}, User: user,
				Secret: in.Secret, Score: in.Score, NotifyFollowers: in.NotifyFollowers, CreatedAt: createdAt, ViaAPI: true})
		}
		o.UpdatedAt, o.LastInteractionAt = now, now
		return func(w http.ResponseWriter) {
			writeJSON(w, http.StatusCreated, map[string]any{"data": map[string]string{"noteId": id}})
		}
	})
}

// apiUpdateNote serves PUT /v1/opportunities/{id}/notes/{note}: atomic
// replace with {values:[{value, createdAt?}], secret?, score?}; only notes
// created through the API (§4.5).
func (s *Server) apiUpdateNote(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	var in struct {
		Values []struct {
			Value     string `json:"value"`
			CreatedAt *int64 `json:"createdAt"`
		} `json:"values"`
		Secret bool `json:"secret"`
		Score  *int `json:"score"`
	}
	if !decodeBody(w, c, &in) {
		return
	}
	if len(in.Values) == 0 || in.Values[0].Value == "" {
		apiError(w, http.StatusBadRequest, "BadRequestError", "Missing values")
		return
	}
	if in.Score != nil && (*in.Score < 1 || *in.Score > 4) {
		apiError(w, http.StatusBadRequest, "BadRequestError", "Invalid score: must be an integer from 1 to 4")
		return
	}
	user, ok := s.performAs(w, r, c)
	if !ok {
		return
	}
	s.withOpp(w, r, c, func(_ *account, o *Opportunity) func(http.ResponseWriter) {
		id := r.PathValue("note")
		i := noteIndex(o, id)
		if i < 0 {
			return noteNotFound(id)
		}
		if !o.Notes[i].ViaAPI {
			return forbidden("Only notes created through the API can be updated.")
		}
		now := s.nowMS()
		n := &o.Notes[i]
		n.Fields, n.Secret, n.Score, n.Value = nil, in.Secret, in.Score, in.Values[0].Value
		for _, v := range in.Values {
			at := now
			if v.CreatedAt != nil {
				at = *v.CreatedAt
			}
			n.Fields = append(n.Fields, NoteField{Value: v.Value, CreatedAt: at, User: user, Score: in.Score, Stage: o.Stage})
		}
		o.UpdatedAt = now
		return func(w http.ResponseWriter) {
			writeJSON(w, http.StatusOK, map[string]any{"data": map[string]string{"noteId": id}})
		}
	})
}

// apiDeleteNote serves DELETE /v1/opportunities/{id}/notes/{note} → 204;
// only notes created through the API (§4.5).
func (s *Server) apiDeleteNote(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	s.withOpp(w, r, c, func(_ *account, o *Opportunity) func(http.ResponseWriter) {
		id := r.PathValue("note")
		i := noteIndex(o, id)
		if i < 0 {
			return noteNotFound(id)
		}
		if !o.Notes[i].ViaAPI {
			return forbidden("Only notes created through the API can be deleted.")
		}
		o.Notes = slices.Delete(o.Notes, i, i+1)
		o.UpdatedAt = s.nowMS()
		return func(w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) }
	})
}

func noteIndex(o *Opportunity, id string) int {
	return slices.IndexFunc(o.Notes, func(n Note) bool { return n.ID == id })
}

func noteNotFound(id string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		apiError(w, http.StatusNotFound, "ResourceNotFound", "notes "+id+" was not found")
	}
}

func forbidden(msg string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) { apiError(w, http.StatusForbidden, "ForbiddenError", msg) }
}
