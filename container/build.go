package container

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"
	"unsafe"

	"github.com/tagwire/tagwire/internal/field"
	"github.com/tagwire/tagwire/method"
)

type need uint8

const (
	needPtr     need = iota // a field: an instance still being built will do (pointer cycles)
	needDone                // a parameter: the instance must be complete
	needSettled             // a field's built instance points into a flight of another call: wait for that flight
)

// get returns an instance of b for a request made from container sc at
// frame fr, honouring b's lifetime.
func (at *attempt) get(sc *Container, b *binding, fr *frame, n need) (any, error) {
	switch b.kind {
	case kindSelect:
		x, err := b.choose(fr)
		if err != nil {
			return nil, err
		}
		return at.get(sc, x, fr, n)
	case kindScopeOnly:
		if sc.parent == nil {
			return nil, newErr(ErrNoScope, b.typ(), fmt.Sprintf("%v is supplied per scope and is resolved outside any scope", b.typ()),
				"resolve it from a scope that supplies it (container.Supply(scope, v))")
		}
		return nil, newErr(ErrNotFound, b.typ(), fmt.Sprintf("%v is supplied per scope, and this scope did not supply it", b.typ()),
			"supply it when the scope is made: container.Supply(scope, v)")
	}
	if at.dry != nil {
		return at.dryGet(sc, b, fr, n)
	}
	switch b.life {
	case Singleton:
		if b.slot.state.Load() == slotCommitted {
			return b.slot.v, nil
		}
		return at.shared(b.c, b, &b.slot, fr, n)
	case Scoped:
		if sc.parent == nil {
			return nil, noScope(b, fr)
		}
		return at.shared(sc, b, sc.scopedSlot(b), fr, n)
	case PerGraph:
		return at.shared(sc, b, at.graph.pgSlot(sc, b), fr, n)
	}
	return at.fresh(sc, b, fr, nil)
}

// noScope reports a Scoped registration resolved outside any scope,
// saying first when the asker is a Singleton (a captive dependency).
func noScope(b *binding, fr *frame) error {
	for p := fr; p != nil; p = p.parent {
		if p.b != nil && p.b.life == Singleton && p.fl != nil {
			return newErr(ErrNoScope, b.typ(), fmt.Sprintf("a Singleton cannot capture a Scoped dependency: %s depends on %s", p.b.describe(), b.describe()),
				"make the dependent Scoped or Transient, or inject a Factory and build the Scoped value per call")
		}
	}
	return newErr(ErrNoScope, b.typ(), fmt.Sprintf("%s is Scoped and is resolved outside any scope", b.describe()),
		"resolve it from a scope (c.NewScope(), or a ctx made with container.NewContext)")
}

// scopedSlot is a Scoped registration's slot in a scope.
type scopedSlot struct {
	b *binding
	s *slot
}

// maxScopedScan is how many Scoped slots a scope finds by linear scan
// before it indexes them in a map.
const maxScopedScan = 16

// scopedSlot returns the slot of b's instance in scope sc. A request scope
// holds a handful: they live in a slice and a slab of slots, so that a
// scope's first Scoped instances cost no allocation each.
func (sc *Container) scopedSlot(b *binding) *slot {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if s := sc.scopedSlotLocked(b); s != nil {
		return s
	}
	return sc.addScopedSlotLocked(b)
}

// addScopedSlotLocked makes the slot of b's instance in scope sc. The
// caller holds sc.mu and has found none.
func (sc *Container) addScopedSlotLocked(b *binding) *slot {
	s := fromSlab(&sc.sslab, 8)
	s.owner = sc
	if sc.scopedM != nil {
		sc.scopedM[b] = s
		return s
	}
	if sc.scoped == nil {
		sc.scoped = make([]scopedSlot, 0, 8)
	}
	sc.scoped = append(sc.scoped, scopedSlot{b, s})
	if len(sc.scoped) > maxScopedScan {
		sc.scopedM = make(map[*binding]*slot, 2*maxScopedScan)
		for _, e := range sc.scoped {
			sc.scopedM[e.b] = e.s
		}
		sc.scoped = nil
	}
	return s
}

// scopedSlotLocked returns the slot of b's instance in scope sc, or nil
// if it has none yet. The caller holds sc.mu.
func (sc *Container) scopedSlotLocked(b *binding) *slot {
	if sc.scopedM != nil {
		return sc.scopedM[b]
	}
	for _, e := range sc.scoped {
		if e.b == b {
			return e.s
		}
	}
	return nil
}

// pgSlot returns the slot of b's PerGraph instance in this call.
func (at *attempt) pgSlot(sc *Container, b *binding) *slot {
	at.mu.Lock()
	defer at.mu.Unlock()
	s := at.pg[b]
	if s == nil {
		if at.pg == nil {
			at.pg = map[*binding]*slot{}
		}
		s = &slot{owner: sc, local: true}
		at.pg[b] = s
	}
	return s
}

// fresh builds a new instance of b that nobody shares (Transient, private,
// factory products), owned by sc.
func (at *attempt) fresh(sc *Container, b *binding, parent *frame, ov *callOpts) (v any, err error) {
	if b.kind == kindSelect {
		if b, err = b.choose(parent); err != nil {
			return nil, err
		}
	}
	for p := parent; p != nil; p = p.parent {
		if p.b == b && !p.done.Load() && (p.fl == nil || !p.fl.target) {
			return nil, cycle(parent, b)
		}
	}
	e := at.edge
	fr := at.newFrame(parent, b, nil)
	defer fr.done.Store(true)
	start := at.clock()
	v, rec, err := at.build(sc, b, fr, nil, ov)
	if err != nil {
		return nil, err
	}
	at.record(nil, rec)
	at.built(b, v, start)
	if g := at.dry.graph(); g != nil {
		g.link(parent, e, func() int { return g.bindingNode(fr, b, sc) })
	}
	return v, nil
}

// clock returns the time a build starts, when anyone observes builds.
func (at *attempt) clock() time.Time {
	if at.root.observed() {
		return time.Now()
	}
	return time.Time{}
}

// built reports a finished build to the observer.
func (at *attempt) built(b *binding, v any, start time.Time) {
	if at.root.observed() && b.kind != kindPrep && at.dry == nil {
		at.root.emit(Event{Kind: Built, Type: b.typ(), Key: b.key(), Lifetime: b.life, Source: b.source(), Value: v, Duration: time.Since(start)})
	}
}

// build constructs a new instance of b in container sc at frame fr. f is
// the flight when the instance is shared; ov holds the call-time overrides
// of a top-level object. It returns the instance and the record of its
// cleanups (nil when it has none), not yet added to the call.
func (at *attempt) build(sc *Container, b *binding, fr *frame, f *flight, ov *callOpts) (any, *record, error) {
	if err := at.ctxErr(); err != nil {
		return nil, nil, newErr(err, b.typ(), "the context ended before "+b.describe()+" was built", "")
	}
	if b.kind == kindPrep {
		v, err := at.callHook(sc, b.r.x.hook, nil, fr)
		return v, nil, err
	}
	if b.kind != kindValue || b.lazy {
		if err := at.prepare(sc, b, fr); err != nil {
			return nil, nil, err
		}
	}
	v, rec, err := at.construct(sc, b, fr, f, ov)
	if err != nil || b.kind == kindValue && !b.lazy {
		return v, rec, err
	}
	d, err := at.decorate(sc, b, v, fr)
	if err != nil {
		if rec != nil {
			if cerr := rec.run(context.WithoutCancel(at.ctx)); cerr != nil {
				err = joinCleanupErr(err, cerr)
			}
		}
		return nil, nil, err
	}
	return d, rec, nil
}

// construct makes the instance of b that build decorates.
func (at *attempt) construct(sc *Container, b *binding, fr *frame, f *flight, ov *callOpts) (any, *record, error) {
	switch b.kind {
	case kindStruct:
		rv := reflect.New(b.info.plan.Type)
		v, base := rv.Interface(), rv.UnsafePointer()
		f.publish(v, base)
		err := at.complete(sc, b, v, base, b.info, fr, ov, nil)
		return at.finishBuild(sc, b, v, nil, err)
	case kindCtor:
		v, clean, err := at.callCtor(sc, b, fr, ov)
		if err != nil {
			return nil, nil, err
		}
		var base unsafe.Pointer
		var info *typeInfo
		if p := field.PointerOf(v); p != nil {
			if info = infoOf(reflect.TypeOf(v)); info.err != nil {
				return at.finishBuild(sc, b, v, clean, info.err.clone())
			}
			if info.plan != nil {
				base = p
			}
		}
		f.publish(v, base)
		err = at.complete(sc, b, v, base, info, fr, ov, nil)
		return at.finishBuild(sc, b, v, clean, err)
	case kindAbstract:
		return nil, nil, newErr(ErrNotFound, b.typ(), b.describe()+" has no implementation yet",
			fmt.Sprintf("supply one with container.Override[%v](c, ctor) before resolving it", b.typ()))
	case kindValue:
		if !b.populate {
			return b.r.value, nil, nil // used as it is (decorated by build)
		}
		// A registered value made Populated: filled in place on first use
		// (a dry call fills a copy).
		v := at.dry.own(b)
		base := field.PointerOf(v)
		f.publish(v, base)
		set := make([]uint64, (len(b.info.plan.Fields)+63)/64)
		err := at.complete(sc, b, v, base, b.info, fr, ov, set)
		if err != nil {
			clearSet(b.info.plan, base, set)
		}
		return at.finishBuild(sc, b, v, nil, err)
	}
	return nil, nil, newErr(ErrBadInput, b.typ(), "cannot build "+b.describe(), "")
}

// finishBuild gathers the cleanups of a built instance into a record. An
// instance whose build failed is not closed: it gives back only what its
// constructor acquired (the constructor's cleanup, run now), as a Go
// constructor that fails cleans up after itself.
func (at *attempt) finishBuild(sc *Container, b *binding, v any, clean func(context.Context) error, err error) (any, *record, error) {
	if err != nil {
		if clean != nil {
			r := &record{owner: sc, b: b, v: v, fns: []func(context.Context) error{clean}}
			if cerr := r.run(context.WithoutCancel(at.ctx)); cerr != nil {
				err = joinCleanupErr(err, cerr)
			}
		}
		return nil, nil, err
	}
	if b.kind == kindValue && !b.populate || at.dry != nil {
		return v, nil, nil // a registered value's cleanups were recorded when it was registered; a dry call keeps nothing
	}
	var fns []func(context.Context) error
	if clean != nil {
		fns = append(fns, clean)
	}
	if d := disposeOf(v); d != nil {
		fns = append([]func(context.Context) error{d}, fns...) // marked after every other cleanup ran
	}
	if b.autoClose || (b.kind != kindValue && sc.root.autoClose) {
		if f := method.CloserOf(v); f != nil {
			fns = append(fns, f)
		}
	}
	for _, oc := range b.onCloses() {
		fns = append(fns, func(ctx context.Context) error { return oc.fn(ctx, v) })
	}
	if len(fns) == 0 {
		return v, nil, nil
	}
	return v, &record{owner: sc, b: b, v: v, fns: fns}, nil
}

// callCtor resolves the arguments of b's constructor and calls it.
func (at *attempt) callCtor(sc *Container, b *binding, fr *frame, ov *callOpts) (any, func(context.Context) error, error) {
	ci := &b.r.ctor
	var v any
	var clean func(context.Context) error
	var err error
	switch {
	case at.dry != nil:
		for i, d := range ci.params {
			if _, err := at.ctorArg(sc, b, i, d, fr, ov); err != nil {
				return nil, nil, err
			}
		}
		return dryValue(ci.out, b.typ()), nil, nil
	case ci.callP != nil:
		if err := at.ctxErr(); err != nil {
			return nil, nil, newErr(err, b.typ(), "the context ended before "+b.describe()+" was built", "")
		}
		uctx := at.userCtx(sc, fr)
		err = callUser(func() (err error) { v, err = ci.callP(uctx, sc); return err })
	case ci.call0 != nil && ov == nil:
		if err := at.ctxErr(); err != nil {
			return nil, nil, newErr(err, b.typ(), "the context ended before "+b.describe()+" was built", "")
		}
		err = callUser(func() (err error) { v, err = ci.call0(); return err })
	default:
		args := make([]reflect.Value, len(ci.params))
		for i, d := range ci.params {
			x, err := at.ctorArg(sc, b, i, d, fr, ov)
			if err != nil {
				return nil, nil, err
			}
			args[i] = valueFor(x, d.t)
		}
		if err := at.ctxErr(); err != nil {
			return nil, nil, newErr(err, b.typ(), "the context ended before "+b.describe()+" was built", "")
		}
		var out []reflect.Value
		if err := callUser(func() error { out = ci.fn.Call(args); return nil }); err != nil {
			return nil, nil, panicErr(err, ci.shortName(), b)
		}
		if ci.errAt >= 0 {
			err, _ = out[ci.errAt].Interface().(error)
		}
		if err == nil && ci.cleanAt >= 0 && !out[ci.cleanAt].IsNil() {
			if ci.cleanCtx {
				clean = out[ci.cleanAt].Interface().(func(context.Context) error)
			} else {
				f := out[ci.cleanAt].Interface().(func())
				clean = func(context.Context) error { f(); return nil }
			}
		}
		if err == nil {
			v = out[0].Interface()
		}
	}
	if err != nil {
		if _, ok := err.(*PanicError); ok {
			return nil, nil, panicErr(err, ci.shortName(), b)
		}
		return nil, nil, newErr(ErrConstructor, b.typ(), ci.shortName()+" returned an error", "").withErr(err)
	}
	switch {
	case isNilValue(v):
		err = newErr(ErrConstructor, b.typ(), fmt.Sprintf("%s returned a nil %v and no error", ci.shortName(), ci.out),
			"return an error when there is nothing to return; for an optional dependency register nothing and tag the field optional")
	case ci.check && !reflect.TypeOf(v).AssignableTo(b.typ()):
		err = newErr(ErrTypeMismatch, b.typ(), fmt.Sprintf("%s returned a %T, which is not a %v", ci.shortName(), v, b.typ()),
			"return a value of the registered type")
	}
	if err != nil {
		_, _, err = at.finishBuild(sc, b, v, clean, err)
		return nil, nil, err
	}
	return v, clean, nil
}

// isNilValue reports whether v is nil or holds a nil pointer, map, chan,
// func or interface.
func isNilValue(v any) bool {
	return v == nil || isNil(reflect.ValueOf(v))
}

// ctorArg resolves parameter i (of dependency d) of b's constructor: its
// registered argument (Args, Arg), else its call-time argument, else by
// type.
func (at *attempt) ctorArg(sc *Container, b *binding, i int, d dep, fr *frame, ov *callOpts) (any, error) {
	ci := &b.r.ctor
	st := site{b, siteCtorArg, i}
	if at.dry.skips(st) {
		return nil, nil
	}
	at.viaParam(ci, "", i)
	var x any
	var err error
	pos := ci.pos[i]
	if v, ok := b.argAt(pos); ok && pos >= 0 {
		x, err = at.argValue(sc, v, fr, ov)
	} else if k := ov.slot(i); k >= 0 {
		x, err = at.argValue(sc, ov.args[k], fr, nil)
	} else {
		x, err = at.dep(sc, d, fr, ov, true)
		if e, ok := err.(*Error); ok && e.Kind == ErrNotFound && len(e.segs) == 0 && pos >= 0 {
			if e.Hint == "" {
				e.Hint = fmt.Sprintf("register a %v", d.t)
			}
			e.Hint += fmt.Sprintf("; or give this parameter a value: container.Arg(%d, v) or container.Arg(%d, container.Dep[T]()) when registering, or container.Args(...) when calling a factory", pos, pos)
		}
	}
	at.via("", "")
	if err != nil {
		at.dry.mark(err, st)
		return nil, at1(err, paramSeg(ci.shortName(), i), d.t)
	}
	return x, nil
}

// slot returns which call-time argument fills constructor parameter i,
// or -1.
func (o *callOpts) slot(i int) int {
	if o == nil {
		return -1
	}
	for k, p := range o.slots {
		if p == i && k < len(o.args) {
			return k
		}
	}
	return -1
}

// at1 adds a parameter's path segment to err.
func at1(err error, seg string, t reflect.Type) error { return withPath(err, seg, t, "") }

func (e *Error) withErr(err error) *Error {
	e.Err = err
	return e
}

// valueFor converts a resolved value into an argument of type t.
func valueFor(x any, t reflect.Type) reflect.Value {
	if x == nil {
		return reflect.Zero(t)
	}
	return reflect.ValueOf(x)
}

// argValue evaluates a positional argument, a Field value or a Method
// argument: providers are resolved, anything else is passed as it is.
func (at *attempt) argValue(sc *Container, a any, fr *frame, ov *callOpts) (any, error) {
	p, ok := a.(*provider)
	if !ok {
		return a, nil
	}
	t, key, hasKey := p.t, p.key, p.hasKey
	if ov != nil && !hasKey {
		if v, ok := ov.use(t); ok {
			return v, nil
		}
	}
	b, err := at.lookup(sc, t, key, hasKey)
	if err != nil {
		return nil, err
	}
	if b.asFactory {
		return nil, delegated(b)
	}
	return at.get(sc, b, fr, needDone)
}

// dep resolves a constructor or method parameter.
//
// strict is set for the parameters of constructors, decorators, Prepare
// hooks and invoked functions: those are never satisfied by a struct built
// implicitly from its zero value (see the package documentation, "No
// silent zero values"), unlike fields and Init parameters.
func (at *attempt) dep(sc *Container, d dep, fr *frame, ov *callOpts, strict bool) (any, error) {
	if ov != nil {
		if v, ok := ov.use(d.t); ok {
			return v, nil
		}
	}
	switch d.kind {
	case depCtx:
		return at.userCtx(sc, fr), nil
	case depContainer:
		return sc, nil
	case depFactory:
		return at.factory(sc, d.fx, fr)
	case depInjection:
		return injection(fr), nil
	case depOptional:
		return at.optionalParam(sc, d, fr, ov, strict)
	}
	return at.byType(sc, d.t, d.tid, fr, needDone, strict)
}

// optionalParam resolves an Optional[T] parameter in a nested call of its
// own, as an optional field is (see optional).
func (at *attempt) optionalParam(sc *Container, d dep, fr *frame, ov *callOpts, strict bool) (any, error) {
	sub := at.child(fr)
	sub.edge = at.edge
	inner := depOf(d.inner)
	mk := at.dry.graph().save()
	v, err := sub.dep(sc, inner, fr, ov, strict)
	missing := false
	if e, ok := err.(*Error); ok && e.Kind == ErrNotFound {
		missing = true
	}
	err = sub.end(err)
	out := reflect.New(d.t).Elem()
	if missing {
		var e *Error
		if errors.As(err, &e) && e.Kind == ErrNotFound && e.Err == nil {
			at.dry.graph().restore(mk)
			return out.Interface(), nil
		}
	}
	if err != nil {
		return nil, err
	}
	if v != nil {
		out.Field(0).Set(reflect.ValueOf(v))
	}
	out.Field(1).SetBool(true)
	return out.Interface(), nil
}

// complete finishes an instance: call-time Set overrides, tagged fields
// still zero, registration Field injections, registration Methods, Init.
// base is nil for instances that are not struct pointers.
func (at *attempt) complete(sc *Container, b *binding, v any, base unsafe.Pointer, info *typeInfo, fr *frame, ov *callOpts, set []uint64) error {
	if base == nil && ov != nil && len(ov.sets) > 0 && at.dry == nil {
		return newErr(ErrBadInput, reflect.TypeOf(v), fmt.Sprintf("Field(%q) needs a pointer to a struct; the constructor returned a %T", ov.sets[0].name, v),
			"Field names a field of the struct being built")
	}
	if base != nil {
		if ov != nil && len(ov.sets) > 0 {
			if err := ov.applySets(info.plan.Type, base); err != nil {
				return err
			}
		}
		if err := at.fill(sc, b, v, base, info, fr, ov, set); err != nil {
			return err
		}
		for i, fi := range b.fields() {
			if ov != nil && ov.covers(fi.f.Name) {
				continue // the call-time Set wins; the injection is not evaluated
			}
			st := site{b, siteRegField, i}
			if at.dry.skips(st) {
				continue
			}
			at.via(fi.f.Name, "")
			x, err := at.argValue(sc, fi.v, fr, ov)
			at.via("", "")
			if err != nil {
				at.dry.mark(err, st)
				return at1(err, fi.f.Name, fi.f.Type)
			}
			if x != nil || at.dry == nil {
				field.Set(base, fi.f, x)
			}
		}
	}
	for j, mi := range b.calls() {
		args := make([]reflect.Value, len(mi.vals))
		for i, a := range mi.vals {
			st := site{b, siteMethodArg, j<<16 | i}
			if at.dry.skips(st) {
				continue
			}
			x, err := at.argValue(sc, a, fr, ov)
			if err != nil {
				at.dry.mark(err, st)
				return at1(err, paramSeg(mi.m.Name, i), mi.m.Params[i])
			}
			args[i] = valueFor(x, mi.m.Params[i])
		}
		if at.dry != nil {
			continue
		}
		if err := at.callMethod(sc, b.typ(), mi.m, v, args, fr); err != nil {
			return err
		}
	}
	if info != nil && info.init != nil && !sc.noInit {
		return at.callInit(sc, v, info, fr, ov)
	}
	return nil
}

// callInit resolves the parameters of v's Init method and calls it.
func (at *attempt) callInit(sc *Container, v any, info *typeInfo, fr *frame, ov *callOpts) error {
	var args []reflect.Value
	if len(info.deps) > 0 {
		args = make([]reflect.Value, len(info.deps))
		for i, d := range info.deps {
			st := site{info, siteInitArg, i}
			if at.dry.skips(st) {
				continue
			}
			at.viaParam(nil, "Init", i)
			x, err := at.dep(sc, d, fr, ov, false)
			at.via("", "")
			if err != nil {
				at.dry.mark(err, st)
				return at1(err, paramSeg("Init", i), d.t)
			}
			args[i] = valueFor(x, d.t)
		}
	}
	if at.dry != nil {
		return nil
	}
	if err := at.ctxErr(); err != nil {
		return newErr(err, info.t, "the context ended before Init ran", "")
	}
	start := at.clock()
	if err := at.callMethod(sc, info.t, info.init, v, args, fr); err != nil {
		return err
	}
	if at.root.observed() {
		at.root.emit(Event{Kind: Initialized, Type: info.t, Value: v, Duration: time.Since(start)})
	}
	return nil
}

// callMethod calls method m (Init or a registered method) of v, user code.
func (at *attempt) callMethod(sc *Container, t reflect.Type, m *method.Method, v any, args []reflect.Value, fr *frame) error {
	var ctx context.Context
	if m.HasCtx {
		ctx = at.userCtx(sc, fr)
	}
	err := callUser(func() error { return m.Call(ctx, v, args) })
	switch err.(type) {
	case nil:
		return nil
	case *PanicError:
		e := panicErr(err, m.Name, nil).(*Error)
		e.Type = t
		return e
	}
	detail := "Init returned an error"
	if m.Name != "Init" {
		detail = fmt.Sprintf("method %s returned an error", m.Name)
	}
	return newErr(ErrInit, t, detail, "").withErr(err)
}
