package container

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/tagwire/tagwire/attribute"
	"github.com/tagwire/tagwire/internal/typeid"
	"github.com/tagwire/tagwire/method"
)

// txn is the unit of atomicity of one top-level call (Populate, Resolve,
// Invoke, a factory call): the Singleton and Scoped instances it builds
// stay private to it until it succeeds, and everything it built is cleaned
// up, newest first, when it fails. User code called by the transaction
// with the context it was given joins the same transaction.
type txn struct {
	root    *Container
	locked  bool // holds root.mu
	ended   bool
	pending []*binding   // Singletons built, published at commit
	scoped  []*scopedRec // Scoped instances built, published at commit
	recs    []*record    // cleanups of the instances built, in creation order
	mctx    context.Context
}

type scopedRec struct {
	sc *Container
	b  *binding
	slot
	node scopedNode // what commit publishes in sc
}

// record is an instance built by the container together with the cleanups
// that its owner runs when it closes.
type record struct {
	owner *Container
	b     *binding
	v     any
	fns   []func(context.Context) error
}

// graph is the state of one call: the per-graph instances, the stack of
// registrations being built (for cycle reports) and the root types (for
// finding implicit interface implementations).
type graph struct {
	tx    *txn
	own   txn
	ctx   context.Context
	live  bool // ctx can be cancelled (its Done channel is not nil)
	pg    map[*binding]*slot
	stack []*binding
	roots []reflect.Type
	tgts  []target  // Populate targets: this graph's instances of their types
	sp    savepoint // where a joined transaction stood when this call began
	mask  [4]uint64 // fields set on the first Populate target
}

// target is a Populate target. While the call runs it is the instance of
// its type for fields that ask for that unregistered type (so a field
// pointing back at the root gets the root), unless the container already
// built one; once something did point back at it, the successful call
// leaves it as the container's Singleton of that type.
type target struct {
	b    *binding // the implicit binding of its type
	v    any
	done bool // populated and initialised
	used bool // published as the container's instance of its type
}

var graphs = sync.Pool{New: func() any { return new(graph) }}

type need uint8

const (
	needPtr  need = iota // a field: an instance still being built will do (pointer cycles)
	needDone             // a parameter: the instance must be complete
)

// effective returns the container a call on c with ctx resolves in: the
// scope ctx carries, when it is c or below c, else c.
func (c *Container) effective(ctx context.Context) *Container {
	if ctx != nil {
		if st := stateOf(ctx); st != nil && st.scope != nil && st.scope.descendsFrom(c) {
			return st.scope
		}
	}
	return c
}

// begin starts a call on c: it picks the container to resolve in (the
// innermost scope of c carried by ctx, or c) and the transaction (the one
// ctx carries from an enclosing call into user code, or a new one).
func (c *Container) begin(ctx context.Context) (*graph, *Container, error) {
	if c == nil {
		return nil, nil, newErr(ErrBadTarget, nil, "nil *Container", "create one with container.New")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	st := stateOf(ctx)
	sc := c
	if st != nil && st.scope != nil && st.scope != c && st.scope.descendsFrom(c) {
		sc = st.scope
	}
	if sc.closed.Load() {
		return nil, nil, newErr(ErrClosed, nil, "the container or scope is closed", "")
	}
	g := graphs.Get().(*graph)
	g.ctx, g.live = ctx, ctx.Done() != nil
	if st != nil && st.tx != nil && !st.tx.ended && st.tx.root == c.root {
		g.tx = st.tx
		g.sp = st.tx.savepoint()
	} else {
		g.own = txn{root: c.root, pending: g.own.pending[:0], scoped: g.own.scoped[:0], recs: g.own.recs[:0]}
		g.tx = &g.own
	}
	return g, sc, nil
}

// end finishes the call: a transaction of its own is committed or rolled
// back; a joined one is left to its owner. The graph goes back to the pool
// unless user code may still hold its context.
func (g *graph) end(err error) error {
	switch {
	case g.tx != &g.own:
		if err != nil { // a nested call undoes its own part only
			err = g.tx.undo(g.ctx, err, g.sp)
		}
	case err != nil:
		err = g.own.rollback(g.ctx, err)
	default:
		err = g.own.commit(g.ctx)
	}
	pooled := g.own.mctx == nil
	clear(g.pg)
	clear(g.stack)
	clear(g.tgts)
	g.stack, g.roots, g.tgts, g.ctx, g.tx, g.mask = g.stack[:0], g.roots[:0], g.tgts[:0], nil, nil, [4]uint64{}
	if pooled {
		clear(g.own.pending[:cap(g.own.pending)])
		clear(g.own.scoped[:cap(g.own.scoped)])
		clear(g.own.recs[:cap(g.own.recs)])
		graphs.Put(g)
	}
	return err
}

func (t *txn) lock() {
	if !t.locked {
		t.root.mu.Lock()
		t.locked = true
	}
}

func (t *txn) unlock() {
	if t.locked {
		t.locked = false
		t.root.mu.Unlock()
	}
}

// commit publishes what the transaction built. If a container that would
// own part of it was closed meanwhile, the whole transaction is undone
// instead and the call fails with ErrClosed.
func (t *txn) commit(ctx context.Context) error {
	if len(t.pending) == 0 && len(t.scoped) == 0 && len(t.recs) == 0 {
		t.ended = true
		t.unlock()
		return nil
	}
	t.lock()
	closed := false
	for _, r := range t.recs {
		closed = closed || r.owner.closed.Load()
	}
	for _, r := range t.scoped {
		closed = closed || r.b != nil && r.sc.closed.Load()
	}
	if closed {
		err := t.undo(ctx, newErr(ErrClosed, nil, "the container or scope was closed while the call was building", ""), savepoint{})
		t.ended = true
		t.unlock()
		return err
	}
	for _, b := range t.pending {
		if b.pendTx == t {
			if b.state.Load() == pendDone {
				b.state.Store(built)
			} else {
				b.v = nil
				b.state.Store(0)
			}
			b.pendTx = nil
		}
	}
	for _, r := range t.scoped {
		if r.b != nil && r.done {
			r.node = scopedNode{b: r.b, v: r.v, next: r.sc.scoped.Load()}
			r.sc.scoped.Store(&r.node)
		}
	}
	for _, r := range t.recs {
		r.owner.cleanups = append(r.owner.cleanups, r)
	}
	t.ended = true
	t.unlock()
	return nil
}

// savepoint marks how much a transaction had built when a nested call
// joined it, so that a failing nested call undoes only its own work.
type savepoint struct{ pending, scoped, recs int }

func (t *txn) savepoint() savepoint {
	return savepoint{len(t.pending), len(t.scoped), len(t.recs)}
}

// rollback undoes the transaction after cause: it runs the cleanups of
// everything built, newest first, and drops the unpublished instances.
func (t *txn) rollback(ctx context.Context, cause error) error {
	err := t.undo(ctx, cause, savepoint{})
	t.ended = true
	t.unlock()
	return err
}

// undo cleans up what the transaction built after sp, newest first, and
// drops those unpublished instances; the result is cause with any cleanup
// failures attached.
func (t *txn) undo(ctx context.Context, cause error, sp savepoint) error {
	var errs []error
	if recs := t.recs[sp.recs:]; len(recs) > 0 {
		if err := runCleanups(context.WithoutCancel(ctx), recs); err != nil {
			errs = append(errs, err)
		}
	}
	if pend := t.pending[sp.pending:]; len(pend) > 0 {
		t.lock() // pending Singletons exist only under the lock
		for _, b := range pend {
			if b.pendTx == t {
				b.unpend()
			}
		}
	}
	for _, r := range t.scoped[sp.scoped:] {
		r.b = nil
	}
	clear(t.recs[sp.recs:])
	t.pending, t.scoped, t.recs = t.pending[:sp.pending], t.scoped[:sp.scoped], t.recs[:sp.recs]
	if len(errs) == 0 {
		return cause
	}
	if e, ok := cause.(*Error); ok {
		e.Err = errors.Join(append([]error{e.Err}, errs...)...)
		if e.Detail == "" {
			e.Detail = "cleanup after failure also failed"
		}
		return e
	}
	return errors.Join(append([]error{cause}, errs...)...)
}

// userCtx is the context handed to user code (constructors, Init,
// methods, factory functions). While the transaction holds the container
// lock it carries the transaction, so that resolving with it from inside
// user code joins this call instead of waiting for the lock.
func (g *graph) userCtx() context.Context {
	if !g.tx.locked {
		return g.ctx
	}
	if g.tx.mctx == nil {
		st := &ctxState{tx: g.tx}
		if old := stateOf(g.ctx); old != nil {
			st.scope = old.scope
		}
		g.tx.mctx = context.WithValue(g.ctx, ctxKey{}, st)
	}
	return g.tx.mctx
}

// lookup resolves the binding for type t (and key) from container sc,
// through the lock-free caches when possible.
func (g *graph) lookup(sc *Container, t reflect.Type, tid typeid.ID, key any, hasKey bool) (*binding, error) {
	// A scope with no registrations of its own sees exactly what its
	// parent sees: look up (and cache) there, so short-lived request
	// scopes never build tables of their own.
	sc = sc.tables()
	if !hasKey {
		if b := sc.tbl.get(tid); b != nil {
			return b, nil
		}
	} else if m := sc.named.Load(); m != nil {
		if b := (*m)[regKey{tid, key}]; b != nil {
			return b, nil
		}
	}
	locked := g.tx.locked
	if !locked {
		g.tx.root.mu.Lock()
		defer g.tx.root.mu.Unlock()
	}
	if sc.closed.Load() {
		return nil, newErr(ErrClosed, t, "the container or scope is closed", "")
	}
	b, cache, err := sc.lookupLocked(t, tid, key, hasKey, g.roots)
	if err != nil || !cache {
		return b, err
	}
	if !hasKey {
		sc.tbl.set(tid, b)
	} else {
		old := sc.named.Load()
		m := make(map[regKey]*binding)
		if old != nil {
			for k, v := range *old {
				m[k] = v
			}
		}
		m[regKey{tid, key}] = b
		sc.named.Store(&m)
	}
	return b, nil
}

// get returns an instance of b for a request made from container sc,
// honouring b's lifetime.
func (g *graph) get(sc *Container, b *binding, n need) (any, error) {
	switch b.life {
	case Singleton:
		if b.state.Load() == built {
			return b.v, nil
		}
		return g.shared(b, n)
	case Scoped:
		return g.scopedGet(sc, b, n)
	case PerGraph:
		return g.perGraph(sc, b, n)
	}
	return g.construct(sc, b, nil, false, nil)
}

func (g *graph) shared(b *binding, n need) (any, error) {
	if b.auto {
		for i := range g.tgts {
			if t := &g.tgts[i]; t.b == b {
				if !t.done && n == needDone {
					return nil, g.cycle(b)
				}
				if !t.used && b.pendTx == nil && b.state.Load() != built {
					// Something points back at the target: it becomes the
					// container's instance of its type when the call commits.
					g.tx.lock()
					t.used = true
					b.pendTx, b.v = g.tx, t.v
					b.state.Store(pendAlloc)
					if t.done {
						b.state.Store(pendDone)
					}
					g.tx.pending = append(g.tx.pending, b)
				}
				return t.v, nil
			}
		}
	}
	g.tx.lock()
	if b.state.Load() == built {
		return b.v, nil
	}
	if b.c.closed.Load() {
		return nil, newErr(ErrClosed, b.typ(), "the container that owns "+b.describe()+" is closed", "")
	}
	if b.pendTx == g.tx {
		if st := b.state.Load(); st == pendDone || (st == pendAlloc && n == needPtr) {
			return b.v, nil
		}
		return nil, g.cycle(b)
	}
	b.pendTx = g.tx
	g.tx.pending = append(g.tx.pending, b)
	var v any
	var err error
	if b.r == nil {
		v, err = g.buildImplicit(b)
	} else {
		v, err = g.construct(b.c, b, nil, true, nil)
	}
	if err != nil {
		b.unpend()
		return nil, err
	}
	b.v = v
	b.state.Store(pendDone)
	return v, nil
}

// buildImplicit builds the pending Singleton of an unregistered struct
// type: the zero value, its tagged fields, Init. It is construct for the
// one kind of binding that zero-registration graphs are made of, without
// the steps that do not apply (registration injections, overrides), so
// that deep graphs take fewer and smaller stack frames.
func (g *graph) buildImplicit(b *binding) (any, error) {
	if err := g.ctxErr(); err != nil {
		return nil, newErr(err, b.info.t, "the context ended before "+b.describe()+" was built", "")
	}
	info := b.info
	base := reflect.New(info.plan.Type).UnsafePointer()
	v := ifaceOf(info.t, base)
	b.v = v
	b.state.Store(pendAlloc)
	g.stack = append(g.stack, b)
	err := g.fill(b.c, nil, base, info, nil, nil)
	if err == nil && info.init != nil {
		err = g.callInit(b.c, v, info, nil)
	}
	g.stack = g.stack[:len(g.stack)-1]
	if err == nil && b.c.root.autoClose {
		if f := method.CloserOf(v); f != nil {
			g.record(b.c, b, v, []func(context.Context) error{f})
		}
	}
	return v, err
}

// ctxErr is g.ctx.Err(), skipped for contexts that cannot be cancelled.
func (g *graph) ctxErr() error {
	if !g.live {
		return nil
	}
	return g.ctx.Err()
}

// unpend drops a pending Singleton. The caller holds the root mutex.
func (b *binding) unpend() {
	b.pendTx, b.v = nil, nil
	b.state.Store(0)
}

// allocated publishes a new instance to the cycle-aware readers: the
// pending Singleton (shared), or the slot of a Scoped or PerGraph build.
func allocated(b *binding, s *slot, shared bool, v any) {
	if shared {
		b.v = v
		b.state.Store(pendAlloc)
	} else if s != nil {
		s.v, s.alloc = v, true
	}
}

func (g *graph) scopedGet(sc *Container, b *binding, n need) (any, error) {
	if sc.parent == nil {
		return nil, newErr(ErrNoScope, b.typ(), fmt.Sprintf("%s is Scoped and is resolved outside any scope", b.describe()),
			"resolve it from a scope (c.NewScope(), or a ctx made with container.NewContext); a Singleton cannot depend on a Scoped registration")
	}
	if v, ok := sc.scopedLookup(b); ok {
		return v, nil
	}
	g.tx.lock()
	if v, ok := sc.scopedLookup(b); ok {
		return v, nil
	}
	if sc.closed.Load() {
		return nil, newErr(ErrClosed, b.typ(), "the scope is closed", "")
	}
	for _, r := range g.tx.scoped {
		if r.sc == sc && r.b == b {
			if r.done || (r.alloc && n == needPtr) {
				return r.v, nil
			}
			return nil, g.cycle(b)
		}
	}
	r := &scopedRec{sc: sc, b: b}
	g.tx.scoped = append(g.tx.scoped, r)
	v, err := g.construct(sc, b, &r.slot, false, nil)
	if err != nil {
		r.b = nil
		return nil, err
	}
	r.done = true
	return v, nil
}

func (g *graph) perGraph(sc *Container, b *binding, n need) (any, error) {
	if s := g.pg[b]; s != nil {
		if s.done || (s.alloc && n == needPtr) {
			return s.v, nil
		}
		return nil, g.cycle(b)
	}
	if g.pg == nil {
		g.pg = map[*binding]*slot{}
	}
	s := &slot{}
	g.pg[b] = s
	v, err := g.construct(sc, b, s, false, nil)
	if err != nil {
		delete(g.pg, b)
		return nil, err
	}
	s.done = true
	return v, nil
}

// cycle reports that b is needed while it is being built.
func (g *graph) cycle(b *binding) error {
	i := slices.Index(g.stack, b)
	var names []string
	if i >= 0 {
		for _, x := range g.stack[i:] {
			names = append(names, x.typ().String())
		}
	}
	names = append(names, b.typ().String())
	return newErr(ErrCycle, b.typ(), strings.Join(names, " -> "),
		"break the cycle: take one side as a field (pointer cycles through fields are allowed), or inject a Factory and call it later")
}

// construct builds a new instance of b in container sc. s, when not nil,
// receives the instance as soon as it exists (so that pointer cycles
// through fields resolve to it). ov holds the call-time overrides of the
// top-level object.
func (g *graph) construct(sc *Container, b *binding, s *slot, shared bool, ov *callOpts) (any, error) {
	if err := g.ctxErr(); err != nil {
		return nil, newErr(err, b.typ(), "the context ended before "+b.describe()+" was built", "")
	}
	if s == nil && !shared && slices.Contains(g.stack, b) {
		return nil, g.cycle(b)
	}
	g.stack = append(g.stack, b)
	v, err := g.constructKind(sc, b, s, shared, ov)
	g.stack = g.stack[:len(g.stack)-1]
	return v, err
}

func (g *graph) constructKind(sc *Container, b *binding, s *slot, shared bool, ov *callOpts) (any, error) {
	switch b.kind {
	case kindValue:
		return b.v, nil
	case kindAbstract:
		return nil, newErr(ErrNotOverridden, b.typ(), b.describe()+" has no implementation yet",
			fmt.Sprintf("supply one with container.Override[%v](c, ctor) before resolving it", b.typ()))
	case kindStruct:
		base := reflect.New(b.info.plan.Type).UnsafePointer()
		v := ifaceOf(b.typ(), base)
		allocated(b, s, shared, v)
		return v, g.finish(sc, b, v, base, b.info, nil, ov)
	case kindCtor:
		return g.callCtor(sc, b, s, shared, ov)
	}
	return nil, newErr(ErrBadTarget, b.typ(), "cannot build "+b.describe(), "")
}

func (g *graph) callCtor(sc *Container, b *binding, s *slot, shared bool, ov *callOpts) (any, error) {
	ci := &b.r.ctor
	var v any
	var clean func(context.Context) error
	var err error
	switch {
	case ci.call0 != nil:
		if v, err = ci.call0(); err != nil {
			err = newErr(ErrConstructor, b.typ(), ci.shortName()+" returned an error", "").withErr(err)
		}
	case ci.direct != 0:
		v, err = g.ctorDirect(sc, b, ci, ov)
	default:
		v, clean, err = g.ctorReflect(sc, b, ci, ov)
	}
	if err != nil {
		return nil, err
	}
	if ci.check && v != nil && !reflect.TypeOf(v).AssignableTo(b.typ()) {
		err := newErr(ErrTypeMismatch, b.typ(), fmt.Sprintf("%s returned a %T, which is not a %v", ci.shortName(), v, b.typ()),
			"return a value of the registered type")
		if clean != nil {
			g.record(sc, b, v, []func(context.Context) error{clean})
		}
		return nil, err
	}
	allocated(b, s, shared, v)
	if v == nil {
		return v, g.finish(sc, b, v, nil, nil, clean, ov)
	}
	if oi := ci.outInfo; oi != nil { // a concrete struct pointer: no reflect needed
		if base := dataOf(v); base != nil {
			return v, g.finish(sc, b, v, base, oi, clean, ov)
		}
		return v, g.finish(sc, b, v, nil, nil, clean, ov)
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && rv.IsNil() {
		return v, g.finish(sc, b, v, nil, nil, clean, ov)
	}
	info := infoOf(rv.Type())
	if info.err != nil {
		if clean != nil {
			g.record(sc, b, v, []func(context.Context) error{clean})
		}
		return nil, info.err.clone()
	}
	var base unsafe.Pointer
	if info.plan != nil {
		base = rv.UnsafePointer()
	}
	return v, g.finish(sc, b, v, base, info, clean, ov)
}

// ctorDirect resolves the arguments of a direct-call constructor and
// calls it (see call.go).
func (g *graph) ctorDirect(sc *Container, b *binding, ci *ctorInfo, ov *callOpts) (any, error) {
	var a [maxDirect]p
	var ctx context.Context
	n := 0
	for i, d := range ci.params {
		x, err := g.ctorArg(sc, b, i, d, ov)
		if err != nil {
			return nil, err
		}
		if i == 0 && ci.direct&8 != 0 {
			ctx, _ = x.(context.Context)
			if ctx == nil {
				ctx = context.Background()
			}
			continue
		}
		a[n] = dataOf(x)
		n++
	}
	if err := g.ctxErr(); err != nil {
		return nil, newErr(err, b.typ(), "the context ended before "+b.describe()+" was built", "")
	}
	r, err := callDirect(ci.direct, ci.fptr, ctx, &a)
	if err != nil {
		return nil, newErr(ErrConstructor, b.typ(), ci.shortName()+" returned an error", "").withErr(err)
	}
	return ifaceOf(ci.out, r), nil
}

// ctorReflect resolves the arguments of a constructor and calls it
// through reflect, returning its cleanup too.
func (g *graph) ctorReflect(sc *Container, b *binding, ci *ctorInfo, ov *callOpts) (any, func(context.Context) error, error) {
	args := make([]reflect.Value, len(ci.params))
	for i, d := range ci.params {
		x, err := g.ctorArg(sc, b, i, d, ov)
		if err != nil {
			return nil, nil, err
		}
		args[i] = valueFor(x, d.t)
	}
	if err := g.ctxErr(); err != nil {
		return nil, nil, newErr(err, b.typ(), "the context ended before "+b.describe()+" was built", "")
	}
	out := ci.fn.Call(args)
	if ci.errAt >= 0 {
		if e, _ := out[ci.errAt].Interface().(error); e != nil {
			return nil, nil, newErr(ErrConstructor, b.typ(), ci.shortName()+" returned an error", "").withErr(e)
		}
	}
	var clean func(context.Context) error
	if ci.cleanAt >= 0 && !out[ci.cleanAt].IsNil() {
		if ci.cleanCtx {
			clean = out[ci.cleanAt].Interface().(func(context.Context) error)
		} else {
			f := out[ci.cleanAt].Interface().(func())
			clean = func(context.Context) error { f(); return nil }
		}
	}
	return out[0].Interface(), clean, nil
}

// ctorArg resolves parameter i (of dependency d) of b's constructor:
// registered Args first, then call-time Args, then by type.
func (g *graph) ctorArg(sc *Container, b *binding, i int, d dep, ov *callOpts) (any, error) {
	regArgs := b.args()
	var x any
	var err error
	switch nreg := len(regArgs); {
	case i < nreg:
		x, err = g.argValue(sc, regArgs[i], ov)
	case ov != nil && i < nreg+len(ov.args):
		x, err = g.argValue(sc, ov.args[i-nreg], nil)
	default:
		x, err = g.dep(sc, d, ov)
	}
	if err != nil {
		return nil, at(err, fmt.Sprintf("[%s arg %d]", b.r.ctor.shortName(), i), d.t, "")
	}
	return x, nil
}

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
func (g *graph) argValue(sc *Container, a any, ov *callOpts) (any, error) {
	p, ok := a.(Provider)
	if !ok {
		return a, nil
	}
	t := p.providerType()
	key, hasKey := p.providerKey()
	if ov != nil && !hasKey {
		if v, ok := ov.use(t); ok {
			return v, nil
		}
	}
	b, err := g.lookup(sc, t, typeid.Of(t), key, hasKey)
	if err != nil {
		return nil, err
	}
	if b.asFactory {
		return nil, delegated(b)
	}
	return g.get(sc, b, needDone)
}

// dep resolves a constructor or method parameter.
func (g *graph) dep(sc *Container, d dep, ov *callOpts) (any, error) {
	if ov != nil {
		if v, ok := ov.use(d.t); ok {
			return v, nil
		}
	}
	switch d.kind {
	case depCtx:
		return g.userCtx(), nil
	case depContainer:
		return sc, nil
	case depFactory:
		return g.factory(sc, d.fx)
	}
	return g.byType(sc, d.t, d.tid, needDone)
}

func delegated(b *binding) error {
	return newErr(ErrDelegated, b.typ(), b.describe()+" is registered AsFactory and is injected only as a factory",
		fmt.Sprintf("declare the dependency as container.Factory[%v] or a func returning it", b.typ()))
}

// collect builds a slice of every unnamed registration assignable to the
// element type of st, in registration order, or nil when there is none.
func (g *graph) collect(sc *Container, st reflect.Type, n need) (any, error) {
	elem := st.Elem()
	var bs []*binding
	var err error
	func() {
		if !g.tx.locked {
			g.tx.root.mu.Lock()
			defer g.tx.root.mu.Unlock()
		}
		seen := map[*binding]bool{}
		var regs []*binding
		sc.visitLocked(func(k regKey, act []*binding) {
			if k.key == nil && act[0].typ().AssignableTo(elem) {
				regs = append(regs, act...)
			}
		})
		slices.SortFunc(regs, func(a, b *binding) int { return cmp.Compare(a.seq(), b.seq()) })
		for _, r := range regs {
			tb, ferr := r.follow(0)
			if ferr != nil {
				err = ferr
				return
			}
			if tb.asFactory {
				err = delegated(tb)
				return
			}
			if !seen[tb] {
				seen[tb] = true
				bs = append(bs, tb)
			}
		}
	}()
	if err != nil || len(bs) == 0 {
		return nil, err
	}
	out := reflect.MakeSlice(st, len(bs), len(bs))
	for i, b := range bs {
		v, err := g.get(sc, b, n)
		if err != nil {
			return nil, at(err, fmt.Sprintf("[%d]", i), b.typ(), "")
		}
		if v != nil {
			out.Index(i).Set(reflect.ValueOf(v))
		}
	}
	return out.Interface(), nil
}

// finish completes an instance: call-time Set overrides, tagged fields
// still zero, registration Field injections, registration Methods, Init;
// then it records the instance's cleanups. base is nil for instances that
// are not struct pointers.
func (g *graph) finish(sc *Container, b *binding, v any, base unsafe.Pointer, info *typeInfo, clean func(context.Context) error, ov *callOpts) error {
	err := g.complete(sc, b, v, base, info, ov)
	var fns []func(context.Context) error
	if clean != nil {
		fns = append(fns, clean)
	}
	// Close methods and OnClose callbacks are for complete instances; a
	// half-built one only gives back what its constructor acquired.
	if v != nil && err == nil {
		if b.autoClose || (b.kind != kindValue && sc.root.autoClose) {
			if f := method.CloserOf(v); f != nil {
				fns = append(fns, f)
			}
		}
		for _, oc := range b.onCloses() {
			fns = append(fns, func(ctx context.Context) error { return oc.fn(ctx, v) })
		}
	}
	if len(fns) > 0 {
		g.record(sc, b, v, fns)
	}
	return err
}

func (g *graph) record(sc *Container, b *binding, v any, fns []func(context.Context) error) {
	g.tx.recs = append(g.tx.recs, &record{owner: sc, b: b, v: v, fns: fns})
}

func (g *graph) complete(sc *Container, b *binding, v any, base unsafe.Pointer, info *typeInfo, ov *callOpts) error {
	if base == nil && ov != nil && len(ov.sets) > 0 {
		return newErr(ErrUnknownOverride, reflect.TypeOf(v), fmt.Sprintf("Set(%q) needs a pointer to a struct; the constructor returned a %T", ov.sets[0].name, v),
			"Set names a field of the struct being built")
	}
	if base != nil {
		if ov != nil && len(ov.sets) > 0 {
			if err := ov.applySets(info.plan, base); err != nil {
				return err
			}
		}
		if err := g.fill(sc, b, base, info, ov, nil); err != nil {
			return err
		}
		for _, fi := range b.fields() {
			if ov != nil && ov.covers(fi.f.Name) {
				continue // the call-time Set wins; the injection is not evaluated
			}
			x, err := g.argValue(sc, fi.v, ov)
			if err != nil {
				return at(err, fi.f.Name, fi.f.Type, "")
			}
			if x == nil {
				fi.f.Clear(base)
			} else {
				fi.f.SetValue(base, reflect.ValueOf(x))
			}
		}
	}
	for _, mi := range b.calls() {
		args := make([]reflect.Value, len(mi.vals))
		for i, a := range mi.vals {
			x, err := g.argValue(sc, a, ov)
			if err != nil {
				return at(err, fmt.Sprintf("[%s arg %d]", mi.m.Name, i), mi.m.Params[i], "")
			}
			args[i] = valueFor(x, mi.m.Params[i])
		}
		if err := mi.m.Call(g.userCtx(), v, args); err != nil {
			return newErr(ErrInit, b.typ(), fmt.Sprintf("method %s returned an error", mi.m.Name), "").withErr(err)
		}
	}
	if info != nil && info.init != nil {
		return g.callInit(sc, v, info, ov)
	}
	return nil
}

func (g *graph) callInit(sc *Container, v any, info *typeInfo, ov *callOpts) error {
	var args []reflect.Value
	if len(info.deps) > 0 {
		args = make([]reflect.Value, len(info.deps))
		for i, d := range info.deps {
			x, err := g.dep(sc, d, ov)
			if err != nil {
				return at(err, fmt.Sprintf("[Init arg %d]", i), d.t, "")
			}
			args[i] = valueFor(x, d.t)
		}
	}
	if err := g.ctxErr(); err != nil {
		return newErr(err, info.t, "the context ended before Init ran", "")
	}
	if err := info.init.Call(g.userCtx(), v, args); err != nil {
		return newErr(ErrInit, info.t, "Init returned an error", "").withErr(err)
	}
	return nil
}

// fill injects the tagged fields of the struct at base that are still
// zero, in declaration order. set, when not nil, records which fields it
// wrote (for undoing a failed Populate).
func (g *graph) fill(sc *Container, b *binding, base unsafe.Pointer, info *typeInfo, ov *callOpts, set []uint64) error {
	if ov != nil || b.fields() != nil {
		for i := range info.ops {
			if err := g.fillField(sc, b, base, info, i, ov, set); err != nil {
				return err
			}
		}
		return nil
	}
	// The common case, inlined: a pointer-to-struct field by type whose
	// instance is already built is one table read and one pointer store.
	tc := sc.tables()
	for i := range info.ops {
		op := &info.ops[i]
		if op.fast {
			p := (*unsafe.Pointer)(unsafe.Add(base, op.off))
			if *p != nil {
				continue
			}
			fb := tc.tbl.get(op.tid)
			if fb == nil {
				fb = g.lookupStruct(sc, &info.plan.Fields[i]) // nil on error: fillField reports it
			}
			if fb != nil && fb.life == Singleton && !fb.asFactory {
				switch {
				case fb.state.Load() == built:
					*p = dataOf(fb.v)
				case g.tx.locked && fb.pendTx == g.tx && fb.state.Load() >= pendAlloc:
					*p = dataOf(fb.v) // built earlier in this call (pointer cycles included)
				default:
					v, err := g.shared(fb, needPtr)
					if err != nil {
						return atField(err, &info.plan.Fields[i])
					}
					*p = dataOf(v)
				}
				goto mark
			}
		}
		if err := g.fillField(sc, b, base, info, i, nil, set); err != nil {
			return err
		}
		continue
	mark:
		if set != nil {
			set[i>>6] |= 1 << (i & 63)
		}
	}
	return nil
}

// dataOf returns the data word of an interface: for the pointer-shaped
// types that fast fields hold, the pointer itself.
func dataOf(v any) unsafe.Pointer {
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&v))[1]
}

// fillField injects field i of the struct at base if it is still zero.
func (g *graph) fillField(sc *Container, b *binding, base unsafe.Pointer, info *typeInfo, i int, ov *callOpts, set []uint64) error {
	f := &info.plan.Fields[i]
	if ov != nil && ov.covers(f.Name) || b.covers(f.Name) {
		return nil
	}
	if !f.IsZero(base) {
		return nil
	}
	fi := &info.fields[i]
	var v any
	if fi.mode == modeType && ov == nil && fi.ptr {
		fb := sc.tbl.get(f.TypeID)
		if fb == nil {
			fb = g.lookupStruct(sc, f)
		}
		if fb != nil && fb.life == Singleton && !fb.asFactory {
			switch {
			case fb.state.Load() == built:
				v = fb.v
			case g.tx.locked && fb.pendTx == g.tx && fb.state.Load() >= pendAlloc:
				v = fb.v
			default:
				var err error
				if v, err = g.shared(fb, needPtr); err != nil {
					return atField(err, f)
				}
			}
			goto store
		}
	}
	{
		x, ok, err := g.fieldSlow(sc, f, fi, ov)
		if err != nil || !ok {
			return err
		}
		v = x
	}
store:
	f.Set(base, v)
	if set != nil {
		set[i>>6] |= 1 << (i & 63)
	}
	return nil
}

// fieldSlow resolves a field through the general path and wraps its
// errors with the field's path segment. It is kept out of fill so that the
// hot loop stays small.
//
//go:noinline
func (g *graph) fieldSlow(sc *Container, f *attribute.Field, fi *fieldInfo, ov *callOpts) (any, bool, error) {
	v, ok, err := g.fieldValue(sc, f, fi, ov)
	if err != nil {
		if f.Tag.Optional && notFoundHere(err) {
			return nil, false, nil
		}
		return nil, false, at(err, f.Name, f.Type, f.Tag.Raw)
	}
	return v, ok, nil
}

// lookupStruct resolves a pointer-to-struct field type; it returns nil on
// error (the general path then reports it). In a root without
// registrations, which is the zero-registration Populate, it goes straight
// to the implicit binding.
func (g *graph) lookupStruct(sc *Container, f *attribute.Field) *binding {
	if g.tx.locked && sc.parent == nil && !sc.hasRegs.Load() {
		b, _ := sc.autoLocked(f.Type, f.TypeID)
		return b
	}
	b, _ := g.lookup(sc, f.Type, f.TypeID, nil, false)
	return b
}

// covers reports whether a registration Field injection sets the field.
func (b *binding) covers(name string) bool {
	for _, fi := range b.fields() {
		if fi.f.Name == name {
			return true
		}
	}
	return false
}

//go:noinline
func atField(err error, f *attribute.Field) error { return at(err, f.Name, f.Type, f.Tag.Raw) }

// notFoundHere reports whether err is a not-found error raised by the
// lookup of the field itself, not by something deeper in the graph.
func notFoundHere(err error) bool {
	e, ok := err.(*Error)
	return ok && e.Kind == ErrNotFound && len(e.segs) == 0
}

func (g *graph) fieldValue(sc *Container, f *attribute.Field, fi *fieldInfo, ov *callOpts) (any, bool, error) {
	if ov != nil && fi.mode == modeType {
		if v, ok := ov.use(f.Type); ok {
			return v, true, nil
		}
	}
	switch fi.mode {
	case modeContainer:
		return sc, true, nil
	case modeMakeMap:
		return reflect.MakeMap(f.Type).Interface(), true, nil
	case modeFactory:
		v, err := g.factory(sc, fi.fx)
		return v, err == nil, err
	case modePrivate:
		b, err := g.lookup(sc, f.Type, f.TypeID, nil, false)
		if err != nil {
			return nil, false, err
		}
		if b.kind == kindValue {
			return nil, false, newErr(ErrBadTag, f.Type, b.describe()+" is a ready value; private asks for a fresh instance",
				`drop "private", or register a constructor instead of a value`)
		}
		if b.asFactory {
			return nil, false, delegated(b)
		}
		v, err := g.construct(sc, b, nil, false, nil)
		return v, err == nil, err
	case modeNamed:
		b, err := g.lookup(sc, f.Type, f.TypeID, f.Tag.Name, true)
		if err != nil {
			return nil, false, err
		}
		if b.asFactory {
			return nil, false, delegated(b)
		}
		v, err := g.get(sc, b, needPtr)
		return v, err == nil, err
	}
	v, err := g.byType(sc, f.Type, f.TypeID, needPtr)
	return v, err == nil && v != nil, err
}

// byType resolves an unnamed dependency of type t: its registration, else
// (for slices) every registration of the element type, else (for funcs of
// a factory shape) a factory of a registration made AsFactory.
func (g *graph) byType(sc *Container, t reflect.Type, tid typeid.ID, n need) (any, error) {
	b, err := g.lookup(sc, t, tid, nil, false)
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		switch t.Kind() {
		case reflect.Slice:
			return g.collect(sc, t, n)
		case reflect.Func:
			if fx := factoryShapeOf(t, ""); fx != nil {
				if tb, terr := g.lookup(sc, fx.target, fx.tid, nil, false); terr == nil && tb.asFactory {
					return g.factory(sc, fx)
				}
			}
		}
		return nil, err
	}
	if b.asFactory {
		return nil, delegated(b)
	}
	return g.get(sc, b, n)
}
