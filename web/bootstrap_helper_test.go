package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"testing"
)

// bootstrapOrg creates an organization with the binary's bootstrap command
// on the database env points at and returns its owner's login and API key.
// With a Lever app configured (LEVER_CLIENT_ID) no demo organization is
// made (docs/CONTRACT.md §5), so tests of the real binary start this way.
func bootstrapOrg(t *testing.T, bin string, env []string) (email, password, apiKey string) {
	t.Helper()
	email, password = "owner@bootstrap.test", "bootstrap-password-123"
	cmd := exec.Command(bin, "bootstrap", "-org", "Bootstrap Co", "-email", email, "-password", password, "-credits", "25")
	cmd.Env = append(os.Environ(), env...)
	var stderr syncBuffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("bootstrap: %v\n%s%s", err, out, stderr.String())
	}
	var res struct {
		APIKey string `json:"api_key"`
	}
	if err := json.Unmarshal(out, &res); err != nil || res.APIKey == "" {
		t.Fatalf("bootstrap printed %q", out)
	}
	return email, password, res.APIKey
}
