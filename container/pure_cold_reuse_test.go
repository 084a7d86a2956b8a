package container_test

// The first cold pure Populate of a type whose graph is all implicit
// Singletons keeps its plan, and a container in the same state takes it
// without walking the fields again (coldPlan.reuse in pure.go). These
// tests pin that every state in which the plan would not be the one the
// walk finds leaves it alone: the result is what the general path gives.

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

type prLog struct{ N int }

type prCloser struct{ closed bool }

func (p *prCloser) Close() error { p.closed = true; return nil }

type prA struct {
	B   *prB      `inject:""`
	Log *prLog    `inject:""`
	R   *prCloser `inject:""`
}

type prB struct {
	A   *prA   `inject:""` // a cycle of pointer fields
	Log *prLog `inject:""`
}

type prApp struct {
	A   *prA   `inject:""`
	B   *prB   `inject:""`
	Log *prLog `inject:""`
}

type prOther struct{ N int }

// prCheck asserts the sharing pattern the general path gives.
func prCheck(t *testing.T, app *prApp) {
	t.Helper()
	require.NotNil(t, app.A)
	require.NotNil(t, app.B)
	assert.Same(t, app.A, app.B.A, "one *prA")
	assert.Same(t, app.B, app.A.B, "one *prB")
	assert.Same(t, app.Log, app.A.Log, "one *prLog")
	assert.Same(t, app.Log, app.B.Log)
	assert.NotNil(t, app.A.R)
}

func TestPureColdReuse_EveryStateGivesTheGeneralPathsResult(t *testing.T) {
	ctx := context.Background()
	// Keep the plan: a first cold Populate in a new container.
	var first prApp
	require.NoError(t, container.New().Populate(ctx, &first))
	prCheck(t, &first)

	mine := &prLog{N: 7}
	tests := []struct {
		name  string
		opts  []container.Option
		setup func(t *testing.T, c *container.Container)
		app   prApp
		check func(t *testing.T, c *container.Container, app *prApp, err error)
	}{{
		name: "a new container: the kept plan, new instances",
		check: func(t *testing.T, c *container.Container, app *prApp, err error) {
			require.NoError(t, err)
			prCheck(t, app)
			assert.NotSame(t, first.A, app.A, "this container's own Singletons")
			a, err := container.Resolve[*prA](ctx, c)
			require.NoError(t, err)
			assert.Same(t, app.A, a, "committed as the container's Singleton")
		},
	}, {
		name: "unrelated registrations",
		setup: func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Supply(c, &prOther{N: 1}))
			_, err := container.Resolve[*prOther](ctx, c)
			require.NoError(t, err)
		},
		check: func(t *testing.T, c *container.Container, app *prApp, err error) {
			require.NoError(t, err)
			prCheck(t, app)
		},
	}, {
		name: "a type of the plan registered",
		setup: func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Supply(c, mine))
		},
		check: func(t *testing.T, c *container.Container, app *prApp, err error) {
			require.NoError(t, err)
			prCheck(t, app)
			assert.Same(t, mine, app.Log, "the registered value")
		},
	}, {
		name: "a type of the plan built before",
		setup: func(t *testing.T, c *container.Container) {
			l, err := container.Resolve[*prLog](ctx, c)
			require.NoError(t, err)
			l.N = 3
		},
		check: func(t *testing.T, c *container.Container, app *prApp, err error) {
			require.NoError(t, err)
			prCheck(t, app)
			assert.Equal(t, 3, app.Log.N, "the Singleton built before")
		},
	}, {
		name: "a preset field",
		app:  prApp{Log: mine},
		check: func(t *testing.T, c *container.Container, app *prApp, err error) {
			require.NoError(t, err)
			assert.Same(t, mine, app.Log, "left alone")
			assert.NotSame(t, mine, app.A.Log, "the container's own *prLog beneath")
			assert.Same(t, app.A.Log, app.B.Log)
		},
	}, {
		name: "a failed registration of a type of the plan",
		setup: func(t *testing.T, c *container.Container) {
			require.Error(t, container.Provide[*prLog](c, func() {}))
		},
		check: func(t *testing.T, c *container.Container, app *prApp, err error) {
			require.ErrorIs(t, err, container.ErrBadSignature)
			assert.Nil(t, app.A, "nothing set")
			assert.Nil(t, app.Log)
		},
	}, {
		name: "a failed registration of another type",
		setup: func(t *testing.T, c *container.Container) {
			require.Error(t, container.Provide[*prOther](c, func() {}))
		},
		check: func(t *testing.T, c *container.Container, app *prApp, err error) {
			require.NoError(t, err)
			prCheck(t, app)
		},
	}, {
		name: "Strict",
		opts: []container.Option{container.Strict()},
		check: func(t *testing.T, c *container.Container, app *prApp, err error) {
			require.ErrorIs(t, err, container.ErrNotFound)
			assert.Nil(t, app.A, "nothing set")
		},
	}, {
		name: "AutoClose with a Close method beneath",
		opts: []container.Option{container.AutoClose()},
		check: func(t *testing.T, c *container.Container, app *prApp, err error) {
			require.NoError(t, err)
			prCheck(t, app)
			require.NoError(t, c.Close(ctx))
			assert.True(t, app.A.R.closed, "the general path recorded the Close")
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := container.New(tt.opts...)
			if tt.setup != nil {
				tt.setup(t, c)
			}
			app := tt.app
			err := c.Populate(ctx, &app)
			tt.check(t, c, &app, err)

			// The general path (an observer sends every call there), in
			// the same state, gives the same shape of result.
			g := container.New(append(tt.opts, container.Observe(&obsRec{}))...)
			if tt.setup != nil {
				tt.setup(t, g)
			}
			gapp := tt.app
			gerr := g.Populate(ctx, &gapp)
			tt.check(t, g, &gapp, gerr)
			if err != nil || gerr != nil {
				var e, ge *container.Error
				require.True(t, errors.As(err, &e))
				require.True(t, errors.As(gerr, &ge))
				assert.Equal(t, ge.Kind, e.Kind)
			}
		})
	}
}

type prOtherApp struct {
	B   *prB   `inject:""`
	Log *prLog `inject:""`
}

// TestPureColdReuse_WhatFollowsSeesTheContainersSingletons: the instances a
// kept plan builds are the container's implicit Singletons for everything
// that follows, exactly as those the general path builds: lookups,
// Populates of other types, Reset, overrides, registrations, scopes,
// Close.
func TestPureColdReuse_WhatFollowsSeesTheContainersSingletons(t *testing.T) {
	ctx := context.Background()
	var first prApp
	require.NoError(t, container.New().Populate(ctx, &first)) // keeps the plan

	mine := &prLog{N: 9}
	tests := []struct {
		name string
		then func(t *testing.T, c *container.Container, app *prApp)
	}{{
		name: "Resolve",
		then: func(t *testing.T, c *container.Container, app *prApp) {
			a, err := container.Resolve[*prA](ctx, c)
			require.NoError(t, err)
			assert.Same(t, app.A, a)
			l, err := container.Resolve[*prLog](ctx, c)
			require.NoError(t, err)
			assert.Same(t, app.Log, l)
		},
	}, {
		name: "the same type again",
		then: func(t *testing.T, c *container.Container, app *prApp) {
			var again prApp
			require.NoError(t, c.Populate(ctx, &again))
			assert.Equal(t, *app, again)
		},
	}, {
		name: "another type sharing the Singletons",
		then: func(t *testing.T, c *container.Container, app *prApp) {
			var o prOtherApp
			require.NoError(t, c.Populate(ctx, &o))
			assert.Same(t, app.B, o.B)
			assert.Same(t, app.Log, o.Log)
		},
	}, {
		name: "Reset",
		then: func(t *testing.T, c *container.Container, app *prApp) {
			old := app.Log
			require.NoError(t, container.Reset[*prLog](ctx, c))
			l, err := container.Resolve[*prLog](ctx, c)
			require.NoError(t, err)
			assert.NotSame(t, old, l, "built again")
			assert.Same(t, old, app.A.Log, "what was injected stays")
			a, err := container.Resolve[*prA](ctx, c)
			require.NoError(t, err)
			assert.Same(t, app.A, a, "the other Singletons stay")
		},
	}, {
		name: "an override, then its restore",
		then: func(t *testing.T, c *container.Container, app *prApp) {
			restore, err := container.Override[*prLog](c, mine)
			require.NoError(t, err)
			l, err := container.Resolve[*prLog](ctx, c)
			require.NoError(t, err)
			assert.Same(t, mine, l)
			restore()
			l, err = container.Resolve[*prLog](ctx, c)
			require.NoError(t, err)
			assert.Same(t, app.Log, l, "the container's own instance comes back")
		},
	}, {
		name: "a registration made afterwards",
		then: func(t *testing.T, c *container.Container, app *prApp) {
			require.NoError(t, container.Supply(c, mine))
			l, err := container.Resolve[*prLog](ctx, c)
			require.NoError(t, err)
			assert.Same(t, mine, l)
			b, err := container.Resolve[*prB](ctx, c)
			require.NoError(t, err)
			assert.Same(t, app.B, b)
		},
	}, {
		name: "a registration that fails afterwards",
		then: func(t *testing.T, c *container.Container, app *prApp) {
			require.ErrorIs(t, container.Provide[*prLog](c, func() {}), container.ErrBadSignature)
			l, err := container.Resolve[*prLog](ctx, c)
			require.NoError(t, err, "a failed registration changes nothing")
			assert.Same(t, app.Log, l)
			var o prOtherApp
			require.NoError(t, c.Populate(ctx, &o))
			assert.Same(t, app.Log, o.Log)
		},
	}, {
		name: "a scope",
		then: func(t *testing.T, c *container.Container, app *prApp) {
			s := c.NewScope()
			a, err := container.Resolve[*prA](ctx, s)
			require.NoError(t, err)
			assert.Same(t, app.A, a)
			var o prOtherApp
			require.NoError(t, s.Populate(ctx, &o))
			assert.Same(t, app.B, o.B)
			require.NoError(t, s.Close(ctx))
		},
	}, {
		name: "Close",
		then: func(t *testing.T, c *container.Container, app *prApp) {
			require.NoError(t, c.Close(ctx))
			_, err := container.Resolve[*prA](ctx, c)
			require.ErrorIs(t, err, container.ErrClosed)
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, general := range []bool{false, true} {
				c := pathContainer(general)
				var app prApp
				require.NoError(t, c.Populate(ctx, &app))
				prCheck(t, &app)
				tt.then(t, c, &app)
			}
		})
	}
}
