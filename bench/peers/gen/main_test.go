package main

import (
	"bytes"
	"fmt"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// The generator's output is not committed, so these tests check what a
// committed copy used to show in review: every file parses, the output is
// deterministic, and the wire injector covers the same graph as HandBuild.

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
	for _, p := range []string{"graph/graph_gen.go", "cgraph/cgraph_gen.go", "wiregraph/wire.go", "zz_sweep_gen_test.go"} {
		if !seen[filepath.FromSlash(p)] {
			t.Errorf("%s not generated", p)
		}
	}
}

func TestWireInjector(t *testing.T) {
	src := string(genWire())
	// Only the wire generator may compile the injector.
	var tag string
	for _, l := range strings.Split(src, "\n") {
		if constraint.IsGoBuild(l) {
			tag = l
		}
	}
	expr, err := constraint.Parse(tag)
	if err != nil {
		t.Fatalf("build constraint %q: %v", tag, err)
	}
	if expr.Eval(func(string) bool { return false }) || !expr.Eval(func(tag string) bool { return tag == "wireinject" }) {
		t.Errorf("constraint %q: want wireinject only", tag)
	}
	// wire.Build lists every DAG constructor and NewRoot, each once.
	ctors := map[string]int{}
	for _, l := range strings.Split(src, "\n") {
		if c, ok := strings.CutPrefix(strings.TrimSpace(l), "graph.New"); ok {
			ctors[strings.TrimSuffix(c, ",")]++
		}
	}
	if len(ctors) != layers*width+1 || ctors["Root"] != 1 {
		t.Errorf("wire.Build lists %d distinct constructors (Root: %d), want %d", len(ctors), ctors["Root"], layers*width+1)
	}
	for c, n := range ctors {
		if n != 1 {
			t.Errorf("New%s listed %d times", c, n)
		}
	}
}

// The tagwiregen inputs: each command line reads a package gen writes,
// names a type that package declares, and the S4 declaration function
// supplies every service once, from a parameter of its own.
func TestTagwiregenInputs(t *testing.T) {
	fs, err := files()
	if err != nil {
		t.Fatal(err)
	}
	src := map[string][]byte{}
	for _, f := range fs {
		src[filepath.ToSlash(f.path)] = f.src
	}
	for _, args := range [][]string{twgenS2Args, twgenS4Args} {
		flags := map[string]string{}
		for i := 0; i+1 < len(args); i += 2 {
			flags[args[i]] = args[i+1]
		}
		dir := flags["-dir"]
		var pkgSrc []byte
		for p, s := range src {
			if filepath.Dir(p) == dir {
				pkgSrc = append(pkgSrc, s...)
			}
		}
		if pkgSrc == nil {
			t.Errorf("tagwiregen %v: gen writes no file in %s", args, dir)
			continue
		}
		if !bytes.Contains(pkgSrc, []byte("type "+flags["-type"]+" = graph.")) {
			t.Errorf("tagwiregen %v: %s declares no type %s", args, dir, flags["-type"])
		}
		if d := flags["-decl"]; d != "" && !bytes.Contains(pkgSrc, []byte("func "+d+"(c *container.Container")) {
			t.Errorf("tagwiregen %v: %s declares no func %s(c *container.Container, ...)", args, dir, d)
		}
	}
	s4 := string(genTwgenS4())
	if !strings.Contains(s4, "func Wiring(c *container.Container, s *graph.Services) error {") {
		t.Errorf("twgen/s4: want Wiring(c *container.Container, s *graph.Services)")
	}
	for j := 0; j < nSvc; j++ {
		supply := fmt.Sprintf("container.Supply(c, s.%s),", sn(j))
		if strings.Count(s4, supply) != 1 {
			t.Errorf("twgen/s4: want %q once", supply)
		}
	}
	if n := strings.Count(s4, "container.Supply("); n != nSvc {
		t.Errorf("twgen/s4: %d Supply calls, want %d", n, nSvc)
	}
}
