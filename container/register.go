package container

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/tagwire/tagwire/attribute"
	"github.com/tagwire/tagwire/internal/field"
	"github.com/tagwire/tagwire/internal/typeid"
	"github.com/tagwire/tagwire/method"
)

// Provide registers ctor as the constructor of T. ctor is a function whose
// parameters are resolved by type (a context.Context parameter receives
// the caller's context) and whose results are one of
//
//	T
//	(T, error)
//	(T, func(), error)
//	(T, func(context.Context) error, error)
//
// The cleanup, when returned, runs when the instance's owner closes (see
// [Container.Close]). The first result may be any type assignable to T; a
// broader interface (such as any) is accepted and the value is checked on
// every build (ErrTypeMismatch). When the result is a pointer to a struct,
// the tagged fields the constructor left zero are injected afterwards, and
// the Init method runs.
//
// A non-function, a function of another shape (ErrBadConstructor) or a
// result that cannot be a T (ErrNotAssignable) is rejected here, as is an
// invalid tag on the result type.
func Provide[T any](c *Container, ctor any, opts ...Option) error {
	_, err := provide[T](c, ctor, opts, false)
	return err
}

func provide[T any](c *Container, ctor any, opts []Option, over bool) (*binding, error) {
	t := reflect.TypeFor[T]()
	ci, err := analyzeCtor(ctor, t)
	if err != nil {
		return nil, finish(withPath(err, typeName(t), nil, ""), regOp(over))
	}
	if len(ci.params) == 0 {
		switch f := ctor.(type) {
		case func() T:
			ci.call0 = func() (any, error) { return f(), nil }
		case func() (T, error):
			ci.call0 = func() (any, error) { v, err := f(); return v, err }
		}
	}
	if info := ci.outInfo; info != nil && info.err != nil {
		return nil, finish(withPath(info.err.clone(), typeName(ci.out), ci.out, ""), regOp(over))
	}
	return c.register(t, kindCtor, func(b *binding) { b.r.ctor = ci }, opts, over)
}

// Struct registers the pointer-to-struct type T to be built from its zero
// value, with its tagged fields injected and its Init method called. Use
// it to give an unregistered type a lifetime other than Singleton, a name,
// or registration-time Field and Method injections:
//
//	container.Struct[*Session](c, container.Scoped)
func Struct[T any](c *Container, opts ...Option) error {
	_, err := structReg[T](c, opts, false)
	return err
}

func structReg[T any](c *Container, opts []Option, over bool) (*binding, error) {
	t := reflect.TypeFor[T]()
	if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return nil, finish(newErr(ErrBadTarget, t, fmt.Sprintf("Struct needs a pointer-to-struct type, not %v", t), "write Struct[*T]"), regOp(over))
	}
	info := infoOf(t)
	if info.err != nil {
		return nil, finish(withPath(info.err.clone(), typeName(t), t, ""), regOp(over))
	}
	return c.register(t, kindStruct, func(b *binding) { b.info = info }, opts, over)
}

// Instance registers a ready value of type T. It is never populated or
// initialised; every injection of T receives this value. Options: [Named]
// or [Key], [AutoClose] and [OnClose] (the caller owns the value unless it
// asks the container to close it).
func Instance[T any](c *Container, v T, opts ...Option) error {
	_, err := instance(c, v, opts, false)
	return err
}

func instance[T any](c *Container, v T, opts []Option, over bool) (*binding, error) {
	t := reflect.TypeFor[T]()
	if rv := reflect.ValueOf(&v).Elem(); isNil(rv) {
		return nil, finish(newErr(ErrBadTarget, t, "nil value", "register a non-nil value, or nothing (optional fields stay zero)"), regOp(over))
	}
	return c.register(t, kindValue, func(b *binding) {
		b.slot.v, b.slot.ptr = v, field.PointerOf(v)
		b.slot.state.Store(slotCommitted)
	}, opts, over)
}

func isNil(rv reflect.Value) bool {
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface, reflect.UnsafePointer:
		return rv.IsNil()
	}
	return false
}

// Bind registers Impl as the implementation of I: resolving I resolves Impl
// (registered or not) and shares its instance and lifetime. Impl must be
// assignable to I (ErrNotAssignable). With [Named] the binding is named;
// Impl is still the unnamed registration of Impl.
func Bind[I, Impl any](c *Container, opts ...Option) error {
	t, it := reflect.TypeFor[I](), reflect.TypeFor[Impl]()
	if !it.AssignableTo(t) {
		return finish(newErr(ErrNotAssignable, t, fmt.Sprintf("%v does not implement %v", it, t), "bind a type that implements the interface"), "register")
	}
	if it == t {
		return finish(newErr(ErrNotAssignable, t, "a type bound to itself", ""), "register")
	}
	_, err := c.register(t, kindAlias, func(b *binding) { b.r.extra().alias = it }, opts, false)
	return err
}

// Abstract registers a placeholder for T (dependency-injector's
// AbstractFactory). Resolving it is an ErrNotOverridden error until an
// implementation is supplied with [Override]; a Factory[T] field can be
// injected before that and fails only when called.
func Abstract[T any](c *Container, opts ...Option) error {
	_, err := c.register(reflect.TypeFor[T](), kindAbstract, func(*binding) {}, opts, false)
	return err
}

// OverrideHandle undoes an override; see [Override].
type OverrideHandle struct {
	c    *Container
	b    *binding
	done bool
}

// Override replaces the registration of T (or of T under [Named]) with the
// constructor ctor, for every injection made after the call, until Restore.
// Overrides nest: each Restore removes exactly its own layer, so restoring
// in reverse order (defer, t.Cleanup) returns exactly to the previous
// state. An instance already built and cached (a Singleton that received
// the old dependency, say) keeps what it has. Overriding an [Abstract]
// registration supplies its implementation; the constructor's result must
// be assignable to T.
func Override[T any](c *Container, ctor any, opts ...Option) (*OverrideHandle, error) {
	b, err := provide[T](c, ctor, opts, true)
	if err != nil {
		return nil, err
	}
	return &OverrideHandle{c: c, b: b}, nil
}

// OverrideInstance is [Override] with a ready value.
func OverrideInstance[T any](c *Container, v T, opts ...Option) (*OverrideHandle, error) {
	b, err := instance(c, v, opts, true)
	if err != nil {
		return nil, err
	}
	return &OverrideHandle{c: c, b: b}, nil
}

// Restore removes the override. It is safe to call more than once.
func (h *OverrideHandle) Restore() {
	if h == nil || h.c == nil {
		return
	}
	h.c.root.regMu.Lock()
	defer h.c.root.regMu.Unlock()
	if h.done {
		return
	}
	h.done = true
	if e := h.c.entryLocked(regKey{h.b.tid, h.b.key()}); e != nil {
		for i, b := range e.over {
			if b == h.b {
				e.over = append(e.over[:i:i], e.over[i+1:]...)
				break
			}
		}
	}
	h.c.invalidateLocked()
}

func regOp(over bool) string {
	if over {
		return "override"
	}
	return "register"
}

// register creates and records a binding of type t.
func (c *Container) register(t reflect.Type, kind bindKind, set func(*binding), opts []Option, over bool) (*binding, error) {
	op := regOp(over)
	if err := c.usable(); err != nil {
		err.(*Error).Type = t
		return nil, finish(err, op)
	}
	o, err := collectReg(opts)
	if err != nil {
		return nil, finish(withPath(err, typeName(t), t, ""), op)
	}
	c.root.regMu.Lock()
	defer c.root.regMu.Unlock()
	b := c.newBindingLocked()
	c.root.seq++
	b.c, b.tid, b.kind, b.r = c, typeid.Of(t), kind, c.newRegLocked()
	b.slot.owner = c
	b.r.t = t
	b.r.seq = c.root.seq
	set(b)
	if err := b.apply(o); err != nil {
		*b = binding{}
		return nil, finish(withPath(err, typeName(t), t, ""), op)
	}
	if err := c.addLocked(b, over); err != nil {
		*b = binding{}
		return nil, finish(withPath(err, typeName(t), t, ""), op)
	}
	if kind == kindValue && (b.autoClose || len(b.onCloses()) > 0) {
		var fns []func(ctx context.Context) error
		v := b.slot.v
		if b.autoClose {
			if f := method.CloserOf(v); f != nil {
				fns = append(fns, f)
			}
		}
		for _, oc := range b.onCloses() {
			fns = append(fns, func(ctx context.Context) error { return oc.fn(ctx, v) })
		}
		r := &record{owner: c, b: b, v: v, fns: fns}
		r.state.Store(recCommitted)
		c.mu.Lock()
		c.recs = append(c.recs, r)
		c.mu.Unlock()
	}
	return b, nil
}

// apply checks the options against the registration and stores them.
func (b *binding) apply(o *regOpts) error {
	if o == &noRegOpts {
		return nil // no options: the zero values are the defaults
	}
	bad := func(detail, hint string) error { return newErr(ErrBadOption, b.typ(), detail, hint) }
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
	case kindAlias, kindAbstract:
		if o.lifeSet || o.autoClose || len(o.onClose) > 0 || o.asFactory {
			return bad("lifetime, AutoClose, OnClose and AsFactory belong on the implementation's registration", "")
		}
	}
	if (o.hasArgs || len(o.fields) > 0 || len(o.methods) > 0) && b.kind != kindCtor && b.kind != kindStruct {
		return bad("Args, Field and Method apply to Provide and Struct registrations", "")
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
	if o.hasArgs {
		if b.kind != kindCtor {
			return bad("Args needs a constructor", "")
		}
		if err := validateParams(b.r.ctor.params, 0, &callOpts{args: o.args, hasArgs: true}); err != nil {
			return err
		}
		b.r.extra().args = o.args
		b.r.ctor.call0 = nil
	}
	if len(o.fields) > 0 {
		if it.Kind() != reflect.Pointer || it.Elem().Kind() != reflect.Struct {
			return bad(fmt.Sprintf("Field needs instances that are pointers to structs, not %v", it), "")
		}
		for _, fs := range o.fields {
			f, err := attribute.FieldOf(it.Elem(), fs.name)
			if err != nil {
				return newErr(ErrBadOption, it, fmt.Sprintf("Field %q", fs.name), "name an exported field of the struct").withErr(err)
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

// checkValue checks that a plain value or a provider can fill type t.
func checkValue(v any, t reflect.Type, what string) error {
	vt := reflect.TypeOf(v)
	if p, ok := v.(Provider); ok {
		vt = p.providerType()
	}
	if vt == nil {
		return nil
	}
	if !vt.AssignableTo(t) {
		return newErr(ErrTypeMismatch, t, fmt.Sprintf("%s gives a %v, which is not a %v", what, vt, t), "")
	}
	return nil
}

// Unregister removes the registrations of T (or of T under [Named] or
// [Key]) made on c, and reports whether there were any. Overrides of T
// stay in place until restored. Instances already built are not touched:
// objects holding them keep them, and their cleanups still run when c
// closes; later lookups no longer see them.
func Unregister[T any](c *Container, opts ...KeyOption) bool {
	if c.usable() != nil || len(opts) > 1 || len(opts) == 1 && opts[0].check() != nil {
		return false
	}
	t := reflect.TypeFor[T]()
	k := regKey{tid: typeid.Of(t)}
	if len(opts) > 0 {
		k.key = opts[0].key
	}
	c.root.regMu.Lock()
	defer c.root.regMu.Unlock()
	e := c.entryLocked(k)
	if e == nil || len(e.regs) == 0 {
		return false
	}
	for _, b := range e.regs {
		c.order = slices.DeleteFunc(c.order, func(x *binding) bool { return x == b })
	}
	e.regs = nil
	c.invalidateLocked()
	return true
}

// Reset discards the built Singleton that a request for T (or T under
// [Named] or [Key]) resolves to in c, running its cleanups now, so that the
// next injection builds a new one: dependency-injector's Singleton.reset,
// for tests. Objects already holding the old instance keep it. Resetting
// something not built yet, or not a Singleton, does nothing. The
// registration itself is unchanged.
func Reset[T any](ctx context.Context, c *Container, opts ...KeyOption) error {
	if err := c.usable(); err != nil {
		return finish(err, "reset")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	t := reflect.TypeFor[T]()
	var key any
	switch {
	case len(opts) > 1:
		return finish(newErr(ErrBadOption, t, "Reset takes at most one key", ""), "reset")
	case len(opts) == 1:
		if err := opts[0].check(); err != nil {
			return finish(withPath(err, typeName(t), t, ""), "reset")
		}
		key = opts[0].key
	}
	c.root.regMu.Lock()
	b, _, err := c.lookupLocked(t, typeid.Of(t), key, len(opts) > 0, nil, nil)
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
