package sandbox

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strings"
)

// File is a file attached to an opportunity (docs/LEVER_API.md §4.12): Name
// and ContentType as the upload's part gave them, Data its bytes, User who
// uploaded it (perform_as; "" when absent), UploadedAt ms since the epoch.
type File struct {
	ID          string
	Name        string
	ContentType string
	Data        []byte
	User        string
	UploadedAt  int64
}

// maxFileBytes is Lever's upload limit (docs/LEVER_API.md §4.12, 30 MB);
// the sandbox reads at most 4 MiB of any body, so larger uploads arrive cut.
const maxFileBytes = 30 << 20

// fileJSON is a file as the files endpoints answer it (§4.12).
type fileJSON struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Ext         string `json:"ext"`
	DownloadURL string `json:"downloadUrl"`
	UploadedAt  int64  `json:"uploadedAt"`
	Size        int    `json:"size"`
}

func toFileJSON(base, oppID string, f File) fileJSON {
	return fileJSON{ID: f.ID, Name: f.Name, Ext: strings.TrimPrefix(path.Ext(f.Name), "."),
		DownloadURL: base + "/opportunities/" + oppID + "/files/" + f.ID + "/download", UploadedAt: f.UploadedAt, Size: len(f.Data)}
}

// apiListFiles serves GET /v1/opportunities/{id}/files, paginated (§4.12).
func (s *Server) apiListFiles(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	var files []fileJSON
	s.withOpp(w, r, c, func(_ *account, o *Opportunity) func(http.ResponseWriter) {
		for _, f := range o.Files {
			files = append(files, toFileJSON(c.base, o.ID, f))
		}
		return func(w http.ResponseWriter) { paginate(s, w, r, c, files) }
	})
}

// apiUploadFile serves POST /v1/opportunities/{id}/files?perform_as=:
// multipart/form-data with the file in the part "file", whose file name and
// content type are kept → 201 {"data": file} (§4.12). Every POST stores a
// new file: Lever has no idempotency keys (§5).
func (s *Server) apiUploadFile(w http.ResponseWriter, r *http.Request, c *apiCtx) {
	user, ok := s.performAs(w, r, c)
	if !ok {
		return
	}
	name, ctype, data, msg := readUpload(r.Header.Get("Content-Type"), c.body)
	if msg != "" {
		apiError(w, http.StatusBadRequest, "BadRequestError", msg)
		return
	}
	now := s.nowMS()
	s.withOpp(w, r, c, func(_ *account, o *Opportunity) func(http.ResponseWriter) {
		f := File{ID: newUUID(), Name: name, ContentType: ctype, Data: data, User: user, UploadedAt: now}
		o.Files = append(o.Files, f)
		o.UpdatedAt = now
		j := toFileJSON(c.base, o.ID, f)
		return func(w http.ResponseWriter) { writeJSON(w, http.StatusCreated, map[string]any{"data": j}) }
	})
}

// readUpload finds the part "file" of a multipart body: its file name,
// content type and bytes, or why the request is refused.
func readUpload(contentType string, body []byte) (name, ctype string, data []byte, msg string) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return "", "", nil, "Content-Type must be multipart/form-data with a boundary"
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return "", "", nil, "Missing file: send it in a part named \"file\""
		}
		if err != nil {
			return "", "", nil, "Unreadable multipart body: " + err.Error()
		}
		if p.FormName() != "file" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(p, maxFileBytes+1))
		switch {
		case err != nil:
			return "", "", nil, "Unreadable file part: " + err.Error()
		case len(data) > maxFileBytes:
			return "", "", nil, fmt.Sprintf("File too large: the limit is %d MB", maxFileBytes>>20)
		case p.FileName() == "":
			return "", "", nil, "The file part has no file name"
		}
		ctype = p.Header.Get("Content-Type")
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		return p.FileName(), ctype, data, ""
	}
}
