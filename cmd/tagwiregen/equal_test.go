package main

// TestGeneratedEqualsPopulate is the differential test of tagwiregen: for
// every case package under testdata/corpus, it generates populateApp from
// the case's root type App and declaration function wiring, and runs, in a
// module of its own, the harness of testdata/harness, which compares the
// generated function with the reflective container (c.Populate, c.Close)
// variant by variant: errors, the object graph, the Init and cleanup
// traces. See testdata/harness/harness_test.go.
//
// Run it with
//
//	cd cmd/tagwiregen && go test -count=1 -run TestGeneratedEqualsPopulate ./...
//
// (-corpus.keep keeps the temporary modules and logs where they are;
// -run TestGeneratedEqualsPopulate/<case> runs one case.)

import (
	"bytes"
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

var (
	keepCorpus   = flag.Bool("corpus.keep", false, "keep the temporary modules of the differential tests (their paths are logged)")
	corpusModule = flag.String("corpus.module", "corpus", "the module path of the temporary modules (a path with a dot, such as example.com/corpus, avoids the generator's isStd misreading the module's packages as the standard library)")
)

// repoRoot is the absolute path of the tagwire module (/work/main).
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "container", "doc.go")); err != nil {
		t.Fatalf("the tagwire module is not at %s: %v", root, err)
	}
	return root
}

// tempDir is t.TempDir, or a directory that stays with -corpus.keep.
func tempDir(t *testing.T, name string) string {
	t.Helper()
	if !*keepCorpus {
		return t.TempDir()
	}
	dir, err := os.MkdirTemp("", "tagwiregen-"+name+"-")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("keeping %s", dir)
	return dir
}

// goEnv makes the go command of this test (the in-process generator's go
// list included) resolve the temporary modules' requirements.
func goEnv(t *testing.T) {
	t.Helper()
	t.Setenv("GOFLAGS", "-mod=mod -buildvcs=false")
	t.Setenv("GOWORK", "off")
}

// writeModule writes go.mod and go.sum of a temporary module (named by
// -corpus.module, corpus by default) that uses the tagwire module at root.
func writeModule(t *testing.T, dir, root string) {
	t.Helper()
	mod := fmt.Sprintf(`module %s

go 1.26

require (
	github.com/stretchr/testify v1.12.1
	github.com/tagwire/tagwire v0.0.0
)

replace github.com/tagwire/tagwire => %s
`, *corpusModule, root)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyDir copies the regular files of src (not its subdirectories) to dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// packageName returns the package name of the non-test Go files in dir.
func packageName(t *testing.T, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, e.Name()), nil, parser.PackageClauseOnly)
		if err != nil {
			t.Fatal(err)
		}
		return f.Name.Name
	}
	t.Fatalf("no Go file in %s", dir)
	return ""
}

var packageClause = regexp.MustCompile(`(?m)^package corpuscase$`)

// addHarness writes the comparison harness into the case package at dir.
func addHarness(t *testing.T, dir string) {
	t.Helper()
	copyIntoCase(t, dir, "harness_test.go", "zz_harness_test.go")
}

// addKnobs writes the knobs every case uses (Trace, FailAt, Cancel, step,
// nilAt, seq) into the case package at dir, before it is generated.
func addKnobs(t *testing.T, dir string) {
	t.Helper()
	copyIntoCase(t, dir, "knobs.go", "zz_knobs.go")
}

// copyIntoCase copies testdata/harness/name into the case package at dir
// as file, in the case's package.
func copyIntoCase(t *testing.T, dir, name, file string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "harness", name))
	if err != nil {
		t.Fatal(err)
	}
	if !packageClause.Match(src) {
		t.Fatalf("testdata/harness/%s has no line \"package corpuscase\"", name)
	}
	src = packageClause.ReplaceAll(src, []byte("package "+packageName(t, dir)))
	if err := os.WriteFile(filepath.Join(dir, file), src, 0o644); err != nil {
		t.Fatal(err)
	}
}

// generateInto runs the generator on the package at dir (root type App,
// declaration function wiring, function populateApp) and writes
// app_tagwire.go there.
func generateInto(dir string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the generator panicked: %v", r)
		}
	}()
	c := config{dir: dir, typ: "App", decl: "wiring", fn: "populateApp", out: "app_tagwire.go"}
	src, err := generate(c)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, c.out), src, 0o644)
}

// goTest runs go test -race in the module at dir and returns its output.
func goTest(t *testing.T, dir string, pkgs ...string) (string, error) {
	t.Helper()
	args := append([]string{"test", "-race", "-count=1", "-timeout=10m"}, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod -buildvcs=false", "GOWORK=off")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	t.Logf("go %s in %s: %v (%s)", strings.Join(args, " "), dir, err, time.Since(start).Round(time.Millisecond))
	return out.String(), err
}

// corpusCases lists the case directories of testdata/corpus.
func corpusCases(t *testing.T) []string {
	t.Helper()
	return caseDirs(t, "corpus")
}

// caseDirs lists the directories of testdata/<under>, sorted.
func caseDirs(t *testing.T, under string) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join("testdata", under))
	if err != nil {
		t.Fatal(err)
	}
	var cases []string
	for _, e := range ents {
		if e.IsDir() {
			cases = append(cases, e.Name())
		}
	}
	sort.Strings(cases)
	return cases
}

func TestGeneratedEqualsPopulate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a module per corpus case")
	}
	root := repoRoot(t)
	goEnv(t)
	cases := corpusCases(t)
	if len(cases) < 12 {
		t.Fatalf("the corpus has %d cases, want at least 12", len(cases))
	}
	for _, name := range cases {
		t.Run(name, func(t *testing.T) {
			mod := tempDir(t, name)
			writeModule(t, mod, root)
			dir := filepath.Join(mod, name)
			copyDir(t, filepath.Join("testdata", "corpus", name), dir)
			// A case whose graph the container rejects names the kind in
			// a file want_generation_error: rejecting it at generation
			// time with that kind is right, and so is generated code
			// that fails as the container does.
			wantKind := ""
			if b, err := os.ReadFile(filepath.Join(dir, "want_generation_error")); err == nil {
				wantKind = strings.TrimSpace(string(b))
			}
			addKnobs(t, dir)
			if err := generateInto(dir); err != nil {
				if wantKind != "" && strings.Contains(err.Error(), wantKind) {
					t.Logf("the generator rejects %s with %s, as the container does: %v", name, wantKind, err)
					return
				}
				t.Fatalf("generating %s: the container populates this case, the generator rejects it:\n%v", name, err)
			}
			addHarness(t, dir)
			out, err := goTest(t, mod, "./...")
			if err != nil {
				t.Errorf("generated code differs from the container (or does not build) in case %s:\n%s", name, out)
			}
		})
	}
}
