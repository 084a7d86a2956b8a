package container

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"

	"github.com/tagwire/tagwire/attribute"
	"github.com/tagwire/tagwire/internal/field"
	"github.com/tagwire/tagwire/internal/typeid"
	"github.com/tagwire/tagwire/method"
)

// Provide registers T. src is one of:
//
//   - a constructor: a function whose parameters are resolved by type (a
//     context.Context parameter receives the caller's context) and whose
//     results are T, (T, error), (T, func(), error) or
//     (T, func(context.Context) error, error). The cleanup, when returned,
//     runs when the instance's owner closes. The first result may be any
//     type assignable to T; a broader interface (such as any) is accepted
//     and the value is checked on every build (ErrTypeMismatch). When the
//     result is a pointer to a struct, the tagged fields the constructor
//     left zero are injected afterwards, and the Init method runs.
//   - a ready value assignable to T. It is also registered under its own
//     type when that is a concrete type other than T, so that one value
//     fills fields of both types. It is used as it is unless [Populated]
//     is given (a value whose tagged fields are still zero needs it).
//   - a [Provider] of T, a way of making it written by the user.
//   - nil: for a pointer-to-struct T, T is built from its zero value, its
//     tagged fields injected and its Init method called (give it a
//     lifetime, a name, Field or Method injections); for an interface T, a
//     placeholder (dependency-injector's AbstractFactory) that resolves to
//     ErrNotFound until [Override] supplies the implementation.
//
// Options: a [Lifetime], [Named], [As], [AutoClose], [OnClose],
// [AsFactory], [Args], [Field], [Method], [Populated]. A source of the
// wrong shape (ErrBadSignature) or type (ErrTypeMismatch), an option that
// does not apply (ErrBadInput), and an invalid tag on the type built are
// rejected here; a failed registration changes nothing.
func Provide[T any](c *Container, src any, opts ...Option) error {
	_, err := provide[T](c, src, opts, false)
	c.noteResult(reflect.TypeFor[T](), opts, err)
	return err
}

// noteResult records the outcome of a registration of t: a failure is
// what resolving t reports from now on (instead of nothing registered, or
// a zero value), until a registration of t succeeds.
func (c *Container) noteResult(t reflect.Type, opts []Option, err error) {
	if c.usable() != nil {
		return
	}
	var key any
	if o, gerr := gather(opts, forProvide, ""); gerr == nil {
		key = o.key
	}
	k := regKey{typeid.Of(t), key}
	c.root.regMu.Lock()
	defer c.root.regMu.Unlock()
	if err != nil {
		c.noteFailedLocked(k, err)
	} else if c.failed[k] != nil {
		delete(c.failed, k)
		c.invalidateLocked()
	}
}

// provide registers (or, with over, overrides) T from src.
func provide[T any](c *Container, src any, opts []Option, over bool) (*binding, error) {
	t := reflect.TypeFor[T]()
	op := regOp(over)
	allowed := forProvide
	if over {
		allowed = forOverride
	}
	what := "" // only an option's error names the call; most registrations have none
	if len(opts) > 0 {
		what = opName(op, t)
	}
	o, err := collectReg(opts, allowed, what)
	if err != nil {
		return nil, finish(withPath(err, typeName(t), t, ""), op)
	}
	switch {
	case src == nil && !over:
		return c.registerZero(t, o)
	case src == nil:
		return nil, finish(newErr(ErrBadInput, t, "Override with nothing", "pass a constructor or a value of the type"), op)
	case reflect.TypeOf(src).AssignableTo(t):
		return c.registerValue(t, src, o, over)
	}
	if call := providerCall[T](src); call != nil {
		ci := ctorInfo{ctorShape: &ctorShape{out: t, errAt: -1, cleanAt: -1}, callP: call, pname: describeProvider(src)}
		return c.register(t, kindCtor, func(b *binding) { b.r.ctor = ci }, o, nil, over)
	}
	if reflect.TypeOf(src).Kind() != reflect.Func {
		return c.registerValue(t, src, o, over)
	}
	ci, err := analyzeCtor(src, t)
	if err != nil {
		return nil, finish(withPath(err, typeName(t), nil, ""), op)
	}
	if len(ci.params) == 0 {
		switch f := src.(type) {
		case func() T:
			ci.call0 = func() (any, error) { return f(), nil }
		case func() (T, error):
			ci.call0 = func() (any, error) { v, err := f(); return v, err }
		}
	}
	if info := ci.outInfo; info != nil && info.err != nil {
		return nil, finish(withPath(info.err.clone(), typeName(ci.out), ci.out, ""), op)
	}
	if !o.lifeSet && slices.ContainsFunc(ci.params, func(d dep) bool { return d.kind == depInjection }) {
		// Its product depends on who asks: one per injection.
		if o == &noRegOpts {
			o = &optSet{}
		}
		o.life, o.lifeSet = Transient, true
	}
	return c.register(t, kindCtor, func(b *binding) { b.r.ctor = ci }, o, nil, over)
}

// opName renders a registration function for messages.
func opName(op string, t reflect.Type) string {
	if op == "override" {
		return fmt.Sprintf("Override[%v]", t)
	}
	return fmt.Sprintf("Provide[%v]", t)
}

// registerZero registers T without a source: built from its zero value, or
// abstract.
func (c *Container) registerZero(t reflect.Type, o *regOpts) (*binding, error) {
	switch {
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && !o.scopeOnly:
		info := infoOf(t)
		if info.err != nil {
			return nil, finish(withPath(info.err.clone(), typeName(t), t, ""), "register")
		}
		return c.register(t, kindStruct, func(b *binding) { b.info = info }, o, nil, false)
	case o.scopeOnly:
		return c.register(t, kindScopeOnly, func(*binding) {}, o, nil, false)
	case t.Kind() == reflect.Interface:
		return c.register(t, kindAbstract, func(*binding) {}, o, nil, false)
	}
	return nil, finish(newErr(ErrBadInput, t, fmt.Sprintf("nothing to build a %v from", t),
		"pass a constructor or a value; only a pointer to a struct can be built from its zero value, and only an interface can wait for an Override"), "register")
}

// Supply registers the ready value v under its own (dynamic) type, as
// facebookgo/inject's Graph.Provide does, and under every interface given
// with [As]. It is the non-generic form of Provide with a value: one
// value fills fields of its type and of those interfaces. Options:
// [Named], [As], [AutoClose], [OnClose], [Populated].
func Supply(c *Container, v any, opts ...Option) error {
	if v == nil {
		return finish(newErr(ErrBadInput, nil, "Supply of a nil value", "register a non-nil value, or nothing (optional fields stay zero)"), "register")
	}
	t := reflect.TypeOf(v)
	o, err := collectReg(opts, forSupply, "Supply")
	if err != nil {
		err = finish(withPath(err, typeName(t), t, ""), "register")
	} else {
		_, err = c.registerValue(t, v, o, false)
	}
	c.noteResult(t, opts, err)
	return err
}

// registerValue registers the value v as t, and under its own type when
// that is a concrete type other than t.
func (c *Container) registerValue(t reflect.Type, v any, o *regOpts, over bool) (*binding, error) {
	op := regOp(over)
	if err := c.usable(); err != nil {
		err.(*Error).Type = t
		return nil, finish(err, op)
	}
	vt := reflect.TypeOf(v)
	if !vt.AssignableTo(t) {
		if vt.Kind() == reflect.Func {
			_, err := analyzeCtor(v, t)
			return nil, finish(withPath(err, typeName(t), nil, ""), op)
		}
		return nil, finish(newErr(ErrTypeMismatch, t, fmt.Sprintf("the value is a %v, which is not a %v", vt, t),
			"register a value of the type, or a constructor of it"), op)
	}
	if isNil(reflect.ValueOf(v)) {
		return nil, finish(newErr(ErrBadInput, t, "nil value", "register a non-nil value, or nothing (optional fields stay zero)"), op)
	}
	var info *typeInfo
	if vt.Kind() == reflect.Pointer && vt.Elem().Kind() == reflect.Struct && !o.complete {
		if info = infoOf(vt); info.err != nil {
			return nil, finish(withPath(info.err.clone(), typeName(vt), vt, ""), op)
		}
		if o.populated && o.complete {
			return nil, finish(newErr(ErrBadInput, vt, "Populated and Complete contradict each other", "give one"), op)
		}
		if !o.populated && !o.complete {
			if f := zeroTagged(info, v); f != "" {
				return nil, finish(newErr(ErrBadInput, vt, fmt.Sprintf("the value's tagged field %s is zero and would stay zero", f),
					"pass container.Populated() to have the container fill it, set it, or pass container.Complete() to keep it zero"), op)
			}
		}
	} else if o.populated {
		return nil, finish(newErr(ErrBadInput, vt, fmt.Sprintf("Populated needs a pointer to a struct, not a %v", vt), ""), op)
	}
	var extra []reflect.Type
	if vt != t && vt.Kind() != reflect.Interface && !over {
		extra = append(extra, vt)
	}
	decorated := hasHooks(c, false) && len(hooksFor(c, &binding{r: &regInfo{t: t}}, false)) > 0
	return c.register(t, kindValue, func(b *binding) {
		b.info = info
		b.r.value = v
		b.populate, b.lazy = o.populated, o.populated || decorated
		if b.populate {
			// What Validate walks: the value as registered, never the
			// struct a Populate may be filling at the same time.
			b.r.extra().snap = copyStruct(v)
		}
		if !b.lazy {
			b.slot.v, b.slot.ptr = v, field.PointerOf(v)
			b.slot.state.Store(slotCommitted)
		}
	}, o, extra, over)
}

// zeroTagged returns the name of the first tagged, non-optional field of
// the struct v points to that is still zero, or "".
func zeroTagged(info *typeInfo, v any) string {
	if info.plan == nil {
		return ""
	}
	base := field.PointerOf(v)
	for i := range info.plan.Fields {
		f := &info.plan.Fields[i]
		if !f.Tag.Optional && field.IsZero(base, f) {
			return f.Name
		}
	}
	return ""
}

func isNil(rv reflect.Value) bool {
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface, reflect.UnsafePointer:
		return rv.IsNil()
	}
	return false
}

// Override replaces the registration of T (or of T under [Named]) with
// src, a constructor or a value as for [Provide], for every injection made
// after the call, until restore is called. Overrides nest: each restore
// removes exactly its own layer, so restoring in reverse order (defer,
// t.Cleanup) returns exactly to the previous state; restore is safe to
// call more than once. An instance already built and cached (a Singleton
// that received the old dependency, say) keeps what it has. Overriding an
// abstract registration supplies its implementation.
func Override[T any](c *Container, src any, opts ...Option) (restore func(), err error) {
	b, err := provide[T](c, src, opts, true)
	if err != nil {
		return nil, err
	}
	var once sync.Once
	return func() { once.Do(func() { c.restore(b) }) }, nil
}

// restore removes the override layer b.
func (c *Container) restore(b *binding) {
	c.root.regMu.Lock()
	defer c.root.regMu.Unlock()
	if e := c.entryLocked(regKey{b.tid, b.key()}); e != nil {
		for i, x := range e.over {
			if x == b {
				e.over = append(e.over[:i:i], e.over[i+1:]...)
				break
			}
		}
	}
	c.invalidateLocked()
}

func regOp(over bool) string {
	if over {
		return "override"
	}
	return "register"
}

// register creates and records a binding of type t (and, for each type in
// extra and each As type of the options, an alias of it), all or nothing.
func (c *Container) register(t reflect.Type, kind bindKind, set func(*binding), o *regOpts, extra []reflect.Type, over bool) (*binding, error) {
	op := regOp(over)
	if err := c.usable(); err != nil {
		err.(*Error).Type = t
		return nil, finish(err, op)
	}
	c.root.regMu.Lock()
	b, all, err := c.registerLocked(t, kind, set, o, extra, over)
	c.root.regMu.Unlock()
	if err != nil {
		return nil, finish(err, op)
	}
	if c.observed() {
		for _, x := range all {
			c.emit(Event{Kind: Registered, Type: x.typ(), Key: x.key(), Lifetime: x.life, Source: x.source()})
		}
	}
	return b, nil
}

// registerLocked is register with the root's regMu held.
func (c *Container) registerLocked(t reflect.Type, kind bindKind, set func(*binding), o *regOpts, extra []reflect.Type, over bool) (*binding, []*binding, error) {
	if c.closed.Load() {
		return nil, nil, newErr(ErrClosed, t, "cannot register on a closed container", "")
	}
	b := &binding{c: c, tid: typeid.Of(t), kind: kind, r: &regInfo{t: t}}
	b.slot.owner = c
	set(b)
	if err := b.apply(o); err != nil {
		return nil, nil, withPath(err, typeName(t), t, "")
	}
	aliases := make([]*binding, 0, len(extra)+len(o.as))
	for _, at := range append(extra, o.as...) {
		if at == t {
			return nil, nil, newErr(ErrBadInput, at, fmt.Sprintf("As[%v] repeats the registered type", at), "drop it")
		}
		if !b.implements(at) {
			return nil, nil, newErr(ErrTypeMismatch, at, fmt.Sprintf("As[%v]: %v does not implement it", at, b.instanceType()), "")
		}
		a := &binding{c: c, tid: typeid.Of(at), kind: kindAlias, r: &regInfo{t: at, key: b.r.key}}
		a.slot.owner = c
		a.r.extra().aliasOf = b
		aliases = append(aliases, a)
	}
	all := append([]*binding{b}, aliases...)
	if o.replace {
		for _, x := range all {
			c.removeLocked(regKey{x.tid, x.key()})
		}
	}
	for _, x := range all {
		if err := c.checkAddLocked(x, over); err != nil {
			return nil, nil, withPath(err, typeName(x.typ()), x.typ(), "")
		}
	}
	for _, x := range all {
		c.root.seq++
		x.r.seq = c.root.seq
		c.addLocked(x, over)
	}
	c.invalidateLocked()
	if b.populate {
		if c.root.values == nil {
			c.root.values = map[any]*binding{}
		}
		c.root.values[b.r.value] = b
		c.root.hasValues.Store(true)
	}
	if kind == kindValue && !b.populate && (b.autoClose || len(b.onCloses()) > 0 || disposeOf(b.r.value) != nil) {
		r := valueRecord(b)
		r.state.Store(recCommitted)
		c.mu.Lock()
		c.recs = append(c.recs, r)
		c.mu.Unlock()
	}
	return b, all, nil
}

// valueRecord is the cleanup record of a registered value.
func valueRecord(b *binding) *record {
	v := b.r.value
	var fns []func(ctx context.Context) error
	if d := disposeOf(v); d != nil {
		fns = append(fns, d)
	}
	if b.autoClose {
		if f := method.CloserOf(v); f != nil {
			fns = append(fns, f)
		}
	}
	for _, oc := range b.onCloses() {
		fns = append(fns, func(ctx context.Context) error { return oc.fn(ctx, v) })
	}
	return &record{owner: b.c, b: b, v: v, fns: fns}
}

// instanceType is the concrete type of b's instances when it is known
// statically: a value's own type, a constructor's declared result.
func (b *binding) instanceType() reflect.Type {
	switch b.kind {
	case kindValue:
		return reflect.TypeOf(b.slot.v)
	case kindCtor:
		return b.r.ctor.out
	}
	return b.typ()
}

// implements reports whether b's instances can fill a field of type t.
func (b *binding) implements(t reflect.Type) bool {
	return b.instanceType().AssignableTo(t) || b.typ().AssignableTo(t)
}

// apply checks the options against the registration and stores them.
func (b *binding) apply(o *regOpts) error {
	if o == &noRegOpts {
		return nil // no options: the zero values are the defaults
	}
	bad := func(detail, hint string) error { return newErr(ErrBadInput, b.typ(), detail, hint) }
	if o.hasKey {
		b.r.key = o.key
	}
	b.life = o.life
	b.autoClose, b.asFactory = o.autoClose, o.asFactory
	if len(o.onClose) > 0 {
		b.r.extra().onClose = o.onClose
	}
	switch b.kind {
	case kindValue:
		if o.lifeSet && o.life != Singleton {
			return bad(fmt.Sprintf("a value has no %v lifetime", o.life), "register a constructor for a per-use instance")
		}
		if o.asFactory {
			return bad("a value cannot be injected only as a factory", "register a constructor instead")
		}
	case kindAlias, kindAbstract:
		if o.lifeSet || o.autoClose || len(o.onClose) > 0 || o.asFactory {
			return bad("lifetime, AutoClose, OnClose and AsFactory belong on the implementation's registration", "")
		}
	}
	if o.scopeOnly && b.kind != kindScopeOnly {
		return bad("ScopeOnly declares a type supplied per scope, with no source", "write container.Provide[T](c, nil, container.ScopeOnly())")
	}
	if (o.populated || o.complete) && b.kind != kindValue {
		return bad("Populated and Complete apply to registered values", "drop the option: the container fills what it builds")
	}
	if (o.hasArgs || len(o.fields) > 0 || len(o.methods) > 0) && b.kind != kindCtor && b.kind != kindStruct {
		return bad("Args, Field and Method apply to constructors and zero-value registrations", "")
	}
	for _, oc := range o.onClose {
		if !b.typ().AssignableTo(oc.t) {
			return bad(fmt.Sprintf("OnClose takes a %v, but the registration provides %v", oc.t, b.typ()), "")
		}
	}
	// The concrete type instances have, when it is known statically.
	it := b.typ()
	if b.kind == kindCtor {
		it = b.r.ctor.out
	}
	if o.hasArgs || len(o.argAt) > 0 {
		if b.kind != kindCtor || b.r.ctor.callP != nil {
			return bad("Args and Arg need a constructor", "")
		}
		if err := b.setArgs(o); err != nil {
			return err
		}
	}
	if len(o.labels) > 0 {
		b.r.extra().labels = o.labels
	}
	if o.forT != nil {
		b.r.extra().forT = o.forT
	}
	if len(o.fields) > 0 {
		if it.Kind() != reflect.Pointer || it.Elem().Kind() != reflect.Struct {
			return bad(fmt.Sprintf("Field needs instances that are pointers to structs, not %v", it), "")
		}
		for _, fs := range o.fields {
			f, err := attribute.FieldOf(it.Elem(), fs.name)
			if err != nil {
				return newErr(ErrBadInput, it, fmt.Sprintf("Field %q", fs.name), "name an exported field of the struct").withErr(err)
			}
			if err := checkValue(fs.v, f.Type, "Field "+fs.name); err != nil {
				return err
			}
			b.r.extra().fields = append(b.r.extra().fields, fieldInj{f: f, v: fs.v})
		}
	}
	for _, ms := range o.methods {
		m, err := method.Lookup(it, ms.name, len(ms.vals))
		if err != nil {
			return newErr(ErrBadSignature, it, fmt.Sprintf("Method %q", ms.name), "").withErr(err)
		}
		for i, v := range ms.vals {
			if err := checkValue(v, m.Params[i], fmt.Sprintf("Method %s argument %d", ms.name, i)); err != nil {
				return err
			}
		}
		b.r.extra().calls = append(b.r.extra().calls, methodInj{m: m, vals: ms.vals})
	}
	return nil
}

// setArgs checks and records the registered constructor arguments: Args
// fills the first positions (a leading ctx not counted), Arg one each.
func (b *binding) setArgs(o *regOpts) error {
	ci := &b.r.ctor
	at := map[int]any{}
	for i, v := range o.args {
		at[i] = v
	}
	for i, v := range o.argAt {
		if _, dup := at[i]; dup {
			return newErr(ErrBadInput, b.typ(), fmt.Sprintf("parameter %d is given by both Args and Arg", i), "give each parameter one value")
		}
		at[i] = v
	}
	for pos, v := range at {
		if pos >= ci.npos {
			return newErr(ErrBadInput, b.typ(), fmt.Sprintf("an argument for parameter %d, but %s takes %d (a leading context.Context not counted)", pos, ci.shortName(), ci.npos),
				"pass fewer Args, or a lower Arg index")
		}
		for i, p := range ci.pos {
			if p == pos {
				if err := checkValue(v, ci.params[i].t, fmt.Sprintf("argument %d of %s", pos, ci.shortName())); err != nil {
					return err
				}
			}
		}
	}
	b.r.extra().argAt = at
	b.r.ctor.call0 = nil
	return nil
}

// checkValue checks that a plain value or a provider (Dep) can fill type t.
func checkValue(v any, t reflect.Type, what string) error {
	vt := reflect.TypeOf(v)
	if p, ok := v.(*provider); ok {
		if p.err != nil {
			return p.err
		}
		vt = p.t
	}
	if vt == nil {
		return nil
	}
	if !vt.AssignableTo(t) {
		return newErr(ErrTypeMismatch, t, fmt.Sprintf("%s gives a %v, which is not a %v", what, vt, t), "")
	}
	return nil
}

// Unregister removes the registrations of T (or of T under [Named]) made on
// c, with the interfaces they were also provided as ([As]), and reports
// whether there were any. Overrides of T
// stay in place until restored. Instances already built are not touched:
// objects holding them keep them, and their cleanups still run when c
// closes; later lookups no longer see them.
func Unregister[T any](c *Container, opts ...Option) bool {
	if c.usable() != nil {
		return false
	}
	o, err := gather(opts, forKey, "Unregister")
	if err != nil {
		return false
	}
	t := reflect.TypeFor[T]()
	c.root.regMu.Lock()
	defer c.root.regMu.Unlock()
	if !c.removeLocked(regKey{tid: typeid.Of(t), key: o.key}) {
		return false
	}
	c.invalidateLocked()
	return true
}

// removeLocked removes the registrations of key k made on c, with the
// interfaces they were also provided as (As), and reports whether there
// were any. The caller holds the root's regMu and invalidates the caches.
func (c *Container) removeLocked(k regKey) bool {
	e := c.entryLocked(k)
	if e == nil || len(e.regs) == 0 {
		return false
	}
	gone := e.regs
	e.regs = nil
	for _, x := range c.order {
		if x.kind == kindAlias && slices.Contains(gone, x.r.x.aliasOf) {
			if ae := c.entryLocked(regKey{x.tid, x.key()}); ae != nil {
				ae.regs = slices.DeleteFunc(ae.regs, func(y *binding) bool { return y == x })
			}
			gone = append(gone, x)
		}
	}
	for _, x := range gone {
		if x.populate {
			delete(c.root.values, x.r.value)
		}
	}
	c.order = slices.DeleteFunc(c.order, func(x *binding) bool { return slices.Contains(gone, x) })
	return true
}

// ResetOverrides removes every override of T (or of T under [Named]) made
// on c with [Override], returning T to its registration, and reports
// whether there were any (dependency-injector's reset_override). The
// restore functions of the removed overrides become no-ops.
func ResetOverrides[T any](c *Container, opts ...Option) bool {
	if c.usable() != nil {
		return false
	}
	o, err := gather(opts, forKey, "ResetOverrides")
	if err != nil {
		return false
	}
	t := reflect.TypeFor[T]()
	c.root.regMu.Lock()
	defer c.root.regMu.Unlock()
	e := c.entryLocked(regKey{typeid.Of(t), o.key})
	if e == nil || len(e.over) == 0 {
		return false
	}
	e.over = nil
	c.invalidateLocked()
	return true
}

// ResetOverrides removes every override made on c with [Override], of
// every type.
func (c *Container) ResetOverrides() {
	if c.usable() != nil {
		return
	}
	c.root.regMu.Lock()
	defer c.root.regMu.Unlock()
	c.regs.each(func(e *entry) { e.over = nil })
	for _, e := range c.kregs {
		e.over = nil
	}
	c.invalidateLocked()
}

// Reset discards the built Singleton that a request for T (or T under
// [Named]) resolves to in c, running its cleanups now, so that the
// next injection builds a new one: dependency-injector's Singleton.reset,
// for tests. Objects already holding the old instance keep it. Resetting
// something not built yet, or not a Singleton, does nothing. The
// registration itself is unchanged.
func Reset[T any](ctx context.Context, c *Container, opts ...Option) error {
	if err := c.usable(); err != nil {
		return finish(err, "reset")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	t := reflect.TypeFor[T]()
	o, err := gather(opts, forKey, "Reset")
	if err != nil {
		return finish(withPath(err, typeName(t), t, ""), "reset")
	}
	c.root.regMu.Lock()
	b, _, err := c.lookupLocked(t, typeid.Of(t), o.key, o.hasKey, nil)
	if err != nil || b.life != Singleton || b.kind == kindValue || b.slot.state.Load() != slotCommitted {
		c.root.regMu.Unlock()
		if err != nil {
			return finish(withPath(err, typeName(t), t, ""), "reset")
		}
		return nil
	}
	// A fresh copy of the binding takes the old one's place; readers that
	// still hold the old binding keep reading its (immutable) instance.
	owner := b.c
	nb := owner.newBindingLocked()
	nb.c, nb.info, nb.r, nb.tid, nb.kind, nb.life, nb.auto, nb.asFactory, nb.autoClose =
		b.c, b.info, b.r, b.tid, b.kind, b.life, b.auto, b.asFactory, b.autoClose
	nb.slot.owner = owner
	for _, x := range owner.order {
		if x.kind == kindAlias && x.r.x.aliasOf == b {
			x.r.x.aliasOf = nb
		}
	}
	if b.auto {
		owner.tbl.set(b.tid, nb)
	} else if e := owner.entryLocked(regKey{b.tid, b.key()}); e != nil {
		for _, list := range [][]*binding{e.regs, e.over} {
			for i := range list {
				if list[i] == b {
					list[i] = nb
				}
			}
		}
		for i := range owner.order {
			if owner.order[i] == b {
				owner.order[i] = nb
			}
		}
	}
	owner.invalidateLocked()
	c.root.regMu.Unlock()
	return errors.Join(runRecords(ctx, owner.takeRecords(b))...)
}
