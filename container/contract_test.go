package container_test

// Contract points found while moving the tests to the current API, each
// pinned by a minimal test. Every top-level identifier in this file starts
// with "ct".

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

type ctLeaf struct{ _ byte }

type ctSvc struct {
	Leaf *ctLeaf `inject:""`
	Name string
}

type ctGreeter interface{ ZzfGreet() }

func (*ctSvc) ZzfGreet() {}

// Populated and Complete describe a registered value. Passed with any other
// source they do not apply, and "an option that does not apply" is an
// ErrBadInput error at registration: no option is ever silently ignored.
func TestContract_PopulatedAndCompleteOnlyApplyToValues(t *testing.T) {
	ctor := func() *ctSvc { return &ctSvc{} }
	cases := []struct {
		name string
		reg  func(c *container.Container) error
	}{
		{"Populated on a constructor", func(c *container.Container) error {
			return container.Provide[*ctSvc](c, ctor, container.Populated())
		}},
		{"Complete on a constructor", func(c *container.Container) error {
			return container.Provide[*ctSvc](c, ctor, container.Complete())
		}},
		{"Populated on a zero-value registration", func(c *container.Container) error {
			return container.Provide[*ctSvc](c, nil, container.Populated())
		}},
		{"Complete on an abstract registration", func(c *container.Container) error {
			return container.Provide[ctGreeter](c, nil, container.Complete())
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			err := tc.reg(c)
			require.ErrorIs(t, err, container.ErrBadInput, "the option does not apply to this source")
		})
	}
}

// A Scoped registration resolved outside any scope is ErrNoScope. Call-time
// overrides make the instance fresh and unshared, but they do not lift the
// lifetime rule: the engine builds the Scoped instance at the root.
func TestContract_ScopedWithOverridesOutsideAScopeIsErrNoScope(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	require.NoError(t, container.Provide[*ctSvc](c, nil, container.Scoped))
	_, err := container.Resolve[*ctSvc](ctx, c)
	require.ErrorIs(t, err, container.ErrNoScope, "without overrides")
	_, err = container.Resolve[*ctSvc](ctx, c, container.Field("Name", "x"))
	require.ErrorIs(t, err, container.ErrNoScope, "with a call-time override")
}

// A runtime.Goexit in user code "cannot be stopped; the goroutine exits, the
// call is rolled back on the way", and a failed Populate "resets the fields
// it set on the targets". The fields set before the Goexit stay set, and a
// later Populate then skips them as preset (found by FuzzPopulate).
func TestContract_GoexitInConstructorResetsTargetFields(t *testing.T) {
	type target struct {
		A *ctSvc `inject:""`
		B *ctSvc `inject:""`
	}
	var calls atomic.Int64
	c := container.New()
	require.NoError(t, container.Provide[*ctSvc](c, func() *ctSvc {
		if calls.Add(1) == 2 {
			runtime.Goexit()
		}
		return &ctSvc{}
	}, container.Transient))
	var tg target
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = c.Populate(context.Background(), &tg)
	}()
	<-done
	require.EqualValues(t, 2, calls.Load(), "the second constructor call exited the goroutine")
	assert.Nil(t, tg.A, "the field set before the Goexit is reset by the rollback")
	assert.Nil(t, tg.B)
}

// Hints and messages tell how to fix the problem with the current API; they
// must not point to removed functions (Instance, Key, Set).
func TestContract_MessagesNameTheCurrentAPI(t *testing.T) {
	ctx := context.Background()
	removed := []string{"container.Instance", "container.Key", "Set("}
	check := func(t *testing.T, err error) {
		t.Helper()
		require.Error(t, err)
		var ce *container.Error
		require.True(t, errors.As(err, &ce), "%v", err)
		for _, r := range removed {
			assert.False(t, strings.Contains(err.Error(), r), "the message names the removed %s: %v", r, err)
		}
	}
	t.Run("unknown name", func(t *testing.T) {
		var app struct {
			S *ctSvc `inject:"name=nope"`
		}
		check(t, container.New().Populate(ctx, &app))
	})
	t.Run("unregistered type", func(t *testing.T) {
		_, err := container.Resolve[int](ctx, container.New())
		check(t, err)
	})
	t.Run("unknown key of a Keyed factory", func(t *testing.T) {
		c := container.New()
		require.NoError(t, container.Provide[*ctSvc](c, nil, container.Named("a"), container.Transient))
		k, err := container.Resolve[container.Keyed[string, *ctSvc]](ctx, c)
		require.NoError(t, err)
		_, err = k.New(ctx, "b")
		check(t, err)
	})
	t.Run("call-time Field of the wrong type", func(t *testing.T) {
		c := container.New()
		require.NoError(t, container.Provide[*ctSvc](c, nil, container.Transient))
		_, err := container.Resolve[*ctSvc](ctx, c, container.Field("Name", 42))
		check(t, err)
	})
}
