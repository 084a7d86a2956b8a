package container_test

// Factory kinds (seed 000, catalogue A 1-5, 51), the return-type check
// (seed 001, catalogue C 19-21), provided-type specialisation (seed 002,
// catalogue 47) and cycles broken by a Factory (catalogue 28).

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

type facConn struct{ DSN string }

type facRepository interface{ GetUser(id int) string }

type facDbUserRepo struct{ Conn *facConn }

func (r *facDbUserRepo) GetUser(int) string { return "user@" + r.Conn.DSN }

func facNewDbUserRepo(conn *facConn) *facDbUserRepo { return &facDbUserRepo{Conn: conn} }

func TestFactories_Kind_PlainFunctionWithParametersByType(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	var conns atomic.Int64
	facMust(t, container.Provide[*facConn](c, func() *facConn {
		conns.Add(1)
		return &facConn{DSN: "mem"}
	}))
	facMust(t, container.Provide[facRepository](c, facNewDbUserRepo))

	repo := facResolve[facRepository](t, ctx, c)
	assert.Equal(t, "user@mem", repo.GetUser(10))
	db, ok := repo.(*facDbUserRepo)
	require.True(t, ok)
	assert.Same(t, facResolve[*facConn](t, ctx, c), db.Conn, "the parameter got the container's *facConn")
	assert.Equal(t, int64(1), conns.Load())
}

type facCtxKey struct{}

type facConnHolder struct {
	Conn *facConn `inject:""`
}

type facConnFactory struct {
	New container.Factory[*facConn] `inject:""`
}

func TestFactories_Kind_ContextFirstReceivesCallContext(t *testing.T) {
	calls := []struct {
		name string
		run  func(ctx context.Context, c *container.Container) error
	}{
		{"Resolve", func(ctx context.Context, c *container.Container) error {
			_, err := container.Resolve[*facConn](ctx, c)
			return err
		}},
		{"Populate", func(ctx context.Context, c *container.Container) error {
			var h facConnHolder
			return c.Populate(ctx, &h)
		}},
		{"Invoke", func(ctx context.Context, c *container.Container) error {
			return c.Invoke(ctx, func(*facConn) {})
		}},
		{"Factory.New", func(ctx context.Context, c *container.Container) error {
			var h facConnFactory
			if err := c.Populate(context.Background(), &h); err != nil {
				return err
			}
			_, err := h.New.New(ctx)
			return err
		}},
	}
	for _, call := range calls {
		t.Run(call.name, func(t *testing.T) {
			c := facNew(t)
			var got any
			facMust(t, container.Provide[*facConn](c, func(ctx context.Context) (*facConn, error) {
				got = ctx.Value(facCtxKey{})
				return &facConn{}, nil
			}, container.Transient))
			ctx := context.WithValue(t.Context(), facCtxKey{}, "request-42")
			require.NoError(t, call.run(ctx, c))
			assert.Equal(t, "request-42", got, "the constructor receives the caller's context")
		})
	}
}

func TestFactories_Kind_CancelledContextAbortsResolution(t *testing.T) {
	t.Run("cancelled before the call", func(t *testing.T) {
		c := facNew(t)
		var calls atomic.Int64
		facMust(t, container.Provide[*facConn](c, func(context.Context) *facConn {
			calls.Add(1)
			return &facConn{}
		}))
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := container.Resolve[*facConn](ctx, c)
		facRequireKind(t, err, context.Canceled)
		assert.Equal(t, int64(0), calls.Load())
	})

	t.Run("cancelled by a constructor during the call", func(t *testing.T) {
		c := facNew(t)
		ctx, cancel := context.WithCancel(t.Context())
		var connCleanups, repos atomic.Int64
		facMust(t, container.Provide[*facConn](c, func(ctx context.Context) (*facConn, func(), error) {
			if ctx.Value(facCtxKey{}) == nil {
				cancel() // only in the first call
			}
			return &facConn{DSN: "db"}, func() { connCleanups.Add(1) }, nil
		}))
		facMust(t, container.Provide[*facDbUserRepo](c, func(conn *facConn) *facDbUserRepo {
			repos.Add(1)
			return facNewDbUserRepo(conn)
		}))

		_, err := container.Resolve[*facDbUserRepo](ctx, c)
		facRequireKind(t, err, context.Canceled)
		assert.Equal(t, int64(0), repos.Load(), "the dependent is not built once the context ended")
		assert.Equal(t, int64(1), connCleanups.Load(), "what the aborted call built is cleaned up")

		retry := context.WithValue(t.Context(), facCtxKey{}, "retry")
		repo := facResolve[*facDbUserRepo](t, retry, c)
		assert.Equal(t, "db", repo.Conn.DSN, "a retry succeeds: nothing stayed cached")
	})
}

func TestFactories_Kind_ConstructorCleanupRunsOnceAtClose(t *testing.T) {
	type ctorFor func(runs *atomic.Int64) any
	shapes := []struct {
		name string
		ctor ctorFor
	}{
		{"(T, func(), error)", func(runs *atomic.Int64) any {
			return func() (*facConn, func(), error) {
				return &facConn{}, func() { runs.Add(1) }, nil
			}
		}},
		{"(T, func(context.Context) error, error)", func(runs *atomic.Int64) any {
			return func() (*facConn, func(context.Context) error, error) {
				return &facConn{}, func(ctx context.Context) error {
					if ctx == nil {
						return errors.New("nil context")
					}
					runs.Add(1)
					return nil
				}, nil
			}
		}},
	}
	lifetimes := []struct {
		name string
		life container.Lifetime
		want int64 // cleanups after two resolutions
	}{
		{"Singleton", container.Singleton, 1},
		{"Transient", container.Transient, 2},
	}
	for _, sh := range shapes {
		for _, lt := range lifetimes {
			t.Run(sh.name+"/"+lt.name, func(t *testing.T) {
				ctx := t.Context()
				c := container.New()
				var runs atomic.Int64
				facMust(t, container.Provide[*facConn](c, sh.ctor(&runs), lt.life))
				facResolve[*facConn](t, ctx, c)
				facResolve[*facConn](t, ctx, c)
				assert.Equal(t, int64(0), runs.Load(), "cleanups wait for Close")
				require.NoError(t, c.Close(ctx))
				assert.Equal(t, lt.want, runs.Load(), "each built instance's cleanup ran once")
				require.NoError(t, c.Close(ctx))
				assert.Equal(t, lt.want, runs.Load(), "Close is idempotent")
			})
		}
	}
}

func TestFactories_Kind_BadConstructorShapes(t *testing.T) {
	cases := []struct {
		name string
		ctor any
		kind error
	}{
		// A non-function is a value: of another type, a type mismatch.
		{"a value of another type", 123, container.ErrTypeMismatch},
		// nil would register the zero value; a nil pointer value is refused.
		{"a nil pointer value", (*facConn)(nil), container.ErrBadInput},
		{"nil function", (func() *facConn)(nil), container.ErrBadSignature},
		{"no result", func() {}, container.ErrBadSignature},
		{"second result not error", func() (*facConn, int) { return nil, 0 }, container.ErrBadSignature},
		{"three results without error", func() (*facConn, func(), int) { return nil, nil, 0 }, container.ErrBadSignature},
		{"bad cleanup type", func() (*facConn, func() int, error) { return nil, nil, nil }, container.ErrBadSignature},
		{"four results", func() (*facConn, func(), error, error) { return nil, nil, nil, nil }, container.ErrBadSignature},
		{"error only (a func() T whose T is error)", func() error { return nil }, container.ErrTypeMismatch},
		{"variadic", func(...int) *facConn { return nil }, container.ErrBadSignature},
		{"result of another type", func() *facDbUserRepo { return nil }, container.ErrTypeMismatch},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			c := facNew(t)
			err := container.Provide[*facConn](c, tc.ctor)
			e := facRequireKind(t, err, tc.kind)
			assert.Equal(t, "register", e.Op)
			// Resolving *facConn reports the failed registration rather
			// than building a zero value, until a registration succeeds.
			_, err = container.Resolve[*facConn](ctx, c)
			require.ErrorIs(t, err, tc.kind)
			assert.Contains(t, err.Error(), "its registration failed")
			facMust(t, container.Provide[*facConn](c, nil))
			conn := facResolve[*facConn](t, ctx, c)
			assert.Equal(t, "", conn.DSN, "the rejected constructor was not registered")
		})
	}
}

// Return-type check (seed 001: "Service 'derp' is not of type 'IFoo'").

type facIFoo interface{ Foo() string }

type facFoo struct{ Text string }

func (f *facFoo) Foo() string { return f.Text }

type facFooHolder struct {
	Foo facIFoo `inject:""`
}

type facFooFactory struct {
	New container.Factory[facIFoo] `inject:""`
}

func TestFactories_ReturnType_BroaderResultCheckedOnEveryBuild(t *testing.T) {
	t.Run("wrong value", func(t *testing.T) {
		ctx := t.Context()
		c := facNew(t)
		require.NoError(t, container.Provide[facIFoo](c, func() any { return "derp" }),
			"a constructor declared to return any is accepted at registration")

		_, err := container.Resolve[facIFoo](ctx, c)
		e := facRequireKind(t, err, container.ErrTypeMismatch)
		assert.Contains(t, err.Error(), "string")
		assert.Contains(t, err.Error(), "facIFoo")
		assert.Equal(t, "resolve", e.Op)

		var h facFooHolder
		err = c.Populate(ctx, &h)
		e = facRequireKind(t, err, container.ErrTypeMismatch)
		assert.Contains(t, e.Path, "Foo", "nested dependencies are checked too")

		var f facFooFactory
		require.NoError(t, c.Populate(ctx, &f))
		_, err = f.New.New(ctx)
		facRequireKind(t, err, container.ErrTypeMismatch)
	})

	t.Run("good value", func(t *testing.T) {
		ctx := t.Context()
		c := facNew(t)
		facMust(t, container.Provide[facIFoo](c, func() any { return &facFoo{Text: "I was built in a factory!"} }))
		foo := facResolve[facIFoo](t, ctx, c)
		assert.Equal(t, "I was built in a factory!", foo.Foo())
	})
}

// Provided-type specialisation (seed 002 factory_provided_type.py).

type facBaseService interface{ Serve() string }

type facGoodService struct{}

func (*facGoodService) Serve() string { return "good" }

type facNotService struct{}

func TestFactories_ProvidedType_NonImplementationRejectedAtRegistration(t *testing.T) {
	cases := []struct {
		name string
		op   string
		reg  func(c *container.Container) error
	}{
		{"Provide", "register", func(c *container.Container) error {
			return container.Provide[facBaseService](c, func() *facNotService { return &facNotService{} })
		}},
		{"Provide with error result", "register", func(c *container.Container) error {
			return container.Provide[facBaseService](c, func() (*facNotService, error) { return nil, nil })
		}},
		{"As", "register", func(c *container.Container) error {
			return container.Provide[*facNotService](c, nil, container.As[facBaseService]())
		}},
		{"Override", "override", func(c *container.Container) error {
			_, err := container.Override[facBaseService](c, func() *facNotService { return nil })
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := facNew(t)
			e := facRequireKind(t, tc.reg(c), container.ErrTypeMismatch)
			assert.Equal(t, tc.op, e.Op)
			assert.Contains(t, e.Error(), "facNotService")
			assert.Contains(t, e.Error(), "facBaseService")
			_, err := container.Resolve[facBaseService](t.Context(), c)
			if tc.name == "Provide" || tc.name == "Provide with error result" {
				// A failed registration of facBaseService is what
				// resolving it reports.
				facRequireKind(t, err, container.ErrTypeMismatch)
				assert.Contains(t, err.Error(), "its registration failed")
			} else {
				facRequireKind(t, err, container.ErrNotFound)
			}
		})
	}

	t.Run("an implementation is accepted", func(t *testing.T) {
		c := facNew(t)
		facMust(t, container.Provide[facBaseService](c, func() *facGoodService { return &facGoodService{} }))
		assert.Equal(t, "good", facResolve[facBaseService](t, t.Context(), c).Serve())
	})
}

func TestFactories_As_ImplementationSharedWithInterface(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	facMust(t, container.Provide[*facGoodService](c, nil, container.As[facBaseService]()))
	i := facResolve[facBaseService](t, ctx, c)
	impl := facResolve[*facGoodService](t, ctx, c)
	assert.Same(t, impl, i.(*facGoodService), "resolve(Impl) is the instance behind resolve(I)")
}

// A Factory breaks a constructor cycle (catalogue 28).

type facCycA struct{ B *facCycB }
type facCycB struct{ A *facCycA }

type facLazyA struct{ B *facLazyB }
type facLazyB struct{ NewA container.Factory[*facLazyA] }

func TestFactories_Cycle_FactoryParameterBreaksConstructorCycle(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	facMust(t, container.Provide[*facCycA](c, func(b *facCycB) *facCycA { return &facCycA{B: b} }))
	facMust(t, container.Provide[*facCycB](c, func(a *facCycA) *facCycB { return &facCycB{A: a} }))
	_, err := container.Resolve[*facCycA](ctx, c)
	e := facRequireKind(t, err, container.ErrCycle)
	assert.Contains(t, e.Error(), "facCycA")
	assert.Contains(t, e.Error(), "facCycB")

	c2 := facNew(t)
	facMust(t, container.Provide[*facLazyA](c2, func(b *facLazyB) *facLazyA { return &facLazyA{B: b} }))
	facMust(t, container.Provide[*facLazyB](c2, func(f container.Factory[*facLazyA]) *facLazyB { return &facLazyB{NewA: f} }))
	a := facResolve[*facLazyA](t, ctx, c2)
	again, err := a.B.NewA.New(ctx)
	require.NoError(t, err)
	assert.Same(t, a, again, "the factory resolves the Singleton later")
}
