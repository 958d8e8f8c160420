//go:build unix

package main

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// crashProc is the real binary running as a child process.
type crashProc struct {
	cmd    *exec.Cmd
	stdout *syncBuffer
	stderr *syncBuffer
	done   chan struct{}
	err    error // Wait's result, after done is closed
}

// crashBuild compiles ./web once per test run.
func crashBuild(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "web")
	start := time.Now()
	out, err := exec.Command(goBin, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Logf("built the binary in %s", time.Since(start).Round(time.Millisecond))
	return bin
}

func crashStart(t *testing.T, bin string, env []string, appURL string) *crashProc {
	t.Helper()
	p := &crashProc{cmd: exec.Command(bin, "serve"), stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("process %d stderr (tail):\n%s", p.cmd.Process.Pid, tail(p.stderr.String(), 3000))
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		if resp, err := http.Get(appURL + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p
			}
		}
		select {
		case <-p.done:
			t.Fatalf("app exited: %v\n%s", p.err, p.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("app not healthy after 30s\n%s", p.stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// crashBrowser is a cookie-keeping client that does not follow redirects.
func crashBrowser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func crashDo(t *testing.T, c *http.Client, method, u string, form url.Values, origin string) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, u, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// crashConnect logs in like a browser and connects Lever through the OAuth
// consent page of the fake Lever, choosing account.
func crashConnect(t *testing.T, appURL, email, password, account string) {
	t.Helper()
	c := crashBrowser()
	resp, body := crashDo(t, c, "POST", appURL+"/login", url.Values{"email": {email}, "password": {password}}, appURL)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d %s", resp.StatusCode, tail(body, 500))
	}
	resp, _ = crashDo(t, c, "GET", appURL+"/integrations/lever/connect", nil, "")
	authorize := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || authorize == "" {
		t.Fatalf("connect: %d to %q", resp.StatusCode, authorize)
	}
	resp, page := crashDo(t, c, "GET", authorize, nil, "")
	if resp.StatusCode != 200 {
		t.Fatalf("authorize page: %d %s", resp.StatusCode, tail(page, 500))
	}
	form := url.Values{"decision": {"accept"}, "account": {account}}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="(\w+)" value="([^"]*)">`).FindAllStringSubmatch(page, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	au, _ := url.Parse(authorize)
	resp, _ = crashDo(t, c, "POST", au.Scheme+"://"+au.Host+strings.TrimSuffix(au.Path, "/authorize")+"/authorize", form, au.Scheme+"://"+au.Host)
	callback := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(callback, appURL+"/integrations/lever/callback?") {
		t.Fatalf("consent: %d to %q", resp.StatusCode, callback)
	}
	resp, body = crashDo(t, c, "GET", callback, nil, "")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("callback: %d %s", resp.StatusCode, tail(body, 500))
	}
}

func crashAPI(t *testing.T, appURL, key, method, path, body string, want int, out any) {
	t.Helper()
	req, _ := http.NewRequest(method, appURL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
}
