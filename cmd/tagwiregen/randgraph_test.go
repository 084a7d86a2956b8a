package main

// TestRandomGraphs writes seeded random struct graphs (pointer fields with
// cycles, interface fields resolved by As registrations or by the unique
// reachable implementation, private fields, optional fields with nothing
// registered beneath, named values, Init methods of every shape, AutoClose,
// PerGraph and Transient registrations) as packages of one temporary
// module, generates populateApp for each, and runs the harness of
// testdata/harness on all of them, as TestGeneratedEqualsPopulate does for
// the corpus.
//
//	go test -count=1 -run TestRandomGraphs -randgraph.n 20 -randgraph.seed 7 .
//
// The graphs keep clear of what the corpus already shows to differ, so
// that a failure here is news: no field reaches the root type, private
// fields and Init parameters only reach an acyclic pool of types (L*), the
// automatic "cancelled" and "nil-target" variants are left out (every
// corpus case runs them), and no cleanup fails (corpus cases autoclose,
// ifaceas, private and lifetimes cover the errors of close).

import (
	"flag"
	"fmt"
	"go/format"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var (
	randN    = flag.Int("randgraph.n", 8, "number of random graphs")
	randSeed = flag.Uint64("randgraph.seed", 1, "seed of the random graphs")
)

// rtype is one struct type of a random graph.
type rtype struct {
	name   string
	fields []string // field declarations
	init   int      // 0 none, 1 Init(), 2 Init() error, 3 Init(ctx) error, 4 Init(ctx) , 5 Init(ctx, *L) error, 6 Init(*L) error
	initL  string   // the L type of shapes 5 and 6
	iface  bool     // declares If<name>, implemented by *<name> only
	reg    string   // "": unregistered; "nil", "as", "autoclose", "pergraph", "transient"
}

// initErr reports whether the type's Init returns an error.
func (t *rtype) initErr() bool { return t.init == 2 || t.init == 3 || t.init == 5 || t.init == 6 }

// randGraph returns the source of a random graph package and its variants.
func randGraph(r *rand.Rand, pkg string) (src, variants string) {
	nT, nL := 2+r.IntN(5), 1+r.IntN(3)
	var ts, ls []*rtype
	for i := range nL {
		ls = append(ls, &rtype{name: fmt.Sprintf("L%d", i)})
	}
	for i := range nT {
		ts = append(ts, &rtype{name: fmt.Sprintf("T%d", i)})
	}
	chance := func(p float64) bool { return r.Float64() < p }
	// L types: an acyclic pool (fields to higher indices only).
	for i, l := range ls {
		for j := i + 1; j < nL; j++ {
			switch {
			case chance(0.3):
				l.fields = append(l.fields, fmt.Sprintf("L%d *L%d `inject:\"\"`", j, j))
			case chance(0.3):
				l.fields = append(l.fields, fmt.Sprintf("PL%d *L%d `inject:\"private\"`", j, j))
			}
		}
		if chance(0.3) {
			l.fields = append(l.fields, "S string `inject:\"name=s\"`")
		}
		if chance(0.5) {
			l.init = 2
		}
		switch {
		case chance(0.3):
			l.reg = "transient"
		case chance(0.2):
			l.reg = "nil"
		}
	}
	for _, t := range ts {
		t.iface = chance(0.4)
		if t.init = r.IntN(7); t.init >= 5 {
			t.initL = ls[r.IntN(nL)].name
		}
		switch x := r.Float64(); {
		case x < 0.15:
			t.reg = "as"
		case x < 0.3:
			t.reg = "autoclose"
		case x < 0.4:
			t.reg = "pergraph"
		case x < 0.5:
			t.reg = "nil"
		}
	}
	for _, t := range ts {
		for _, u := range ts {
			if chance(0.35) {
				t.fields = append(t.fields, fmt.Sprintf("F%s *%s `inject:\"\"`", u.name, u.name))
			}
			if u.iface && chance(0.3) {
				t.fields = append(t.fields, fmt.Sprintf("I%s If%s `inject:\"\"`", u.name, u.name))
			}
			if chance(0.1) {
				t.fields = append(t.fields, fmt.Sprintf("O%s *%s `inject:\"optional\"`", u.name, u.name))
			}
		}
		for _, l := range ls {
			switch {
			case chance(0.25):
				t.fields = append(t.fields, fmt.Sprintf("%s *%s `inject:\"\"`", l.name, l.name))
			case chance(0.25):
				t.fields = append(t.fields, fmt.Sprintf("P%s *%s `inject:\"private\"`", l.name, l.name))
			}
		}
		if chance(0.2) {
			t.fields = append(t.fields, "S string `inject:\"name=s\"`")
		}
		if chance(0.2) {
			t.fields = append(t.fields, "N int `inject:\"name=n\"`")
		}
		if chance(0.2) {
			t.fields = append(t.fields, "OM Missing `inject:\"optional\"`")
		}
		r.Shuffle(len(t.fields), func(i, j int) { t.fields[i], t.fields[j] = t.fields[j], t.fields[i] })
	}
	app := &rtype{name: "App", init: 2 * r.IntN(2)}
	for _, t := range ts {
		app.fields = append(app.fields, fmt.Sprintf("%s *%s `inject:\"\"`", t.name, t.name))
		if t.iface && chance(0.5) {
			app.fields = append(app.fields, fmt.Sprintf("I%s If%s `inject:\"\"`", t.name, t.name))
		}
	}
	app.fields = append(app.fields, "S string `inject:\"name=s\"`", "OM *MissT `inject:\"optional\"`", "P *L0 `inject:\"private\"`")
	r.Shuffle(len(app.fields), func(i, j int) { app.fields[i], app.fields[j] = app.fields[j], app.fields[i] })

	var b strings.Builder
	fmt.Fprintf(&b, "// Package %s is a random graph of TestRandomGraphs.\npackage %s\n\n", pkg, pkg)
	b.WriteString("import (\n\"context\"\n\"errors\"\n\n\"github.com/tagwire/tagwire/container\"\n)\n\n")
	b.WriteString("var _ context.Context\n\n")
	b.WriteString("type Missing interface{ missing() }\n\n")
	b.WriteString("type MissT struct {\nM Missing `inject:\"\"`\nID int\n}\n\n")
	for _, t := range append(append(append([]*rtype(nil), ls...), ts...), app) {
		fmt.Fprintf(&b, "type %s struct {\n%s\nID int\n}\n\n", t.name, strings.Join(t.fields, "\n"))
		if t.iface {
			fmt.Fprintf(&b, "type If%s interface{ is%s() }\n\nfunc (*%s) is%s() {}\n\n", t.name, t.name, t.name, t.name)
		}
		ev := fmt.Sprintf("%q", "init "+t.name)
		switch t.init {
		case 1:
			fmt.Fprintf(&b, "func (x *%s) Init() { _ = step(%s) }\n\n", t.name, ev)
		case 2:
			fmt.Fprintf(&b, "func (x *%s) Init() error { return step(%s) }\n\n", t.name, ev)
		case 3:
			fmt.Fprintf(&b, "func (x *%s) Init(ctx context.Context) error { return step(%s) }\n\n", t.name, ev)
		case 4:
			fmt.Fprintf(&b, "func (x *%s) Init(ctx context.Context) { _ = step(%s) }\n\n", t.name, ev)
		case 5:
			fmt.Fprintf(&b, "func (x *%s) Init(ctx context.Context, d *%s) error { x.ID = d.ID + 1; return step(%s) }\n\n", t.name, t.initL, ev)
		case 6:
			fmt.Fprintf(&b, "func (x *%s) Init(d *%s) error { x.ID = d.ID + 2; return step(%s) }\n\n", t.name, t.initL, ev)
		}
		if t.reg == "autoclose" {
			fmt.Fprintf(&b, "func (x *%s) Close() error { return step(%q) }\n\n", t.name, "close "+t.name)
		}
	}
	var regs []string
	regs = append(regs, `container.Supply(c, "str", container.Named("s"))`, `container.Supply(c, 7, container.Named("n"))`)
	for _, t := range append(append([]*rtype(nil), ls...), ts...) {
		switch t.reg {
		case "nil":
			regs = append(regs, fmt.Sprintf("container.Provide[*%s](c, nil)", t.name))
		case "as":
			if t.iface {
				regs = append(regs, fmt.Sprintf("container.Provide[*%s](c, nil, container.As[If%s]())", t.name, t.name))
			} else {
				regs = append(regs, fmt.Sprintf("container.Provide[*%s](c, nil)", t.name))
			}
		case "autoclose":
			regs = append(regs, fmt.Sprintf("container.Provide[*%s](c, nil, container.AutoClose())", t.name))
		case "pergraph":
			regs = append(regs, fmt.Sprintf("container.Provide[*%s](c, nil, container.PerGraph)", t.name))
		case "transient":
			regs = append(regs, fmt.Sprintf("container.Provide[*%s](c, nil, container.Transient)", t.name))
		}
	}
	fmt.Fprintf(&b, "func wiring(c *container.Container) error {\nreturn errors.Join(\n%s,\n)\n}\n", strings.Join(regs, ",\n"))

	var v strings.Builder
	fmt.Fprintf(&v, "package %s\n\nimport (\n\"context\"\n\n\"github.com/tagwire/tagwire/container\"\n)\n\n", pkg)
	v.WriteString("func wire(c *container.Container) error { return wiring(c) }\n\n")
	v.WriteString("func gen(ctx context.Context, t *App) (func(context.Context) error, error) {\nreturn populateApp(ctx, t)\n}\n\n")
	v.WriteString("var variants = []variant{\n{name: \"cancelled\", skip: true},\n{name: \"nil-target\", skip: true},\n")
	fmt.Fprintf(&v, "{name: \"preset\", want: expectOK, preset: func(a *App) { a.%s = &%s{ID: 42} }},\n", ts[0].name, ts[0].name)
	for _, t := range ts {
		if t.initErr() {
			fmt.Fprintf(&v, "{name: \"err-init-%s\", failAt: \"err:init %s\", want: expectFail},\n", t.name, t.name)
		}
		if t.init != 0 && chance(0.5) {
			fmt.Fprintf(&v, "{name: \"panic-init-%s\", failAt: \"panic:init %s\", want: expectFail},\n", t.name, t.name)
		}
	}
	if app.init == 2 {
		v.WriteString("{name: \"err-init-App\", failAt: \"err:init App\", want: expectFail},\n")
	}
	v.WriteString("}\n")
	return b.String(), v.String()
}

func TestRandomGraphs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a module of random graphs")
	}
	root := repoRoot(t)
	goEnv(t)
	mod := tempDir(t, "randgraph")
	writeModule(t, mod, root)
	var pkgs []string
	for i := range *randN {
		name := fmt.Sprintf("g%d", i)
		dir := filepath.Join(mod, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		src, vsrc := randGraph(rand.New(rand.NewPCG(*randSeed, uint64(i))), name)
		for file, s := range map[string]string{name + ".go": src, "variants_test.go": vsrc} {
			b, err := format.Source([]byte(s))
			if err != nil {
				t.Fatalf("random graph %s: %v\n%s", name, err, s)
			}
			if err := os.WriteFile(filepath.Join(dir, file), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		addKnobs(t, dir)
		if err := generateInto(dir); err != nil {
			t.Errorf("random graph %s (-randgraph.seed %d, graph %d): the generator rejects it:\n%v\nthe package:\n%s", name, *randSeed, i, err, src)
			continue
		}
		addHarness(t, dir)
		pkgs = append(pkgs, "./"+name)
	}
	if len(pkgs) == 0 {
		return
	}
	out, err := goTest(t, mod, pkgs...)
	if err != nil {
		t.Errorf("generated code differs from the container in random graphs (-randgraph.seed %d; -corpus.keep keeps the module):\n%s", *randSeed, out)
	}
}
