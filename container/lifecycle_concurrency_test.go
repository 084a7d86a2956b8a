package container_test

// Concurrency: many goroutines opening scopes, resolving Scoped services
// and closing them; concurrent Close; the root closing while scopes work.
// Run with -race.

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

// lcCcTracker counts, per instance, creations and closes.
type lcCcTracker struct {
	mu      sync.Mutex
	created map[any]int
	closes  map[any]int
}

func lcNewCcTracker() *lcCcTracker {
	return &lcCcTracker{created: map[any]int{}, closes: map[any]int{}}
}

func (tr *lcCcTracker) made(v any) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.created[v]++
}

func (tr *lcCcTracker) closed(v any) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.closes[v]++
}

// check returns how many instances were created, how many of them were
// not closed exactly once (plus any instance closed more than once), and
// how many instances were closed without having been created (allocated
// by the container, then abandoned before their Init ran).
func (tr *lcCcTracker) check() (created, bad, halfBuilt int) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	for v := range tr.created {
		created++
		if tr.closes[v] != 1 {
			bad++
		}
	}
	for v, n := range tr.closes {
		if _, ok := tr.created[v]; !ok {
			halfBuilt++
			if n > 1 {
				bad++
			}
		}
	}
	return created, bad, halfBuilt
}

func (tr *lcCcTracker) count(v any) int {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return tr.closes[v]
}

type lcCcPool struct{ _ byte }
type lcCcConn struct{ _ byte }
type lcCcSess struct {
	Tr   *lcCcTracker `inject:""`
	Pool *lcCcPool    `inject:""`
	Conn *lcCcConn    `inject:""`
}
type lcCcHandler struct {
	Sess *lcCcSess `inject:""`
	Pool *lcCcPool `inject:""`
}

func (s *lcCcSess) Init() { s.Tr.made(s) }

// Close tolerates a session whose fields were never injected: a build
// that fails on its first field (ErrClosed, in the test where the root
// closes under the workers) still closes the allocated session.
func (s *lcCcSess) Close() error {
	if s.Tr != nil {
		s.Tr.closed(s)
	}
	return nil
}

func lcCcContainer(t *testing.T) (*container.Container, *lcCcTracker, *atomic.Int32) {
	t.Helper()
	tr := lcNewCcTracker()
	pools := new(atomic.Int32)
	c := container.New()
	require.NoError(t, container.Supply(c, tr))
	require.NoError(t, container.Provide[*lcCcPool](c, func(tr *lcCcTracker) (*lcCcPool, func(), error) {
		pools.Add(1)
		p := &lcCcPool{}
		tr.made(p)
		return p, func() { tr.closed(p) }, nil
	}))
	require.NoError(t, container.Provide[*lcCcConn](c, func(tr *lcCcTracker) (*lcCcConn, func(context.Context) error, error) {
		x := &lcCcConn{}
		tr.made(x)
		return x, func(context.Context) error { tr.closed(x); return nil }, nil
	}, container.Transient))
	require.NoError(t, container.Provide[*lcCcSess](c, nil, container.Scoped, container.AutoClose()))
	return c, tr, pools
}

func TestLifecycle_ConcurrentScopes(t *testing.T) {
	ctx := context.Background()
	c, tr, pools := lcCcContainer(t)
	const workers, rounds = 32, 20
	var sessions sync.Map
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range rounds {
				s := c.NewScope()
				a, err := container.Resolve[*lcCcSess](ctx, s)
				if !assert.NoError(t, err) {
					return
				}
				var h lcCcHandler
				if !assert.NoError(t, s.Populate(ctx, &h)) {
					return
				}
				b, err := container.Resolve[*lcCcSess](container.NewContext(ctx, s), c)
				if !assert.NoError(t, err) {
					return
				}
				assert.Same(t, a, h.Sess, "one Scoped instance per scope")
				assert.Same(t, a, b)
				if (w+r)%3 == 0 { // a nested scope builds its own
					n := s.NewScope()
					x, err := container.Resolve[*lcCcSess](ctx, n)
					if assert.NoError(t, err) {
						assert.NotSame(t, a, x)
						sessions.Store(x, true)
					}
					if r%2 == 0 { // sometimes closed explicitly, sometimes by its parent
						assert.NoError(t, n.Close(ctx))
					}
				}
				_, dup := sessions.LoadOrStore(a, true)
				assert.False(t, dup, "a Scoped instance shared across scopes")
				assert.NoError(t, s.Close(ctx))
				assert.Equal(t, 1, tr.count(a), "closed with its scope")
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, int32(1), pools.Load(), "the Singleton is built once")
	require.NoError(t, c.Close(ctx))
	created, bad, half := tr.check()
	assert.Zero(t, half)
	n := 0
	sessions.Range(func(any, any) bool { n++; return true })
	assert.GreaterOrEqual(t, n, workers*rounds)
	// sessions + their transient conns + the pool
	assert.Equal(t, 2*n+1, created)
	assert.Zero(t, bad, "instances not closed exactly once")
}

func TestLifecycle_ConcurrentCloseOfOneScope(t *testing.T) {
	ctx := context.Background()
	c, tr, _ := lcCcContainer(t)
	for range 20 {
		s := c.NewScope()
		sess, err := container.Resolve[*lcCcSess](ctx, s)
		require.NoError(t, err)
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				assert.NoError(t, s.Close(ctx))
			}()
		}
		wg.Wait()
		assert.Equal(t, 1, tr.count(sess))
	}
	require.NoError(t, c.Close(ctx))
	_, bad, half := tr.check()
	assert.Zero(t, bad)
	assert.Zero(t, half)
}

func TestLifecycle_RootClosesWhileScopesWork(t *testing.T) {
	// The root closes while goroutines open scopes and resolve in them.
	// Whatever was built is closed exactly once: by its scope, by the
	// root, or (built just as its scope was closed) right away; calls
	// after the close fail with ErrClosed.
	ctx := context.Background()
	c, tr, _ := lcCcContainer(t)
	_, err := container.Resolve[*lcCcPool](ctx, c)
	require.NoError(t, err)
	const workers = 16
	started := make(chan struct{}, workers)
	rootClosed := make(chan struct{})
	var wg sync.WaitGroup
	var closedErrs atomic.Int32
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				switch i {
				case 5:
					started <- struct{}{}
				case 200: // bounded work: wait for the root to close
					<-rootClosed
				}
				s := c.NewScope()
				_, err := container.Resolve[*lcCcSess](ctx, s)
				if err != nil {
					assert.ErrorIs(t, err, container.ErrClosed)
					closedErrs.Add(1)
					_ = s.Close(ctx)
					return
				}
				if i%2 == 0 {
					assert.NoError(t, s.Close(ctx))
				}
			}
		}()
	}
	for range workers {
		<-started
	}
	require.NoError(t, c.Close(ctx))
	close(rootClosed)
	wg.Wait()
	assert.Equal(t, int32(workers), closedErrs.Load(), "every worker ends on ErrClosed")
	created, bad, half := tr.check()
	assert.Positive(t, created)
	assert.Zero(t, bad, "instances not closed exactly once")
	t.Logf("%d instances created, %d half-built sessions closed during rollback", created, half)
}

type lcCcLate struct{ _ byte }

func TestLifecycle_ScopeClosedWhileBuildingInIt(t *testing.T) {
	// A Transient is being built in a scope when the scope closes. The
	// instance is closed exactly once all the same (it cannot be handed to
	// the closed scope's cleanup list and forgotten), and the scope answers
	// ErrClosed afterwards.
	ctx := context.Background()
	tr := lcNewCcTracker()
	c := container.New()
	started, proceed := make(chan struct{}), make(chan struct{})
	require.NoError(t, container.Provide[*lcCcLate](c, func() (*lcCcLate, func(), error) {
		close(started)
		<-proceed
		x := &lcCcLate{}
		tr.made(x)
		return x, func() { tr.closed(x) }, nil
	}, container.Transient))
	s := c.NewScope()
	type result struct {
		v   *lcCcLate
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := container.Resolve[*lcCcLate](ctx, s)
		done <- result{v, err}
	}()
	<-started
	require.NoError(t, s.Close(ctx))
	close(proceed)
	res := <-done
	t.Logf("Resolve during the scope's Close returned (%v, %v)", res.v != nil, res.err)
	created, bad, _ := tr.check()
	assert.Equal(t, 1, created)
	assert.Zero(t, bad, "the instance built as its scope closed is closed exactly once")
	_, err := container.Resolve[*lcCcLate](ctx, s)
	assert.ErrorIs(t, err, container.ErrClosed)
	require.NoError(t, c.Close(ctx))
	_, bad, _ = tr.check()
	assert.Zero(t, bad)
}
