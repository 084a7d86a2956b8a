package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/packages"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// config is the command line.
type config struct {
	dir    string
	typ    string
	decl   string
	fn     string
	out    string
	check  bool
	preset string
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tagwiregen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.StringVar(&c.dir, "dir", ".", "the package's directory")
	fs.StringVar(&c.typ, "type", "", "the root struct type (required): the type of the target given to Populate")
	fs.StringVar(&c.decl, "decl", "", "the declaration function: func(c *container.Container, ...) error; none: no registrations")
	fs.StringVar(&c.fn, "func", "", "the generated function's name (default populate<Type>)")
	fs.StringVar(&c.out, "o", "", "the output file, in the package's directory (default <type>_tagwire.go, lower case)")
	fs.StringVar(&c.preset, "preset", "", "comma-separated root fields the caller presets; when nothing provides one, the generated code reports ErrNotFound at run time if it is left zero, as Populate does")
	fs.BoolVar(&c.check, "check", false, "write nothing; fail when the output file is missing or differs from what would be generated")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: tagwiregen -type T [-decl fn] [-func name] [-o file] [-check] [-dir dir]\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if c.typ == "" || fs.NArg() != 0 {
		fs.Usage()
		return 2
	}
	if c.fn == "" {
		c.fn = "populate" + c.typ
	}
	if c.out == "" {
		c.out = strings.ToLower(c.typ) + "_tagwire.go"
	}
	if strings.ContainsAny(c.out, `/\`) {
		fmt.Fprintf(stderr, "tagwiregen: -o %s: the output file is a name in the package directory\n", c.out)
		return 2
	}
	src, err := generate(c)
	if err != nil {
		fmt.Fprintf(stderr, "tagwiregen: %v\n", err)
		return 1
	}
	path := filepath.Join(c.dir, c.out)
	if c.check {
		have, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(have, src) {
			fmt.Fprintf(stderr, "tagwiregen: %s is stale: run go generate (or tagwiregen %s)\n", path, strings.Join(args, " "))
			return 1
		}
		return 0
	}
	if err := os.WriteFile(path, src, 0o644); err != nil {
		fmt.Fprintf(stderr, "tagwiregen: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "tagwiregen: wrote %s\n", path)
	return 0
}

// command is the canonical command line of c, for the generated file's
// header: the same whether or not -check is given.
func (c config) command() string {
	s := "tagwiregen"
	if c.dir != "." {
		s += " -dir " + c.dir
	}
	s += " -type " + c.typ
	if c.decl != "" {
		s += " -decl " + c.decl
	}
	if c.fn != "populate"+c.typ {
		s += " -func " + c.fn
	}
	if c.out != strings.ToLower(c.typ)+"_tagwire.go" {
		s += " -o " + c.out
	}
	if c.preset != "" {
		s += " -preset " + c.preset
	}
	return s
}

// generate loads the package and returns the generated file.
func generate(c config) ([]byte, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedModule | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedImports | packages.NeedDeps,
		Dir:  c.dir,
	}
	// The generated file itself is left out: it may be stale or absent, and
	// code that calls the generated function must still type-check.
	cfg.ParseFile = func(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
		mode := parser.AllErrors | parser.ParseComments
		if filepath.Base(filename) == c.out {
			mode = parser.PackageClauseOnly
		}
		return parser.ParseFile(fset, filename, src, mode)
	}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		return nil, err
	}
	if len(pkgs) != 1 {
		return nil, fmt.Errorf("%s: want one package, found %d", c.dir, len(pkgs))
	}
	pkg := pkgs[0]
	var perrs []string
	for _, e := range pkg.Errors {
		if !strings.Contains(e.Msg, c.fn) {
			perrs = append(perrs, e.Error())
		}
	}
	if len(perrs) > 0 {
		return nil, errors.New(strings.Join(perrs, "\n"))
	}
	errs := &errList{fset: pkg.Fset}
	obj, ok := pkg.Types.Scope().Lookup(c.typ).(*types.TypeName)
	if !ok {
		return nil, fmt.Errorf("no type %s in package %s", c.typ, pkg.PkgPath)
	}
	if _, ok := obj.Type().Underlying().(*types.Struct); !ok {
		return nil, fmt.Errorf("%s is not a struct type", c.typ)
	}
	var regs []*reg
	var declSig *types.Signature
	if c.decl != "" {
		fd, rs := readDecl(pkg, c.decl, errs)
		regs = rs
		if fd != nil {
			declSig = pkg.TypesInfo.Defs[fd.Name].Type().(*types.Signature)
			for i := 1; i < declSig.Params().Len(); i++ {
				p := declSig.Params().At(i)
				if p.Name() == "" || p.Name() == "_" || p.Name() == "ctx" || p.Name() == "target" || p.Name() == "g" || p.Name() == "close" || p.Name() == "err" || reservedLocal(p.Name()) {
					errs.add(p.Pos(), "", "parameter %d of %s must be named, and not ctx, target, g, close, err or tw<n> (names the generated function uses)", i, c.decl)
				}
			}
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	if !token.IsIdentifier(c.fn) {
		return nil, fmt.Errorf("-func %q is not a Go identifier", c.fn)
	}
	g := newGraph(pkg.Types, obj.Type(), regs, errs)
	if pkg.Module != nil {
		g.module = pkg.Module.Path
	}
	g.preset = map[string]bool{}
	for _, f := range strings.Split(c.preset, ",") {
		if f != "" {
			g.preset[f] = true
		}
	}
	g.walk()
	if err := errs.err(); err != nil {
		return nil, err
	}
	e := newEmitter(pkg.Types, g, c.fn, c.decl, nil)
	if declSig != nil {
		for i := 1; i < declSig.Params().Len(); i++ {
			p := declSig.Params().At(i)
			e.params = append(e.params, p.Name()+" "+e.t(p.Type()))
		}
	}
	return e.emit(c.command())
}

// reservedLocal reports whether name is tw followed by digits: the
// generated function's locals for registered values.
func reservedLocal(name string) bool {
	d := strings.TrimPrefix(name, "tw")
	return len(d) < len(name) && d != "" && strings.Trim(d, "0123456789") == ""
}
