package injectvet

import (
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/tagwire/tagwire/internal/suggest"
	"github.com/tagwire/tagwire/tags"
)

// Import paths of the tagwire packages whose calls register names.
const (
	containerPath = "github.com/tagwire/tagwire/container"
	injectPath    = "github.com/tagwire/tagwire/inject"
)

const doc = `check tagwire inject struct tags

The injectvet analyzer reports, at the struct tag of the field concerned,
the mistakes that tagwire would only report when it first populates the
struct:

  - a malformed struct tag, an unknown or misspelled option, an option
    given twice, an empty name, a contradiction ("private" with "name=" or
    "factory", "inline" with anything else), a repeated inject key or a
    wrong-case key (Inject:""): the error of tags.Lookup, tagwire's parser;
  - an inject tag on an unexported field (tagwire never writes one; an
    unexported embedded struct tagged inject:"inline" is allowed);
  - "inline" on a field that is not a struct value (a pointer, say);
  - "factory" on a field that is not a func, a struct such as
    container.Factory[T], or a map of factories;
  - a map field that is neither "private", "factory" nor named;
  - an embedded struct value that holds tagged fields but is not tagged
    inject:"inline", in a struct that has inject tags of its own (its
    tagged fields would never be filled);
  - name=X (or facebookgo's bare inject:"X") when no registration in the
    package uses the name X (see below);
  - with -privateiface, "private" on a field of interface type (see below).

Names. A name is taken as registered when it is a constant passed to
container.Named (in any call: Provide, Supply, Override, Resolve, ...) or
given as the Name of an inject.Object. Unknown names are reported only
when the package itself makes a registration call (container.Provide,
container.Supply, container.Override, inject.Graph.Provide or
inject.Populate): a package that registers nothing leaves registration to
another package, which this analyzer cannot see. Nothing is reported
either when some name is not a constant (container.Named(s) with a
variable s), since that name could be anything. The heuristic can still
be wrong when a package registers some names and another package
registers the rest.

Private interfaces. facebookgo/inject rejected inject:"private" on an
interface field; tagwire accepts it and builds a fresh instance of the
interface's implementation, which fails at run time only when that
implementation was supplied as a ready value (container.Supply,
inject.Object). The check is therefore off by default; -privateiface
turns it on for code that must also run on facebookgo's rules or that
supplies its implementations as values.

Checks that depend on the field's type are skipped for fields whose type
is a type parameter.`

// Analyzer checks tagwire `inject` struct tags; its Doc lists the checks.
var Analyzer = &analysis.Analyzer{
	Name:     "injectvet",
	Doc:      doc,
	URL:      "https://pkg.go.dev/github.com/tagwire/tagwire/cmd/injectvet/injectvet",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// privateIface is the -privateiface flag.
var privateIface bool

func init() {
	Analyzer.Flags.BoolVar(&privateIface, "privateiface", false,
		`report inject:"private" on interface fields (facebookgo/inject's rule; tagwire accepts them)`)
}

// namedUse is a field tagged with a name, checked once the whole package
// has been seen.
type namedUse struct {
	tag   *ast.BasicLit
	owner string
	field string
	t     tags.Tag
}

// registry is what the package registers, as far as can be seen.
type registry struct {
	container bool                // a registration call of package container was seen
	inject    bool                // a registration call of package inject was seen
	dynamic   bool                // a name that is not a constant was seen
	names     map[string]struct{} // constant names
	calls     int                 // calls of container.Named seen
}

// add notes the name e: a string constant is recorded, a constant of
// another kind (an int key) is never a tag's name, anything else could be
// any name.
func (r *registry) add(pass *analysis.Pass, e ast.Expr) {
	switch tv := pass.TypesInfo.Types[e]; {
	case tv.Value == nil:
		r.dynamic = true
	case tv.Value.Kind() == constant.String:
		r.names[constant.StringVal(tv.Value)] = struct{}{}
	}
}

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	reg := &registry{names: map[string]struct{}{}}
	owners := map[*ast.StructType]string{}
	var named []namedUse

	ins.Preorder([]ast.Node{(*ast.TypeSpec)(nil), (*ast.CallExpr)(nil), (*ast.CompositeLit)(nil), (*ast.AssignStmt)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.TypeSpec:
			if st, ok := ast.Unparen(n.Type).(*ast.StructType); ok {
				nameStructs(owners, st, n.Name.Name)
			}
		case *ast.CallExpr:
			reg.call(pass, n)
		case *ast.CompositeLit:
			reg.objectLit(pass, n)
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if !isObjectName(pass, lhs) {
					continue
				}
				if n.Tok == token.ASSIGN && len(n.Rhs) == len(n.Lhs) {
					reg.add(pass, n.Rhs[i]) // o.Name = "db"
				} else {
					reg.dynamic = true // o.Name, err = f(); o.Name += "x"
				}
			}
		}
	})

	ins.Preorder([]ast.Node{(*ast.StructType)(nil)}, func(n ast.Node) {
		st := n.(*ast.StructType)
		owner, ok := owners[st]
		if !ok {
			owner = "struct{...}"
		}
		named = append(named, checkStruct(pass, st, owner)...)
	})

	// container.Named used other than in a call (f := container.Named[string])
	// registers names that cannot be seen.
	for _, obj := range pass.TypesInfo.Uses {
		if fn, ok := obj.(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == containerPath && fn.Origin().Name() == "Named" {
			reg.calls--
		}
	}
	if reg.calls < 0 {
		reg.dynamic = true
	}
	if !reg.container && !reg.inject || reg.dynamic {
		return nil, nil
	}
	known := make([]string, 0, len(reg.names))
	for n := range reg.names {
		known = append(known, n)
	}
	slices.Sort(known)
	for _, u := range named {
		if _, ok := reg.names[u.t.Name]; ok {
			continue
		}
		hint := fmt.Sprintf("register one with container.Supply(c, v, container.Named(%q)) or container.Provide", u.t.Name)
		if !reg.container {
			hint = fmt.Sprintf("provide one with g.Provide(&inject.Object{Value: v, Name: %q})", u.t.Name)
		}
		if n := suggest.Nearest(u.t.Name, known, 3); n != "" {
			hint = fmt.Sprintf("did you mean %q? or %s", n, hint)
		}
		report(pass, u.tag, &tags.Error{Struct: u.owner, Field: u.field, Tag: u.t.Raw,
			Reason: fmt.Sprintf("nothing in package %s is registered under the name %q", pass.Pkg.Name(), u.t.Name),
			Hint:   hint})
	}
	return nil, nil
}

// nameStructs records the name messages use for st and for the anonymous
// struct types of its fields ("Server", "Server.Config").
func nameStructs(owners map[*ast.StructType]string, st *ast.StructType, name string) {
	owners[st] = name
	for _, f := range st.Fields.List {
		if inner, ok := ast.Unparen(f.Type).(*ast.StructType); ok && len(f.Names) > 0 {
			nameStructs(owners, inner, name+"."+f.Names[0].Name)
		}
	}
}

// call notes a registration call and the names it registers.
func (r *registry) call(pass *analysis.Pass, call *ast.CallExpr) {
	fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return
	}
	fn = fn.Origin()
	sig := fn.Signature()
	switch path, name := fn.Pkg().Path(), fn.Name(); {
	case path == containerPath && sig.Recv() == nil && (name == "Provide" || name == "Supply" || name == "Override"):
		r.container = true
	case path == containerPath && sig.Recv() == nil && name == "Named":
		r.calls++
		if len(call.Args) == 1 {
			r.add(pass, call.Args[0])
		}
	case path == injectPath && sig.Recv() == nil && name == "Populate":
		r.inject = true
	case path == injectPath && sig.Recv() != nil && name == "Provide" && isNamed(sig.Recv().Type(), injectPath, "Graph"):
		r.inject = true
	}
}

// objectLit notes the Name of an inject.Object literal.
func (r *registry) objectLit(pass *analysis.Pass, lit *ast.CompositeLit) {
	if !isNamed(pass.TypesInfo.TypeOf(lit), injectPath, "Object") {
		return
	}
	for i, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Name" {
				r.add(pass, kv.Value)
			}
		} else if i == 1 { // inject.Object{v, "name", ...}
			r.add(pass, elt)
		}
	}
}

// isObjectName reports whether e is the Name field of an inject.Object.
func isObjectName(pass *analysis.Pass, e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Name" {
		return false
	}
	s := pass.TypesInfo.Selections[sel]
	return s != nil && s.Kind() == types.FieldVal && isNamed(s.Recv(), injectPath, "Object")
}

// isNamed reports whether t is path.name or a pointer to it.
func isNamed(t types.Type, path, name string) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Origin().Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == path && obj.Name() == name
}

// checkStruct reports the problems of the fields of st and returns its
// fields tagged with a name, for the name check.
func checkStruct(pass *analysis.Pass, st *ast.StructType, owner string) []namedUse {
	var named []namedUse
	ownTags := false
	for _, f := range st.Fields.List {
		if f.Tag != nil {
			if raw, err := strconv.Unquote(f.Tag.Value); err == nil && mentionsInject(raw) {
				ownTags = true
			}
		}
	}
	for _, f := range st.Fields.List {
		ft := pass.TypesInfo.TypeOf(f.Type)
		if ft == nil {
			continue
		}
		names := fieldNames(f)
		field := strings.Join(names, ", ")
		if f.Tag == nil {
			if ownTags {
				checkEmbed(pass, f, ft, owner, field)
			}
			continue
		}
		raw, err := strconv.Unquote(f.Tag.Value)
		if err != nil {
			continue // not valid Go; the compiler says so
		}
		t, ok, err := tags.Lookup(reflect.StructTag(raw))
		if err != nil {
			var te *tags.Error
			if errors.As(err, &te) {
				te.Struct, te.Field = owner, field
				if te.Hint == "" && strings.HasSuffix(te.Reason, "given twice") {
					te.Hint = "keep one"
				}
				report(pass, f.Tag, te)
			} else {
				pass.Reportf(f.Tag.Pos(), "%s.%s: %v", owner, field, err)
			}
			continue
		}
		if !ok {
			if ownTags {
				checkEmbed(pass, f, ft, owner, field)
			}
			continue
		}
		if te := checkType(pass, t, ft); te != nil {
			te.Struct, te.Field = owner, field
			report(pass, f.Tag, te)
		}
		for _, name := range names {
			if ast.IsExported(name) || t.Inline && len(f.Names) == 0 {
				continue // an unexported embedded struct may be walked
			}
			hint := "tagwire never writes unexported fields: "
			if exp := exported(name); exp != "" {
				hint += "export it as " + exp + ", "
			}
			hint += "receive the value in an Init method parameter, or remove the tag"
			report(pass, f.Tag, &tags.Error{Struct: owner, Field: name, Tag: t.Raw,
				Reason: "inject tag on unexported field " + name, Hint: hint})
		}
		if privateIface && t.Private && isInterface(ft) {
			report(pass, f.Tag, &tags.Error{Struct: owner, Field: field, Tag: t.Raw,
				Reason: fmt.Sprintf(`"private" on a field of interface type %s`, typeString(pass, ft)),
				Hint: `facebookgo/inject rejects it, and tagwire fails when the implementation is a supplied value; ` +
					`drop "private", or make the field the concrete pointer type`})
		}
		if t.Name != "" {
			named = append(named, namedUse{tag: f.Tag, owner: owner, field: field, t: t})
		}
	}
	return named
}

// checkType mirrors the type checks of tags.ForField on go/types.
func checkType(pass *analysis.Pass, t tags.Tag, ft types.Type) *tags.Error {
	if _, ok := types.Unalias(ft).(*types.TypeParam); ok {
		return nil // its kind depends on the instantiation
	}
	fail := func(reason, hint string) *tags.Error { return &tags.Error{Tag: t.Raw, Reason: reason, Hint: hint} }
	u := ft.Underlying()
	_, isMap := u.(*types.Map)
	switch {
	case t.Inline && !isStruct(ft):
		hint := "inline walks into a struct value; remove it"
		if p, ok := u.(*types.Pointer); ok && isStruct(p.Elem()) {
			hint = `a pointer field is injected, not walked: use inject:""`
		}
		return fail(fmt.Sprintf(`"inline" on a field of type %s`, typeString(pass, ft)), hint)
	case t.Factory:
		switch u.(type) {
		case *types.Signature, *types.Struct, *types.Map:
		default:
			return fail(fmt.Sprintf(`"factory" on a field of type %s`, typeString(pass, ft)),
				"a factory field is a func such as func() (T, error), a Factory[T] or a map of factories")
		}
	case isMap && !t.Private && t.Name == "":
		return fail(fmt.Sprintf("a map field (%s) needs \"private\" or a name", typeString(pass, ft)),
			`inject:"private" makes an empty map; inject:"name=x" injects the map registered as x`)
	}
	return nil
}

// checkEmbed reports an embedded struct value with tagged fields that is
// not tagged inject:"inline" (attribute.ErrUntaggedEmbed).
func checkEmbed(pass *analysis.Pass, f *ast.Field, ft types.Type, owner, field string) {
	if len(f.Names) > 0 || !isStruct(ft) || !hasTagged(ft, 0) {
		return
	}
	pass.Report(analysis.Diagnostic{Pos: f.Pos(), End: f.End(), Message: fmt.Sprintf(
		"%s.%s: embedded struct with tagged fields is not inline (tag the embedded field inject:\"inline\" so its tagged fields are filled)",
		owner, field)})
}

// hasTagged mirrors attribute's hasTagged: whether struct type t declares
// an inject-tagged field, directly or through embedded struct values.
func hasTagged(t types.Type, depth int) bool {
	st, ok := t.Underlying().(*types.Struct)
	if !ok || depth > 16 {
		return false
	}
	for i := range st.NumFields() {
		if _, ok := reflect.StructTag(st.Tag(i)).Lookup(tags.Key); ok {
			return true
		}
		if f := st.Field(i); f.Embedded() && isStruct(f.Type()) && hasTagged(f.Type(), depth+1) {
			return true
		}
	}
	return false
}

// mentionsInject reports whether a struct tag has an inject key, possibly
// a malformed one: what makes a struct an injection target.
func mentionsInject(raw string) bool {
	if _, ok := reflect.StructTag(raw).Lookup(tags.Key); ok {
		return true
	}
	_, _, err := tags.Lookup(reflect.StructTag(raw))
	return err != nil
}

func isStruct(t types.Type) bool {
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return false
	}
	_, ok := t.Underlying().(*types.Struct)
	return ok
}

func isInterface(t types.Type) bool {
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return false
	}
	return types.IsInterface(t)
}

// fieldNames returns the names an ast.Field declares; for an embedded
// field, the name of its type.
func fieldNames(f *ast.Field) []string {
	if len(f.Names) > 0 {
		names := make([]string, len(f.Names))
		for i, n := range f.Names {
			names[i] = n.Name
		}
		return names
	}
	e := f.Type
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.SelectorExpr:
			return []string{x.Sel.Name}
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return []string{x.Name}
		default:
			return []string{"?"}
		}
	}
}

// exported returns the exported form of an unexported field name, or ""
// when it has none (the blank field).
func exported(name string) string {
	name = strings.TrimLeft(name, "_")
	r, n := utf8.DecodeRuneInString(name)
	if n == 0 || !unicode.IsLower(r) {
		return ""
	}
	return string(unicode.ToUpper(r)) + name[n:]
}

// typeString renders t as reflect would, without the current package's
// qualifier.
func typeString(pass *analysis.Pass, t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		if p == pass.Pkg {
			return ""
		}
		return p.Name()
	})
}

// report reports te at the struct tag n, in the tags package's wording
// without its "tags: " prefix.
func report(pass *analysis.Pass, n ast.Node, te *tags.Error) {
	pass.Report(analysis.Diagnostic{Pos: n.Pos(), End: n.End(), Message: strings.TrimPrefix(te.Error(), "tags: ")})
}
