package container_test

// Overriding for tests (catalogue F 52-54): Override and its restore
// functions, nesting, out-of-order and repeated restore, late binding
// through injected factories, and cached Singletons.

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

type facClockI interface{ Now() string }

type facFixedClock struct{ T string }

func (c *facFixedClock) Now() string { return c.T }

type facClockFactories struct {
	F    container.Factory[facClockI] `inject:""`
	Func func() (facClockI, error)    `inject:"factory"`
}

// facRealClock registers the real clock (a Singleton) and returns it.
func facRealClock(t *testing.T, c *container.Container) facClockI {
	t.Helper()
	facMust(t, container.Provide[facClockI](c, func() *facFixedClock { return &facFixedClock{T: "real"} }))
	return facResolve[facClockI](t, t.Context(), c)
}

func facNow(t *testing.T, c *container.Container) string {
	t.Helper()
	return facResolve[facClockI](t, t.Context(), c).Now()
}

func TestFactories_Override_NestedRestoredInReverseOrder(t *testing.T) {
	c := facNew(t)
	real := facRealClock(t, c)

	h1, err := container.Override[facClockI](c, &facFixedClock{T: "A"})
	require.NoError(t, err)
	assert.Equal(t, "A", facNow(t, c))
	h2, err := container.Override[facClockI](c, func() *facFixedClock { return &facFixedClock{T: "B"} })
	require.NoError(t, err)
	assert.Equal(t, "B", facNow(t, c))

	h2()
	assert.Equal(t, "A", facNow(t, c))
	h1()
	assert.Same(t, real, facResolve[facClockI](t, t.Context(), c), "exactly the previous state: the same Singleton")
}

func TestFactories_Override_RestoredOutOfOrderRemovesOnlyOwnLayer(t *testing.T) {
	c := facNew(t)
	real := facRealClock(t, c)
	h1, err := container.Override[facClockI](c, &facFixedClock{T: "A"})
	require.NoError(t, err)
	h2, err := container.Override[facClockI](c, &facFixedClock{T: "B"})
	require.NoError(t, err)
	h3, err := container.Override[facClockI](c, &facFixedClock{T: "C"})
	require.NoError(t, err)

	h1()
	assert.Equal(t, "C", facNow(t, c), "removing a lower layer keeps the top one")
	h3()
	assert.Equal(t, "B", facNow(t, c), "h1's layer is gone, so B is next")
	h2()
	assert.Same(t, real, facResolve[facClockI](t, t.Context(), c))
}

func TestFactories_Override_RestoringTwiceIsIdempotent(t *testing.T) {
	c := facNew(t)
	real := facRealClock(t, c)
	h1, err := container.Override[facClockI](c, &facFixedClock{T: "A"})
	require.NoError(t, err)
	h2, err := container.Override[facClockI](c, &facFixedClock{T: "B"})
	require.NoError(t, err)

	h2()
	h2()
	assert.Equal(t, "A", facNow(t, c), "a second call of h2 does not remove h1's layer")
	h1()
	h1()
	assert.Same(t, real, facResolve[facClockI](t, t.Context(), c))
}

func TestFactories_Override_WithTCleanup(t *testing.T) {
	c := facNew(t)
	real := facRealClock(t, c)
	t.Run("overridden", func(t *testing.T) {
		h, err := container.Override[facClockI](c, &facFixedClock{T: "fake"})
		require.NoError(t, err)
		t.Cleanup(h)
		assert.Equal(t, "fake", facNow(t, c))
	})
	assert.Same(t, real, facResolve[facClockI](t, t.Context(), c), "the subtest's Cleanup restored the registration")
}

type facUnregistered struct{ ID int }

func TestFactories_Override_RestoringReturnsExactlyToPreviousState(t *testing.T) {
	t.Run("unregistered struct type", func(t *testing.T) {
		ctx := t.Context()
		c := facNew(t)
		before := facResolve[*facUnregistered](t, ctx, c)
		h, err := container.Override[*facUnregistered](c, &facUnregistered{ID: 7})
		require.NoError(t, err)
		assert.Equal(t, 7, facResolve[*facUnregistered](t, ctx, c).ID)
		h()
		assert.Same(t, before, facResolve[*facUnregistered](t, ctx, c))
	})

	t.Run("interface resolved through its unique implementation", func(t *testing.T) {
		ctx := t.Context()
		c := facNew(t)
		facMust(t, container.Provide[*facFixedClock](c, func() *facFixedClock { return &facFixedClock{T: "impl"} }))
		before := facResolve[facClockI](t, ctx, c)
		require.Equal(t, "impl", before.Now())
		h, err := container.Override[facClockI](c, &facFixedClock{T: "fake"})
		require.NoError(t, err)
		assert.Equal(t, "fake", facNow(t, c))
		h()
		assert.Same(t, before, facResolve[facClockI](t, ctx, c))
	})

	t.Run("interface with nothing registered", func(t *testing.T) {
		ctx := t.Context()
		c := facNew(t)
		_, err := container.Resolve[facClockI](ctx, c)
		facRequireKind(t, err, container.ErrNotFound)
		h, err := container.Override[facClockI](c, &facFixedClock{T: "fake"})
		require.NoError(t, err)
		assert.Equal(t, "fake", facNow(t, c))
		h()
		_, err = container.Resolve[facClockI](ctx, c)
		facRequireKind(t, err, container.ErrNotFound)
	})

	t.Run("collections", func(t *testing.T) {
		ctx := t.Context()
		c := facNew(t)
		real := facRealClock(t, c)
		all := facResolve[[]facClockI](t, ctx, c)
		require.Len(t, all, 1)
		h, err := container.Override[facClockI](c, &facFixedClock{T: "fake"})
		require.NoError(t, err)
		all = facResolve[[]facClockI](t, ctx, c)
		require.Len(t, all, 1)
		assert.Equal(t, "fake", all[0].Now())
		h()
		all = facResolve[[]facClockI](t, ctx, c)
		require.Len(t, all, 1)
		assert.Same(t, real, all[0])
	})
}

func TestFactories_Override_SeenThroughAlreadyInjectedFactories(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	real := facRealClock(t, c)
	var h facClockFactories
	require.NoError(t, c.Populate(ctx, &h), "injected before the override")

	o, err := container.Override[facClockI](c, func() *facFixedClock { return &facFixedClock{T: "fake"} }, container.Transient)
	require.NoError(t, err)
	v, err := h.F.New(ctx)
	require.NoError(t, err)
	assert.Equal(t, "fake", v.Now())
	v, err = h.Func()
	require.NoError(t, err)
	assert.Equal(t, "fake", v.Now())

	o()
	v, err = h.F.New(ctx)
	require.NoError(t, err)
	assert.Same(t, real, v)
}

type facScheduler struct {
	Clock facClockI `inject:""`
}

type facTransientUser struct {
	Clock facClockI `inject:""`
}

func TestFactories_Override_CachedSingletonKeepsOldDependency(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	facRealClock(t, c)
	facMust(t, container.Provide[*facScheduler](c, nil))
	facMust(t, container.Provide[*facTransientUser](c, nil, container.Transient))
	s1 := facResolve[*facScheduler](t, ctx, c)
	require.Equal(t, "real", s1.Clock.Now())

	h, err := container.Override[facClockI](c, &facFixedClock{T: "fake"})
	require.NoError(t, err)
	defer h()
	s2 := facResolve[*facScheduler](t, ctx, c)
	assert.Same(t, s1, s2, "the cached Singleton is not rebuilt")
	assert.Equal(t, "real", s2.Clock.Now(), "and keeps the dependency it was built with")
	assert.Equal(t, "fake", facResolve[*facTransientUser](t, ctx, c).Clock.Now(), "new instances see the override")
}

func TestFactories_Override_LifetimeOfTheOverride(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	facRealClock(t, c)
	var n atomic.Int64
	h, err := container.Override[facClockI](c, func() *facFixedClock {
		n.Add(1)
		return &facFixedClock{T: "fake"}
	}, container.Transient)
	require.NoError(t, err)
	defer h()
	a := facResolve[facClockI](t, ctx, c)
	b := facResolve[facClockI](t, ctx, c)
	assert.NotSame(t, a, b, "the override's own lifetime applies")
	assert.Equal(t, int64(2), n.Load())
}

func TestFactories_Override_Errors(t *testing.T) {
	c := facNew(t)
	facRealClock(t, c)
	// A non-function source is a value: one of another type is a type
	// mismatch; a function of no constructor shape is a bad signature.
	restore, err := container.Override[facClockI](c, 42)
	e := facRequireKind(t, err, container.ErrTypeMismatch)
	assert.Equal(t, "override", e.Op)
	assert.Nil(t, restore, "a failed Override returns no restore func")
	restore, err = container.Override[facClockI](c, func() {})
	e = facRequireKind(t, err, container.ErrBadSignature)
	assert.Equal(t, "override", e.Op)
	assert.Nil(t, restore)
	restore, err = container.Override[facClockI](c, nil)
	facRequireKind(t, err, container.ErrBadInput)
	assert.Nil(t, restore)
	restore, err = container.Override[facClockI](c, func() *facFixedClock { return nil }, container.Transient, container.Scoped)
	facRequireKind(t, err, container.ErrBadInput)
	assert.Nil(t, restore)
	assert.Equal(t, "real", facNow(t, c), "failed overrides leave nothing behind")
}
