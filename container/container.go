package container

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/tagwire/tagwire/internal/typeid"
)

// Container holds registrations, owns the instances it builds and resolves
// object graphs. A scope (see [Container.NewScope]) is a *Container too:
// everything that takes a container takes a scope.
//
// A Container is safe for concurrent use. No lock is held while user code
// (a constructor, Init, a factory, a cleanup) runs, so that code may call
// back into the container. Resolving an instance that is already built is
// lock-free. The zero value is not usable: call [New].
type Container struct {
	root      *Container
	parent    *Container
	depth     int // 0 for the root
	autoClose bool
	noInit    bool  // method injection off (NoInit)
	strict    bool  // nothing is built implicitly from a zero value (Strict)
	bad       error // New was given an option it does not take

	// mu guards the instances this container owns: the cleanup records,
	// the Scoped slots, the open child scopes, and the start of closing.
	// It is held only for bookkeeping, never while user code runs.
	mu       sync.Mutex
	closed   atomic.Bool
	recs     []*record // cleanups, in completion order
	deadRecs int       // records in recs already run or dropped
	children map[*Container]uint64
	scopeSeq uint64
	scoped   []scopedSlot       // this scope's Scoped slots, looked up by linear scan while few
	scopedM  map[*binding]*slot // and by map once there are many
	sslab    []slot

	// Registrations, guarded by the root's regMu.
	regs    table[entry]      // unnamed registrations, by type id
	kregs   map[regKey]*entry // keyed (named) registrations
	order   []*binding
	hasRegs atomic.Bool       // something was ever registered on this container
	failed  map[regKey]*Error // registrations that failed, by key
	decos   []*hook           // Decorate, in registration order
	preps   []*hook           // Prepare, in registration order

	// Lookup caches, written under the root's regMu and read without
	// locks. They are reset when registrations change; the root's table
	// also holds the implicit Singleton bindings of unregistered struct
	// types, which survive resets.
	tbl   table[binding]
	named atomic.Pointer[map[regKey]*binding]
	// lastTarget is the type of the last Populate target that passed the
	// checks (purePopulate).
	lastTarget atomic.Pointer[typeInfo]

	// Root only.
	regMu   sync.Mutex // guards every container's registrations
	seq     uint64
	slab    []binding
	rslab   []regInfo
	hidden  map[typeid.ID]*binding // implicit bindings shadowed by a registration
	waitMu  sync.Mutex             // guards waits
	waits   []*waiter              // calls blocked on a flight, for deadlock detection
	tickets atomic.Uint64          // the last top-level call's ticket (attempt.ticket)
	obs     Observer               // told about what the container does (Observe)
	nDecos  atomic.Int32           // decorators anywhere in the tree
	nPreps  atomic.Int32           // pre-configurations anywhere in the tree
	values  map[any]*binding       // Populated values, by pointer (guarded by regMu)
	// hasValues is set once values has had an entry: Populate looks its
	// targets up there only then.
	hasValues atomic.Bool
	// regGen counts the changes of lookups anywhere in the tree (see
	// invalidateLocked); caches derived from lookups carry it.
	regGen atomic.Uint64
	// coldEpoch numbers the walks of cold pure Populates (coldPlan),
	// guarded by regMu.
	coldEpoch uint64
	// coldSets holds the instances that cold pure Populates made from a
	// kept plan (coldFresh): implicit Singletons that have no binding
	// until a lookup needs one (autoLocked). Guarded by regMu.
	coldSets []coldSet
}

// New returns an empty container. With zero registrations it can already
// populate any struct whose tagged fields are pointers to structs (the
// facebookgo model): each such type gets one shared instance, built from
// its zero value.
//
// Options: [AutoClose] (close every instance the container builds that has
// a Close method), [NoInit] (no method injection), [Strict] (nothing built
// implicitly from a zero value) and [Observe]. An option New does
// not take makes every use of the container fail with that ErrBadInput
// error rather than being ignored.
func New(opts ...Option) *Container {
	c := &Container{}
	c.root = c
	o, err := gather(opts, forContainer, "New")
	if err != nil {
		c.bad = finish(err, "new")
		return c
	}
	c.autoClose, c.noInit, c.obs, c.strict = o.autoClose, o.noInit, o.obs, o.strict
	return c
}

// usable reports why c cannot be used, or nil.
func (c *Container) usable() error {
	switch {
	case c == nil:
		return newErr(ErrBadInput, nil, "nil *Container", "create one with container.New")
	case c.root == nil:
		return newErr(ErrBadInput, nil, "the zero Container is not usable", "create one with container.New")
	case c.root.bad != nil:
		return snapshot(c.root.bad)
	}
	return nil
}

// NewScope returns a child scope. Scoped registrations get one instance
// per scope; sibling scopes get different instances, and a nested scope is
// isolated from its parent (it builds its own Scoped instances rather than
// reusing the parent's, as in .NET and PyJudo). Registrations made on a
// scope are visible to the scope and its children only; everything
// registered on ancestors is visible in the scope. Singletons are built
// and owned by the container that registered them (the root for
// unregistered types), even when first asked for inside a scope.
//
// Close the scope when done: it runs the cleanups of the instances it
// owns. A scope of a closed container is born closed. NewScope of a nil
// or zero Container returns nil.
func (c *Container) NewScope() *Container {
	if c.usable() != nil {
		return nil
	}
	s := &Container{root: c.root, parent: c, depth: c.depth + 1, autoClose: c.autoClose, noInit: c.noInit}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed.Load() {
		s.closed.Store(true)
		return s
	}
	if c.children == nil {
		c.children = map[*Container]uint64{}
	}
	c.scopeSeq++
	c.children[s] = c.scopeSeq
	return s
}

// Parent returns the scope's parent, or nil for a root container.
func (c *Container) Parent() *Container {
	if c == nil {
		return nil
	}
	return c.parent
}

// tables returns the container whose lookup tables serve c: c itself, or,
// for a scope with no registrations of its own, the nearest ancestor that
// has some (it sees exactly the same registrations).
func (c *Container) tables() *Container {
	for c.parent != nil && !c.hasRegs.Load() {
		c = c.parent
	}
	return c
}

// descendsFrom reports whether c is a or a scope below a.
func (c *Container) descendsFrom(a *Container) bool {
	for x := c; x != nil; x = x.parent {
		if x == a {
			return true
		}
	}
	return false
}

// ctxKey carries a *ctxState in a context.Context.
type ctxKey struct{}

// ctxState is what a context carries for tagwire: the scope to resolve in
// (NewContext), and, in the context handed to user code, the call that
// runs it and the position in the graph being built.
type ctxState struct {
	scope *Container
	at    *attempt
	fr    *frame
}

func stateOf(ctx context.Context) *ctxState {
	s, _ := ctx.Value(ctxKey{}).(*ctxState)
	return s
}

// userCtx is the context handed to user code: the caller's context plus
// the state above, in one allocation.
type userCtx struct {
	context.Context
	st ctxState
}

func (u *userCtx) Value(k any) any {
	if k == (ctxKey{}) {
		return &u.st
	}
	return u.Context.Value(k)
}

// NewContext returns a copy of ctx that carries the scope s. Resolve,
// Populate, Invoke and factory calls on s or any of its ancestors, given
// this context, resolve in s: code deep in a request reaches the request
// scope without holding it. A nil ctx is taken as context.Background().
func NewContext(ctx context.Context, s *Container) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	st := &ctxState{scope: s}
	if old := stateOf(ctx); old != nil {
		st.at, st.fr = old.at, old.fr
	}
	return context.WithValue(ctx, ctxKey{}, st)
}

// FromContext returns the scope carried by ctx, if any.
func FromContext(ctx context.Context) (*Container, bool) {
	if ctx == nil {
		return nil, false
	}
	if st := stateOf(ctx); st != nil && st.scope != nil {
		return st.scope, true
	}
	return nil, false
}

// effective returns the container a call on c with ctx resolves in: the
// scope ctx carries, when it is c or below c, else c.
func (c *Container) effective(ctx context.Context) *Container {
	sc, _ := c.callContext(ctx)
	return sc
}

// callContext is effective, and whether ctx carries a running call of c's
// tree (user code calling back with the context it was given): a call
// that joins it is undone with it, so it must not commit anything on its
// own (the pure paths that commit shared instances leave it to the general
// path).
func (c *Container) callContext(ctx context.Context) (sc *Container, joins bool) {
	sc = c
	if ctx == nil {
		return sc, false
	}
	st := stateOf(ctx)
	if st == nil {
		return sc, false
	}
	if st.scope != nil && st.scope.descendsFrom(c) {
		sc = st.scope
	}
	return sc, st.at != nil && st.at.root == c.root && !st.at.isEnded.Load()
}
