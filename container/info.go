package container

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tagwire/tagwire/attribute"
	"github.com/tagwire/tagwire/internal/typeid"
	"github.com/tagwire/tagwire/method"
	"github.com/tagwire/tagwire/tags"
)

var (
	ctxType       = reflect.TypeFor[context.Context]()
	errType       = reflect.TypeFor[error]()
	containerType = reflect.TypeFor[*Container]()
	cleanupType   = reflect.TypeFor[func()]()
	cleanupCtx    = reflect.TypeFor[func(context.Context) error]()
)

// depKind says how a dependency of a given type is satisfied.
type depKind uint8

const (
	depType      depKind = iota // resolve by type
	depCtx                      // the build's context.Context
	depContainer                // the resolving *Container
	depFactory                  // a factory value (Factory[T], Keyed, func shape)
	depInjection                // an Injection: where the value goes
	depOptional                 // an Optional[T]
)

// dep is a dependency (constructor or method parameter) known by type.
type dep struct {
	t     reflect.Type
	tid   typeid.ID
	kind  depKind
	fx    *factoryShape // depFactory
	inner reflect.Type  // depOptional: T
}

func depOf(t reflect.Type) dep {
	d := dep{t: t, tid: typeid.Of(t)}
	// By kind first: comparing reflect.Type values is a runtime call, and
	// Resolve makes a dep on every call.
	switch t.Kind() {
	case reflect.Interface:
		if t == ctxType {
			d.kind = depCtx
		}
	case reflect.Pointer:
		if t == containerType {
			d.kind = depContainer
		}
	case reflect.Struct:
		if t == injectionType {
			d.kind = depInjection
		} else if fx := markerShape(t); fx != nil {
			d.kind, d.fx = depFactory, fx
		} else if in := optionalInner(t); in != nil {
			d.kind, d.inner = depOptional, in
		}
	}
	return d
}

// ctorShape is what a constructor's type says: its parameters and the
// layout of its results. It is computed once per func type.
type ctorShape struct {
	params   []dep
	pos      []int        // each parameter's position, a leading ctx not counted (-1 for it)
	npos     int          // parameters with a position
	out      reflect.Type // declared first result
	errAt    int          // index of the error result, or -1
	cleanAt  int          // index of the cleanup result, or -1
	cleanCtx bool         // the cleanup takes a context
	outInfo  *typeInfo    // the info of out when it is a pointer to a struct
	bad      string       // why it is not a constructor, or ""
}

// ctorInfo describes one registered constructor function.
type ctorInfo struct {
	*ctorShape
	fn    reflect.Value
	check bool // the declared result is broader than the registered type
	call0 func() (any, error)
	callP func(context.Context, *Container) (any, error) // a custom Provider
	pname string                                         // its name
}

func (ci *ctorInfo) name() string {
	if ci.callP != nil {
		return ci.pname
	}
	if f := runtime.FuncForPC(ci.fn.Pointer()); f != nil {
		return f.Name()
	}
	return ci.fn.Type().String()
}

func (ci *ctorInfo) shortName() string {
	n := ci.name()
	if i := strings.LastIndex(n, "/"); i >= 0 {
		n = n[i+1:]
	}
	return n
}

const ctorWant = "func(deps...) T, func(deps...) (T, error), func(deps...) (T, func(), error) or func(deps...) (T, func(context.Context) error, error)"

var (
	ctorShapes   table[ctorShape] // by the func type's id; reads are lock-free
	ctorShapesMu sync.Mutex
)

// shapeOfCtor returns the cached shape of func type ft.
func shapeOfCtor(ft reflect.Type) *ctorShape {
	return loadOrBuild(&ctorShapes, &ctorShapesMu, typeid.Of(ft), func() *ctorShape { return buildCtorShape(ft) })
}

func buildCtorShape(ft reflect.Type) *ctorShape {
	cs := &ctorShape{errAt: -1, cleanAt: -1}
	if ft.IsVariadic() {
		cs.bad = fmt.Sprintf("variadic constructor %v", ft)
		return cs
	}
	switch n := ft.NumOut(); {
	case n == 1:
	case n == 2 && ft.Out(1) == errType:
		cs.errAt = 1
	case n == 2 && ft.Out(1) == cleanupType:
		cs.cleanAt = 1
	case n == 3 && ft.Out(2) == errType && (ft.Out(1) == cleanupType || ft.Out(1) == cleanupCtx):
		cs.errAt, cs.cleanAt, cs.cleanCtx = 2, 1, ft.Out(1) == cleanupCtx
	default:
		cs.bad = fmt.Sprintf("%v has the wrong results", ft)
		return cs
	}
	cs.out = ft.Out(0)
	for i := range ft.NumIn() {
		d := depOf(ft.In(i))
		cs.params = append(cs.params, d)
		if i == 0 && d.kind == depCtx {
			cs.pos = append(cs.pos, -1)
		} else {
			cs.pos = append(cs.pos, cs.npos)
			cs.npos++
		}
	}
	if cs.out.Kind() == reflect.Pointer && cs.out.Elem().Kind() == reflect.Struct {
		cs.outInfo = infoOf(cs.out)
	}
	return cs
}

// analyzeCtor checks fn as a constructor of t.
func analyzeCtor(fn any, t reflect.Type) (ctorInfo, error) {
	bad := func(detail string) error {
		return newErr(ErrBadSignature, t, detail, "a constructor has the shape "+ctorWant)
	}
	if fn == nil {
		return ctorInfo{}, bad("nil constructor")
	}
	fv := reflect.ValueOf(fn)
	ft := fv.Type()
	if ft.Kind() != reflect.Func {
		return ctorInfo{}, bad(fmt.Sprintf("%v is not a function", ft))
	}
	if fv.IsNil() {
		return ctorInfo{}, bad("nil constructor function")
	}
	cs := shapeOfCtor(ft)
	if cs.bad != "" {
		return ctorInfo{}, bad(cs.bad)
	}
	ci := ctorInfo{ctorShape: cs, fn: fv}
	switch {
	case cs.out.AssignableTo(t):
	case cs.out.Kind() == reflect.Interface && (t.Implements(cs.out) || t.Kind() == reflect.Interface && cs.out.Implements(t) || cs.out.NumMethod() == 0):
		ci.check = true // checked on every build
	default:
		return ctorInfo{}, newErr(ErrTypeMismatch, t, fmt.Sprintf("the constructor returns %v, which is not a %v", cs.out, t),
			"return the registered type (or an interface it implements), or register under the constructor's result type")
	}
	return ci, nil
}

// typeInfo is the container's cached knowledge of one instance type: the
// field plan (for struct pointers), how each field is satisfied, and the
// Init hook.
type typeInfo struct {
	purity  atomic.Uint32             // pureType's answer, once known
	cold    atomic.Pointer[coldShape] // what the last cold pure Populate of this type found
	t       reflect.Type
	tid     typeid.ID // t's id
	std     bool      // t is a pointer to a standard-library type (see stdlib), never built implicitly
	plan    *attribute.Plan
	fields  []fieldInfo // parallel to plan.Fields
	ops     []fieldOp   // parallel to plan.Fields: the compact form fill loops over
	allFast bool        // every op is fast: a pureFill can hold the fields' instances
	init    *method.Method
	deps    []dep    // Init parameters
	self    struct { // t is reachable from its own fields; computed on first use
		once sync.Once
		v    bool
	}
	err *Error
	// pureFill caches what a Populate of t that runs no user code writes
	// (pure.go).
	pureFill atomic.Pointer[pureFill]
}

type fieldMode uint8

const (
	modeType      fieldMode = iota // inject:"" by type
	modeNamed                      // name=
	modePrivate                    // private: a fresh instance
	modeMakeMap                    // private map: an empty map
	modeFactory                    // a factory value
	modeContainer                  // *Container: the resolving container
	modeLabel                      // label=: the registration carrying a label
)

// fieldOp is the hot part of a field: where it is, what it wants, and
// whether it is a pointer-to-struct field resolved by type.
type fieldOp struct {
	off  uintptr
	tid  typeid.ID
	fast bool
}

type fieldInfo struct {
	mode fieldMode
	ptr  bool // the field is a pointer to a struct
	fx   *factoryShape
}

var (
	infos   table[typeInfo] // by type id; reads are lock-free
	infosMu sync.Mutex      // serialises builds and writes of infos
)

// infoOf returns the cached typeInfo of instance type t.
func infoOf(t reflect.Type) *typeInfo {
	return infoByID(typeid.Of(t), t)
}

// infoByID is infoOf for a type whose id the caller knows.
func infoByID(tid typeid.ID, t reflect.Type) *typeInfo {
	return loadOrBuild(&infos, &infosMu, tid, func() *typeInfo {
		ti := buildInfo(t)
		ti.tid = tid
		return ti
	})
}

func buildInfo(t reflect.Type) *typeInfo {
	ti := &typeInfo{t: t}
	if t.Kind() == reflect.Pointer {
		ti.std = stdlib(t.Elem().PkgPath())
	}
	if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
		p, err := attribute.For(t.Elem())
		if err != nil {
			ti.err = wrapPlanErr(err, t)
			return ti
		}
		for i := range p.Inlined {
			if f := &p.Inlined[i]; markerShape(f.Type) != nil {
				te := &tags.Error{Struct: typeName(t), Field: f.Name, Tag: f.Tag.Raw,
					Reason: fmt.Sprintf(`"inline" on a factory field (%v)`, f.Type),
					Hint:   `a factory is injected, not walked: use inject:"" or inject:"factory"`}
				ti.err = &Error{Kind: ErrBadTag, Type: f.Type, Tag: f.Tag.Raw, Err: te, Hint: te.Hint, segs: []string{f.Name}}
				return ti
			}
		}
		ti.plan = p
		ti.fields = make([]fieldInfo, len(p.Fields))
		ti.ops = make([]fieldOp, len(p.Fields))
		for i := range p.Fields {
			f := &p.Fields[i]
			fi, err := fieldInfoOf(t, f)
			if err != nil {
				ti.err = err
				return ti
			}
			ti.fields[i] = fi
			ti.ops[i] = fieldOp{off: f.Offset, tid: f.TypeID,
				fast: fi.mode == modeType && fi.ptr && f.Store == attribute.StorePointer}
		}
		ti.allFast = !slices.ContainsFunc(ti.ops, func(op fieldOp) bool { return !op.fast })
	}
	m, err := method.InitOf(t)
	if err != nil {
		ti.err = wrapPlanErr(err, t)
		return ti
	}
	if m != nil {
		ti.init = m
		for _, pt := range m.Params {
			ti.deps = append(ti.deps, depOf(pt))
		}
	}
	return ti
}

// selfRef reports whether a graph rooted at ti's type can ask for the type
// again. Only Populate targets need to know, so it is computed on demand:
// walking the reachable graph for every type would be quadratic.
func (ti *typeInfo) selfRef() bool {
	ti.self.once.Do(func() { ti.self.v = ti.plan != nil && selfReachable(ti.t, ti.plan) })
	return ti.self.v
}

// selfReachable reports whether a graph rooted at t can ask for t again:
// through a pointer field, or through an interface field that t implements.
func selfReachable(t reflect.Type, p *attribute.Plan) bool {
	reach := p.Reach()
	if slices.Contains(reach, t) {
		return true
	}
	plans := []*attribute.Plan{p}
	for _, rt := range reach {
		if sub, err := attribute.For(rt.Elem()); err == nil {
			plans = append(plans, sub)
		}
	}
	for _, q := range plans {
		for i := range q.Fields {
			if ft := q.Fields[i].Type; ft.Kind() == reflect.Interface && t.Implements(ft) {
				return true
			}
		}
	}
	return false
}

func fieldInfoOf(owner reflect.Type, f *attribute.Field) (fieldInfo, *Error) {
	ft, tg := f.Type, f.Tag
	switch {
	case tg.Factory || markerShape(ft) != nil:
		fx := factoryShapeOf(ft, tg.Name)
		if fx == nil {
			te := &tags.Error{Struct: typeName(owner), Field: f.Name, Tag: tg.Raw,
				Reason: fmt.Sprintf("%v is not a factory type", ft),
				Hint:   "use Factory[T], Keyed[K, T], func() T, func() (T, error), func(context.Context) (T, error), or a map of those"}
			e := &Error{Kind: ErrBadTag, Type: ft, Tag: tg.Raw, Err: te, segs: []string{f.Name}}
			return fieldInfo{}, e
		}
		return fieldInfo{mode: modeFactory, fx: fx}, nil
	case ft == containerType:
		return fieldInfo{mode: modeContainer}, nil
	case tg.Private && ft.Kind() == reflect.Map:
		return fieldInfo{mode: modeMakeMap}, nil
	case tg.Private:
		return fieldInfo{mode: modePrivate}, nil
	case tg.Name != "":
		return fieldInfo{mode: modeNamed}, nil
	case tg.Label != "":
		return fieldInfo{mode: modeLabel}, nil
	}
	return fieldInfo{mode: modeType, ptr: ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct}, nil
}
