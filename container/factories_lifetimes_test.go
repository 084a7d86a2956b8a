package container_test

// Lifetimes (catalogue B 11-15, 18): Singleton, Transient, PerGraph, Scoped,
// the "private" tag, and concurrent factory calls.

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

type facSvc struct{ ID int64 }

type facLifeHolder struct {
	A *facSvc `inject:""`
	B *facSvc `inject:""`
}

// facCountingSvc returns a constructor of *facSvc numbering its instances.
func facCountingSvc(n *atomic.Int64) func() *facSvc {
	return func() *facSvc { return &facSvc{ID: n.Add(1)} }
}

func TestFactories_Lifetimes_Identity(t *testing.T) {
	cases := []struct {
		name       string
		opts       []container.Option
		sameFields bool  // two fields of one object
		sameCalls  bool  // two Populate / Resolve calls
		builds     int64 // constructor calls for 2 Populates + 2 Resolves
	}{
		{name: "Singleton is the default", opts: nil, sameFields: true, sameCalls: true, builds: 1},
		{name: "Singleton", opts: []container.Option{container.Singleton}, sameFields: true, sameCalls: true, builds: 1},
		{name: "Transient", opts: []container.Option{container.Transient}, sameFields: false, sameCalls: false, builds: 6},
		{name: "PerGraph", opts: []container.Option{container.PerGraph}, sameFields: true, sameCalls: false, builds: 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			c := facNew(t)
			var n atomic.Int64
			facMust(t, container.Provide[*facSvc](c, facCountingSvc(&n), tc.opts...))

			var h1, h2 facLifeHolder
			require.NoError(t, c.Populate(ctx, &h1))
			require.NoError(t, c.Populate(ctx, &h2))
			r1 := facResolve[*facSvc](t, ctx, c)
			r2 := facResolve[*facSvc](t, ctx, c)
			for _, p := range []*facSvc{h1.A, h1.B, h2.A, h2.B, r1, r2} {
				require.NotNil(t, p)
			}

			assert.Equal(t, tc.sameFields, h1.A == h1.B, "two fields of one Populate")
			assert.Equal(t, tc.sameFields, h2.A == h2.B, "two fields of the second Populate")
			assert.Equal(t, tc.sameCalls, h1.A == h2.A, "across Populate calls (graphs)")
			assert.Equal(t, tc.sameCalls, r1 == r2, "across Resolve calls")
			assert.Equal(t, tc.sameCalls, h1.A == r1, "Populate vs Resolve")
			assert.Equal(t, tc.builds, n.Load(), "constructor calls")
		})
	}
}

func TestFactories_Scoped_OnePerScopeAndErrNoScopeAtRoot(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	var n atomic.Int64
	facMust(t, container.Provide[*facSvc](c, facCountingSvc(&n), container.Scoped))

	_, err := container.Resolve[*facSvc](ctx, c)
	e := facRequireKind(t, err, container.ErrNoScope)
	assert.Equal(t, "resolve", e.Op)

	var h facLifeHolder
	err = c.Populate(ctx, &h)
	facRequireKind(t, err, container.ErrNoScope)
	assert.Nil(t, h.A, "a failed Populate leaves the target as it was")
	assert.Equal(t, int64(0), n.Load(), "nothing is built outside a scope")

	s1, s2 := facScope(t, c), facScope(t, c)
	var h1 facLifeHolder
	require.NoError(t, s1.Populate(ctx, &h1))
	assert.Same(t, h1.A, h1.B, "one instance per scope, across fields")
	assert.Same(t, h1.A, facResolve[*facSvc](t, ctx, s1), "one instance per scope, across calls")

	var h2 facLifeHolder
	require.NoError(t, s2.Populate(ctx, &h2))
	assert.NotSame(t, h1.A, h2.A, "sibling scopes have their own instances")

	nested := facScope(t, s1)
	assert.NotSame(t, h1.A, facResolve[*facSvc](t, ctx, nested), "a nested scope is isolated from its parent")

	viaCtx := facResolve[*facSvc](t, container.NewContext(ctx, s2), c)
	assert.Same(t, h2.A, viaCtx, "a context carrying a scope resolves in that scope")
}

type facScopedHolder struct {
	New container.Factory[*facSvc] `inject:""`
}

func TestFactories_Scoped_ThroughFactory(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	var n atomic.Int64
	facMust(t, container.Provide[*facSvc](c, facCountingSvc(&n), container.Scoped))

	var root facScopedHolder
	require.NoError(t, c.Populate(ctx, &root), "a factory can be injected at the root")
	_, err := root.New.New(ctx)
	e := facRequireKind(t, err, container.ErrNoScope)
	assert.Equal(t, "factory", e.Op)

	s := facScope(t, c)
	a, err := root.New.New(container.NewContext(ctx, s))
	require.NoError(t, err, "a root factory called with a scope's context builds in the scope")
	assert.Same(t, facResolve[*facSvc](t, ctx, s), a)

	var inScope facScopedHolder
	require.NoError(t, s.Populate(ctx, &inScope))
	b, err := inScope.New.New(ctx)
	require.NoError(t, err)
	assert.Same(t, a, b, "a Scoped registration stays one object per scope through a factory")
}

type facCaptive struct {
	Svc *facSvc `inject:""`
}

func TestFactories_Scoped_SingletonCannotCaptureScoped(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	facMust(t, container.Provide[*facSvc](c, nil, container.Scoped))
	facMust(t, container.Provide[*facCaptive](c, nil)) // Singleton
	s := facScope(t, c)
	_, err := container.Resolve[*facCaptive](ctx, s)
	e := facRequireKind(t, err, container.ErrNoScope)
	assert.Contains(t, e.Path, "Svc")
}

type facPrivHolder struct {
	Shared *facSvc `inject:""`
	Own1   *facSvc `inject:"private"`
	Own2   *facSvc `inject:"private"`
}

func TestFactories_Private_FreshInstancePerField(t *testing.T) {
	cases := []struct {
		name     string
		register func(c *container.Container, n *atomic.Int64) error
		singular bool // Shared is the container's one instance
	}{
		{"unregistered struct", func(*container.Container, *atomic.Int64) error { return nil }, true},
		{"Singleton", func(c *container.Container, n *atomic.Int64) error {
			return container.Provide[*facSvc](c, facCountingSvc(n))
		}, true},
		{"Transient", func(c *container.Container, n *atomic.Int64) error {
			return container.Provide[*facSvc](c, facCountingSvc(n), container.Transient)
		}, false},
		{"PerGraph", func(c *container.Container, n *atomic.Int64) error {
			return container.Provide[*facSvc](c, facCountingSvc(n), container.PerGraph)
		}, false},
		{"zero-value registration", func(c *container.Container, _ *atomic.Int64) error {
			return container.Provide[*facSvc](c, nil)
		}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			c := facNew(t)
			var n atomic.Int64
			facMust(t, tc.register(c, &n))
			var h facPrivHolder
			require.NoError(t, c.Populate(ctx, &h))
			require.NotNil(t, h.Shared)
			require.NotNil(t, h.Own1)
			require.NotNil(t, h.Own2)
			assert.NotSame(t, h.Shared, h.Own1)
			assert.NotSame(t, h.Shared, h.Own2)
			assert.NotSame(t, h.Own1, h.Own2)
			if tc.singular {
				assert.Same(t, h.Shared, facResolve[*facSvc](t, ctx, c), "the private instances are not the shared one")
			}
		})
	}
}

type facPrivOnly struct {
	Svc *facSvc `inject:"private"`
}

func TestFactories_Private_OnRegisteredValueIsError(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	facMust(t, container.Supply(c, &facSvc{ID: 42}))
	var h facPrivOnly
	err := c.Populate(ctx, &h)
	e := facRequireKind(t, err, container.ErrBadTag)
	assert.Contains(t, e.Path, "Svc")
	assert.Nil(t, h.Svc)
}

// PerGraph (clean_ioc's once-per-graph, catalogue 12).

type facPGLeaf struct{ ID int64 }

type facPGMid struct {
	Leaf *facPGLeaf `inject:""`
}

type facPGRoot struct {
	M1   *facPGMid  `inject:""`
	M2   *facPGMid  `inject:""`
	Leaf *facPGLeaf `inject:""`
}

type facPGFactory struct {
	New container.Factory[*facPGRoot] `inject:""`
}

func TestFactories_PerGraph_SharedWithinOneCallNewForTheNext(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	var n atomic.Int64
	facMust(t, container.Provide[*facPGLeaf](c, func() *facPGLeaf { return &facPGLeaf{ID: n.Add(1)} }, container.PerGraph))
	facMust(t, container.Provide[*facPGMid](c, nil, container.Transient))

	check := func(r *facPGRoot) {
		t.Helper()
		require.NotNil(t, r.Leaf)
		assert.NotSame(t, r.M1, r.M2, "the middle layer is Transient")
		assert.Same(t, r.Leaf, r.M1.Leaf, "first.b.a is first.c.a")
		assert.Same(t, r.Leaf, r.M2.Leaf)
	}

	var first, second facPGRoot
	require.NoError(t, c.Populate(ctx, &first))
	require.NoError(t, c.Populate(ctx, &second))
	check(&first)
	check(&second)
	assert.NotSame(t, first.Leaf, second.Leaf, "first.b.a is not second.b.a")

	var f facPGFactory
	require.NoError(t, c.Populate(ctx, &f))
	a, err := f.New.New(ctx)
	require.NoError(t, err)
	b, err := f.New.New(ctx)
	require.NoError(t, err)
	check(a)
	check(b)
	assert.NotSame(t, a.Leaf, b.Leaf, "each factory call is a graph")

	var p1, p2 *facPGLeaf
	require.NoError(t, c.Invoke(ctx, func(x, y *facPGLeaf) { p1, p2 = x, y }))
	assert.Same(t, p1, p2, "an Invoke is one graph")
	assert.NotSame(t, first.Leaf, p1)
}

// Concurrency (catalogue 15, 37).

type facConcWidget struct {
	Dep *facPGLeaf `inject:""`
}

var facConcInits atomic.Int64

func (*facConcWidget) Init() { facConcInits.Add(1) }

type facConcHolder struct {
	Svc    container.Factory[*facSvc]        `inject:""`
	Widget container.Factory[*facConcWidget] `inject:""`
}

func TestFactories_Concurrency_FactoryNewFrom16Goroutines(t *testing.T) {
	const workers = 16
	cases := []struct {
		name     string
		opts     []container.Option
		distinct bool
	}{
		{"Transient", []container.Option{container.Transient}, true},
		{"Singleton", nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			c := facNew(t)
			var n atomic.Int64
			facMust(t, container.Provide[*facSvc](c, facCountingSvc(&n), tc.opts...))
			var h facConcHolder
			require.NoError(t, c.Populate(ctx, &h))

			out := make([]*facSvc, workers)
			errs := make([]error, workers)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					out[i], errs[i] = h.Svc.New(ctx)
				}()
			}
			close(start)
			wg.Wait()

			seen := map[*facSvc]bool{}
			for i := range workers {
				require.NoError(t, errs[i])
				require.NotNil(t, out[i])
				seen[out[i]] = true
			}
			if tc.distinct {
				assert.Len(t, seen, workers, "Transient: every call builds its own instance")
				assert.Equal(t, int64(workers), n.Load())
			} else {
				assert.Len(t, seen, 1, "Singleton: every call gets the one instance")
				assert.Equal(t, int64(1), n.Load(), "a Singleton is built exactly once")
			}
		})
	}

	t.Run("unregistered struct", func(t *testing.T) {
		ctx := t.Context()
		c := facNew(t)
		var h facConcHolder
		require.NoError(t, c.Populate(ctx, &h))
		before := facConcInits.Load()
		out := make([]*facConcWidget, workers)
		errs := make([]error, workers)
		var wg sync.WaitGroup
		for i := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out[i], errs[i] = h.Widget.New(ctx)
			}()
		}
		wg.Wait()
		seen := map[*facConcWidget]bool{}
		for i := range workers {
			require.NoError(t, errs[i])
			require.NotNil(t, out[i].Dep)
			seen[out[i]] = true
		}
		assert.Len(t, seen, workers)
		assert.Equal(t, int64(workers), facConcInits.Load()-before, "each instance ran Init once")
	})
}

type facImplicit struct {
	Dep *facSvc `inject:""`
}

// An unregistered struct type is one Singleton per container: later
// registrations of other types, overrides of other types and their restore
// do not rebuild it.
func TestFactories_Singleton_ImplicitInstanceSurvivesUnrelatedRegistrations(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	first := facResolve[*facImplicit](t, ctx, c)
	facMust(t, container.Provide[*facConn](c, func() *facConn { return &facConn{} }))
	assert.Same(t, first, facResolve[*facImplicit](t, ctx, c), "after an unrelated registration")
	h, err := container.Override[*facConn](c, &facConn{DSN: "fake"})
	require.NoError(t, err)
	assert.Same(t, first, facResolve[*facImplicit](t, ctx, c), "during an unrelated override")
	h()
	assert.Same(t, first, facResolve[*facImplicit](t, ctx, c), "after its restore")
	assert.Same(t, first.Dep, facResolve[*facSvc](t, ctx, c))
	s := facScope(t, c)
	assert.Same(t, first, facResolve[*facImplicit](t, ctx, s), "a scope sees the root's implicit Singleton")
}
