package lever

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"strings"
)

// File is a file attached to an opportunity (docs/LEVER_API.md §4.12). UploadedAt is ms since
// the epoch; Size is in bytes; Ext is the extension without the dot.
type File struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Ext         string `json:"ext"`
	DownloadURL string `json:"downloadUrl"`
	UploadedAt  int64  `json:"uploadedAt"`
	Size        int64  `json:"size"`
}

// UploadFile attaches data as a file named name (content type contentType) to an opportunity
// (POST /opportunities/:id/files, multipart with the file in the part "file", with perform_as
// when the client has one; docs/LEVER_API.md §4.12) and returns Lever's description of it.
// Like AddNote it is not retried after it may have been sent: a retried POST makes a second
// file, so on an error for which IsAmbiguous is true look for name in Files first.
// Scope files:write:admin.
func (c *Client) UploadFile(ctx context.Context, oppID, name, contentType string, data []byte) (*File, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, quoteEscaper.Replace(name)))
	h.Set("Content-Type", contentType)
	part, err := mw.CreatePart(h)
	if err != nil {
		return nil, fmt.Errorf("lever: upload file: %w", err)
	}
	if _, err := part.Write(data); err != nil {
		return nil, fmt.Errorf("lever: upload file: %w", err)
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("lever: upload file: %w", err)
	}
	var env struct {
		Data *File `json:"data"`
	}
	path := "/opportunities/" + url.PathEscape(oppID) + "/files"
	if err := c.doRaw(ctx, "POST", path, c.writeQuery(), buf.Bytes(), mw.FormDataContentType(), &env); err != nil {
		return nil, err
	}
	if env.Data == nil || env.Data.ID == "" {
		return nil, fmt.Errorf("lever: POST %s: answer has no data.id", path)
	}
	return env.Data, nil
}

// Files returns every file of an opportunity, all pages (GET /opportunities/:id/files,
// docs/LEVER_API.md §4.12). Scope files:read:admin.
func (c *Client) Files(ctx context.Context, oppID string) ([]File, error) {
	return list[File](ctx, c, "/opportunities/"+url.PathEscape(oppID)+"/files", url.Values{"limit": {"100"}})
}

// quoteEscaper escapes a file name for a Content-Disposition parameter (as mime/multipart does).
var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"")
