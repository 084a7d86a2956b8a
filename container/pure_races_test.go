package container_test

// A pure build reads the registration generation, checks that nothing
// forbids it (decorators, Prepare hooks), reads what it builds from, and
// keeps its result only if the generation has not moved (pureAllowed in
// pure.go). These tests drive a registration or a Decorate into the
// window between those steps and check that the result is one the general
// path can give. They are timing-based: GOMAXPROCS(1) and a 3,000-deep
// chain of scopes (which makes finding a scope's lookup tables slow) let
// the other goroutine run inside the window; before the generation was
// read first and checked last, each failed within a few seconds.

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/tagwire/tagwire/container"
)

// prcWindow is how long each test keeps trying to hit the window.
const prcWindow = 3 * time.Second

type prcD struct{ N int }

type prcA struct {
	D *prcD `inject:""`
}

type prcT struct {
	A *prcA `inject:""` // looked up before D
	D *prcD `inject:""`
}

// prcOther runs fn on its own goroutine for every new value published in
// cur, until stop is called.
func prcOther[T any](cur *atomic.Pointer[T], fn func(*T)) (stop func()) {
	var quit atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		var last *T
		for !quit.Load() {
			if v := cur.Load(); v != nil && v != last {
				last = v
				fn(v)
			}
			runtime.Gosched()
		}
	}()
	return func() { quit.Store(true); <-done }
}

func prcDeepScope(c *container.Container) *container.Container {
	for range 3000 {
		c = c.NewScope()
	}
	return c
}

// TestPureRaces_ARegistrationInTheScopeDuringAPopulate: another goroutine
// registers *prcD in the scope and builds *prcA there while the scope's
// Populate runs. The general path can give the target either D, but never
// A's D (the scope's registration) beside a D of the parent's
// registration.
func TestPureRaces_ARegistrationInTheScopeDuringAPopulate(t *testing.T) {
	defer goleak.VerifyNone(t)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	ctx := context.Background()
	c := container.New()
	require.NoError(t, container.Provide[*prcD](c, nil, container.Scoped))
	require.NoError(t, container.Provide[*prcA](c, nil, container.Scoped))
	deep := prcDeepScope(c)
	require.NoError(t, deep.NewScope().Populate(ctx, &prcT{})) // caches the lookups
	var cur atomic.Pointer[container.Container]
	stop := prcOther(&cur, func(sc *container.Container) {
		if container.Provide[*prcD](sc, nil, container.Scoped) == nil {
			_, _ = container.Resolve[*prcA](ctx, sc) // A built after the registration
		}
	})
	defer stop()
	for end := time.Now().Add(prcWindow); time.Now().Before(end); {
		sc := deep.NewScope()
		cur.Store(sc)
		var tg prcT
		require.NoError(t, sc.Populate(ctx, &tg))
		d, err := container.Resolve[*prcD](ctx, sc)
		require.NoError(t, err)
		if tg.A.D == d && tg.D != d {
			t.Fatal("target.A.D is the scope's *prcD, target.D another one")
		}
	}
}

type prcDA struct {
	S         *prcS `inject:""`
	Decorated bool
}

type prcS struct{} // a Singleton only the other goroutine can build

type prcKey struct{}

type prcDT struct {
	S *prcS  `inject:""` // looked up first
	A *prcDA `inject:""`
}

// TestPureRaces_ADecorateDuringAPureBuild: another goroutine decorates
// *prcDA and then builds the Singleton *prcS that *prcDA takes, while a
// Populate or a Resolve in a scope runs. A build that took that *prcS
// came after the Decorate, so the *prcDA it makes must be decorated.
func TestPureRaces_ADecorateDuringAPureBuild(t *testing.T) {
	for _, how := range []string{"Populate", "Resolve"} {
		t.Run(how, func(t *testing.T) {
			defer goleak.VerifyNone(t)
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
			ctx := context.Background()
			dead, cancel := context.WithCancel(ctx)
			cancel()
			var cur atomic.Pointer[container.Container]
			stop := prcOther(&cur, func(c *container.Container) {
				if container.Decorate[*prcDA](c, func(a *prcDA) *prcDA { a.Decorated = true; return a }) == nil {
					for range 1000 { // a failed build of the other call's is shared with a waiter: again
						if _, err := container.Resolve[*prcS](context.WithValue(ctx, prcKey{}, 1), c); err == nil {
							break
						}
					}
				}
			})
			defer stop()
			build := func(sc *container.Container) (*prcDA, error) {
				if how == "Resolve" {
					return container.Resolve[*prcDA](ctx, sc)
				}
				var tg prcDT
				err := sc.Populate(ctx, &tg)
				return tg.A, err
			}
			for end := time.Now().Add(prcWindow); time.Now().Before(end); {
				c := container.New()
				require.NoError(t, container.Provide[*prcDA](c, nil, container.Scoped))
				require.NoError(t, container.Provide[*prcS](c, func(ctx context.Context) (*prcS, error) {
					if ctx.Value(prcKey{}) == nil {
						return nil, errors.New("not yet")
					}
					return &prcS{}, nil
				}))
				deep := prcDeepScope(c)
				_, _ = container.Resolve[*prcS](dead, c) // caches the lookups, builds nothing
				_, _ = container.Resolve[*prcDA](dead, deep.NewScope())
				_ = deep.NewScope().Populate(dead, &prcDT{})
				cur.Store(c)
				for give := time.Now().Add(200 * time.Millisecond); time.Now().Before(give); {
					if a, err := build(deep.NewScope()); err == nil { // it took the *prcS built after Decorate
						assert.True(t, a.Decorated, "an undecorated Scoped instance after Decorate")
						break
					}
				}
				require.NoError(t, c.Close(ctx))
				if t.Failed() {
					return
				}
			}
		})
	}
}
