package container_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

type rgDB struct{ N int }

type rgRepo struct {
	DB *rgDB `inject:""`
}

func TestReset_DiscardsTheBuiltSingletonAndRunsItsCleanup(t *testing.T) {
	ctx := context.Background()
	var opened, closed int
	for _, registered := range []bool{true, false} {
		c := container.New(container.AutoClose())
		if registered {
			require.NoError(t, container.Provide[*rgDB](c, func() (*rgDB, func(), error) {
				opened++
				return &rgDB{N: opened}, func() { closed++ }, nil
			}))
		}
		first, err := container.Resolve[*rgDB](ctx, c)
		require.NoError(t, err)
		var repo rgRepo
		require.NoError(t, c.Populate(ctx, &repo))
		require.Same(t, first, repo.DB)

		closedBefore := closed
		require.NoError(t, container.Reset[*rgDB](ctx, c))
		if registered {
			assert.Equal(t, closedBefore+1, closed, "the old instance's cleanup ran at Reset")
		}
		second, err := container.Resolve[*rgDB](ctx, c)
		require.NoError(t, err)
		assert.NotSame(t, first, second, "the next injection builds a new Singleton")
		assert.Same(t, first, repo.DB, "objects holding the old instance keep it")
		again, err := container.Resolve[*rgDB](ctx, c)
		require.NoError(t, err)
		assert.Same(t, second, again)

		require.NoError(t, c.Close(ctx))
		if registered {
			assert.Equal(t, opened, closed, "every instance is closed exactly once")
		}
	}
}

func TestReset_NothingBuiltOrNotSingletonIsANoOp(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	require.NoError(t, container.Reset[*rgDB](ctx, c), "not built yet")
	require.NoError(t, container.Provide[*rgRepo](c, nil, container.Transient))
	require.NoError(t, container.Reset[*rgRepo](ctx, c), "a Transient has no cached instance")
	require.NoError(t, container.Supply(c, "v", container.Named("s")))
	require.NoError(t, container.Reset[string](ctx, c, container.Named("s")), "a value is never rebuilt")
	v, err := container.Resolve[string](ctx, c, container.Named("s"))
	require.NoError(t, err)
	assert.Equal(t, "v", v)

	err = container.Reset[int](ctx, c)
	assert.True(t, errors.Is(err, container.ErrNotFound), "%v", err)
	assert.True(t, errors.Is(container.Reset[int](ctx, nil), container.ErrBadInput))
}

func TestUnregister(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	require.NoError(t, container.Supply(c, &rgDB{N: 7}))
	require.NoError(t, container.Supply(c, "dsn", container.Named("dsn")))
	held, err := container.Resolve[*rgDB](ctx, c)
	require.NoError(t, err)

	assert.True(t, container.Unregister[*rgDB](c))
	assert.False(t, container.Unregister[*rgDB](c), "a second call finds nothing")
	fresh, err := container.Resolve[*rgDB](ctx, c)
	require.NoError(t, err)
	assert.NotSame(t, held, fresh, "later lookups no longer see it (the unregistered struct type is built from its zero value)")
	assert.Equal(t, 7, held.N, "objects holding the old instance keep it")

	assert.False(t, container.Unregister[string](c), "the unnamed key was never registered")
	assert.True(t, container.Unregister[string](c, container.Named("dsn")))
	_, err = container.Resolve[string](ctx, c, container.Named("dsn"))
	assert.True(t, errors.Is(err, container.ErrNotFound), "%v", err)
	assert.False(t, container.Unregister[string](nil))
}

// A dependency that happens to be a reflect.Value is passed as a value
// like any other (it must not be mistaken for the argument's own wrapper).
func TestReflectValueIsAnOrdinaryDependency(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	require.NoError(t, container.Supply(c, reflect.ValueOf(5)))
	type holder struct{ v reflect.Value }
	require.NoError(t, container.Provide[*holder](c, func(v reflect.Value, _ context.Context, _ int8) *holder { return &holder{v} },
		container.Args(container.Dep[reflect.Value](), context.Background(), int8(1))))
	require.NotPanics(t, func() {
		h, err := container.Resolve[*holder](ctx, c)
		require.NoError(t, err)
		assert.Equal(t, 5, int(h.v.Int()))
	})
}
