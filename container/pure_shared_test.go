package container_test

// A Resolve of a Singleton or Scoped instance not built yet, whose fields
// all take shared instances already built, is a pure build too
// (pureShared): one short critical section of the slot owner's lock.
// These tests pin that it gives what the general path gives and leaves
// everything else to it.

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/tagwire/tagwire/container"
)

type psLog struct{ N int }

type psReq struct{ ID int } // Scoped, no fields

type psHandler struct { // Scoped: a Scoped and a Singleton field
	Req *psReq `inject:""`
	Log *psLog `inject:""`
}

type psSvc struct { // Singleton
	Log *psLog `inject:""`
}

type psCapture struct { // Singleton with a Scoped field: never allowed
	Req *psReq `inject:""`
}

// psContainer registers the types, with an Observer (which forces the
// general path) when general is true.
func psContainer(t *testing.T, general bool) *container.Container {
	t.Helper()
	c := pathContainer(general)
	require.NoError(t, container.Provide[*psLog](c, nil))
	require.NoError(t, container.Provide[*psSvc](c, nil))
	require.NoError(t, container.Provide[*psReq](c, nil, container.Scoped))
	require.NoError(t, container.Provide[*psHandler](c, nil, container.Scoped))
	require.NoError(t, container.Provide[*psCapture](c, nil))
	return c
}

// psScope resolves, in a new scope of c, the Scoped request and then the
// handler (so that the handler's fields are built when it is), twice.
func psScope(t *testing.T, c *container.Container) (*psReq, *psHandler) {
	t.Helper()
	ctx := context.Background()
	sc := c.NewScope()
	req, err := container.Resolve[*psReq](ctx, sc)
	require.NoError(t, err)
	h, err := container.Resolve[*psHandler](ctx, sc)
	require.NoError(t, err)
	h2, err := container.Resolve[*psHandler](ctx, sc)
	require.NoError(t, err)
	assert.Same(t, h, h2, "Scoped: one per scope")
	require.NoError(t, sc.Close(ctx))
	return req, h
}

func TestPureShared_SameResultAsTheGeneralPath(t *testing.T) {
	ctx := context.Background()
	for _, general := range []bool{false, true} {
		c := psContainer(t, general)
		log, err := container.Resolve[*psLog](ctx, c)
		require.NoError(t, err)
		svc, err := container.Resolve[*psSvc](ctx, c)
		require.NoError(t, err)
		assert.Same(t, log, svc.Log, "general=%v: the Singleton's field is the shared Singleton", general)
		svc2, err := container.Resolve[*psSvc](ctx, c)
		require.NoError(t, err)
		assert.Same(t, svc, svc2)

		req1, h1 := psScope(t, c)
		req2, h2 := psScope(t, c)
		assert.Same(t, req1, h1.Req, "general=%v: the handler takes its scope's request", general)
		assert.Same(t, req2, h2.Req)
		assert.NotSame(t, h1, h2, "a new instance per scope")
		assert.NotSame(t, req1, req2)
		assert.Same(t, log, h1.Log, "the Singleton is shared across scopes")
		assert.Same(t, log, h2.Log)

		// A Singleton built again after Reset: its lookup is cached now, so
		// the pure path builds it.
		require.NoError(t, container.Reset[*psSvc](ctx, c))
		svc3, err := container.Resolve[*psSvc](ctx, c)
		require.NoError(t, err)
		assert.NotSame(t, svc, svc3)
		assert.Same(t, log, svc3.Log)
		svc = svc3

		// Populate after Resolve sees the instance Resolve committed.
		var app struct {
			Svc *psSvc `inject:""`
		}
		require.NoError(t, c.Populate(ctx, &app))
		assert.Same(t, svc, app.Svc)
		require.NoError(t, c.Close(ctx))
	}
}

func TestPureShared_WhatTheGeneralPathMustSee(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		check func(t *testing.T, c *container.Container)
	}{
		{"a Scoped type outside any scope is ErrNoScope", func(t *testing.T, c *container.Container) {
			_, err := container.Resolve[*psReq](ctx, c)
			require.ErrorIs(t, err, container.ErrNoScope)
		}},
		{"a Singleton taking a Scoped field is ErrNoScope", func(t *testing.T, c *container.Container) {
			sc := c.NewScope()
			_, err := container.Resolve[*psReq](ctx, sc)
			require.NoError(t, err)
			_, err = container.Resolve[*psCapture](ctx, sc)
			require.ErrorIs(t, err, container.ErrNoScope)
			require.NoError(t, sc.Close(ctx))
		}},
		{"a closed scope is ErrClosed", func(t *testing.T, c *container.Container) {
			sc := c.NewScope()
			_, err := container.Resolve[*psReq](ctx, sc)
			require.NoError(t, err)
			require.NoError(t, sc.Close(ctx))
			_, err = container.Resolve[*psHandler](ctx, sc)
			require.ErrorIs(t, err, container.ErrClosed)
		}},
		{"a field not built yet is built, in the same scope", func(t *testing.T, c *container.Container) {
			sc := c.NewScope()
			h, err := container.Resolve[*psHandler](ctx, sc) // psReq and psLog not built yet
			require.NoError(t, err)
			req, err := container.Resolve[*psReq](ctx, sc)
			require.NoError(t, err)
			assert.Same(t, req, h.Req)
			require.NoError(t, sc.Close(ctx))
		}},
		{"an ended context is an error", func(t *testing.T, c *container.Container) {
			sc := c.NewScope()
			_, err := container.Resolve[*psReq](ctx, sc)
			require.NoError(t, err)
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			_, err = container.Resolve[*psHandler](cctx, sc)
			require.ErrorIs(t, err, context.Canceled)
			h, err := container.Resolve[*psHandler](ctx, sc)
			require.NoError(t, err, "nothing was left half built")
			assert.NotNil(t, h.Req)
			require.NoError(t, sc.Close(ctx))
		}},
		{"Reset of a Singleton discards the instance a pure build made", func(t *testing.T, c *container.Container) {
			svc, err := container.Resolve[*psSvc](ctx, c)
			require.NoError(t, err)
			require.NoError(t, container.Reset[*psSvc](ctx, c))
			svc2, err := container.Resolve[*psSvc](ctx, c)
			require.NoError(t, err)
			assert.NotSame(t, svc, svc2)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := psWarm(t)
			tc.check(t, c)
			require.NoError(t, c.Close(ctx))
		})
	}
}

// psWarm returns a container whose lookups are cached (the pure paths
// start from the lock-free table, which the first lookup of each type
// fills), with the Singleton psLog built.
func psWarm(t *testing.T) *container.Container {
	t.Helper()
	ctx := context.Background()
	c := psContainer(t, false)
	_, err := container.Resolve[*psLog](ctx, c)
	require.NoError(t, err)
	psScope(t, c)
	sc := c.NewScope()
	_, err = container.Resolve[*psCapture](ctx, sc)
	require.ErrorIs(t, err, container.ErrNoScope)
	require.NoError(t, sc.Close(ctx))
	return c
}

// TestPureShared_Concurrent: many goroutines resolve the same Scoped and
// Singleton types in one scope at once (pure and general builds racing):
// one instance of each.
func TestPureShared_Concurrent(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx := context.Background()
	for range 30 {
		c := psWarm(t)
		sc := c.NewScope()
		const n = 16
		reqs, hs, svcs := make([]*psReq, n), make([]*psHandler, n), make([]*psSvc, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(3)
			go func() {
				defer wg.Done()
				var err error
				reqs[i], err = container.Resolve[*psReq](ctx, sc)
				assert.NoError(t, err)
			}()
			go func() {
				defer wg.Done()
				var err error
				hs[i], err = container.Resolve[*psHandler](ctx, sc)
				assert.NoError(t, err)
			}()
			go func() {
				defer wg.Done()
				var err error
				svcs[i], err = container.Resolve[*psSvc](ctx, sc)
				assert.NoError(t, err)
			}()
		}
		wg.Wait()
		for i := range n {
			assert.Same(t, reqs[0], reqs[i])
			assert.Same(t, hs[0], hs[i])
			assert.Same(t, svcs[0], svcs[i])
		}
		assert.Same(t, reqs[0], hs[0].Req)
		require.NoError(t, sc.Close(ctx))
		require.NoError(t, c.Close(ctx))
	}
}
