package container_test

// Rule 11: concurrent first use of a Singleton builds it exactly once.

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

type fndCounted struct {
	DB    *fndDB     `inject:""`
	Dep   *fndCntDep `inject:""`
	inits atomic.Int32
}

func (x *fndCounted) Init() { x.inits.Add(1) }

type fndCntDep struct {
	inits atomic.Int32
}

func (x *fndCntDep) Init() { x.inits.Add(1) }

type fndCountedHolder struct {
	C   *fndCounted `inject:""`
	Dep *fndCntDep  `inject:""`
}

const fndGoroutines = 16

// fndRace runs fn on fndGoroutines goroutines released together, and
// returns what each returned.
func fndRace(t *testing.T, fn func(i int) (*fndCounted, error)) []*fndCounted {
	t.Helper()
	out := make([]*fndCounted, fndGoroutines)
	errs := make([]error, fndGoroutines)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range fndGoroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			out[i], errs[i] = fn(i)
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "goroutine %d", i)
	}
	return out
}

func TestFoundation_ConcurrentSingleton(t *testing.T) {
	cases := []struct {
		name string
		// setup registers what is needed and returns the constructor call
		// counter (nil when there is no constructor).
		setup func(t *testing.T, c *container.Container) *atomic.Int32
	}{
		{"constructor", func(t *testing.T, c *container.Container) *atomic.Int32 {
			var calls atomic.Int32
			require.NoError(t, container.Provide[*fndDB](c, nil)) // parameters are never built implicitly
			require.NoError(t, container.Provide[*fndCounted](c, func(db *fndDB) *fndCounted {
				calls.Add(1)
				return &fndCounted{DB: db}
			}))
			return &calls
		}},
		{"constructor with ctx and error", func(t *testing.T, c *container.Container) *atomic.Int32 {
			var calls atomic.Int32
			require.NoError(t, container.Provide[*fndCntDep](c, nil))
			require.NoError(t, container.Provide[*fndCounted](c, func(ctx context.Context, dep *fndCntDep) (*fndCounted, error) {
				calls.Add(1)
				return &fndCounted{Dep: dep}, nil
			}))
			return &calls
		}},
		{"zero value", func(t *testing.T, c *container.Container) *atomic.Int32 { return nil }},
	}
	ctx := context.Background()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for round := range 20 {
				c := container.New()
				calls := tc.setup(t, c)
				got := fndRace(t, func(i int) (*fndCounted, error) {
					switch i % 4 {
					case 0:
						return container.Resolve[*fndCounted](ctx, c)
					case 1:
						var h fndCountedHolder
						err := c.Populate(ctx, &h)
						if err == nil && h.Dep != h.C.Dep {
							t.Errorf("holder and instance disagree on the shared dependency")
						}
						return h.C, err
					case 2:
						var got *fndCounted
						err := c.Invoke(ctx, func(x *fndCounted) { got = x })
						return got, err
					default:
						var h fndCountedHolder
						err := c.Populate(ctx, &h)
						return h.C, err
					}
				})
				first := got[0]
				require.NotNil(t, first)
				for i, p := range got {
					require.Same(t, first, p, "round %d goroutine %d got another instance", round, i)
				}
				if calls != nil {
					assert.Equal(t, int32(1), calls.Load(), "round %d: the constructor runs exactly once", round)
				}
				assert.Equal(t, int32(1), first.inits.Load(), "round %d: Init runs exactly once", round)
				require.NotNil(t, first.Dep)
				assert.Equal(t, int32(1), first.Dep.inits.Load(), "round %d: the dependency's Init runs once", round)
				again, err := container.Resolve[*fndCounted](ctx, c)
				require.NoError(t, err)
				assert.Same(t, first, again)
			}
		})
	}
}

// Concurrent package-level Populate calls use independent containers.
func TestFoundation_ConcurrentPackagePopulate(t *testing.T) {
	got := fndRace(t, func(int) (*fndCounted, error) {
		var h fndCountedHolder
		err := container.Populate(&h)
		return h.C, err
	})
	seen := map[*fndCounted]bool{}
	for _, p := range got {
		require.NotNil(t, p)
		assert.Equal(t, int32(1), p.inits.Load())
		seen[p] = true
	}
	assert.Len(t, seen, fndGoroutines, "one instance per container")
}
