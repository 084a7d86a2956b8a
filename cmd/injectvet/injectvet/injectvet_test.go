package injectvet_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tagwire/tagwire/cmd/injectvet/injectvet"
)

// The test packages live in testdata/src, a GOPATH tree, next to
// look-alikes of tagwire's container and inject packages at their real
// import paths: the analyzer recognises registrations by import path and
// name, and the tests stay independent of the rest of the repository
// (api_test.go checks that the real packages still declare what the
// look-alikes mimic). Each package's doc comment says what it covers;
// "// want" comments give the expected diagnostics, and a package without
// them must produce none.

func TestDiagnostics(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), injectvet.Analyzer,
		"a", "valid", "noreg", "dynamic", "funcvalue", "suffix", "injectapi", "injectpop")
}

func TestPrivateIface(t *testing.T) {
	setFlag(t, "privateiface", "true")
	analysistest.Run(t, analysistest.TestData(), injectvet.Analyzer, "privateiface")
}

// TestPrivateIfaceOff checks that the check is off by default: the
// package's "// want" comments must then fail to match, and nothing else
// may be reported.
func TestPrivateIfaceOff(t *testing.T) {
	rec := &recorder{T: t}
	analysistest.Run(rec, analysistest.TestData(), injectvet.Analyzer, "privateiface")
	for _, msg := range rec.errs {
		if !strings.Contains(msg, "no diagnostic was reported matching") {
			t.Errorf("unexpected: %s", msg)
		}
	}
	if len(rec.errs) != 2 {
		t.Errorf("got %d unmatched expectations, want the 2 of privateiface.go:\n%s", len(rec.errs), strings.Join(rec.errs, "\n"))
	}
}

// recorder is an analysistest.Testing that keeps the errors.
type recorder struct {
	*testing.T
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func setFlag(t *testing.T, name, value string) {
	t.Helper()
	f := injectvet.Analyzer.Flags.Lookup(name)
	old := f.Value.String()
	if err := f.Value.Set(value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Value.Set(old) })
}
