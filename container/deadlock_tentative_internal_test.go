package container

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// X -> Y -> X and X -> Z -> Y: a cycle of pointer fields only, which one
// goroutine builds without error.
type r2X struct {
	Y *r2Y `inject:""`
	Z *r2Z `inject:""`
}
type r2Y struct {
	X *r2X `inject:""`
}
type r2Z struct {
	Y *r2Y `inject:""`
}

func TestDeadlock_TentativeCycleOneGoroutine(t *testing.T) {
	c := New()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(Provide[*r2X](c, nil))
	must(Provide[*r2Y](c, nil))
	must(Provide[*r2Z](c, func() *r2Z { return &r2Z{} }))
	x, err := Resolve[*r2X](context.Background(), c)
	must(err)
	if x.Y.X != x || x.Z.Y != x.Y {
		t.Fatal("not wired")
	}
}

// Call A resolves X: builds Y (tentative, pointing into the unfinished X),
// then waits for Z, which call B builds. B's Z takes Y: Y is tentative with
// a dependency on X, so B waits for X (needDone). The wait closes a cycle
// between two calls over pointer fields only: one of them should be undone
// and retried unseen, and both should succeed.
func TestDeadlock_TentativeCycleTwoCalls(t *testing.T) {
	c := New()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	enteredZ, releaseZ := make(chan struct{}, 4), make(chan struct{})
	var newZ atomic.Int32
	must(Provide[*r2X](c, nil))
	must(Provide[*r2Y](c, nil))
	must(Provide[*r2Z](c, func() *r2Z {
		if newZ.Add(1) == 1 {
			enteredZ <- struct{}{}
			<-releaseZ
		}
		return &r2Z{}
	}))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	var errA, errB error
	wg.Add(1)
	go func() { defer wg.Done(); _, errB = Resolve[*r2Z](ctx, c) }() // B: Z's constructor held
	<-enteredZ
	wg.Add(1)
	go func() { defer wg.Done(); _, errA = Resolve[*r2X](ctx, c) }() // A: X -> Y (tentative) -> waits for Z
	waitsRecorded(t, c, 1)
	close(releaseZ) // B fills Z.Y: Y is tentative with dep X -> B waits for X
	wg.Wait()
	t.Logf("A (X): %v\nB (Z): %v", errA, errB)
	if errA != nil || errB != nil {
		t.Errorf("a cycle of pointer fields between two calls failed a call")
	}
}
