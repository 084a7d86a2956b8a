package main

// TestGenerationErrors runs the generator on each package under
// testdata/bad, which the generator must reject. The expected problems are
// written on the offending lines:
//
//	X *Log `inject:"optinal"` // ERROR ErrBadTag App.X
//
// says: some line of the generator's error names the kind ErrBadTag (the
// container's kind for the problem, or "unsupported" for what tagwiregen
// does not generate), the path App.X (from the root, as the container's
// Error.Path; "-" for none), and the position file.go:<this line>. Markers
// with the same kind and path are alternatives: any of their lines will do
// (a cycle may be reported at a field or at a registration).

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var errorMarker = regexp.MustCompile(`//\s*ERROR\s+(\S+)\s+(\S+)\s*$`)

// wantErr is one expected problem and the lines it may be reported at.
type wantErr struct {
	kind, path string
	at         []string // "file.go:12:"
}

// readMarkers collects the ERROR markers of the Go files in dir.
func readMarkers(t *testing.T, dir string) []*wantErr {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]*wantErr{}
	var out []*wantErr
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for n := 1; sc.Scan(); n++ {
			m := errorMarker.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			key := m[1] + " " + m[2]
			w := byKey[key]
			if w == nil {
				w = &wantErr{kind: m[1], path: m[2]}
				byKey[key] = w
				out = append(out, w)
			}
			w.at = append(w.at, fmt.Sprintf("%s:%d:", filepath.Base(f), n))
		}
		fh.Close()
	}
	return out
}

// matches reports whether line reports w.
func (w *wantErr) matches(line string) bool {
	if !strings.Contains(line, w.kind) {
		return false
	}
	if w.path != "-" && !strings.Contains(line, w.path) {
		return false
	}
	for _, at := range w.at {
		if strings.Contains(line, "/"+at) || strings.HasPrefix(line, at) {
			return true
		}
	}
	return false
}

func TestGenerationErrors(t *testing.T) {
	cases := caseDirs(t, "bad")
	if len(cases) == 0 {
		t.Fatal("no cases under testdata/bad")
	}
	for _, name := range cases {
		t.Run(name, func(t *testing.T) {
			dir, err := filepath.Abs(filepath.Join("testdata", "bad", name))
			if err != nil {
				t.Fatal(err)
			}
			wants := readMarkers(t, dir)
			if len(wants) == 0 {
				t.Fatalf("no // ERROR markers in %s", dir)
			}
			var gerr error
			func() {
				defer func() {
					if r := recover(); r != nil {
						gerr = nil
						t.Fatalf("the generator panicked: %v", r)
					}
				}()
				c := config{dir: dir, typ: "App", decl: "wiring", fn: "populateApp", out: "app_tagwire.go"}
				_, gerr = generate(c)
			}()
			if gerr == nil {
				t.Fatalf("the generator accepted %s; want errors: %s", name, describe(wants))
			}
			lines := strings.Split(gerr.Error(), "\n")
			for _, w := range wants {
				found := false
				for _, l := range lines {
					if w.matches(l) {
						found = true
						break
					}
				}
				if !found {
					t.Errorf("no line of the generator's error reports %s %s at %s; the error:\n%v", w.kind, w.path, strings.Join(w.at, " or "), gerr)
				}
			}
		})
	}
}

func describe(ws []*wantErr) string {
	var s []string
	for _, w := range ws {
		s = append(s, fmt.Sprintf("%s %s at %s", w.kind, w.path, strings.Join(w.at, " or ")))
	}
	return strings.Join(s, "; ")
}
