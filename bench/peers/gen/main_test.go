package main

import (
	"bytes"
	"go/parser"
	"go/token"
	"path/filepath"
	"testing"
)

// The generator's output is not committed, so these tests check what a
// committed copy used to show in review: every file parses and the output
// is deterministic.

func TestFilesDeterministic(t *testing.T) {
	a, err := files()
	if err != nil {
		t.Fatal(err)
	}
	b, err := files()
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].path != b[i].path || !bytes.Equal(a[i].src, b[i].src) {
			t.Errorf("%s: output differs between two runs", a[i].path)
		}
	}
}

func TestFilesParse(t *testing.T) {
	fs, err := files()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range fs {
		if seen[f.path] {
			t.Errorf("%s written twice", f.path)
		}
		seen[f.path] = true
		af, err := parser.ParseFile(token.NewFileSet(), f.path, f.src, parser.ParseComments)
		if err != nil {
			t.Errorf("%s: %v", f.path, err)
			continue
		}
		if !bytes.HasPrefix(f.src, []byte(header)) {
			t.Errorf("%s: no generated-code header", f.path)
		}
		want := "peers"
		if dir := filepath.Dir(f.path); dir != "." {
			want = filepath.Base(dir)
		}
		if af.Name.Name != want {
			t.Errorf("%s: package %s, want %s", f.path, af.Name.Name, want)
		}
	}
	for _, p := range []string{"graph/graph_gen.go", "cgraph/cgraph_gen.go", "zz_sweep_gen_test.go"} {
		if !seen[filepath.FromSlash(p)] {
			t.Errorf("%s not generated", p)
		}
	}
}
