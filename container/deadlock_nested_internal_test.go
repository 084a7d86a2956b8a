package container

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

type rnA struct { // built by the older call; its constructor is held
	B *rnB `inject:""`
}

type rnB struct {
	A *rnA `inject:""`
}

type rnX struct{ B *rnB } // its constructor resolves B with the context it was given

// TestDeadlock_AWaitBehindUserCodeIsNotUndone: the younger call's wait is
// made by a nested call (user code stands between): X's constructor
// resolves B with its ctx. The older call's wait for B closes the cycle.
// Undoing the nested call would hand its ErrCycle to the constructor, and
// a constructor that does not wrap it with %w (or treats the dependency as
// optional) would turn it into a failure of calls nothing was wrong with;
// so the older call, which can be retried without anyone seeing it, is
// undone instead, and both calls succeed whatever the constructor does
// with errors.
func TestDeadlock_AWaitBehindUserCodeIsNotUndone(t *testing.T) {
	for _, wrapW := range []bool{true, false} {
		c := New()
		enteredA, releaseA := make(chan struct{}, 4), make(chan struct{})
		var newA atomic.Int32
		if err := Provide[*rnA](c, func() *rnA {
			if newA.Add(1) == 1 {
				enteredA <- struct{}{}
				<-releaseA
			}
			return &rnA{}
		}); err != nil {
			t.Fatal(err)
		}
		if err := Provide[*rnB](c, nil); err != nil {
			t.Fatal(err)
		}
		var nestedErr error
		if err := Provide[*rnX](c, func(ctx context.Context) (*rnX, error) {
			b, err := Resolve[*rnB](ctx, c)
			if err != nil {
				nestedErr = err
				if wrapW {
					return nil, fmt.Errorf("x: %w", err)
				}
				return nil, errors.New("x: " + err.Error())
			}
			return &rnX{B: b}, nil
		}); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		var wg sync.WaitGroup
		var errO, errY error
		wg.Add(1)
		go func() { defer wg.Done(); _, errO = Resolve[*rnA](ctx, c) }() // older
		<-enteredA
		wg.Add(1)
		go func() { defer wg.Done(); _, errY = Resolve[*rnX](ctx, c) }() // younger: B.A waits for A
		waitsRecorded(t, c, 1)
		close(releaseA) // the older call fills A.B: closes the cycle
		wg.Wait()
		t.Logf("wrap %%w=%v: older: %v; younger: %v; the nested call saw: %v", wrapW, errO, errY, nestedErr)
		if errO != nil || errY != nil {
			t.Errorf("wrap %%w=%v: a call failed", wrapW)
		}
	}
}
