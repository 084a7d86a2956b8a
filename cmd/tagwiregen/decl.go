package main

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/packages"
)

// containerPath is the import path of the package whose registration calls
// a declaration function may contain.
const containerPath = "github.com/tagwire/tagwire/container"

// lifetime is a registration's Lifetime, as far as generated code knows it.
type lifetime uint8

const (
	singleton lifetime = iota
	transient
	perGraph
)

// srcKind says what a registration builds from.
type srcKind uint8

const (
	srcZero  srcKind = iota // Provide[*S](c, nil): S's zero value, filled
	srcCtor                 // Provide[T](c, NewT): a constructor
	srcValue                // Supply(c, v) or Provide[T](c, v): a ready value
)

// reg is one registration read from the declaration function.
type reg struct {
	idx  int
	pos  token.Pos
	call string     // "Provide[*DB]" or "Supply", for messages
	typ  types.Type // the registered type T
	own  types.Type // for a value: its own type when other than typ, else nil
	kind srcKind

	src     string // the constructor or value expression, as written
	fname   string // the constructor as runtime.FuncForPC names it, after the last "/"
	ctor    *types.Signature
	ctorArg int // number of leading parameters Args fills
	ctorCtx bool
	ctorCl  int // 0 no cleanup, 1 func(), 2 func(context.Context) error
	ctorErr bool
	args    []string // Args expressions, as written

	name      string
	as        []types.Type
	life      lifetime
	autoClose bool
}

// valueType is the type of a ready value as written: its own type when it
// has one other than the registered type.
func (r *reg) valueType() types.Type {
	if r.own != nil {
		return r.own
	}
	return r.typ
}

// types reports every type the registration is found under.
func (r *reg) types() []types.Type {
	ts := append([]types.Type{r.typ}, r.as...)
	if r.own != nil {
		ts = append(ts, r.own)
	}
	return ts
}

// declReader reads a declaration function: a function of the package whose
// first parameter is a *container.Container and whose body makes
// registrations with container.Provide and container.Supply.
type declReader struct {
	pkg  *packages.Package
	fn   *ast.FuncDecl
	c    *types.Var // the container parameter
	errs *errList
	regs []*reg
}

// readDecl finds the function called name in pkg and reads its
// registrations.
func readDecl(pkg *packages.Package, name string, errs *errList) (*ast.FuncDecl, []*reg) {
	var fn *ast.FuncDecl
	for _, f := range pkg.Syntax {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == name {
				fn = fd
			}
		}
	}
	if fn == nil {
		errs.add(token.NoPos, "", "no function %s in package %s: -decl names a function func %s(c *container.Container, ...) error of the package", name, pkg.PkgPath, name)
		return nil, nil
	}
	r := &declReader{pkg: pkg, fn: fn, errs: errs}
	r.read()
	return fn, r.regs
}

func (r *declReader) read() {
	sig := r.pkg.TypesInfo.Defs[r.fn.Name].Type().(*types.Signature)
	ok := sig.Params().Len() >= 1 && isContainerPtr(sig.Params().At(0).Type()) &&
		sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), errorType) &&
		r.fn.Type.TypeParams == nil
	if !ok {
		r.errs.add(r.fn.Pos(), "", "declaration function %s must be func %s(c *container.Container, ...) error", r.fn.Name.Name, r.fn.Name.Name)
		return
	}
	r.c = sig.Params().At(0)
	ast.Inspect(r.fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			r.errs.add(n.Pos(), "", "a function literal in declaration function %s: tagwiregen reads straight-line registrations only; declare a named function and pass it", r.fn.Name.Name)
			return false
		case *ast.CallExpr:
			return r.call(n)
		case *ast.Ident:
			r.local(n)
		}
		return true
	})
}

// local rejects a use of a local variable of the declaration function in
// anything but error plumbing: generated code evaluates registration
// expressions in a function of its own, where only the parameters exist.
func (r *declReader) local(id *ast.Ident) {
	v, ok := r.pkg.TypesInfo.Uses[id].(*types.Var)
	if !ok || v == r.c || v.IsField() || v.Parent() == nil || v.Parent() == r.pkg.Types.Scope() {
		return
	}
	if types.Identical(v.Type(), errorType) {
		return // err plumbing
	}
	if v.Pos() >= r.fn.Body.Pos() && v.Pos() < r.fn.Body.End() {
		r.errs.add(id.Pos(), "", "declaration function %s uses its local variable %s; generated code cannot see it: make it a parameter of %s (the generated function takes the same parameters)", r.fn.Name.Name, id.Name, r.fn.Name.Name)
	}
}

// containerFunc returns the name of the package-level function of package
// container that call calls, and its explicit type arguments.
func (r *declReader) containerFunc(fun ast.Expr) (string, []types.Type) {
	var id *ast.Ident
	switch f := ast.Unparen(fun).(type) {
	case *ast.IndexExpr:
		return r.containerFunc(f.X)
	case *ast.IndexListExpr:
		return r.containerFunc(f.X)
	case *ast.SelectorExpr:
		id = f.Sel
	case *ast.Ident:
		id = f
	default:
		return "", nil
	}
	obj, ok := r.pkg.TypesInfo.Uses[id].(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != containerPath {
		return "", nil
	}
	var targs []types.Type
	if inst, ok := r.pkg.TypesInfo.Instances[id]; ok {
		for i := range inst.TypeArgs.Len() {
			targs = append(targs, inst.TypeArgs.At(i))
		}
	}
	if sig := obj.Type().(*types.Signature); sig.Recv() != nil {
		return "", nil // a method: reported by the caller when it is the container's
	}
	return obj.Name(), targs
}

func (r *declReader) call(call *ast.CallExpr) bool {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := r.pkg.TypesInfo.Selections[sel]; ok && isContainerPtr(s.Recv()) {
			r.errs.add(call.Pos(), "", "Container.%s in declaration function %s: tagwiregen reads container.Provide and container.Supply registrations only", sel.Sel.Name, r.fn.Name.Name)
			return false
		}
	}
	name, targs := r.containerFunc(call.Fun)
	switch name {
	case "":
		return true
	case "Provide", "Supply":
		r.register(call, name, targs)
		return false
	default:
		r.errs.add(call.Pos(), "", "container.%s in declaration function %s is not supported by tagwiregen; supported: container.Provide and container.Supply with the options Named, As, Args, AutoClose, Singleton, Transient and PerGraph", name, r.fn.Name.Name)
		return false
	}
}

func (r *declReader) text(e ast.Expr) string {
	return exprText(r.pkg.Fset, e)
}

func (r *declReader) register(call *ast.CallExpr, name string, targs []types.Type) {
	g := &reg{idx: len(r.regs), pos: call.Pos(), call: name}
	if len(call.Args) < 2 {
		r.errs.add(call.Pos(), "", "container.%s needs a container and a source", name)
		return
	}
	if id, ok := ast.Unparen(call.Args[0]).(*ast.Ident); !ok || r.pkg.TypesInfo.Uses[id] != r.c {
		r.errs.add(call.Args[0].Pos(), "", "container.%s must register on the declaration function's parameter %s", name, r.c.Name())
		return
	}
	for _, a := range call.Args[2:] {
		r.ast(a)
		r.option(g, a)
	}
	if call.Ellipsis.IsValid() {
		r.errs.add(call.Ellipsis, "", "container.%s with a spread option list: tagwiregen needs each option written out", name)
	}
	src := call.Args[1]
	r.ast(src)
	g.src = r.text(src)
	srcType := r.pkg.TypesInfo.TypeOf(src)
	if name == "Supply" {
		g.typ = srcType
		g.kind = srcValue
		if types.IsInterface(srcType) {
			r.errs.add(src.Pos(), "", "container.Supply of %s, an expression of interface type %s: the registered type is its dynamic type, which tagwiregen cannot see; use container.Provide[T] with the type", g.src, srcType)
			return
		}
	} else {
		if len(targs) != 1 {
			r.errs.add(call.Pos(), "", "container.Provide without an explicit type argument")
			return
		}
		g.typ = targs[0]
		g.call = "Provide[" + types.TypeString(g.typ, relativeTo(r.pkg.Types)) + "]"
		switch {
		case isNilExpr(r.pkg.TypesInfo, src):
			g.kind = srcZero
			if !isPtrToStruct(g.typ) {
				r.errs.add(src.Pos(), "", "container.%s(c, nil): tagwiregen generates zero-value builds of pointer-to-struct types only (an interface placeholder needs Override)", g.call)
				return
			}
		default:
			if sig, ok := srcType.Underlying().(*types.Signature); ok && !assignable(srcType, g.typ) {
				g.kind = srcCtor
				g.fname = r.funcName(src)
				if !r.ctor(g, sig, src) {
					return
				}
			} else {
				g.kind = srcValue
				if !types.Identical(srcType, g.typ) && !types.IsInterface(srcType) {
					g.own = srcType
				}
			}
		}
	}
	if g.kind == srcValue && g.autoClose {
		r.errs.add(call.Pos(), "", "AutoClose on the ready value of container.%s: tagwiregen does not generate the close of a value the caller owns", g.call)
	}
	if g.kind == srcValue && len(g.args) > 0 {
		r.errs.add(call.Pos(), "", "Args on the ready value of container.%s", g.call)
	}
	if g.kind == srcValue && g.life != singleton {
		r.errs.add(call.Pos(), "", "a lifetime on the ready value of container.%s", g.call)
	}
	r.regs = append(r.regs, g)
}

// funcName is the name error paths give the constructor src: the runtime's
// name of the function after its last "/" (pkg.NewX, main.NewX).
func (r *declReader) funcName(src ast.Expr) string {
	var id *ast.Ident
	switch e := ast.Unparen(src).(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	}
	if id != nil {
		if fn, ok := r.pkg.TypesInfo.Uses[id].(*types.Func); ok && fn.Pkg() != nil {
			path := fn.Pkg().Path()
			if fn.Pkg().Name() == "main" {
				path = "main"
			}
			return path[strings.LastIndex(path, "/")+1:] + "." + fn.Name()
		}
	}
	return r.text(src)
}

// ctor checks a constructor's shape: [ctx,] params... → T[, cleanup][, error].
func (r *declReader) ctor(g *reg, sig *types.Signature, src ast.Expr) bool {
	g.ctor = sig
	if sig.Variadic() || sig.TypeParams().Len() > 0 {
		r.errs.add(src.Pos(), "", "constructor %s of container.%s is variadic or generic: tagwiregen cannot call it", g.src, g.call)
		return false
	}
	res := sig.Results()
	bad := res.Len() == 0 || res.Len() > 3 || !assignable(res.At(0).Type(), g.typ)
	if !bad && res.Len() >= 2 {
		last := res.At(res.Len() - 1).Type()
		if res.Len() == 3 || types.Identical(last, errorType) {
			g.ctorErr = types.Identical(last, errorType)
			bad = bad || !g.ctorErr
		}
		if res.Len() == 3 || !g.ctorErr {
			g.ctorCl = cleanupKind(res.At(1).Type())
			bad = bad || g.ctorCl == 0
		}
	}
	if bad {
		r.errs.add(src.Pos(), "", "constructor %s of container.%s has results %s; want T, (T, error), (T, func(), error) or (T, func(context.Context) error, error) with T assignable to %s", g.src, g.call, res, types.TypeString(g.typ, relativeTo(r.pkg.Types)))
		return false
	}
	if types.IsInterface(res.At(0).Type()) {
		r.errs.add(src.Pos(), "", "constructor %s of container.%s returns an interface (%s): the container fills and initialises the dynamic type it returns, which tagwiregen cannot see; return the concrete type and register it with container.As[%s]()", g.src, g.call, res.At(0).Type(), types.TypeString(g.typ, relativeTo(r.pkg.Types)))
		return false
	}
	g.ctorCtx = sig.Params().Len() > 0 && isContext(sig.Params().At(0).Type())
	first := 0
	if g.ctorCtx {
		first = 1
	}
	if len(g.args) > sig.Params().Len()-first {
		r.errs.add(src.Pos(), "", "container.%s gives %d Args but %s takes %d parameters after its context", g.call, len(g.args), g.src, sig.Params().Len()-first)
		return false
	}
	g.ctorArg = len(g.args)
	return true
}

// option reads one registration option.
func (r *declReader) option(g *reg, a ast.Expr) {
	if tv, ok := r.pkg.TypesInfo.Types[a]; ok && tv.Value != nil && isLifetime(tv.Type) {
		switch v, _ := constant.Int64Val(tv.Value); v {
		case 0:
			g.life = singleton
		case 1:
			g.life = transient
		case 2:
			g.life = perGraph
		default:
			r.errs.add(a.Pos(), "", "lifetime %s is not supported by tagwiregen (generated code has no scopes)", r.text(a))
		}
		return
	}
	call, ok := ast.Unparen(a).(*ast.CallExpr)
	name := ""
	var targs []types.Type
	if ok {
		name, targs = r.containerFunc(call.Fun)
	}
	switch name {
	case "Named":
		tv := r.pkg.TypesInfo.Types[call.Args[0]]
		if tv.Value == nil || tv.Value.Kind() != constant.String {
			r.errs.add(a.Pos(), "", "container.Named(%s): tagwiregen needs a string constant", r.text(call.Args[0]))
			return
		}
		g.name = constant.StringVal(tv.Value)
	case "As":
		g.as = append(g.as, targs...)
	case "Args":
		if call.Ellipsis.IsValid() {
			r.errs.add(a.Pos(), "", "container.Args with a spread list: tagwiregen needs each argument written out")
			return
		}
		for _, e := range call.Args {
			if inner, ok := ast.Unparen(e).(*ast.CallExpr); ok {
				if n, _ := r.containerFunc(inner.Fun); n == "Dep" {
					r.errs.add(e.Pos(), "", "container.Dep in Args is not supported by tagwiregen: leave the parameter out of Args and it is resolved by type")
					return
				}
			}
			g.args = append(g.args, r.text(e))
		}
	case "AutoClose":
		g.autoClose = true
	default:
		r.errs.add(a.Pos(), "", "registration option %s is not supported by tagwiregen; supported: Named, As, Args, AutoClose, Singleton, Transient, PerGraph", r.text(a))
	}
}

// ast walks an argument for uses of locals.
func (r *declReader) ast(e ast.Expr) {
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			r.local(id)
		}
		return true
	})
}

func isNilExpr(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.IsNil()
}

func isLifetime(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == containerPath && n.Obj().Name() == "Lifetime"
}

func isContainerPtr(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == containerPath && n.Obj().Name() == "Container"
}

// cleanupKind: 1 for func(), 2 for func(context.Context) error, else 0.
func cleanupKind(t types.Type) int {
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.Variadic() {
		return 0
	}
	switch {
	case sig.Params().Len() == 0 && sig.Results().Len() == 0:
		return 1
	case sig.Params().Len() == 1 && isContext(sig.Params().At(0).Type()) &&
		sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), errorType):
		return 2
	}
	return 0
}
