package container

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

type r3A struct {
	B *r3B `inject:""`
}
type r3B struct {
	C *r3C `inject:""`
}
type r3C struct {
	A *r3A `inject:""`
}
type r3XA struct{ A *r3A }
type r3XB struct{ B *r3B }
type r3XC struct{ C *r3C }

// Top-level calls and nested calls (constructors resolving with the ctx
// they were given, wrapping errors with %w) entering a three-type cycle
// from all ends: every call should finish, without error.
func TestDeadlock_MixedNestedStress(t *testing.T) {
	jitter := func() {
		if rand.IntN(3) == 0 {
			time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
		}
	}
	for iter := range 100 {
		c := New()
		must := func(err error) {
			if err != nil {
				t.Fatal(err)
			}
		}
		must(Provide[*r3A](c, func() *r3A { jitter(); return &r3A{} }))
		must(Provide[*r3B](c, func() *r3B { jitter(); return &r3B{} }))
		must(Provide[*r3C](c, func() *r3C { jitter(); return &r3C{} }))
		must(Provide[*r3XA](c, func(ctx context.Context) (*r3XA, error) {
			a, err := Resolve[*r3A](ctx, c)
			if err != nil {
				return nil, fmt.Errorf("xa: %w", err)
			}
			return &r3XA{a}, nil
		}))
		must(Provide[*r3XB](c, func(ctx context.Context) (*r3XB, error) {
			var wg sync.WaitGroup
			var b *r3B
			var err error
			wg.Add(1)
			go func() { defer wg.Done(); b, err = Resolve[*r3B](ctx, c) }() // a goroutine sharing the ctx
			wg.Wait()
			if err != nil {
				return nil, fmt.Errorf("xb: %w", err)
			}
			return &r3XB{b}, nil
		}))
		must(Provide[*r3XC](c, func(ctx context.Context) (*r3XC, error) {
			cc, err := Resolve[*r3C](ctx, c)
			if err != nil {
				return nil, fmt.Errorf("xc: %w", err)
			}
			return &r3XC{cc}, nil
		}))
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		start := time.Now()
		for i := range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var err error
				switch i % 6 {
				case 0:
					_, err = Resolve[*r3A](ctx, c)
				case 1:
					_, err = Resolve[*r3B](ctx, c)
				case 2:
					_, err = Resolve[*r3C](ctx, c)
				case 3:
					_, err = Resolve[*r3XA](ctx, c)
				case 4:
					_, err = Resolve[*r3XB](ctx, c)
				case 5:
					_, err = Resolve[*r3XC](ctx, c)
				}
				if err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		cancel()
		close(errs)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("iter %d: took %v", iter, d)
		}
		for err := range errs {
			t.Errorf("iter %d: %v", iter, err)
		}
	}
}
