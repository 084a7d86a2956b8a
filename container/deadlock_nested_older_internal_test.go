package container

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

type rmA struct { // built by the older call (constructor held); needs X
	X *rmX `inject:""`
}

type rmX struct{ B *rmB } // built by the younger call; its constructor resolves B with its ctx

type rmB struct {
	A *rmA `inject:""`
}

// TestDeadlock_TheOlderCallDoesNotFailThroughUserCode: the older call
// makes no nested call at all. Were the younger call's nested wait (inside
// X's constructor) undone, the constructor would report the failure
// without %w, X's flight would fail with that error, and the older call,
// which waits for X, would receive it (await retries only context and
// conflict errors). The nested wait is not undone: the older call succeeds.
func TestDeadlock_TheOlderCallDoesNotFailThroughUserCode(t *testing.T) {
	c := New()
	enteredA, releaseA := make(chan struct{}, 4), make(chan struct{})
	var newA atomic.Int32
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(Provide[*rmA](c, func() *rmA {
		if newA.Add(1) == 1 {
			enteredA <- struct{}{}
			<-releaseA
		}
		return &rmA{}
	}))
	must(Provide[*rmB](c, nil))
	must(Provide[*rmX](c, func(ctx context.Context) (*rmX, error) {
		b, err := Resolve[*rmB](ctx, c)
		if err != nil {
			return nil, errors.New("x: no b: " + err.Error())
		}
		return &rmX{B: b}, nil
	}))
	ctx := context.Background()
	var wg sync.WaitGroup
	var errO, errY error
	wg.Add(1)
	go func() { defer wg.Done(); _, errO = Resolve[*rmA](ctx, c) }() // older
	<-enteredA
	wg.Add(1)
	go func() { defer wg.Done(); _, errY = Resolve[*rmX](ctx, c) }() // younger: B.A waits for A
	waitsRecorded(t, c, 1)
	close(releaseA) // the older call fills A.X: waits for X, closing the cycle
	wg.Wait()
	t.Logf("older: %v\nyounger: %v", errO, errY)
	if errO != nil {
		t.Errorf("the older call failed")
	}
}
