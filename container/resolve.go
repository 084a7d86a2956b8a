package container

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"unsafe"

	"github.com/tagwire/tagwire/attribute"
	"github.com/tagwire/tagwire/internal/rmap"
	"github.com/tagwire/tagwire/internal/typeid"
)

// Resolve returns an instance of T from c, honouring T's registration and
// lifetime. An unregistered pointer-to-struct T is built from its zero
// value as the container's Singleton of that type; an interface T resolves
// to its unique implementation; a []T with no registration of its own
// collects every unnamed registration of T; Factory[T] and Keyed[K, T]
// give factories.
//
// Options pick a named registration ([Named], [Key]) or override
// dependencies of the object built ([Set], [Use], [Args]). Overrides need a
// fresh instance: with a Singleton or Scoped registration they are an
// ErrOverrideCached error.
//
// If ctx carries a scope of c (see [NewContext]), T is resolved in that
// scope. Resolving an already built Singleton takes no lock and does not
// allocate.
func Resolve[T any](ctx context.Context, c *Container, opts ...ResolveOption) (T, error) {
	t := reflect.TypeFor[T]()
	if len(opts) == 0 && c != nil {
		if v, ok := c.fast(ctx, t); ok {
			if r, ok := v.(T); ok {
				return r, nil
			}
		}
	}
	var zero T
	v, err := c.resolve(ctx, t, opts, false, "resolve")
	if err != nil {
		return zero, err
	}
	r, _ := v.(T)
	return r, nil
}

// fast returns a built Singleton of type t without taking locks.
func (c *Container) fast(ctx context.Context, t reflect.Type) (any, bool) {
	if c.closed.Load() {
		return nil, false
	}
	sc := c
	if ctx != nil {
		if st := stateOf(ctx); st != nil {
			if st.tx != nil || st.scope != nil && st.scope != c {
				return nil, false
			}
		}
	}
	b := sc.tables().tbl.get(typeid.Of(t))
	if b != nil && b.life == Singleton && !b.asFactory && b.state.Load() == built {
		return b.v, true
	}
	return nil, false
}

func (c *Container) resolve(ctx context.Context, t reflect.Type, opts []ResolveOption, factory bool, op string) (any, error) {
	co, err := collectCall(opts)
	if err != nil {
		return nil, finish(at(err, typeName(t), t, ""), op)
	}
	return c.resolveCall(ctx, t, co, factory, op)
}

func (c *Container) resolveCall(ctx context.Context, t reflect.Type, co *callOpts, factory bool, op string) (any, error) {
	g, sc, err := c.begin(ctx)
	if err != nil {
		return nil, finish(err, op)
	}
	g.roots = append(g.roots, t)
	v, err := g.top(sc, t, co, factory)
	if err != nil {
		err = finish(at(err, typeName(t), t, ""), op)
	}
	return v, g.end(err)
}

// top builds the object a call asks for. factory is true for factory
// calls, which build unregistered struct types fresh on every call.
func (g *graph) top(sc *Container, t reflect.Type, co *callOpts, factory bool) (any, error) {
	var key any
	hasKey := false
	if co != nil {
		key, hasKey = co.key, co.hasKey
	}
	if !hasKey && !co.overrides() && !factory {
		return g.dep(sc, depOf(t), nil)
	}
	b, err := g.lookup(sc, t, typeid.Of(t), key, hasKey)
	if err != nil {
		return nil, err
	}
	fresh := factory && b.auto
	if co.overrides() {
		if b.kind == kindValue || !fresh && (b.life == Singleton || b.life == Scoped) {
			return nil, newErr(ErrOverrideCached, t,
				fmt.Sprintf("%s is a shared %v instance; call-time overrides need a fresh one", b.describe(), b.life),
				"register it Transient or PerGraph to build it with overrides")
		}
		if err := validateOverrides(b, co); err != nil {
			return nil, err
		}
		return g.construct(sc, b, nil, false, co)
	}
	if b.asFactory && !factory {
		return nil, delegated(b)
	}
	if fresh {
		return g.construct(sc, b, nil, false, nil)
	}
	return g.get(sc, b, needDone)
}

// Populate fills the tagged fields of each target (a non-nil pointer to a
// struct) and then calls the target's Init method, if it has one. Fields
// that already hold a non-zero value are left alone, which is how tests
// preset fakes. Dependencies are built recursively: construct, then fields
// in declaration order, then Init, so every dependency is initialised
// before its dependents.
//
// If anything fails, Populate cleans up everything it built, newest first,
// resets the fields it set on the targets, publishes nothing, and returns
// an *Error naming the path to the failure.
func (c *Container) Populate(ctx context.Context, targets ...any) error {
	g, sc, err := c.begin(ctx)
	if err != nil {
		return finish(err, "populate")
	}
	for _, tg := range targets {
		info, _, err := targetInfo(tg)
		if err != nil {
			return g.end(finish(err, "populate"))
		}
		g.roots = append(g.roots, info.t)
		if info.selfRef() {
			b, err := g.lookup(sc, info.t, typeid.Of(info.t), nil, false)
			if err == nil && b.auto && b.state.Load() != built {
				g.tgts = append(g.tgts, target{b: b, v: tg})
			}
		}
	}
	var masks [][]uint64
	for i, tg := range targets {
		info, base, _ := targetInfo(tg)
		var set []uint64
		if n := (len(info.plan.Fields) + 63) / 64; i == 0 && n <= len(g.mask) {
			set = g.mask[:n]
		} else {
			set = make([]uint64, n)
		}
		if len(targets) > 1 {
			masks = append(masks, set)
		}
		err := g.fill(sc, nil, base, info, nil, set)
		if err == nil && info.init != nil {
			err = g.callInit(sc, tg, info, nil)
		}
		for j := range g.tgts {
			if t := &g.tgts[j]; t.v == tg {
				t.done = true
				if t.used && t.b.pendTx == g.tx {
					t.b.state.Store(pendDone)
				}
			}
		}
		if err != nil {
			if len(targets) == 1 {
				masks = append(masks, set)
			}
			for j, m := range masks {
				ij, bj, _ := targetInfo(targets[j])
				clearSet(ij.plan, bj, m)
			}
			return g.end(finish(at(err, typeName(info.t), info.t, ""), "populate"))
		}
	}
	mask := g.mask // g goes back to the pool in end
	err = g.end(nil)
	if err != nil { // the commit failed: undo the targets too
		if len(targets) == 1 && len(masks) == 0 {
			info, base, _ := targetInfo(targets[0])
			if n := (len(info.plan.Fields) + 63) / 64; n <= len(mask) {
				clearSet(info.plan, base, mask[:n])
			}
		}
		for j, m := range masks {
			ij, bj, _ := targetInfo(targets[j])
			clearSet(ij.plan, bj, m)
		}
		return finish(err, "populate")
	}
	return nil
}

// Populate fills the tagged fields of each target using a new, empty
// container, like facebookgo/inject's Populate: every tagged
// pointer-to-struct field gets one shared instance of its type, built from
// its zero value and populated recursively, and Init methods run in
// dependency order. It is the one-line entry point for codebases without
// constructors or registrations.
func Populate(targets ...any) error {
	return New().Populate(context.Background(), targets...)
}

func clearSet(p *attribute.Plan, base unsafe.Pointer, set []uint64) {
	for i := range p.Fields {
		if set[i>>6]&(1<<(i&63)) != 0 {
			p.Fields[i].Clear(base)
		}
	}
}

// targetInfo checks a Populate target and returns its type info and
// address.
func targetInfo(tg any) (*typeInfo, unsafe.Pointer, error) {
	if tg == nil {
		return nil, nil, newErr(ErrBadTarget, nil, "nil target", "pass a pointer to a struct: c.Populate(ctx, &app)")
	}
	t := reflect.TypeOf(tg)
	if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return nil, nil, newErr(ErrBadTarget, t, fmt.Sprintf("target is a %v, not a pointer to a struct", t), "pass a pointer to a struct: c.Populate(ctx, &app)")
	}
	rv := reflect.ValueOf(tg)
	if rv.IsNil() {
		return nil, nil, newErr(ErrBadTarget, t, "nil pointer target", "pass a pointer to a struct value: c.Populate(ctx, &app)")
	}
	info := infoOf(t)
	if info.err != nil {
		return nil, nil, at(info.err.clone(), typeName(t), t, "")
	}
	return info, rv.UnsafePointer(), nil
}

type funcInfo struct {
	params []dep
	errOut bool
	err    *Error
}

var funcInfos rmap.Map[unsafe.Pointer, *funcInfo]

func funcInfoOf(ft reflect.Type) *funcInfo {
	k := typeid.Key(ft)
	if fi, ok := funcInfos.Load(k); ok {
		return fi
	}
	return funcInfos.LoadOrStore(k, func() *funcInfo {
		fi := &funcInfo{}
		if ft.IsVariadic() {
			fi.err = newErr(ErrBadTarget, ft, "variadic function", "take the values as a slice parameter")
			return fi
		}
		for i := range ft.NumIn() {
			fi.params = append(fi.params, depOf(ft.In(i)))
		}
		fi.errOut = ft.NumOut() > 0 && ft.Out(ft.NumOut()-1) == errType
		return fi
	})
}

// Invoke calls fn with its parameters resolved by type (a context.Context
// parameter receives ctx; [Args] fills the first parameters positionally;
// [Use] replaces the dependencies of one type). Resolution is one graph:
// PerGraph registrations are shared between the parameters. The instances
// are committed before fn runs, so fn may use the container freely. If fn's
// last result is an error, Invoke returns it as it is.
func (c *Container) Invoke(ctx context.Context, fn any, opts ...ResolveOption) error {
	fv := reflect.ValueOf(fn)
	if fn == nil || fv.Kind() != reflect.Func || fv.IsNil() {
		return finish(newErr(ErrBadTarget, reflect.TypeOf(fn), "Invoke needs a non-nil function", ""), "invoke")
	}
	fi := funcInfoOf(fv.Type())
	if fi.err != nil {
		return finish(fi.err.clone(), "invoke")
	}
	co, err := collectCall(opts)
	if err != nil {
		return finish(err, "invoke")
	}
	if err := validateInvoke(fi.params, co); err != nil {
		return finish(err, "invoke")
	}
	g, sc, err := c.begin(ctx)
	if err != nil {
		return finish(err, "invoke")
	}
	args := make([]reflect.Value, len(fi.params))
	for i, d := range fi.params {
		var x any
		var err error
		if co != nil && i < len(co.args) {
			x, err = g.argValue(sc, co.args[i], nil)
		} else {
			x, err = g.dep(sc, d, co)
		}
		if err != nil {
			return g.end(finish(at(err, fmt.Sprintf("[arg %d]", i), d.t, ""), "invoke"))
		}
		args[i] = valueFor(x, d.t)
	}
	if err := g.end(nil); err != nil {
		return err
	}
	out := fv.Call(args)
	if fi.errOut {
		if e, _ := out[len(out)-1].Interface().(error); e != nil {
			return e
		}
	}
	return nil
}

func (o *callOpts) use(t reflect.Type) (any, bool) {
	for i := range o.uses {
		if o.uses[i].t == t {
			return o.uses[i].v, true
		}
	}
	return nil, false
}

func (o *callOpts) covers(name string) bool {
	for i := range o.sets {
		if o.sets[i].name == name {
			return true
		}
	}
	return false
}

// applySets writes the Set overrides into the struct at base.
func (o *callOpts) applySets(p *attribute.Plan, base unsafe.Pointer) error {
	sv := reflect.NewAt(p.Type, base).Elem()
	for _, s := range o.sets {
		f, err := setField(p.Type, s)
		if err != nil {
			return err
		}
		fv := sv.FieldByIndex(f.Index)
		if s.v == nil {
			fv.SetZero()
		} else {
			fv.Set(reflect.ValueOf(s.v))
		}
	}
	return nil
}

// setField checks a Set override against struct type st.
func setField(st reflect.Type, s setOv) (reflect.StructField, error) {
	f, ok := st.FieldByName(s.name)
	if !ok || !f.IsExported() {
		var names []string
		for i := range st.NumField() {
			if st.Field(i).IsExported() {
				names = append(names, st.Field(i).Name)
			}
		}
		hint := "Set names an exported field of the object being built"
		if n := nearest(s.name, names); n != "" {
			hint = fmt.Sprintf("did you mean %q?", n)
		}
		return f, newErr(ErrUnknownOverride, st, fmt.Sprintf("%v has no exported field %q", st, s.name), hint)
	}
	if s.v != nil && !reflect.TypeOf(s.v).AssignableTo(f.Type) {
		return f, newErr(ErrTypeMismatch, f.Type, fmt.Sprintf("Set(%q) gives a %T; the field is a %v", s.name, s.v, f.Type), "")
	}
	return f, nil
}

// validateOverrides checks call-time overrides against the registration
// before anything is built.
func validateOverrides(b *binding, o *callOpts) error {
	var st reflect.Type // statically known struct type, if any
	var deps []dep
	nreg := 0
	switch b.kind {
	case kindStruct:
		st = b.info.plan.Type
		deps = staticDeps(b.info)
	case kindCtor:
		deps = append(deps, b.r.ctor.params...)
		nreg = len(b.args())
		if out := b.r.ctor.out; out.Kind() == reflect.Pointer && out.Elem().Kind() == reflect.Struct {
			st = out.Elem()
			deps = append(deps, staticDeps(infoOf(out))...)
		}
	default:
		return newErr(ErrUnknownOverride, b.typ(), b.describe()+" takes no overrides", "")
	}
	if st != nil {
		for _, s := range o.sets {
			if _, err := setField(st, s); err != nil {
				return err
			}
		}
	}
	if o.hasArgs && b.kind != kindCtor {
		return newErr(ErrArgCount, b.typ(), b.describe()+" has no constructor to take positional arguments", "")
	}
	if b.kind == kindCtor {
		if err := validateParams(b.r.ctor.params, nreg, o); err != nil {
			return err
		}
	}
	if b.kind == kindCtor {
		// Only the parameters left to resolution by type can be replaced.
		deps = slices.Clone(deps)
		deps = slices.Delete(deps, 0, min(len(b.r.ctor.params), nreg+len(o.args)))
	}
	for _, a := range provided(b) {
		deps = append(deps, dep{t: a})
	}
	for _, u := range o.uses {
		found := false
		for _, d := range deps {
			found = found || d.t == u.t
		}
		if !found {
			return newErr(ErrUnknownOverride, u.t, fmt.Sprintf("%s has no dependency of type %v", b.describe(), u.t),
				"Use replaces a constructor parameter, tagged field or Init parameter of exactly that type")
		}
	}
	return nil
}

// provided lists the types of the unkeyed Dep providers among a
// registration's Args, Field and Method values: the dependencies of those
// that a Use override replaces.
func provided(b *binding) []reflect.Type {
	if b.r == nil {
		return nil
	}
	var ts []reflect.Type
	add := func(v any) {
		if p, ok := v.(Provider); ok {
			if _, hasKey := p.providerKey(); !hasKey {
				ts = append(ts, p.providerType())
			}
		}
	}
	for _, a := range b.args() {
		add(a)
	}
	for _, f := range b.fields() {
		add(f.v)
	}
	for _, m := range b.calls() {
		for _, v := range m.vals {
			add(v)
		}
	}
	return ts
}

// validateParams checks positional call-time Args (after nreg registered
// ones) against params.
func validateParams(params []dep, nreg int, o *callOpts) error {
	if o == nil {
		return nil
	}
	if nreg+len(o.args) > len(params) {
		return newErr(ErrArgCount, nil, fmt.Sprintf("%d positional arguments given after %d registered ones; the function takes %d parameters",
			len(o.args), nreg, len(params)), "pass fewer Args")
	}
	for i, a := range o.args {
		pt := params[nreg+i].t
		if _, ok := a.(Provider); ok || a == nil {
			continue
		}
		if !reflect.TypeOf(a).AssignableTo(pt) {
			return newErr(ErrTypeMismatch, pt, fmt.Sprintf("argument %d is a %T; parameter %d is a %v", i, a, nreg+i, pt), "")
		}
	}
	return nil
}

// validateInvoke checks the overrides of an Invoke call.
func validateInvoke(params []dep, o *callOpts) error {
	if o == nil {
		return nil
	}
	if len(o.sets) > 0 || o.hasKey {
		return newErr(ErrUnknownOverride, nil, "Invoke takes Args and Use overrides only", "Set and Named apply to Resolve and factories")
	}
	for _, u := range o.uses {
		found := false
		for _, d := range params {
			found = found || d.t == u.t
		}
		if !found {
			return newErr(ErrUnknownOverride, u.t, fmt.Sprintf("the function has no parameter of type %v", u.t), "")
		}
	}
	return validateParams(params, 0, o)
}

// staticDeps lists the dependencies of an instance type that Use can
// replace: fields resolved by type and Init parameters.
func staticDeps(info *typeInfo) []dep {
	var ds []dep
	if info.plan != nil {
		for i := range info.plan.Fields {
			if info.fields[i].mode == modeType {
				f := &info.plan.Fields[i]
				ds = append(ds, dep{t: f.Type, tid: f.TypeID})
			}
		}
	}
	return append(ds, info.deps...)
}
