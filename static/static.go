// Package static embeds the stylesheet and the vendored htmx and serves them
// with content-hash cache busting.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed *.css *.js
var files embed.FS

var hashes = func() map[string]string {
	out := map[string]string{}
	entries, _ := fs.ReadDir(files, ".")
	for _, e := range entries {
		b, _ := files.ReadFile(e.Name())
		sum := sha256.Sum256(b)
		out[e.Name()] = hex.EncodeToString(sum[:6])
	}
	return out
}()

// Path returns the URL of an embedded file with its content hash as a query,
// e.g. "/static/app.css?v=3f2a…", so browsers may cache it forever.
func Path(name string) string {
	return "/static/" + name + "?v=" + hashes[name]
}

// Handler serves the embedded files under /static/; versioned requests are
// cacheable for a year.
func Handler() http.Handler {
	fsrv := http.StripPrefix("/static/", http.FileServerFS(files))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		if r.URL.Query().Get("v") != "" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		fsrv.ServeHTTP(w, r)
	})
}
