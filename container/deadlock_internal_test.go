package container

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// Two types in a cycle of pointer fields, each built by a constructor the
// test holds until it lets it return.
type wwA struct {
	B *wwB `inject:""`
}

type wwB struct {
	A *wwA `inject:""`
}

// waitsRecorded blocks until n waits are recorded on c (or the test's
// deadline passes).
func waitsRecorded(t *testing.T, c *Container, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c.root.waitMu.Lock()
		got := len(c.root.waits)
		c.root.waitMu.Unlock()
		if got == n {
			return
		}
		require.True(t, time.Now().Before(deadline), "waits recorded: %d, want %d", got, n)
		time.Sleep(time.Millisecond)
	}
}

// TestDeadlock_TheOlderCallGoesOn: two calls enter a cycle of pointer
// fields from different ends. The younger one waits first; when the older
// one's wait closes the cycle, the younger call is undone (its constructor
// runs again on its retry's behalf, in the older call) and the older call
// is not: both end with the same instances. Undoing the caller that found
// the cycle instead, whatever its age, let two groups of calls undo each
// other indefinitely (TestPureCold_Concurrent failed about once in 40 runs
// with ErrCycle after 100 retries).
func TestDeadlock_TheOlderCallGoesOn(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx := context.Background()
	c := New()
	releaseA, releaseB := make(chan struct{}), make(chan struct{})
	enteredA, enteredB := make(chan struct{}, 4), make(chan struct{}, 4)
	var newA, newB atomic.Int32
	require.NoError(t, Provide[*wwA](c, func() *wwA {
		if newA.Add(1) == 1 {
			enteredA <- struct{}{}
			<-releaseA
		}
		return &wwA{}
	}))
	require.NoError(t, Provide[*wwB](c, func() *wwB {
		if newB.Add(1) == 1 {
			enteredB <- struct{}{}
			<-releaseB
		}
		return &wwB{}
	}))

	var wg sync.WaitGroup
	var a *wwA
	var b *wwB
	var errA, errB error
	wg.Add(1)
	go func() { // the older call: its ticket is taken first
		defer wg.Done()
		a, errA = Resolve[*wwA](ctx, c)
	}()
	<-enteredA // A is flying, its constructor held
	wg.Add(1)
	go func() { // the younger call
		defer wg.Done()
		b, errB = Resolve[*wwB](ctx, c)
	}()
	<-enteredB
	close(releaseB) // the younger call fills B.A and waits for A
	waitsRecorded(t, c, 1)
	close(releaseA) // the older call fills A.B: its wait would close the cycle
	wg.Wait()

	require.NoError(t, errA)
	require.NoError(t, errB)
	assert.Same(t, a, b.A, "one instance of each, shared")
	assert.Same(t, b, a.B)
	assert.Equal(t, int32(1), newA.Load(), "the older call was not undone")
	assert.Equal(t, int32(2), newB.Load(), "the younger call was undone once; the older call built B again")
	c.root.waitMu.Lock()
	assert.Empty(t, c.root.waits, "no wait left recorded")
	c.root.waitMu.Unlock()
	require.NoError(t, c.Close(ctx))
}

// TestDeadlock_ManyCallsFinish: many goroutines enter the same cycle of
// pointer fields from both ends, on fresh containers, through constructors
// (the general path): every call succeeds and every container holds one
// instance of each type.
func TestDeadlock_ManyCallsFinish(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx := context.Background()
	for range 50 {
		c := New()
		require.NoError(t, Provide[*wwA](c, func() *wwA { return &wwA{} }))
		require.NoError(t, Provide[*wwB](c, func() *wwB { return &wwB{} }))
		const n = 8
		as, bs := make([]*wwA, n), make([]*wwB, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(2)
			go func() {
				defer wg.Done()
				var err error
				as[i], err = Resolve[*wwA](ctx, c)
				assert.NoError(t, err)
			}()
			go func() {
				defer wg.Done()
				var err error
				bs[i], err = Resolve[*wwB](ctx, c)
				assert.NoError(t, err)
			}()
		}
		wg.Wait()
		for i := range n {
			assert.Same(t, as[0], as[i])
			assert.Same(t, bs[0], bs[i])
		}
		assert.Same(t, as[0].B, bs[0])
		assert.Same(t, bs[0].A, as[0])
		require.NoError(t, c.Close(ctx))
	}
}
