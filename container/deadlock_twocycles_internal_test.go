package container

import (
	"context"
	"sync"
	"testing"
	"time"
)

// Types for TestDeadlock_OneWaitClosesTwoCycles.
type rwQ struct { // built by the older call; its constructor is held
	P *rwP `inject:""`
}

type rwP struct{} // built by the younger call; its constructor resolves R1 and R2 in parallel with its ctx

type rwR1 struct {
	Q *rwQ `inject:""`
}

type rwR2 struct {
	Q *rwQ `inject:""`
}

// TestDeadlock_OneWaitClosesTwoCycles: the younger call's constructor of P
// resolves R1 and R2 on two goroutines with the context it was given
// (doc.go: "Goroutines started by user code may share the context they
// were given"), each of which waits for Q, which the older call builds.
// When the older call then waits for P, its wait closes two cycles
// (Q -> P -> R1 -> Q and Q -> P -> R2 -> Q). Breaking only the first cycle
// found would leave the other closed with nobody to look again: every call
// would wait until its context's deadline. enterWait looks again after
// each wait it undoes, so the calls finish at once.
func TestDeadlock_OneWaitClosesTwoCycles(t *testing.T) {
	c := New()
	enteredQ, releaseQ := make(chan struct{}, 4), make(chan struct{})
	var once sync.Once
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(Provide[*rwQ](c, func() *rwQ {
		first := false
		once.Do(func() { first = true })
		if first {
			enteredQ <- struct{}{}
			<-releaseQ
		}
		return &rwQ{}
	}))
	var nestedErrs [2]error
	must(Provide[*rwP](c, func(ctx context.Context) (*rwP, error) {
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); _, nestedErrs[0] = Resolve[*rwR1](ctx, c) }()
		go func() { defer wg.Done(); _, nestedErrs[1] = Resolve[*rwR2](ctx, c) }()
		wg.Wait()
		for _, err := range nestedErrs {
			if err != nil {
				return nil, err
			}
		}
		return &rwP{}, nil
	}))
	must(Provide[*rwR1](c, nil))
	must(Provide[*rwR2](c, nil))

	const limit = 3 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	var wg sync.WaitGroup
	var errO, errY error
	wg.Add(1)
	go func() { defer wg.Done(); _, errO = Resolve[*rwQ](ctx, c) }() // the older call
	<-enteredQ
	wg.Add(1)
	go func() { defer wg.Done(); _, errY = Resolve[*rwP](ctx, c) }() // the younger call
	waitsRecorded(t, c, 2)                                           // R1's and R2's waits for Q
	start := time.Now()
	close(releaseQ) // the older call fills Q.P: its wait closes both cycles
	wg.Wait()
	took := time.Since(start)
	t.Logf("took %v; older call: %v; younger call: %v", took, errO, errY)
	if took > limit/2 {
		t.Errorf("the calls deadlocked until their context's deadline")
	}
}
