package container

import (
	"fmt"
	"reflect"

	"github.com/tagwire/tagwire/internal/typeid"
)

// A hook is user code attached to a type: a decorator (Decorate) or a
// pre-configuration (Prepare).
type hook struct {
	t      reflect.Type
	key    any
	hasKey bool
	fn     reflect.Value
	name   string
	params []dep // after the decorated value, for a decorator
	ctxAt  int   // index of a leading context.Context parameter, or -1
	errOut bool
	seq    uint64
	prep   *binding // Prepare: the slot that runs it once
}

// Decorate wraps the instances of T the container builds (a registration
// of exactly T: constructor, zero-value struct or Populated value; an
// unregistered *Struct T too) with fn, a function
//
//	func(inner T, deps...) T
//	func(inner T, deps...) (T, error)
//
// whose other parameters are resolved like a constructor's (a
// context.Context receives the build's). Decorators run after the
// instance is complete (Init included), in the order they were registered:
// the first wraps the instance, the next wraps that, and so on, on c and
// its scopes, the ancestors' decorators first. The decorated value is what
// is cached for the registration's lifetime and what overrides of T are
// wrapped in too. With [Named], only the registration under that name is
// decorated.
//
// Decorate a type before its instances are built: decorating a type whose
// Singleton is already built, or that has a ready value registered, is an
// ErrBadInput error rather than a silent no-op.
func Decorate[T any](c *Container, fn any, opts ...Option) error {
	t := reflect.TypeFor[T]()
	h, err := newHook(c, t, fn, opts, "Decorate", true)
	if err != nil {
		return err
	}
	c.root.regMu.Lock()
	defer c.root.regMu.Unlock()
	if b, _, lerr := c.lookupLocked(t, typeid.Of(t), h.key, h.hasKey, nil); lerr == nil && b.kind != kindSelect {
		if b.typ() != t {
			return finish(newErr(ErrBadInput, t, fmt.Sprintf("%v is provided As %s", t, b.describe()),
				fmt.Sprintf("decorate the registration itself: container.Decorate[%v]", b.typ())), "decorate")
		}
		if b.kind == kindValue && !b.populate {
			return finish(newErr(ErrBadInput, t, fmt.Sprintf("%s is a ready value, which the container does not build", b.describe()),
				"decorate the value before registering it, or register it Populated"), "decorate")
		}
		if b.life == Singleton && b.slot.state.Load() == slotCommitted {
			return finish(newErr(ErrBadInput, t, fmt.Sprintf("the Singleton of %s is already built", b.describe()),
				"register decorators before the instances they wrap are built"), "decorate")
		}
	}
	c.root.seq++
	h.seq = c.root.seq
	c.decos = append(c.decos, h)
	c.root.nDecos.Add(1)
	c.root.regGen.Add(1) // a pure build running now leaves its result to the general path (pureAllowed)
	return nil
}

// Prepare registers fn to run once for c before the first build of T
// (clean_ioc's pre-configuration), with its parameters resolved like a
// constructor's: fn is func(deps...) or func(deps...) error, a
// context.Context parameter receiving the build's. It runs when c or one
// of its scopes first builds a T (a constructor, a zero-value struct, a
// Populated value); a T that is a ready value is never built. Error
// policy: if fn fails, the build that triggered it fails (ErrInit, naming
// Prepare) and fn runs again before the next build of T, until it has
// succeeded once. With [Named], only the registration under that name
// triggers it.
func Prepare[T any](c *Container, fn any, opts ...Option) error {
	t := reflect.TypeFor[T]()
	h, err := newHook(c, t, fn, opts, "Prepare", false)
	if err != nil {
		return err
	}
	h.prep = &binding{c: c, tid: typeid.Of(t), kind: kindPrep, r: &regInfo{t: t}}
	h.prep.slot.owner = c
	h.prep.r.extra().hook = h
	c.root.regMu.Lock()
	defer c.root.regMu.Unlock()
	c.root.seq++
	h.seq = c.root.seq
	c.preps = append(c.preps, h)
	c.root.nPreps.Add(1)
	c.root.regGen.Add(1) // as for Decorate
	return nil
}

// newHook checks fn as a decorator (decorate) or a pre-configuration of t.
func newHook(c *Container, t reflect.Type, fn any, opts []Option, what string, decorate bool) (*hook, error) {
	op := "decorate"
	if !decorate {
		op = "prepare"
	}
	if err := c.usable(); err != nil {
		return nil, finish(err, op)
	}
	o, err := gather(opts, forKey, what)
	if err != nil {
		return nil, finish(withPath(err, typeName(t), t, ""), op)
	}
	fv := reflect.ValueOf(fn)
	want := "func(deps...) or func(deps...) error"
	if decorate {
		want = fmt.Sprintf("func(%v, deps...) %v or func(%v, deps...) (%v, error)", t, t, t, t)
	}
	bad := func(detail string) error {
		return finish(newErr(ErrBadSignature, t, fmt.Sprintf("%s[%v]: %s", what, t, detail), "pass a "+want), op)
	}
	if fn == nil || fv.Kind() != reflect.Func || fv.IsNil() {
		return nil, bad("not a function")
	}
	ft := fv.Type()
	if ft.IsVariadic() {
		return nil, bad("a variadic function")
	}
	h := &hook{t: t, key: o.key, hasKey: o.hasKey, fn: fv, name: shortFuncName(fv), ctxAt: -1}
	first := 0
	if decorate {
		if ft.NumIn() == 0 || ft.In(0) != t {
			return nil, bad(fmt.Sprintf("%v does not take the %v it decorates first", ft, t))
		}
		switch {
		case ft.NumOut() == 1 && ft.Out(0).AssignableTo(t):
		case ft.NumOut() == 2 && ft.Out(0).AssignableTo(t) && ft.Out(1) == errType:
			h.errOut = true
		default:
			return nil, bad(fmt.Sprintf("%v does not return a %v", ft, t))
		}
		first = 1
	} else {
		switch {
		case ft.NumOut() == 0:
		case ft.NumOut() == 1 && ft.Out(0) == errType:
			h.errOut = true
		default:
			return nil, bad(fmt.Sprintf("%v has results other than an error", ft))
		}
	}
	for i := first; i < ft.NumIn(); i++ {
		h.params = append(h.params, depOf(ft.In(i)))
	}
	return h, nil
}

// applies reports whether h is for the registration b.
func (h *hook) applies(b *binding) bool {
	return h.t == b.typ() && (!h.hasKey || h.key == b.key())
}

// hooksFor returns the hooks of b's type visible from sc, ancestors'
// first, each container's in registration order.
func hooksFor(sc *Container, b *binding, prep bool) []*hook {
	sc.root.regMu.Lock()
	defer sc.root.regMu.Unlock()
	var chain []*Container
	for x := sc; x != nil; x = x.parent {
		chain = append(chain, x)
	}
	var out []*hook
	for i := len(chain) - 1; i >= 0; i-- {
		list := chain[i].decos
		if prep {
			list = chain[i].preps
		}
		for _, h := range list {
			if h.applies(b) {
				out = append(out, h)
			}
		}
	}
	return out
}

// hasHooks reports, without locks, whether any container of sc's tree has
// decorators (or pre-configurations, with prep).
func hasHooks(sc *Container, prep bool) bool {
	if prep {
		return sc.root.nPreps.Load() > 0
	}
	return sc.root.nDecos.Load() > 0
}

// callHook resolves h's parameters and calls it, with inner first for a
// decorator. It returns the decorator's result.
func (at *attempt) callHook(sc *Container, h *hook, inner any, fr *frame) (any, error) {
	var args []reflect.Value
	if h.prep == nil {
		args = append(args, valueFor(inner, h.t))
	}
	for i, d := range h.params {
		st := site{h, siteHookArg, i}
		if at.dry.skips(st) {
			continue
		}
		at.viaParam(nil, h.name, i)
		x, err := at.dep(sc, d, fr, nil, true)
		at.via("", "")
		if err != nil {
			at.dry.mark(err, st)
			return nil, at1(err, paramSeg(h.name, i), d.t)
		}
		args = append(args, valueFor(x, d.t))
	}
	if at.dry != nil {
		return inner, nil
	}
	if err := at.ctxErr(); err != nil {
		return nil, newErr(err, h.t, "the context ended before "+h.name+" ran", "")
	}
	var out []reflect.Value
	if err := callUser(func() error { out = h.fn.Call(args); return nil }); err != nil {
		return nil, panicErr(err, h.name, nil)
	}
	var err error
	if h.errOut {
		err, _ = out[len(out)-1].Interface().(error)
	}
	if err != nil {
		what := "decorator"
		if h.prep != nil {
			what = "Prepare hook"
		}
		return nil, newErr(ErrInit, h.t, fmt.Sprintf("the %s %s returned an error", what, h.name), "").withErr(err)
	}
	if h.prep != nil {
		return struct{}{}, nil
	}
	v := out[0].Interface()
	if isNilValue(v) {
		return nil, newErr(ErrConstructor, h.t, fmt.Sprintf("the decorator %s returned a nil %v", h.name, h.t), "return the decorated value")
	}
	return v, nil
}

// decorate wraps v, just built for b in sc, with the decorators of its
// type.
func (at *attempt) decorate(sc *Container, b *binding, v any, fr *frame) (any, error) {
	if !hasHooks(sc, false) {
		return v, nil
	}
	for _, h := range hooksFor(sc, b, false) {
		var err error
		if v, err = at.callHook(sc, h, v, fr); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// prepare runs, once per container, the pre-configurations of b's type
// visible from sc that have not run yet.
func (at *attempt) prepare(sc *Container, b *binding, fr *frame) error {
	if !hasHooks(sc, true) {
		return nil
	}
	for _, h := range hooksFor(sc, b, true) {
		p := h.prep
		if p.slot.state.Load() == slotCommitted && at.dry == nil {
			continue
		}
		s := &p.slot
		if at.dry != nil {
			s = at.graph.pgSlot(p.c, p)
		}
		if _, err := at.shared(p.c, p, s, fr, needDone); err != nil {
			return err
		}
	}
	return nil
}

// shortFuncName names a function value for messages.
func shortFuncName(fv reflect.Value) string {
	ci := ctorInfo{fn: fv}
	return ci.shortName()
}
