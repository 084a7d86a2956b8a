package container_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tagwire/tagwire/container"
)

type pdD struct{ N int }
type pdE struct{ N int }
type pdS struct {
	D *pdD `inject:""`
}
type pdSc struct {
	D *pdD `inject:""`
	E *pdE `inject:""`
}
type pdT struct {
	D *pdD `inject:""`
}
type pdOuter struct{}

// pathContainer returns a new container; with general, one with an
// observer, which sends every call to the general path (the reference the
// pure paths are compared with).
func pathContainer(general bool) *container.Container {
	if general {
		return container.New(container.Observe(&obsRec{}))
	}
	return container.New()
}

func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// A: a Singleton registered in scope s1, resolved from s1's child s2,
// which registers its own *pdD.
func pdScopeSingleton(t *testing.T, general bool) [2]bool {
	ctx := context.Background()
	c := pathContainer(general)
	must(t, container.Provide[*pdD](c, nil))
	rootD, err := container.Resolve[*pdD](ctx, c)
	must(t, err)
	s1 := c.NewScope()
	must(t, container.Provide[*pdS](s1, nil))
	_, err = container.Resolve[*pdD](ctx, s1) // caches root *pdD in s1's table
	must(t, err)
	s2 := s1.NewScope()
	must(t, container.Provide[*pdD](s2, nil))
	s2D, err := container.Resolve[*pdD](ctx, s2)
	must(t, err)
	_, _ = container.Resolve[*pdS](cancelled(), s2) // caches the lookup of *pdS in s2
	s, err := container.Resolve[*pdS](ctx, s2)
	must(t, err)
	s1s, err := container.Resolve[*pdS](ctx, s1)
	must(t, err)
	return [2]bool{s.D == rootD && s.D != s2D, s1s == s}
}

// B: a Scoped type (root registration) with a Singleton and a Scoped field,
// resolved in a scope.
func pdScoped(t *testing.T, general bool) [3]bool {
	ctx := context.Background()
	c := pathContainer(general)
	must(t, container.Provide[*pdD](c, nil))
	must(t, container.Provide[*pdE](c, nil, container.Scoped))
	must(t, container.Provide[*pdSc](c, nil, container.Scoped))
	rootD, err := container.Resolve[*pdD](ctx, c)
	must(t, err)
	s := c.NewScope()
	e, err := container.Resolve[*pdE](ctx, s)
	must(t, err)
	_, _ = container.Resolve[*pdSc](cancelled(), s)
	x, err := container.Resolve[*pdSc](ctx, s)
	must(t, err)
	y, err := container.Resolve[*pdSc](ctx, s)
	must(t, err)
	s2 := c.NewScope()
	z, err := container.Resolve[*pdSc](ctx, s2)
	must(t, err)
	return [3]bool{x.D == rootD && x.E == e, x == y, z != x}
}

// C: a nested Resolve of a Scoped instance (with the constructor's ctx) in
// a scope; the outer call fails.
func pdNestedScoped(t *testing.T, general bool) bool {
	ctx := context.Background()
	c := pathContainer(general)
	must(t, container.Provide[*pdD](c, nil))
	must(t, container.Provide[*pdE](c, nil, container.Scoped))
	must(t, container.Provide[*pdSc](c, nil, container.Scoped))
	_, err := container.Resolve[*pdD](ctx, c)
	must(t, err)
	s := c.NewScope()
	_, err = container.Resolve[*pdE](ctx, s)
	must(t, err)
	var seen *pdSc
	must(t, container.Provide[*pdOuter](c, func(ctx context.Context) (*pdOuter, error) {
		x, err := container.Resolve[*pdSc](ctx, c) // ctx carries the scope
		if err != nil {
			return nil, err
		}
		seen = x
		return nil, errors.New("outer fails")
	}, container.Transient))
	for range 2 {
		if _, err := container.Resolve[*pdOuter](ctx, s); err == nil {
			t.Fatal("want error")
		}
	}
	again, err := container.Resolve[*pdSc](ctx, s)
	must(t, err)
	return again == seen
}

// D: a Factory of a Transient, called in a scope that registers its own
// *pdD; and with the ctx of a running call.
type pdHolder struct {
	F container.Factory[*pdT] `inject:""`
}

func pdFactory(t *testing.T, general bool) [2]bool {
	ctx := context.Background()
	c := pathContainer(general)
	must(t, container.Provide[*pdD](c, nil))
	must(t, container.Provide[*pdT](c, nil, container.Transient))
	must(t, container.Provide[*pdHolder](c, nil))
	_, err := container.Resolve[*pdD](ctx, c)
	must(t, err)
	s := c.NewScope()
	must(t, container.Provide[*pdD](s, nil))
	sD, err := container.Resolve[*pdD](ctx, s)
	must(t, err)
	h, err := container.Resolve[*pdHolder](ctx, s)
	must(t, err)
	var got [2]*pdT
	for i := range got {
		got[i], err = h.F.New(container.NewContext(ctx, s))
		must(t, err)
	}
	return [2]bool{got[1].D == sD, got[0] != got[1]}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestPure_EqualsTheGeneralPathInScopes(t *testing.T) {
	if g, p := pdScopeSingleton(t, true), pdScopeSingleton(t, false); g != p {
		t.Errorf("scope Singleton: general %v pure %v", g, p)
	} else {
		t.Logf("scope Singleton: %v", g)
	}
	if g, p := pdScoped(t, true), pdScoped(t, false); g != p {
		t.Errorf("scoped: general %v pure %v", g, p)
	} else {
		t.Logf("scoped: %v", g)
	}
	if g, p := pdNestedScoped(t, true), pdNestedScoped(t, false); g != p {
		t.Errorf("nested scoped: general %v pure %v", g, p)
	} else {
		t.Logf("nested scoped: %v", g)
	}
	if g, p := pdFactory(t, true), pdFactory(t, false); g != p {
		t.Errorf("factory: general %v pure %v", g, p)
	} else {
		t.Logf("factory: %v", g)
	}
}
