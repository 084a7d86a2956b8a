package container

import (
	"context"
	"fmt"
	"reflect"
	"unsafe"

	"github.com/tagwire/tagwire/attribute"
	"github.com/tagwire/tagwire/internal/field"
	"github.com/tagwire/tagwire/internal/rmap"
	"github.com/tagwire/tagwire/internal/typeid"
)

// Resolve returns an instance of T from c, honouring T's registration and
// lifetime. An unregistered pointer-to-struct T is built from its zero
// value as the container's Singleton of that type; an interface T resolves
// to its unique registered implementation; a []T with no registration of
// its own collects every unnamed registration of T; Factory[T] and
// Keyed[K, T] give factories.
//
// Options pick a named registration ([Named]) or override dependencies of
// the object built ([Field], [Use], [Args]). Overrides need a
// fresh instance: with a Singleton or Scoped registration they are an
// ErrBadInput error.
//
// If ctx carries a scope of c (see [NewContext]), T is resolved in that
// scope. Resolving an already built Singleton takes no lock and does not
// allocate.
func Resolve[T any](ctx context.Context, c *Container, opts ...Option) (T, error) {
	t := reflect.TypeFor[T]()
	if len(opts) == 0 && c != nil {
		if v, ok := c.quick(ctx, t); ok {
			if r, ok := v.(T); ok {
				return r, nil
			}
		}
	}
	var zero T
	v, err := c.resolve(ctx, t, opts)
	if err != nil {
		return zero, err
	}
	r, _ := v.(T)
	return r, nil
}

// quick returns the instance a Resolve of t without options gives, when
// it needs no call: a built Singleton (read without taking locks), or a
// pure build (see pureFor). One lookup serves both.
func (c *Container) quick(ctx context.Context, t reflect.Type) (any, bool) {
	if c.root == nil || c.closed.Load() {
		return nil, false
	}
	gen := c.root.regGen.Load() // before the tables are read (see pureAllowed)
	sc, joins := c.callContext(ctx)
	b := sc.tables().tbl.get(typeid.Of(t))
	if b == nil {
		return nil, false
	}
	if b.life == Singleton && !b.asFactory && b.slot.state.Load() == slotCommitted {
		return b.slot.v, true
	}
	return sc.pureFor(ctx, b, false, joins, gen)
}

// resolve is Resolve's general path (quick has been tried).
func (c *Container) resolve(ctx context.Context, t reflect.Type, opts []Option) (any, error) {
	var co *callOpts
	var err error
	if len(opts) > 0 {
		co, err = collectCall(opts, forResolve, fmt.Sprintf("Resolve[%v]", t))
	}
	if err != nil {
		return nil, finish(withPath(err, typeName(t), t, ""), "resolve")
	}
	return c.call(ctx, t, co, false, "resolve")
}

// call resolves t through the general path: one transaction.
func (c *Container) call(ctx context.Context, t reflect.Type, co *callOpts, factory bool, op string) (any, error) {
	var v any
	err := c.run(ctx, op, func(at *attempt, sc *Container) error {
		at.roots = append(at.roots, t)
		if co != nil && co.owned {
			at.owned, at.ownOut = true, co.ownOut
		}
		var err error
		if v, err = at.top(sc, t, co, factory); err != nil {
			v = nil
			return at1(err, typeName(t), t)
		}
		return nil
	})
	return v, err
}

// top builds the object a call asks for. factory is true for factory
// calls, which build unregistered struct types fresh on every call.
func (at *attempt) top(sc *Container, t reflect.Type, co *callOpts, factory bool) (any, error) {
	var key any
	hasKey := false
	if co != nil {
		key, hasKey = co.key, co.hasKey
	}
	fr := at.base
	if !hasKey && !co.overrides() && !factory {
		return at.dep(sc, depOf(t), fr, nil, false)
	}
	b, err := at.lookup(sc, t, key, hasKey)
	if err != nil {
		return nil, err
	}
	fresh := factory && b.auto
	if co.overrides() {
		// Overrides give the caller an instance of its own, whatever the
		// registration's lifetime: a shared one could not take them.
		if b.kind == kindValue {
			return nil, newErr(ErrBadInput, t, b.describe()+" is a registered value; call-time overrides need an instance built for the call",
				"register a constructor or a zero-value struct to build it with overrides")
		}
		if b.life == Scoped && sc.parent == nil {
			return nil, noScope(b, fr)
		}
		if err := at.validateOverrides(sc, b, co); err != nil {
			return nil, err
		}
		return at.fresh(sc, b, fr, co)
	}
	if b.asFactory && !factory {
		return nil, delegated(b)
	}
	if fresh {
		return at.fresh(sc, b, fr, nil)
	}
	return at.get(sc, b, fr, needDone)
}

// Populate fills the tagged fields of each target (a non-nil pointer to a
// struct) and then calls the target's Init method, if it has one. Fields
// that already hold a non-zero value are left alone, which is how tests
// preset fakes. Dependencies are built recursively: construct, then fields
// in declaration order, then Init, so every dependency is initialised
// before its dependents. A target given twice is populated once.
//
// If anything fails, Populate cleans up everything it built, newest first,
// resets the fields it set on the targets, publishes nothing, and returns
// an *Error naming the path to the failure.
func (c *Container) Populate(ctx context.Context, targets ...any) error {
	if len(targets) == 1 && c.purePopulate(ctx, targets[0]) {
		return nil
	}
	// One target of up to 128 tagged fields, the common case, needs no
	// allocation for the bookkeeping below.
	var tbuf [1]populateTarget
	var sbuf [2]uint64
	var setsBuf [1][]uint64
	tgs, err := checkTargets(targets, tbuf[:0])
	if err != nil {
		return finish(err, "populate")
	}
	sets := setsBuf[:0]
	for i, tg := range tgs {
		n := (len(tg.info.plan.Fields) + 63) / 64
		if i == 0 && n <= len(sbuf) {
			sets = append(sets, sbuf[:n])
		} else {
			sets = append(sets, make([]uint64, n))
		}
	}
	reset := func() {
		for i, tg := range tgs {
			clearSet(tg.info.plan, tg.base, sets[i])
		}
	}
	err = c.run(ctx, "populate", func(at *attempt, sc *Container) (err error) {
		done := false
		defer func() {
			if err != nil || !done { // failed, or runtime.Goexit in user code
				reset()
			}
		}()
		err = at.populate(sc, tgs, sets)
		done = true
		return err
	})
	if err != nil {
		reset() // the commit failed
	}
	return err
}

// populateTarget is a checked Populate target.
type populateTarget struct {
	v    any
	info *typeInfo
	base unsafe.Pointer
	reg  *binding // the Populated registration of this very value, if any
}

// checkTargets checks the Populate targets and drops repeated ones,
// appending them to out.
func checkTargets(targets []any, out []populateTarget) ([]populateTarget, error) {
next:
	for _, tg := range targets {
		info, base, err := targetInfo(tg)
		if err != nil {
			return nil, err
		}
		for _, o := range out {
			if o.base == base && o.info == info {
				continue next
			}
		}
		out = append(out, populateTarget{v: tg, info: info, base: base})
	}
	return out, nil
}

// populate is the body of a Populate call.
func (at *attempt) populate(sc *Container, tgs []populateTarget, sets [][]uint64) error {
	frames := make([]*frame, len(tgs))
	if at.root.hasValues.Load() {
		at.root.regMu.Lock()
		for i := range tgs {
			if tgs[i].reg == nil { // a dry call names the registration of the value it copied
				tgs[i].reg = at.root.values[tgs[i].v]
			}
		}
		at.root.regMu.Unlock()
	}
	for i, tg := range tgs {
		at.roots = append(at.roots, tg.info.t)
		if tg.reg != nil {
			continue
		}
		frames[i] = at.newFrame(at.base, nil, nil)
		frames[i].t = tg.info.t
		if !tg.info.selfRef() {
			continue
		}
		// Something in the target's graph can ask for the target's own
		// type: unless the container already has an instance of it, the
		// target is that instance.
		b, err := at.lookupID(sc, tg.info.t, typeid.Of(tg.info.t), nil, false)
		if err != nil || !b.auto || b.slot.state.Load() == slotCommitted && at.dry == nil {
			continue
		}
		fl := &flight{at: at, target: true}
		fr := at.newFrame(at.base, b, fl)
		fl.publish(tg.v, tg.base)
		frames[i] = fr
		at.targets = append(at.targets, &target{b: b, v: tg.v, fl: fl, fr: fr})
	}
	for i, tg := range tgs {
		if tg.reg != nil {
			// A value registered with Populated: filled (and initialised)
			// once, as its registration says, however it is reached.
			if _, err := at.get(tg.reg.c, tg.reg, at.base, needDone); err != nil {
				return at1(err, typeName(tg.info.t), tg.info.t)
			}
			continue
		}
		fr := frames[i]
		err := at.fill(sc, nil, tg.v, tg.base, tg.info, fr, nil, sets[i])
		if err == nil && tg.info.init != nil && !sc.noInit {
			err = at.callInit(sc, tg.v, tg.info, fr, nil)
		}
		fr.done.Store(true)
		for _, t := range at.targets {
			if t.fr == fr {
				t.done = true
				if t.claimed {
					at.settle(t.fl.s, t.fl, fr, t.v, nil, err)
				}
			}
		}
		if err != nil {
			return at1(err, typeName(tg.info.t), tg.info.t)
		}
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

// clearSet resets the fields of the struct at base that set marks, and
// the marks.
func clearSet(p *attribute.Plan, base unsafe.Pointer, set []uint64) {
	for i := range p.Fields {
		if set[i>>6]&(1<<(i&63)) != 0 {
			field.Clear(base, &p.Fields[i])
		}
	}
	clear(set)
}

// targetInfo checks a Populate target and returns its type info and
// address.
func targetInfo(tg any) (*typeInfo, unsafe.Pointer, error) {
	if tg == nil {
		return nil, nil, newErr(ErrBadInput, nil, "nil target", "pass a pointer to a struct: Populate(&app)")
	}
	t := reflect.TypeOf(tg)
	if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return nil, nil, newErr(ErrBadInput, t, fmt.Sprintf("target is a %v, not a pointer to a struct", t), "pass a pointer to a struct: Populate(&app)")
	}
	rv := reflect.ValueOf(tg)
	if rv.IsNil() {
		return nil, nil, newErr(ErrBadInput, t, "nil pointer target", "pass a pointer to a struct value: Populate(&app)")
	}
	info := infoOf(t)
	if info.err != nil {
		return nil, nil, withPath(info.err.clone(), typeName(t), t, "")
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
			fi.err = newErr(ErrBadInput, ft, "variadic function", "take the values as a slice parameter")
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
// last result is an error, Invoke returns it as it is; if fn panics, the
// panic is returned as an ErrPanic error.
func (c *Container) Invoke(ctx context.Context, fn any, opts ...Option) error {
	fv := reflect.ValueOf(fn)
	if fn == nil || fv.Kind() != reflect.Func || fv.IsNil() {
		return finish(newErr(ErrBadInput, reflect.TypeOf(fn), "Invoke needs a non-nil function", ""), "invoke")
	}
	fi := funcInfoOf(fv.Type())
	if fi.err != nil {
		return finish(fi.err.clone(), "invoke")
	}
	co, err := collectCall(opts, forInvoke, "Invoke")
	if err != nil {
		return finish(err, "invoke")
	}
	if err := validateInvoke(fi.params, co); err != nil {
		return finish(err, "invoke")
	}
	args := make([]reflect.Value, len(fi.params))
	err = c.run(ctx, "invoke", func(at *attempt, sc *Container) error {
		for i, d := range fi.params {
			var x any
			var err error
			switch {
			case co != nil && i < len(co.args):
				x, err = at.argValue(sc, co.args[i], at.base, nil)
			case d.kind == depCtx:
				x = ctx
				if x == nil {
					x = context.Background()
				}
			default:
				x, err = at.dep(sc, d, at.base, co, false)
			}
			if err != nil {
				return at1(err, fmt.Sprintf("[arg %d]", i), d.t)
			}
			args[i] = valueFor(x, d.t)
		}
		return nil
	})
	if err != nil {
		return err
	}
	var out []reflect.Value
	if err := callUser(func() error { out = fv.Call(args); return nil }); err != nil {
		return finish(panicErr(err, "the invoked function", nil), "invoke")
	}
	if fi.errOut {
		if e, _ := out[len(out)-1].Interface().(error); e != nil {
			return e
		}
	}
	return nil
}
