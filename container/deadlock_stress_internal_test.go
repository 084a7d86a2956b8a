package container

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

type rs3A struct {
	B *rs3B `inject:""`
}
type rs3B struct {
	C *rs3C `inject:""`
}
type rs3C struct {
	A *rs3A `inject:""`
}

// Many calls entering a three-type cycle of pointer fields from all ends,
// with constructors that yield at random: every call must finish.
func TestDeadlock_ThreeTypeCycleStress(t *testing.T) {
	jitter := func() {
		if rand.IntN(3) == 0 {
			time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
		}
	}
	for iter := range 60 {
		c := New()
		if err := Provide[*rs3A](c, func() *rs3A { jitter(); return &rs3A{} }); err != nil {
			t.Fatal(err)
		}
		if err := Provide[*rs3B](c, func() *rs3B { jitter(); return &rs3B{} }); err != nil {
			t.Fatal(err)
		}
		if err := Provide[*rs3C](c, func() *rs3C { jitter(); return &rs3C{} }); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for i := range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var err error
				switch i % 3 {
				case 0:
					_, err = Resolve[*rs3A](ctx, c)
				case 1:
					_, err = Resolve[*rs3B](ctx, c)
				case 2:
					_, err = Resolve[*rs3C](ctx, c)
				}
				if err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		cancel()
		close(errs)
		for err := range errs {
			t.Errorf("iter %d: %v", iter, err)
		}
		a, _ := Resolve[*rs3A](context.Background(), c)
		b, _ := Resolve[*rs3B](context.Background(), c)
		cc, _ := Resolve[*rs3C](context.Background(), c)
		if a.B != b || b.C != cc || cc.A != a {
			t.Errorf("iter %d: instances not shared", iter)
		}
	}
}
