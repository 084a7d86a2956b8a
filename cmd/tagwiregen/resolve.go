package main

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"github.com/tagwire/tagwire/tags"
)

// node is something generated code builds or hands out: a registration or
// an unregistered struct type built from its zero value.
type node struct {
	id   int
	reg  *reg       // nil: an unregistered struct, built from its zero value
	typ  types.Type // what the node's function returns
	st   types.Type // the struct S of a *S product to fill, or nil
	plan *plan      // S's fill plan, or nil

	shared bool // one instance per generated call (Singleton, PerGraph, unregistered)
	user   bool // building it runs user code (a constructor, an Init), beneath included

	state uint8 // walk state: 0 new, 1 constructing, 2 filling, 3 done
	bad   []*genErr
	fresh bool // currently on the walk stack as a fresh build
}

const (
	stNew uint8 = iota
	stConstructing
	stFilling
	stDone
)

// use is one injection: a node, built fresh or shared.
type use struct {
	n     *node
	fresh bool
}

// step is one tagged field of a fill plan.
type step struct {
	pos    token.Pos
	access string // v.<access>: "Inner.Field" for a field of an inline struct
	seg    string // the path segment in errors
	typ    types.Type
	tag    tags.Tag
	raw    string
	mk     bool // a private map: make it
	target use  // the field's injection (n nil when skipped)
	// missing is set on a root field named by -preset that nothing
	// provides: generated code reports it at run time when left zero.
	missing *problem
	// skipNode is the node an optional field left zero starts to build
	// before the container finds what is missing (nil: none).
	skipNode *node
}

// initStep is an Init method and its parameters.
type initStep struct {
	ctx    bool
	params []use
	ptypes []types.Type
	err    bool
}

// plan is the fill plan of one struct type: tagged fields in declaration
// order (inline structs flattened), then Init.
type plan struct {
	id    int
	st    types.Type
	steps []*step
	init  *initStep
}

// site says where a dependency is asked for; it decides whether an
// unregistered struct may be built from its zero value.
type site uint8

const (
	siteField site = iota
	siteInit
	siteCtor
)

// graph resolves the root type's graph statically.
type graph struct {
	pkg    *types.Package
	regs   []*reg
	errs   *errList
	nodes  []*node
	byReg  map[*reg]*node
	impl   map[string]*node // unregistered struct types by type string
	plans  map[string]*plan
	reach  []types.Type // unregistered struct types the root reaches: interface candidates
	root   *plan
	rootT  types.Type
	preset map[string]bool // root fields the caller presets (-preset)
	module string          // the module of the package read
	stack  []string        // walk path, for messages
	pos    token.Pos       // the last site walked, for problems found beneath it
}

func newGraph(pkg *types.Package, root types.Type, regs []*reg, errs *errList) *graph {
	g := &graph{pkg: pkg, regs: regs, errs: errs, byReg: map[*reg]*node{}, impl: map[string]*node{}, plans: map[string]*plan{}, rootT: root}
	g.reachFrom(root, map[string]bool{})
	return g
}

func (g *graph) tstr(t types.Type) string { return types.TypeString(t, relativeTo(g.pkg)) }

// reachFrom collects the unregistered struct types reached from struct
// type s through tagged, non-private fields.
func (g *graph) reachFrom(s types.Type, seen map[string]bool) {
	st, ok := s.Underlying().(*types.Struct)
	if !ok || seen[g.tstr(s)] {
		return
	}
	seen[g.tstr(s)] = true
	for i := range st.NumFields() {
		f := st.Field(i)
		tg, ok, err := tags.Lookup(reflect.StructTag(st.Tag(i)))
		if err != nil || !ok || tg.Private || tg.Factory || tg.Name != "" {
			continue
		}
		if tg.Inline {
			g.reachFrom(f.Type(), seen)
			continue
		}
		if _, elem := structOf(f.Type()); elem != nil && !seen[g.tstr(elem)] {
			if g.registered(f.Type()) == nil {
				g.reach = append(g.reach, f.Type())
			}
			g.reachFrom(elem, seen)
		}
	}
}

// registered returns the unnamed registrations found under exactly t.
func (g *graph) registered(t types.Type) []*reg {
	var out []*reg
	for _, r := range g.regs {
		if r.name != "" {
			continue
		}
		for _, rt := range r.types() {
			if types.Identical(rt, t) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

func (g *graph) regNode(r *reg) *node {
	if n := g.byReg[r]; n != nil {
		return n
	}
	n := &node{id: len(g.nodes), reg: r, typ: r.typ, shared: r.life != transient && r.kind != srcValue}
	switch r.kind {
	case srcZero:
		_, n.st = structOf(r.typ)
	case srcCtor:
		_, n.st = structOf(r.ctor.Results().At(0).Type())
		n.user = true
	}
	g.nodes = append(g.nodes, n)
	g.byReg[r] = n
	return n
}

func (g *graph) implNode(t types.Type) *node {
	key := g.tstr(t)
	if n := g.impl[key]; n != nil {
		return n
	}
	_, s := structOf(t)
	n := &node{id: len(g.nodes), typ: t, st: s, shared: true}
	g.nodes = append(g.nodes, n)
	g.impl[key] = n
	return n
}

// problem is a resolution failure: the container's kind and a message.
type problem struct {
	kind string
	msg  string
}

// lookup resolves type t (and name, when not "") at a site.
func (g *graph) lookup(t types.Type, name string, at site) (*node, *problem) {
	if isContainerPtr(t) {
		return nil, &problem{"unsupported", "a *container.Container dependency: generated code has no container"}
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == containerPath {
		return nil, &problem{"unsupported", fmt.Sprintf("a %s dependency: factories and container types are not generated by tagwiregen", g.tstr(t))}
	}
	if rootPtr := types.NewPointer(g.rootT); name == "" && (types.Identical(t, rootPtr) || types.IsInterface(t) && types.Implements(rootPtr, t.Underlying().(*types.Interface)) && len(g.registered(t)) == 0) {
		return nil, &problem{"unsupported", fmt.Sprintf("%s can be the root itself (Populate injects the target there): tagwiregen does not generate a dependency on the root", g.tstr(t))}
	}
	if name != "" {
		var fit, other []*reg
		for _, r := range g.regs {
			if r.name != name {
				continue
			}
			if assignable(r.typ, t) {
				fit = append(fit, r)
			} else {
				other = append(other, r)
			}
		}
		switch {
		case len(fit) == 1:
			return g.regNode(fit[0]), nil
		case len(fit) > 1:
			return nil, &problem{"ErrAmbiguous", fmt.Sprintf("%d registrations named %q fit %s", len(fit), name, g.tstr(t))}
		case len(other) > 0:
			return nil, &problem{"ErrTypeMismatch", fmt.Sprintf("the value named %q is a %s, not a %s", name, g.tstr(other[0].typ), g.tstr(t))}
		}
		return nil, &problem{"ErrNotFound", fmt.Sprintf("no value is registered under the name %q; register one with container.Supply(c, v, container.Named(%q))", name, name)}
	}
	if rs := g.registered(t); len(rs) == 1 {
		return g.regNode(rs[0]), nil
	} else if len(rs) > 1 {
		return nil, &problem{"ErrAmbiguous", fmt.Sprintf("%d registrations of %s (%s and %s); give one a name", len(rs), g.tstr(t), rs[0].call, rs[1].call)}
	}
	if it, ok := t.Underlying().(*types.Interface); ok {
		var cands []*reg
		for _, r := range g.regs {
			if r.name != "" || !types.Implements(r.typ, it) || types.IsInterface(r.typ) {
				continue
			}
			cands = append(cands, r)
		}
		if len(cands) == 1 {
			return g.regNode(cands[0]), nil
		}
		if len(cands) > 1 {
			return nil, &problem{"ErrAmbiguous", fmt.Sprintf("%d registrations implement %s", len(cands), g.tstr(t))}
		}
		var impls []types.Type
		for _, c := range g.reach {
			if types.Implements(c, it) {
				impls = append(impls, c)
			}
		}
		if len(impls) == 1 && at != siteCtor {
			return g.implNode(impls[0]), nil
		}
		if len(impls) > 1 && at != siteCtor {
			return nil, &problem{"ErrAmbiguous", fmt.Sprintf("%d types the graph reaches implement %s", len(impls), g.tstr(t))}
		}
		return nil, &problem{"ErrNotFound", fmt.Sprintf("nothing implements %s; register an implementation with container.As[%s]()", g.tstr(t), g.tstr(t))}
	}
	if isPtrToStruct(t) {
		switch {
		case isStd(t, g.module):
			return nil, &problem{"ErrNotFound", fmt.Sprintf("%s is a standard library type, never built from its zero value; register it", g.tstr(t))}
		case at == siteCtor:
			return nil, &problem{"ErrNotFound", fmt.Sprintf("%s is not registered, and a constructor parameter is never built from its zero value; register it (container.Provide[%s](c, nil) builds it from its zero value)", g.tstr(t), g.tstr(t))}
		}
		return g.implNode(t), nil
	}
	return nil, &problem{"ErrNotFound", fmt.Sprintf("nothing is registered for %s", g.tstr(t))}
}

// planOf returns the fill plan of struct type s, made once.
func (g *graph) planOf(s types.Type) *plan {
	key := g.tstr(s)
	if p := g.plans[key]; p != nil {
		return p
	}
	p := &plan{id: len(g.plans), st: s}
	g.plans[key] = p
	g.fields(p, s, "", "")
	g.initOf(p, s)
	return p
}

func (g *graph) fields(p *plan, s types.Type, access, seg string) {
	st := s.Underlying().(*types.Struct)
	for i := range st.NumFields() {
		f := st.Field(i)
		tg, ok, err := tags.Lookup(reflect.StructTag(st.Tag(i)))
		// The path of the field: from the root when the walk reaches it.
		path := g.tstr(s) + "." + seg + f.Name()
		if len(g.stack) > 0 {
			path = g.path() + "." + seg + f.Name()
		}
		bad := func(kind, msg string) { g.errs.addAt(f.Pos(), kind, path, msg) }
		if err != nil {
			bad("ErrBadTag", err.Error())
			continue
		}
		if !ok {
			if f.Embedded() && hasTags(f.Type()) {
				bad("ErrBadTag", "embedded struct with tagged fields is not inline; tag it inject:\"inline\" (or inject:\"\" for a shared instance)")
			}
			continue
		}
		if !f.Exported() && !(f.Embedded() && tg.Inline) {
			bad("ErrBadTag", "inject tag on an unexported field; export the field or remove the tag")
			continue
		}
		if kind, err := checkTag(tg, f.Type()); err != "" {
			if kind == "" {
				kind = "unsupported"
			}
			bad(kind, fmt.Sprintf("tag inject:%q: %s", tg.Raw, err))
			continue
		}
		acc := access + f.Name()
		sg := seg + f.Name()
		if tg.Inline {
			g.fields(p, f.Type(), acc+".", sg+".")
			continue
		}
		p.steps = append(p.steps, &step{pos: f.Pos(), access: acc, seg: sg, typ: f.Type(), tag: tg, raw: tg.Raw})
	}
}

// checkTag applies tags.ForField's type checks (ErrBadTag) and refuses
// what tagwiregen does not generate ("" kind: unsupported).
func checkTag(tg tags.Tag, t types.Type) (kind, msg string) {
	_, isMap := t.Underlying().(*types.Map)
	switch {
	case tg.Inline:
		if _, ok := t.Underlying().(*types.Struct); !ok {
			return "ErrBadTag", "inline on a field that is not a struct value"
		}
	case tg.Factory:
		return "", "factory fields are not generated by tagwiregen: keep this graph on the reflective container, or inject a registered constructor's product instead"
	case tg.Label != "":
		return "", "label= is not generated by tagwiregen"
	case isMap && !tg.Private && tg.Name == "":
		return "ErrBadTag", "a map field needs private, a name, or factory"
	}
	if _, ok := t.Underlying().(*types.Slice); ok && tg.Name == "" && !tg.Private {
		return "", "a []T field (every registration of T) is not generated by tagwiregen"
	}
	return "", ""
}

func hasTags(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		if strings.Contains(st.Tag(i), tags.Key+":") {
			return true
		}
	}
	return false
}

func (g *graph) initOf(p *plan, s types.Type) {
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(s), true, g.pkg, "Init")
	fn, ok := obj.(*types.Func)
	if !ok {
		return
	}
	sig := fn.Type().(*types.Signature)
	in := &initStep{}
	res := sig.Results()
	ok = !sig.Variadic() && (res.Len() == 0 || res.Len() == 1 && types.Identical(res.At(0).Type(), errorType))
	if !ok {
		g.errs.add(fn.Pos(), "ErrBadSignature", "%s.Init has signature %s; want Init([ctx,] deps...) [error]", g.tstr(s), sig)
		return
	}
	in.err = res.Len() == 1
	for i := range sig.Params().Len() {
		pt := sig.Params().At(i).Type()
		if i == 0 && isContext(pt) {
			in.ctx = true
			continue
		}
		in.ptypes = append(in.ptypes, pt)
	}
	p.init = in
}

// walk visits the graph from the root in the container's build order,
// checking every injection. It reports the problems; those beneath an
// optional field whose kind is ErrNotFound make that field skipped.
func (g *graph) walk() {
	g.root = g.planOf(g.rootT)
	g.stack = []string{g.tstr(g.rootT)}
	for _, e := range g.fill(g.root) {
		g.errs.push(e)
	}
}

func (g *graph) path() string {
	var b strings.Builder
	for _, s := range g.stack {
		if b.Len() > 0 && !strings.HasPrefix(s, "[") {
			b.WriteString(".")
		}
		b.WriteString(s)
	}
	return b.String()
}

func (g *graph) prob(pos token.Pos, p *problem) []*genErr {
	if !pos.IsValid() {
		pos = g.pos
	}
	e := &genErr{kind: p.kind, path: g.path(), msg: p.msg}
	if pos.IsValid() {
		e.pos = g.errs.fset.Position(pos)
	}
	return []*genErr{e}
}

// fill walks plan p's fields and Init; it returns the problems beneath.
func (g *graph) fill(p *plan) []*genErr {
	var out []*genErr
	for _, s := range p.steps {
		g.stack = append(g.stack, s.seg)
		out = append(out, g.field(s)...)
		g.stack = g.stack[:len(g.stack)-1]
	}
	if p.init != nil && p.init.params == nil {
		for i, pt := range p.init.ptypes {
			g.stack = append(g.stack, fmt.Sprintf("[Init arg %d]", i))
			n, pr := g.lookup(pt, "", siteInit)
			if pr != nil {
				out = append(out, g.prob(token.NoPos, pr)...)
			} else {
				out = append(out, g.visit(n, false, true)...)
			}
			p.init.params = append(p.init.params, use{n: n})
			g.stack = g.stack[:len(g.stack)-1]
		}
	}
	return out
}

func (g *graph) field(s *step) []*genErr {
	if mp, ok := s.typ.Underlying().(*types.Map); ok && s.tag.Private {
		_ = mp
		s.mk = true
		return nil
	}
	g.pos = s.pos
	if !nilable(s.typ) && !types.Comparable(s.typ) {
		return g.prob(s.pos, &problem{"unsupported", fmt.Sprintf("a field of type %s, which is neither comparable nor nilable: the container tests it for its zero value by reflection", g.tstr(s.typ))})
	}
	n, pr := g.lookup(s.typ, s.tag.Name, siteField)
	var errs []*genErr
	if pr != nil && pr.kind == "ErrNotFound" && len(g.stack) == 2 && g.preset[s.access] {
		s.missing = pr
		return nil
	}
	if pr != nil {
		errs = g.prob(s.pos, pr)
	} else {
		if s.tag.Name != "" && !assignable(n.typ, s.typ) {
			errs = g.prob(s.pos, &problem{"ErrTypeMismatch", fmt.Sprintf("%s is not assignable to %s", g.tstr(n.typ), g.tstr(s.typ))})
		} else {
			fresh := s.tag.Private
			if fresh && n.reg != nil && n.reg.kind == srcValue {
				errs = g.prob(s.pos, &problem{"ErrBadTag", "private on a registered value: a value cannot be built afresh; remove private"})
			} else {
				errs = g.visit(n, fresh, false)
				s.target = use{n: n, fresh: fresh}
			}
		}
	}
	if s.tag.Optional && len(errs) > 0 {
		for _, e := range errs {
			if e.kind != "ErrNotFound" {
				return errs
			}
		}
		if n != nil && n.user {
			return g.prob(s.pos, &problem{"unsupported", "an optional field whose dependencies are missing beneath a constructor or Init: the container builds them and rolls them back, which tagwiregen does not generate; register what is missing or drop the field"})
		}
		s.target = use{}
		if n != nil && !(n.reg != nil && n.reg.kind == srcValue) {
			s.skipNode = n
		}
		return nil
	}
	return errs
}

// visit walks into node n reached through an edge; strong edges
// (constructor and Init parameters, private fields) may not close a
// cycle, field edges may once the instance exists.
func (g *graph) visit(n *node, fresh, strong bool) []*genErr {
	if n.reg != nil && n.reg.kind == srcValue {
		return nil
	}
	fresh = fresh || !n.shared
	if fresh {
		strong = true
		if n.fresh || n.state == stConstructing || n.state == stFilling {
			return g.prob(token.NoPos, &problem{"ErrCycle", fmt.Sprintf("a fresh %s is needed while %s is being built", g.tstr(n.typ), g.tstr(n.typ))})
		}
	} else {
		switch n.state {
		case stDone:
			return n.bad
		case stConstructing:
			return g.prob(token.NoPos, &problem{"ErrCycle", fmt.Sprintf("%s is needed while its constructor's arguments are resolved", g.tstr(n.typ))})
		case stFilling:
			if strong {
				return g.prob(token.NoPos, &problem{"ErrCycle", fmt.Sprintf("%s is needed as a parameter while it is being built", g.tstr(n.typ))})
			}
			return nil
		}
	}
	if fresh {
		n.fresh = true
		defer func() { n.fresh = false }()
	} else {
		n.state = stConstructing
	}
	var out []*genErr
	if r := n.reg; r != nil && r.kind == srcCtor {
		sig := r.ctor
		first := 0
		if r.ctorCtx {
			first = 1
		}
		for i := first + r.ctorArg; i < sig.Params().Len(); i++ {
			g.stack = append(g.stack, fmt.Sprintf("[%s arg %d]", r.fname, i))
			d, pr := g.lookup(sig.Params().At(i).Type(), "", siteCtor)
			if pr != nil {
				out = append(out, g.prob(r.pos, pr)...)
			} else {
				out = append(out, g.visit(d, false, true)...)
			}
			g.stack = g.stack[:len(g.stack)-1]
		}
	}
	if !fresh {
		n.state = stFilling
	}
	if n.st != nil {
		if n.plan == nil {
			n.plan = g.planOf(n.st)
		}
		out = append(out, g.fill(n.plan)...)
		if n.plan.init != nil {
			n.user = true
		}
		for _, s := range n.plan.steps {
			if s.target.n != nil && s.target.n.user {
				n.user = true
			}
		}
	}
	if n.reg != nil && n.reg.autoClose {
		n.user = true
	}
	if !fresh {
		n.state = stDone
		n.bad = out
	}
	return out
}
