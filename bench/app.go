package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"
)

// proc is one app process (the real binary) serving on addr.
type proc struct {
	addr string
	cmd  *exec.Cmd
	out  *lockedBuffer
	done chan struct{}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// buildApp compiles ./web into dir.
func buildApp(dir string) (string, error) {
	bin := filepath.Join(dir, "web")
	out, err := exec.Command("go", "build", "-o", bin, "./web").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build ./web: %v\n%s", err, out)
	}
	return bin, nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startApp starts the binary with env on addr and waits for /healthz.
func startApp(bin, addr string, env []string) (*proc, error) {
	p := &proc{addr: addr, cmd: exec.Command(bin, "serve"), out: &lockedBuffer{}, done: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), append(env, "LISTEN_ADDR="+addr)...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, io.Discard
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p, nil
			}
		}
		select {
		case <-p.done:
			return nil, fmt.Errorf("app on %s exited at start", addr)
		case <-time.After(50 * time.Millisecond):
		}
	}
	p.kill()
	return nil, fmt.Errorf("app on %s not healthy after 60s", addr)
}

// kill ends the process with SIGKILL and waits for it.
func (p *proc) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// stop ends the process with SIGTERM (graceful), SIGKILL after 30s.
func (p *proc) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		p.kill()
	}
}

// bootstrapLogin creates an organization with the binary's bootstrap
// command (with a Lever app configured no demo organization is made,
// docs/CONTRACT.md §5) and returns its owner's password, API key and id.
func bootstrapLogin(bin string, env []string, org, email string) (password, apiKey, orgID string, err error) {
	password = "bench-password-123"
	cmd := exec.Command(bin, "bootstrap", "-org", org, "-email", email, "-password", password, "-credits", "25")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		return "", "", "", fmt.Errorf("bootstrap: %w", err)
	}
	var res struct {
		APIKey string `json:"api_key"`
		OrgID  string `json:"org_id"`
	}
	if err := json.Unmarshal(out, &res); err != nil || res.APIKey == "" || res.OrgID == "" {
		return "", "", "", fmt.Errorf("bootstrap printed %q", out)
	}
	return password, res.APIKey, res.OrgID, nil
}

// connect logs in like a browser and connects Lever through the fake
// Lever's consent page.
func connect(appURL, email, password, account string) error {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(method, u string, form url.Values, origin string) (*http.Response, string, error) {
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
			return nil, "", err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b), nil
	}
	resp, _, err := do("POST", appURL+"/login", url.Values{"email": {email}, "password": {password}}, appURL)
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("login: %v %v", err, resp)
	}
	// Connecting starts with a POST on newer versions and a GET on older ones.
	resp, _, err = do("POST", appURL+"/integrations/lever/connect", url.Values{}, appURL)
	if err == nil && resp.StatusCode == http.StatusMethodNotAllowed {
		resp, _, err = do("GET", appURL+"/integrations/lever/connect", nil, "")
	}
	if err != nil {
		return err
	}
	authorize := resp.Header.Get("Location")
	if authorize == "" {
		return fmt.Errorf("connect: %d with no redirect", resp.StatusCode)
	}
	resp, page, err := do("GET", authorize, nil, "")
	if err != nil || resp.StatusCode != 200 {
		return fmt.Errorf("authorize page: %v", err)
	}
	form := url.Values{"decision": {"accept"}, "account": {account}}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="(\w+)" value="([^"]*)">`).FindAllStringSubmatch(page, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	au, _ := url.Parse(authorize)
	resp, _, err = do("POST", au.Scheme+"://"+au.Host+au.Path, form, au.Scheme+"://"+au.Host)
	if err != nil {
		return err
	}
	callback := resp.Header.Get("Location")
	resp, _, err = do("GET", callback, nil, "")
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("callback: %v", err)
	}
	return nil
}

// api calls the app's JSON API with the org's key and decodes the answer.
func api(appURL, key, method, path, body string, out any) error {
	req, _ := http.NewRequest(method, appURL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// cpu returns the process's CPU time so far (user + system, from
// /proc/PID/stat in clock ticks of 10 ms); 0 where /proc is missing.
func (p *proc) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndex(s, ")")+2:])
	if len(f) < 13 {
		return 0
	}
	var utime, stime int64
	fmt.Sscan(f[11], &utime)
	fmt.Sscan(f[12], &stime)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
