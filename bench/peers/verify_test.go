package peers

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/tagwire/tagwire/bench/peers/graph"
)

// Correctness checks run once per benchmark, after the timed loop.

// walk visits every struct pointer reachable through pointer fields.
func walk(v reflect.Value, visit func(reflect.Value) error) error {
	if v.Kind() != reflect.Pointer || v.Type().Elem().Kind() != reflect.Struct {
		return nil
	}
	if v.IsNil() {
		return fmt.Errorf("nil %s", v.Type())
	}
	if err := visit(v); err != nil {
		return err
	}
	e := v.Elem()
	for i := 0; i < e.NumField(); i++ {
		if f := e.Field(i); f.Kind() == reflect.Pointer {
			if err := walk(f, visit); err != nil {
				return fmt.Errorf("%s.%s: %w", e.Type().Name(), e.Type().Field(i).Name, err)
			}
		}
	}
	return nil
}

// verifyRoot checks that root reaches all 101 types, no dependency is nil,
// and every type has exactly one instance (singletons are shared).
func verifyRoot(tb testing.TB, root any) {
	tb.Helper()
	seen := map[reflect.Type]uintptr{}
	err := walk(reflect.ValueOf(root), func(v reflect.Value) error {
		if p, ok := seen[v.Type()]; ok && p != v.Pointer() {
			return fmt.Errorf("two instances of %s", v.Type())
		}
		seen[v.Type()] = v.Pointer()
		return nil
	})
	if err == nil && len(seen) != 101 {
		err = fmt.Errorf("reached %d types, want 101", len(seen))
	}
	if err != nil {
		tb.Fatalf("bad S2 graph: %v", err)
	}
}

// verifyChains checks that two resolves of the chain top produced complete
// chains of 10 fresh instances with nothing shared (transient).
func verifyChains(tb testing.TB, a, b any) {
	tb.Helper()
	ptrs := map[uintptr]bool{}
	n := 0
	for _, top := range []any{a, b} {
		err := walk(reflect.ValueOf(top), func(v reflect.Value) error {
			n++
			if ptrs[v.Pointer()] {
				return fmt.Errorf("%s instance shared between resolves", v.Type())
			}
			ptrs[v.Pointer()] = true
			return nil
		})
		if err != nil {
			tb.Fatalf("bad S3 chain: %v", err)
		}
	}
	if n != 20 {
		tb.Fatalf("bad S3 chain: %d instances in two resolves, want 20", n)
	}
}

// verifyFill checks that every field of target (a *Target20) holds the
// prebuilt service at the same position of services (a *Services).
func verifyFill(tb testing.TB, target, services any) {
	tb.Helper()
	t, s := reflect.ValueOf(target).Elem(), reflect.ValueOf(services).Elem()
	if t.NumField() != 20 || s.NumField() != 20 {
		tb.Fatalf("bad S4 shapes %s %s", t.Type(), s.Type())
	}
	for i := 0; i < 20; i++ {
		if t.Field(i).IsNil() || t.Field(i).Pointer() != s.Field(i).Pointer() {
			tb.Fatalf("bad S4 fill: field %s is not the prebuilt service", t.Type().Field(i).Name)
		}
	}
}

// verifySame checks that a hot resolve returned the prebuilt singleton.
func verifySame(tb testing.TB, got, want any) {
	tb.Helper()
	if got == nil || reflect.ValueOf(got).Pointer() != reflect.ValueOf(want).Pointer() {
		tb.Fatalf("bad S1 resolve: got %v want %v", got, want)
	}
}

// verifyGraph checks a size-sweep Root: every pointer reachable from root is
// non-nil, every type has exactly one instance, and want types (the n DAG
// types plus Root) are reached. Unlike walk it visits each object once, so
// it stays fast at 10 000 types.
func verifyGraph(tb testing.TB, root any, want int) {
	tb.Helper()
	seen := map[reflect.Type]uintptr{}
	var visit func(v reflect.Value) error
	visit = func(v reflect.Value) error {
		if v.IsNil() {
			return fmt.Errorf("nil %s", v.Type())
		}
		if p, ok := seen[v.Type()]; ok {
			if p != v.Pointer() {
				return fmt.Errorf("two instances of %s", v.Type())
			}
			return nil
		}
		seen[v.Type()] = v.Pointer()
		e := v.Elem()
		for i := 0; i < e.NumField(); i++ {
			if f := e.Field(i); f.Kind() == reflect.Pointer {
				if err := visit(f); err != nil {
					return fmt.Errorf("%s.%s: %w", e.Type().Name(), e.Type().Field(i).Name, err)
				}
			}
		}
		return nil
	}
	err := visit(reflect.ValueOf(root))
	if err == nil && len(seen) != want {
		err = fmt.Errorf("reached %d types, want %d", len(seen), want)
	}
	if err != nil {
		tb.Fatalf("bad sweep graph: %v", err)
	}
}

// verifyScopes checks two S5 scopes: within each, all five services are
// set and Sc1..Sc4 share that scope's Sc0; between them, nothing is shared.
func verifyScopes(tb testing.TB, a, b graph.ScopeSet) {
	tb.Helper()
	ptrs := map[uintptr]bool{}
	for n, s := range []graph.ScopeSet{a, b} {
		for _, p := range []any{s.Sc0, s.Sc1, s.Sc2, s.Sc3, s.Sc4} {
			v := reflect.ValueOf(p)
			if v.IsNil() {
				tb.Fatalf("bad S5 scope %d: nil %s", n, v.Type())
			}
			if ptrs[v.Pointer()] {
				tb.Fatalf("bad S5 scopes: %s shared between two scopes", v.Type())
			}
			ptrs[v.Pointer()] = true
		}
		if s.Sc1.Base != s.Sc0 || s.Sc2.Base != s.Sc0 || s.Sc3.Base != s.Sc0 || s.Sc4.Base != s.Sc0 {
			tb.Fatalf("bad S5 scope %d: Sc1..Sc4 do not share the scope's Sc0", n)
		}
	}
}

// verifyW checks two S6 factory products: fresh (distinct) instances whose
// fields are the prebuilt services S00..S02.
func verifyW(tb testing.TB, a, b *graph.W, s *graph.Services) {
	tb.Helper()
	if a == nil || b == nil || a == b {
		tb.Fatalf("bad S6 factory: want two distinct W, got %p and %p", a, b)
	}
	for _, w := range []*graph.W{a, b} {
		if w.A != s.S00 || w.B != s.S01 || w.C != s.S02 {
			tb.Fatalf("bad S6 factory: W fields are not the prebuilt services")
		}
	}
}
