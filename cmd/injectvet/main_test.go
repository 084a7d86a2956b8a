package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The tests run this test binary as the injectvet command: with
// INJECTVET_TEST_MAIN set, TestMain runs main instead of the tests. go vet
// passes its environment on to the vet tool, so the variable reaches the
// runs go vet makes.
func TestMain(m *testing.M) {
	if os.Getenv("INJECTVET_TEST_MAIN") != "" {
		main()
		os.Exit(0) // main exits by itself; this is not reached
	}
	os.Exit(m.Run())
}

// The diagnostics expected on testdata/vet (file:line: message prefix).
var want = []string{
	`app.go:17:17: App.DB: inject:"optinal": unknown option "optinal" (did you mean "optional"?)`,
	`app.go:18:17: App.log: inject:"": inject tag on unexported field log (`,
	`app.go:19:17: App.Config: inject:"inline": "inline" on a field of type *Config (`,
	`app.go:20:17: App.NewDB: inject:"factory": "factory" on a field of type *DB (`,
	`app.go:21:17: App.Addr: inject:"name=adr": nothing in package app is registered under the name "adr" (did you mean "addr"?`,
}

const privateIface = `app.go:22:17: App.Store: inject:"private": "private" on a field of interface type Store (`

// TestVetTool runs go vet -vettool=injectvet, the way CI and editors use
// the analyzer, with and without an analyzer flag.
func TestVetTool(t *testing.T) {
	tool := self(t)
	out, code := run(t, goCmd(t), "vet", "-vettool="+tool, "./...")
	check(t, out, code, 1, want, privateIface)
	out, code = run(t, goCmd(t), "vet", "-vettool="+tool, "-privateiface", "./...")
	check(t, out, code, 1, append(want, privateIface), "")
}

// TestStandalone runs injectvet ./..., which exits with status 3 when it
// reports something.
func TestStandalone(t *testing.T) {
	out, code := run(t, self(t), "./...")
	check(t, out, code, 3, want, privateIface)
}

func self(t *testing.T) string {
	exe, err := os.Executable()
	if err != nil {
		t.Skipf("cannot find the test binary: %v", err)
	}
	return exe
}

func goCmd(t *testing.T) string {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	return gobin
}

// run runs a command in testdata/vet, offline, and returns its combined
// output and exit status.
func run(t *testing.T, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = filepath.Join("testdata", "vet")
	cmd.Env = append(os.Environ(), "INJECTVET_TEST_MAIN=1", "GOPROXY=off", "GOWORK=off", "GOFLAGS=-mod=readonly", "GOTOOLCHAIN=local")
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return buf.String(), 0
	case errors.As(err, &ee):
		return buf.String(), ee.ExitCode()
	}
	t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, buf.String())
	return "", 0
}

// check compares the output of a run with the diagnostics expected, one
// per line and nothing else but the lines go vet adds ("# package").
func check(t *testing.T, out string, code, wantCode int, want []string, absent string) {
	t.Helper()
	if code != wantCode {
		t.Errorf("exit status %d, want %d", code, wantCode)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line != "" && !strings.HasPrefix(line, "# ") {
			got = append(got, line)
		}
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || strings.Contains(filepath.ToSlash(g), "app/"+w)
		}
		if !found {
			t.Errorf("no line contains %q", w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d lines, want %d", len(got), len(want))
	}
	if absent != "" && strings.Contains(out, absent) {
		t.Errorf("unexpected %q", absent)
	}
	if t.Failed() {
		t.Logf("output:\n%s", out)
	}
}
