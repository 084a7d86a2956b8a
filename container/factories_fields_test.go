package container_test

// Factory fields and parameters (seed 001, catalogue D 30-32): func and
// Factory[T] fields, Factory[IFoo] constructor parameters, the zero
// Factory, panicking func factories, and top-level-only overrides.

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

type facDep struct{ ID int64 }

type facWidget struct {
	Dep   *facDep `inject:""`
	Name  string
	inits int
}

func (w *facWidget) Init() { w.inits++ }

type facWidgetFactories struct {
	Plain   func() *facWidget                         `inject:"factory"`
	WithErr func() (*facWidget, error)                `inject:"factory"`
	WithCtx func(context.Context) (*facWidget, error) `inject:"factory"`
	Typed   container.Factory[*facWidget]             `inject:""`
	Tagged  container.Factory[*facWidget]             `inject:"factory"`
}

func TestFactories_FactoryField_EachShapeAndRegistration(t *testing.T) {
	callers := []struct {
		name string
		call func(ctx context.Context, h *facWidgetFactories) (*facWidget, error)
	}{
		{"func() T", func(_ context.Context, h *facWidgetFactories) (*facWidget, error) { return h.Plain(), nil }},
		{"func() (T, error)", func(_ context.Context, h *facWidgetFactories) (*facWidget, error) { return h.WithErr() }},
		{"func(ctx) (T, error)", func(ctx context.Context, h *facWidgetFactories) (*facWidget, error) { return h.WithCtx(ctx) }},
		{"Factory[T] inject:\"\"", func(ctx context.Context, h *facWidgetFactories) (*facWidget, error) { return h.Typed.New(ctx) }},
		{"Factory[T] inject:\"factory\"", func(ctx context.Context, h *facWidgetFactories) (*facWidget, error) {
			return h.Tagged.New(ctx)
		}},
	}
	regs := []struct {
		name     string
		register func(c *container.Container) error
		same     bool
	}{
		{"unregistered", func(*container.Container) error { return nil }, false},
		{"Transient", func(c *container.Container) error { return container.Provide[*facWidget](c, nil, container.Transient) }, false},
		{"PerGraph", func(c *container.Container) error { return container.Provide[*facWidget](c, nil, container.PerGraph) }, false},
		{"Singleton", func(c *container.Container) error { return container.Provide[*facWidget](c, nil) }, true},
		{"Singleton constructor", func(c *container.Container) error {
			return container.Provide[*facWidget](c, func() *facWidget { return &facWidget{Name: "ctor"} })
		}, true},
	}
	for _, reg := range regs {
		for _, caller := range callers {
			t.Run(reg.name+"/"+caller.name, func(t *testing.T) {
				ctx := t.Context()
				c := facNew(t)
				facMust(t, reg.register(c))
				var h facWidgetFactories
				require.NoError(t, c.Populate(ctx, &h))

				w1, err := caller.call(ctx, &h)
				require.NoError(t, err)
				w2, err := caller.call(ctx, &h)
				require.NoError(t, err)
				require.NotNil(t, w1)
				require.NotNil(t, w2)

				dep := facResolve[*facDep](t, ctx, c)
				for _, w := range []*facWidget{w1, w2} {
					assert.Same(t, dep, w.Dep, "the product is fully populated")
					assert.Equal(t, 1, w.inits, "the product ran Init exactly once")
				}
				if reg.same {
					assert.Same(t, w1, w2, "a Singleton registration stays one object")
					assert.Same(t, w1, facResolve[*facWidget](t, ctx, c))
				} else {
					assert.NotSame(t, w1, w2, "each call returns a new instance")
				}
			})
		}
	}
}

type facUnimplemented interface{ facNeverImplemented() }

type facMissingFactory struct {
	New container.Factory[facUnimplemented] `inject:""`
}

type facMissingFunc struct {
	New func() (facUnimplemented, error) `inject:"factory"`
}

func TestFactories_FactoryField_UnresolvableTargetFailsAtInjection(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	var a facMissingFactory
	e := facRequireKind(t, c.Populate(ctx, &a), container.ErrNotFound)
	assert.Contains(t, e.Path, "New")
	var b facMissingFunc
	facRequireKind(t, c.Populate(ctx, &b), container.ErrNotFound)
}

// PyJudo's Factory[IFoo] constructor parameter with call-time overrides.

type facBar struct {
	FooFactory container.Factory[facIFoo]
}

func TestFactories_FactoryParameter_PyJudoBar(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	var foos atomic.Int64
	facMust(t, container.Provide[facIFoo](c, func() *facFoo {
		foos.Add(1)
		return &facFoo{Text: "default"}
	}, container.Transient))
	facMust(t, container.Provide[*facBar](c, func(f container.Factory[facIFoo]) *facBar {
		return &facBar{FooFactory: f}
	}, container.Transient))

	bar := facResolve[*facBar](t, ctx, c)
	assert.Equal(t, int64(0), foos.Load(), "injecting the factory builds nothing")

	foo1, err := bar.FooFactory.New(ctx)
	require.NoError(t, err)
	assert.Equal(t, "default", foo1.Foo())

	foo2, err := bar.FooFactory.New(ctx, container.Field("Text", "I was built by Bar!"))
	require.NoError(t, err)
	assert.Equal(t, "I was built by Bar!", foo2.Foo())
	assert.NotSame(t, foo1.(*facFoo), foo2.(*facFoo))
	assert.Equal(t, int64(2), foos.Load())
}

func TestFactories_ZeroFactoryIsErrNilFactory(t *testing.T) {
	ctx := t.Context()
	var f container.Factory[*facWidget]
	_, err := f.New(ctx)
	e := facRequireKind(t, err, container.ErrBadInput)
	assert.Equal(t, "factory", e.Op)

	var k container.Keyed[string, facGame]
	_, err = k.New(ctx, "chess")
	facRequireKind(t, err, container.ErrBadInput)
	assert.Empty(t, k.Keys())
	assert.False(t, k.Has("chess"))
}

// func() T factories panic with the *container.Error.

type facBroken struct{}

func (*facBroken) Init() error { return facErrBoom }

type facBrokenFactories struct {
	Plain   func() *facBroken          `inject:"factory"`
	WithErr func() (*facBroken, error) `inject:"factory"`
}

func TestFactories_FuncFactoryWithoutErrorPanicsWithError(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	var h facBrokenFactories
	require.NoError(t, c.Populate(ctx, &h), "injecting a factory does not build the product")

	v, err := h.WithErr()
	assert.Nil(t, v)
	facRequireKind(t, err, container.ErrInit)
	require.ErrorIs(t, err, facErrBoom)

	var recovered any
	func() {
		defer func() { recovered = recover() }()
		_ = h.Plain()
	}()
	require.NotNil(t, recovered, "func() T panics when the build fails")
	perr, ok := recovered.(error)
	require.True(t, ok, "the panic value is an error, got %T", recovered)
	e := facRequireKind(t, perr, container.ErrInit)
	require.ErrorIs(t, e, facErrBoom)
	require.PanicsWithError(t, perr.Error(), func() { _ = h.Plain() })
}

// An override may replace a factory field (catalogue 32).

type facUsesFactory struct {
	Make func() (*facWidget, error) `inject:"factory"`
}

func TestFactories_Set_ReplacesFactoryField(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	facMust(t, container.Provide[*facUsesFactory](c, nil, container.Transient))
	custom := func() (*facWidget, error) { return &facWidget{Name: "custom"}, nil }
	u := facResolve[*facUsesFactory](t, ctx, c, container.Field("Make", custom))
	w, err := u.Make()
	require.NoError(t, err)
	assert.Equal(t, "custom", w.Name)

	plain := facResolve[*facUsesFactory](t, ctx, c)
	w, err = plain.Make()
	require.NoError(t, err)
	assert.Equal(t, "", w.Name, "without the override the container's factory is injected")
}

// Overrides apply to the top-level object only (catalogue 31).

type facClock struct{ Fake bool }

type facSender struct {
	Clock *facClock `inject:""`
}

type facMessage struct {
	Text   string
	Clock  *facClock  `inject:""`
	Sender *facSender `inject:""`
}

type facMessageFactory struct {
	New container.Factory[*facMessage] `inject:""`
}

func TestFactories_Overrides_ApplyToTopLevelObjectOnly(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	facMust(t, container.Provide[*facClock](c, func() *facClock { return &facClock{} }, container.Transient))
	facMust(t, container.Provide[*facSender](c, nil, container.Transient))
	var h facMessageFactory
	require.NoError(t, c.Populate(ctx, &h))

	fake := &facClock{Fake: true}
	m, err := h.New.New(ctx, container.Use(fake))
	require.NoError(t, err)
	assert.Same(t, fake, m.Clock)
	require.NotNil(t, m.Sender.Clock)
	assert.False(t, m.Sender.Clock.Fake, "nested dependencies are resolved without the overrides")
}

func TestFactories_FactoryField_CancelledContextAbortsTheCall(t *testing.T) {
	c := facNew(t)
	var builds atomic.Int64
	facMust(t, container.Provide[*facWidget](c, func() *facWidget {
		builds.Add(1)
		return &facWidget{}
	}, container.Transient))
	var h facWidgetFactories
	require.NoError(t, c.Populate(t.Context(), &h))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	_, err := h.WithCtx(ctx)
	facRequireKind(t, err, context.Canceled)
	_, err = h.Typed.New(ctx)
	facRequireKind(t, err, context.Canceled)
	assert.Equal(t, int64(0), builds.Load())
}
