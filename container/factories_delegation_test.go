package container_test

// Delegation (seed 002/003, catalogue 46) and the abstract factory
// (catalogue 48).

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

type facEngine struct{ ID int64 }

type facCar struct {
	Typed   container.Factory[*facEngine]             `inject:""`
	Tagged  container.Factory[*facEngine]             `inject:"factory"`
	Make    func() (*facEngine, error)                `inject:""`
	MakeCtx func(context.Context) (*facEngine, error) `inject:""`
	Must    func() *facEngine                         `inject:"factory"`
}

type facGarage struct {
	Make func() (*facEngine, error)
	F    container.Factory[*facEngine]
}

func facEngines(t *testing.T, c *container.Container, opts ...container.Option) *atomic.Int64 {
	t.Helper()
	n := new(atomic.Int64)
	facMust(t, container.Provide[*facEngine](c, func() *facEngine { return &facEngine{ID: n.Add(1)} }, opts...))
	return n
}

func TestFactories_AsFactory_FactoryTypesReceiveTheFactory(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	n := facEngines(t, c, container.AsFactory(), container.Transient)
	facMust(t, container.Provide[*facGarage](c, func(mk func() (*facEngine, error), f container.Factory[*facEngine]) *facGarage {
		return &facGarage{Make: mk, F: f}
	}))

	var car facCar
	require.NoError(t, c.Populate(ctx, &car))
	assert.Equal(t, int64(0), n.Load(), "injecting the factory builds nothing")
	require.NotNil(t, car.Make, "a func field with a plain tag receives the factory")
	require.NotNil(t, car.MakeCtx)

	var got []*facEngine
	e, err := car.Typed.New(ctx)
	require.NoError(t, err)
	got = append(got, e)
	e, err = car.Tagged.New(ctx)
	require.NoError(t, err)
	got = append(got, e)
	e, err = car.Make()
	require.NoError(t, err)
	got = append(got, e)
	e, err = car.MakeCtx(ctx)
	require.NoError(t, err)
	got = append(got, e)
	got = append(got, car.Must())

	g := facResolve[*facGarage](t, ctx, c)
	e, err = g.Make()
	require.NoError(t, err, "a func constructor parameter receives the factory")
	got = append(got, e)
	e, err = g.F.New(ctx)
	require.NoError(t, err)
	got = append(got, e)

	seen := map[*facEngine]bool{}
	for _, e := range got {
		require.NotNil(t, e)
		seen[e] = true
	}
	assert.Len(t, seen, len(got), "the delegated factory still builds objects when called")

	f := facResolve[container.Factory[*facEngine]](t, ctx, c)
	_, err = f.New(ctx)
	require.NoError(t, err, "the factory itself can be resolved")
}

type facEngineField struct {
	Engine *facEngine `inject:""`
}

type facEnginePrivate struct {
	Engine *facEngine `inject:"private"`
}

type facEngineNamed struct {
	Engine *facEngine `inject:"name=v8"`
}

type facEngineNamedFactory struct {
	Make func() (*facEngine, error) `inject:"factory,name=v8"`
}

type facEngineSlice struct {
	Engines []*facEngine `inject:""`
}

type facEngineInit struct{ got *facEngine }

func (x *facEngineInit) Init(e *facEngine) { x.got = e }

type facMechanic struct{ Engine *facEngine }

type facEngineHolder struct{ Engine *facEngine }

func TestFactories_AsFactory_InjectingTheProductIsErrDelegated(t *testing.T) {
	cases := []struct {
		name string
		run  func(ctx context.Context, c *container.Container) error
	}{
		{"plain field", func(ctx context.Context, c *container.Container) error {
			return c.Populate(ctx, &facEngineField{})
		}},
		{"private field", func(ctx context.Context, c *container.Container) error {
			return c.Populate(ctx, &facEnginePrivate{})
		}},
		{"Resolve", func(ctx context.Context, c *container.Container) error {
			_, err := container.Resolve[*facEngine](ctx, c)
			return err
		}},
		{"constructor parameter", func(ctx context.Context, c *container.Container) error {
			if err := container.Provide[*facMechanic](c, func(e *facEngine) *facMechanic { return &facMechanic{e} }); err != nil {
				return err
			}
			_, err := container.Resolve[*facMechanic](ctx, c)
			return err
		}},
		{"Init parameter", func(ctx context.Context, c *container.Container) error {
			return c.Populate(ctx, &facEngineInit{})
		}},
		{"Invoke parameter", func(ctx context.Context, c *container.Container) error {
			return c.Invoke(ctx, func(*facEngine) {})
		}},
		{"registration Args Dep", func(ctx context.Context, c *container.Container) error {
			if err := container.Provide[*facMechanic](c, func(e *facEngine) *facMechanic { return &facMechanic{e} },
				container.Args(container.Dep[*facEngine]())); err != nil {
				return err
			}
			_, err := container.Resolve[*facMechanic](ctx, c)
			return err
		}},
		{"registration Field Dep", func(ctx context.Context, c *container.Container) error {
			if err := container.Provide[*facEngineHolder](c, nil, container.Field("Engine", container.Dep[*facEngine]())); err != nil {
				return err
			}
			_, err := container.Resolve[*facEngineHolder](ctx, c)
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := facNew(t)
			n := facEngines(t, c, container.AsFactory(), container.Transient)
			facRequireKind(t, tc.run(t.Context(), c), container.ErrTypeMismatch)
			assert.Equal(t, int64(0), n.Load(), "no product was built")
		})
	}

	// A []T field collects products; a delegated registration must not be
	// silently built into it: either ErrTypeMismatch or left out.
	t.Run("slice of products", func(t *testing.T) {
		c := facNew(t)
		n := facEngines(t, c, container.AsFactory(), container.Transient)
		var h facEngineSlice
		err := c.Populate(t.Context(), &h)
		if err != nil {
			facRequireKind(t, err, container.ErrTypeMismatch)
		} else {
			assert.Empty(t, h.Engines, "a delegated registration is not collected as a product")
		}
		assert.Equal(t, int64(0), n.Load(), "no product was built")
	})

	t.Run("named", func(t *testing.T) {
		ctx := t.Context()
		c := facNew(t)
		facMust(t, container.Provide[*facEngine](c, func() *facEngine { return &facEngine{ID: 8} },
			container.AsFactory(), container.Named("v8"), container.Transient))
		e := facRequireKind(t, c.Populate(ctx, &facEngineNamed{}), container.ErrTypeMismatch)
		assert.Contains(t, e.Path, "Engine")
		var f facEngineNamedFactory
		require.NoError(t, c.Populate(ctx, &f))
		eng, err := f.Make()
		require.NoError(t, err)
		assert.Equal(t, int64(8), eng.ID)
	})
}

// An abstract registration (Provide of an interface with a nil source,
// dependency-injector's AbstractFactory): must be overridden before calling.

type facCache interface{ Get(key string) string }

type facRedis struct{ Host string }

func (r *facRedis) Get(key string) string { return "redis:" + r.Host + ":" + key }

type facMemcached struct{}

func (*facMemcached) Get(key string) string { return "memcached:" + key }

type facNotCache struct{}

type facCacheUser struct {
	NewCache container.Factory[facCache] `inject:""`
}

type facCacheDirect struct {
	Cache facCache `inject:""`
}

func TestFactories_AbstractRegistration_MustBeOverriddenBeforeCalling(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	facMust(t, container.Provide[facCache](c, nil))

	_, err := container.Resolve[facCache](ctx, c)
	e := facRequireKind(t, err, container.ErrNotFound)
	assert.Equal(t, "resolve", e.Op)
	assert.Contains(t, e.Hint, "Override")

	var direct facCacheDirect
	e = facRequireKind(t, c.Populate(ctx, &direct), container.ErrNotFound)
	assert.Contains(t, e.Path, "Cache")

	var user facCacheUser
	require.NoError(t, c.Populate(ctx, &user), "a factory of an abstract type can be injected before the override")
	_, err = user.NewCache.New(ctx)
	e = facRequireKind(t, err, container.ErrNotFound)
	assert.Equal(t, "factory", e.Op)

	_, err = container.Override[facCache](c, func() *facNotCache { return &facNotCache{} })
	e = facRequireKind(t, err, container.ErrTypeMismatch)
	assert.Equal(t, "override", e.Op)
	_, err = user.NewCache.New(ctx)
	facRequireKind(t, err, container.ErrNotFound)

	redis, err := container.Override[facCache](c, func() *facRedis { return &facRedis{Host: "localhost"} }, container.Transient)
	require.NoError(t, err)
	cache, err := user.NewCache.New(ctx)
	require.NoError(t, err, "the factory injected earlier sees the override")
	assert.Equal(t, "redis:localhost:k", cache.Get("k"))
	another, err := user.NewCache.New(ctx)
	require.NoError(t, err)
	assert.NotSame(t, cache.(*facRedis), another.(*facRedis), "the override behaves like a regular (Transient) factory")
	assert.Equal(t, "redis:localhost:k", facResolve[facCache](t, ctx, c).Get("k"))

	memcached, err := container.Override[facCache](c, &facMemcached{})
	require.NoError(t, err)
	assert.Equal(t, "memcached:k", facResolve[facCache](t, ctx, c).Get("k"), "a later override replaces the earlier one")

	memcached()
	assert.Equal(t, "redis:localhost:k", facResolve[facCache](t, ctx, c).Get("k"))
	redis()
	_, err = container.Resolve[facCache](ctx, c)
	facRequireKind(t, err, container.ErrNotFound)
}
