// Package static embeds the stylesheet and the vendored htmx and serves them
// with content-hash cache busting. The stylesheet is kept as several files
// under css/, each one part of the styles, and served as one /static/app.css:
// their concatenation in file-name order (so the cascade follows the names).
package static

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
	"time"
)

//go:embed *.js css/*.css
var files embed.FS

// appCSS is the served stylesheet: css/*.css joined in name order.
var appCSS = func() []byte {
	parts, err := fs.Glob(files, "css/*.css") // sorted by name
	if err != nil {
		panic(err)
	}
	var out []byte
	for _, p := range parts {
		b, err := files.ReadFile(p)
		if err != nil {
			panic(err)
		}
		out = append(out, b...)
	}
	return out
}()

var hashes = func() map[string]string {
	out := map[string]string{"app.css": hash(appCSS)}
	entries, _ := fs.ReadDir(files, ".")
	for _, e := range entries {
		if !e.IsDir() {
			b, _ := files.ReadFile(e.Name())
			out[e.Name()] = hash(b)
		}
	}
	return out
}()

func hash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:6])
}

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
		// Directory listings and the css/ parts are not served: the page
		// loads the joined app.css only.
		if strings.HasSuffix(r.URL.Path, "/") || strings.HasPrefix(r.URL.Path, "/static/css/") {
			http.NotFound(w, r)
			return
		}
		if r.URL.Query().Get("v") != "" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		if r.URL.Path == "/static/app.css" {
			w.Header().Set("Content-Type", "text/css; charset=utf-8")
			http.ServeContent(w, r, "app.css", time.Time{}, bytes.NewReader(appCSS))
			return
		}
		fsrv.ServeHTTP(w, r)
	})
}
