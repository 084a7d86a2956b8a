package container_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tagwire/tagwire/container"
)

type rvDep struct{ N int }

type rvSvc struct {
	D *rvDep `inject:""`
}

// rvContainer registers *rvSvc and *rvDep built from their zero values,
// with an observer (which sends every call to the general path) when
// general is true.
func rvContainer(t *testing.T, general bool) *container.Container {
	t.Helper()
	c := pathContainer(general)
	if err := container.Provide[*rvSvc](c, nil); err != nil {
		t.Fatal(err)
	}
	if err := container.Provide[*rvDep](c, nil); err != nil {
		t.Fatal(err)
	}
	return c
}

// A Singleton registered on the root, resolved from a scope that registers
// its own Singleton of a field's type. The general path builds the Singleton
// in its owner (the root), so its field takes the root's instance.
func runScopeShadow(t *testing.T, general bool) (svcD, rootD, scopeD *rvDep) {
	ctx := context.Background()
	c := rvContainer(t, general)
	rootD, err := container.Resolve[*rvDep](ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	sc := c.NewScope()
	if err := container.Provide[*rvDep](sc, nil); err != nil {
		t.Fatal(err)
	}
	scopeD, err = container.Resolve[*rvDep](ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	warm(t, sc)
	svc, err := container.Resolve[*rvSvc](ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	return svc.D, rootD, scopeD
}

func TestPureShared_RootSingletonTakesTheRootsFields(t *testing.T) {
	for _, general := range []bool{true, false} {
		svcD, rootD, scopeD := runScopeShadow(t, general)
		t.Logf("general=%v: svc.D==rootD %v, svc.D==scopeD %v", general, svcD == rootD, svcD == scopeD)
		if svcD != rootD {
			t.Errorf("general=%v: the root Singleton captured the scope's Singleton", general)
		}
	}
}

type rvOuter struct{ X int }

// A nested Resolve (with the context given to a constructor) of a Singleton
// whose fields are built; the outer call then fails. The general path rolls
// the nested build back with the outer call.
func runNestedRollback(t *testing.T, general bool) bool {
	ctx := context.Background()
	c := rvContainer(t, general)
	if _, err := container.Resolve[*rvDep](ctx, c); err != nil {
		t.Fatal(err)
	}
	var seen *rvSvc
	if err := container.Provide[*rvOuter](c, func(ctx context.Context) (*rvOuter, error) {
		s, err := container.Resolve[*rvSvc](ctx, c)
		if err != nil {
			return nil, err
		}
		seen = s
		return nil, errors.New("outer fails")
	}); err != nil {
		t.Fatal(err)
	}
	// The first round caches the lookups (its build of *rvSvc is rolled
	// back); the second finds *rvSvc's binding cached and its slot empty.
	for range 2 {
		if _, err := container.Resolve[*rvOuter](ctx, c); err == nil {
			t.Fatal("want an error")
		}
	}
	again, err := container.Resolve[*rvSvc](ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	return again == seen
}

func TestPureShared_AJoiningCallCommitsNothing(t *testing.T) {
	g := runNestedRollback(t, true)
	p := runNestedRollback(t, false)
	t.Logf("same instance after the outer call failed: general=%v pure=%v", g, p)
	if g != p {
		t.Errorf("pure and general paths differ: general kept=%v pure kept=%v", g, p)
	}
}

// warm makes the lookup of *rvSvc cached in c's table without building it:
// a Resolve with an ended context looks it up and fails before building.
func warm(t *testing.T, c *container.Container) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := container.Resolve[*rvSvc](ctx, c); err == nil {
		t.Fatal("want a context error")
	}
}

type rvFlaky struct{}

type rvHandler struct { // Transient: takes the root Singleton and a flaky dependency
	Svc *rvSvc   `inject:""`
	F   *rvFlaky `inject:""`
}

// The same capture after an ordinary failed call: the first Resolve of a
// handler in the scope builds the root Singleton, then fails on another
// field and is rolled back; the retry finds the Singleton's binding cached
// in the scope's table and its slot empty, and the pure build captures the
// scope's *rvDep.
func TestPureShared_RootSingletonInAScopeAfterAFailure(t *testing.T) {
	ctx := context.Background()
	for _, general := range []bool{true, false} {
		c := rvContainer(t, general)
		fail := true
		if err := container.Provide[*rvFlaky](c, func() (*rvFlaky, error) {
			if fail {
				return nil, errors.New("not yet")
			}
			return &rvFlaky{}, nil
		}, container.Transient); err != nil {
			t.Fatal(err)
		}
		if err := container.Provide[*rvHandler](c, nil, container.Transient); err != nil {
			t.Fatal(err)
		}
		sc := c.NewScope()
		if err := container.Provide[*rvDep](sc, nil); err != nil {
			t.Fatal(err)
		}
		scopeD, err := container.Resolve[*rvDep](ctx, sc)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := container.Resolve[*rvHandler](ctx, sc); err == nil {
			t.Fatal("want the flaky error")
		}
		fail = false
		svc, err := container.Resolve[*rvSvc](ctx, sc)
		if err != nil {
			t.Fatal(err)
		}
		rootD, err := container.Resolve[*rvDep](ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("general=%v: svc.D==rootD %v, svc.D==scopeD %v", general, svc.D == rootD, svc.D == scopeD)
		if svc.D != rootD {
			t.Errorf("general=%v: the root Singleton captured the scope's Singleton", general)
		}
	}
}
