package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// exampleCases are the example programs whose Populate root generates: the
// differential harness compares the generated code with the container on
// each, as on the corpus. adapter is the Go code the harness needs in the
// example's package (wire, gen, variants and the knobs); the example's own
// tests are left out of the copy.
var exampleCases = []struct {
	dir, typ, decl, preset string
	adapter                string
}{
	{
		dir: "generated", typ: "App", decl: "wiring",
		adapter: `
var exCfg = Config{Addr: ":8080", DSN: "postgres://db"}

var exLog = &Logger{w: io.Discard}

func wire(c *container.Container) error { return wiring(c, exCfg, exLog) }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t, exCfg, exLog)
}

var variants = []variant{
	{name: "preset-metrics", want: expectOK, preset: func(a *App) { a.Metrics = &Metrics{Requests: 41} }},
}

var _ = time.Now
`,
	},
	{
		dir: "legacy", typ: "App", preset: "Clock",
		adapter: `
func wire(c *container.Container) error { return nil }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t)
}

var variants = []variant{
	// Without the preset clock both report App.Clock as not found.
	{name: "ok", want: expectFail},
	{name: "preset-clock", want: expectOK, preset: func(a *App) { a.Clock = fixedClock{time.Date(2024, 5, 20, 9, 0, 0, 0, time.UTC)} }},
}

var _ = io.Discard
`,
	},
	{
		// seed002 registers in its own functions; EagerUser is the one
		// Populate root that generates without registrations.
		dir: "seed002", typ: "EagerUser",
		adapter: `
type App = EagerUser

func wire(c *container.Container) error { return nil }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t)
}

var variants = []variant{
	{name: "preset-photo", want: expectOK, preset: func(a *App) { a.MainPhoto = &Photo{ID: 7} }},
}

var (
	_ = io.Discard
	_ = time.Now
)
`,
	},
}

// TestExamplesEqualPopulate runs the differential harness on the example
// programs that generate.
func TestExamplesEqualPopulate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a module per example")
	}
	root := repoRoot(t)
	goEnv(t)
	for _, ex := range exampleCases {
		t.Run(ex.dir, func(t *testing.T) {
			mod := tempDir(t, ex.dir)
			writeModule(t, mod, root)
			dir := filepath.Join(mod, ex.dir)
			copyDir(t, filepath.Join(root, "examples", ex.dir), dir)
			renameWire(t, dir)
			tests, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
			for _, f := range tests {
				if err := os.Remove(f); err != nil {
					t.Fatal(err)
				}
			}
			c := config{dir: dir, typ: ex.typ, decl: ex.decl, fn: "populateApp", out: "app_tagwire.go", preset: ex.preset}
			src, err := generate(c)
			if err != nil {
				t.Fatalf("generating %s: %v", ex.dir, err)
			}
			if err := os.WriteFile(filepath.Join(dir, c.out), src, 0o644); err != nil {
				t.Fatal(err)
			}
			adapter := "package main\n\nimport (\n\t\"context\"\n\t\"io\"\n\t\"time\"\n\n\t\"github.com/tagwire/tagwire/container\"\n)\n\n" +
				"// Trace, FailAt and Cancel are the harness's knobs; the example\n// does not use them.\nvar (\n\tTrace  []string\n\tFailAt string\n\tCancel func()\n)\n" + ex.adapter
			if err := os.WriteFile(filepath.Join(dir, "zz_adapter_test.go"), []byte(adapter), 0o644); err != nil {
				t.Fatal(err)
			}
			addHarness(t, dir)
			out, err := goTest(t, mod, "./...")
			if err != nil || !strings.Contains(out, "ok") {
				t.Errorf("generated code differs from the container (or does not build) in example %s:\n%s", ex.dir, out)
			}
		})
	}
}

var wireCall = regexp.MustCompile(`([^.\w])wire\(`)

// renameWire renames an example's own function wire, which the harness's
// adapter declares (legacy has one).
func renameWire(t *testing.T, dir string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, wireCall.ReplaceAll(src, []byte("${1}exampleWire(")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
