package container_test

// Shared helpers of the factories_*_test.go suite (factories, lifetimes,
// injection kinds, overrides). Every top-level identifier starts with
// "fac" so that it cannot collide with the foundation_* and lifecycle_*
// suites of the same package.

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

// facRequireKind asserts that err is a *container.Error whose Kind is
// exactly kind (and that errors.Is agrees), and returns it.
func facRequireKind(t testing.TB, err error, kind error) *container.Error {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, kind, "error: %v", err)
	var e *container.Error
	require.ErrorAs(t, err, &e, "every error of the package is a *container.Error: %v", err)
	require.True(t, e.Kind == kind, "Kind is %v, want %v (error: %v)", e.Kind, kind, err)
	return e
}

// facNew returns a new container that is closed when the test ends.
func facNew(t testing.TB, opts ...container.Option) *container.Container {
	t.Helper()
	c := container.New(opts...)
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	return c
}

// facScope returns a new scope of c that is closed when the test ends.
func facScope(t testing.TB, c *container.Container) *container.Container {
	t.Helper()
	s := c.NewScope()
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	return s
}

// facMust fails the test on a registration error.
func facMust(t testing.TB, err error) {
	t.Helper()
	require.NoError(t, err)
}

// facResolve resolves T or fails the test.
func facResolve[T any](t testing.TB, ctx context.Context, c *container.Container, opts ...container.Option) T {
	t.Helper()
	v, err := container.Resolve[T](ctx, c, opts...)
	require.NoError(t, err)
	return v
}

// facErrBoom is the error user code returns in failure tests.
var facErrBoom = errors.New("boom")
