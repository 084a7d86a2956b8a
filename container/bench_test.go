package container_test

// Micro benchmarks of the container engine, each next to its hand-written
// equivalent (the same work without a container):
//
//	go test ./container -run '^$' -bench . -benchmem
//	go test ./container -run '^$' -bench 'ColdPopulate' -cpuprofile cpu.prof && go tool pprof -top cpu.prof
//
// Every benchmark verifies one more result after its timed loop. The
// comparison with other DI libraries is the nested module bench/peers
// (see bench/BENCHMARKS.md). Every top-level identifier here except the
// Benchmark functions starts with "bn", so that this file can live next to
// the other container_test suites.

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/tagwire/tagwire/container"
)

var (
	bnSink any
	bnCtx  = context.Background()
)

// ---------------------------------------------------------------------------
// A 30-type DAG written by hand: layers A..E of 6 types; each type of
// layers B..E has two fields to the types i and i+1 (mod 6) of the layer
// below; bnRoot depends on the 6 types of layer E.

type (
	bnA0 struct{ ID int }
	bnA1 struct{ ID int }
	bnA2 struct{ ID int }
	bnA3 struct{ ID int }
	bnA4 struct{ ID int }
	bnA5 struct{ ID int }
)

type (
	bnB0 struct {
		X *bnA0 `inject:""`
		Y *bnA1 `inject:""`
	}
	bnB1 struct {
		X *bnA1 `inject:""`
		Y *bnA2 `inject:""`
	}
	bnB2 struct {
		X *bnA2 `inject:""`
		Y *bnA3 `inject:""`
	}
	bnB3 struct {
		X *bnA3 `inject:""`
		Y *bnA4 `inject:""`
	}
	bnB4 struct {
		X *bnA4 `inject:""`
		Y *bnA5 `inject:""`
	}
	bnB5 struct {
		X *bnA5 `inject:""`
		Y *bnA0 `inject:""`
	}
)

type (
	bnC0 struct {
		X *bnB0 `inject:""`
		Y *bnB1 `inject:""`
	}
	bnC1 struct {
		X *bnB1 `inject:""`
		Y *bnB2 `inject:""`
	}
	bnC2 struct {
		X *bnB2 `inject:""`
		Y *bnB3 `inject:""`
	}
	bnC3 struct {
		X *bnB3 `inject:""`
		Y *bnB4 `inject:""`
	}
	bnC4 struct {
		X *bnB4 `inject:""`
		Y *bnB5 `inject:""`
	}
	bnC5 struct {
		X *bnB5 `inject:""`
		Y *bnB0 `inject:""`
	}
)

type (
	bnD0 struct {
		X *bnC0 `inject:""`
		Y *bnC1 `inject:""`
	}
	bnD1 struct {
		X *bnC1 `inject:""`
		Y *bnC2 `inject:""`
	}
	bnD2 struct {
		X *bnC2 `inject:""`
		Y *bnC3 `inject:""`
	}
	bnD3 struct {
		X *bnC3 `inject:""`
		Y *bnC4 `inject:""`
	}
	bnD4 struct {
		X *bnC4 `inject:""`
		Y *bnC5 `inject:""`
	}
	bnD5 struct {
		X *bnC5 `inject:""`
		Y *bnC0 `inject:""`
	}
)

type (
	bnE0 struct {
		X *bnD0 `inject:""`
		Y *bnD1 `inject:""`
	}
	bnE1 struct {
		X *bnD1 `inject:""`
		Y *bnD2 `inject:""`
	}
	bnE2 struct {
		X *bnD2 `inject:""`
		Y *bnD3 `inject:""`
	}
	bnE3 struct {
		X *bnD3 `inject:""`
		Y *bnD4 `inject:""`
	}
	bnE4 struct {
		X *bnD4 `inject:""`
		Y *bnD5 `inject:""`
	}
	bnE5 struct {
		X *bnD5 `inject:""`
		Y *bnD0 `inject:""`
	}
)

type bnRoot struct {
	E0 *bnE0 `inject:""`
	E1 *bnE1 `inject:""`
	E2 *bnE2 `inject:""`
	E3 *bnE3 `inject:""`
	E4 *bnE4 `inject:""`
	E5 *bnE5 `inject:""`
}

// bnHandBuild wires the DAG directly: 31 allocations.
func bnHandBuild() *bnRoot {
	a0, a1, a2, a3, a4, a5 := &bnA0{}, &bnA1{}, &bnA2{}, &bnA3{}, &bnA4{}, &bnA5{}
	b0, b1, b2 := &bnB0{X: a0, Y: a1}, &bnB1{X: a1, Y: a2}, &bnB2{X: a2, Y: a3}
	b3, b4, b5 := &bnB3{X: a3, Y: a4}, &bnB4{X: a4, Y: a5}, &bnB5{X: a5, Y: a0}
	c0, c1, c2 := &bnC0{X: b0, Y: b1}, &bnC1{X: b1, Y: b2}, &bnC2{X: b2, Y: b3}
	c3, c4, c5 := &bnC3{X: b3, Y: b4}, &bnC4{X: b4, Y: b5}, &bnC5{X: b5, Y: b0}
	d0, d1, d2 := &bnD0{X: c0, Y: c1}, &bnD1{X: c1, Y: c2}, &bnD2{X: c2, Y: c3}
	d3, d4, d5 := &bnD3{X: c3, Y: c4}, &bnD4{X: c4, Y: c5}, &bnD5{X: c5, Y: c0}
	return &bnRoot{
		E0: &bnE0{X: d0, Y: d1}, E1: &bnE1{X: d1, Y: d2}, E2: &bnE2{X: d2, Y: d3},
		E3: &bnE3{X: d3, Y: d4}, E4: &bnE4{X: d4, Y: d5}, E5: &bnE5{X: d5, Y: d0},
	}
}

// bnVerifyGraph checks that root reaches want struct types through pointer
// fields, none nil, with one instance per type.
func bnVerifyGraph(tb testing.TB, root any, want int) {
	tb.Helper()
	seen := map[reflect.Type]uintptr{}
	var visit func(v reflect.Value) error
	visit = func(v reflect.Value) error {
		if v.IsNil() {
			return fmt.Errorf("nil %v", v.Type())
		}
		if p, ok := seen[v.Type()]; ok {
			if p != v.Pointer() {
				return fmt.Errorf("two instances of %v", v.Type())
			}
			return nil
		}
		seen[v.Type()] = v.Pointer()
		e := v.Elem()
		for i := range e.NumField() {
			if f := e.Field(i); f.Kind() == reflect.Pointer {
				if err := visit(f); err != nil {
					return fmt.Errorf("%v.%s: %w", e.Type(), e.Type().Field(i).Name, err)
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
		tb.Fatal(err)
	}
}

// ---------------------------------------------------------------------------
// 20 prebuilt services and a struct with one tagged field per service.

type (
	bnS00 struct{ ID int }
	bnS01 struct{ ID int }
	bnS02 struct{ ID int }
	bnS03 struct{ ID int }
	bnS04 struct{ ID int }
	bnS05 struct{ ID int }
	bnS06 struct{ ID int }
	bnS07 struct{ ID int }
	bnS08 struct{ ID int }
	bnS09 struct{ ID int }
	bnS10 struct{ ID int }
	bnS11 struct{ ID int }
	bnS12 struct{ ID int }
	bnS13 struct{ ID int }
	bnS14 struct{ ID int }
	bnS15 struct{ ID int }
	bnS16 struct{ ID int }
	bnS17 struct{ ID int }
	bnS18 struct{ ID int }
	bnS19 struct{ ID int }
)

type bnServices struct {
	S00 *bnS00
	S01 *bnS01
	S02 *bnS02
	S03 *bnS03
	S04 *bnS04
	S05 *bnS05
	S06 *bnS06
	S07 *bnS07
	S08 *bnS08
	S09 *bnS09
	S10 *bnS10
	S11 *bnS11
	S12 *bnS12
	S13 *bnS13
	S14 *bnS14
	S15 *bnS15
	S16 *bnS16
	S17 *bnS17
	S18 *bnS18
	S19 *bnS19
}

func bnNewServices() *bnServices {
	return &bnServices{
		&bnS00{}, &bnS01{}, &bnS02{}, &bnS03{}, &bnS04{}, &bnS05{}, &bnS06{}, &bnS07{}, &bnS08{}, &bnS09{},
		&bnS10{}, &bnS11{}, &bnS12{}, &bnS13{}, &bnS14{}, &bnS15{}, &bnS16{}, &bnS17{}, &bnS18{}, &bnS19{},
	}
}

// bnSupplied registers every service of s with container.Supply.
func bnSupplied(c *container.Container, s *bnServices) error {
	return errors.Join(
		container.Supply(c, s.S00), container.Supply(c, s.S01), container.Supply(c, s.S02),
		container.Supply(c, s.S03), container.Supply(c, s.S04), container.Supply(c, s.S05),
		container.Supply(c, s.S06), container.Supply(c, s.S07), container.Supply(c, s.S08),
		container.Supply(c, s.S09), container.Supply(c, s.S10), container.Supply(c, s.S11),
		container.Supply(c, s.S12), container.Supply(c, s.S13), container.Supply(c, s.S14),
		container.Supply(c, s.S15), container.Supply(c, s.S16), container.Supply(c, s.S17),
		container.Supply(c, s.S18), container.Supply(c, s.S19),
	)
}

type bnTarget20 struct {
	F00 *bnS00 `inject:""`
	F01 *bnS01 `inject:""`
	F02 *bnS02 `inject:""`
	F03 *bnS03 `inject:""`
	F04 *bnS04 `inject:""`
	F05 *bnS05 `inject:""`
	F06 *bnS06 `inject:""`
	F07 *bnS07 `inject:""`
	F08 *bnS08 `inject:""`
	F09 *bnS09 `inject:""`
	F10 *bnS10 `inject:""`
	F11 *bnS11 `inject:""`
	F12 *bnS12 `inject:""`
	F13 *bnS13 `inject:""`
	F14 *bnS14 `inject:""`
	F15 *bnS15 `inject:""`
	F16 *bnS16 `inject:""`
	F17 *bnS17 `inject:""`
	F18 *bnS18 `inject:""`
	F19 *bnS19 `inject:""`
}

func bnHandFill20(s *bnServices) *bnTarget20 {
	return &bnTarget20{
		s.S00, s.S01, s.S02, s.S03, s.S04, s.S05, s.S06, s.S07, s.S08, s.S09,
		s.S10, s.S11, s.S12, s.S13, s.S14, s.S15, s.S16, s.S17, s.S18, s.S19,
	}
}

// bnVerifyFill checks that field i of t is service i of s.
func bnVerifyFill(tb testing.TB, t *bnTarget20, s *bnServices) {
	tb.Helper()
	tv, sv := reflect.ValueOf(t).Elem(), reflect.ValueOf(s).Elem()
	for i := range tv.NumField() {
		if tv.Field(i).IsNil() || tv.Field(i).Pointer() != sv.Field(i).Pointer() {
			tb.Fatalf("field %s is not the prebuilt service", tv.Type().Field(i).Name)
		}
	}
}

// ---------------------------------------------------------------------------
// A chain of 5 transients and a factory product.

type (
	bnK0 struct{ ID int }
	bnK1 struct {
		Prev *bnK0 `inject:""`
	}
	bnK2 struct {
		Prev *bnK1 `inject:""`
	}
	bnK3 struct {
		Prev *bnK2 `inject:""`
	}
	bnK4 struct {
		Prev *bnK3 `inject:""`
	}
)

func bnHandChain() *bnK4 {
	return &bnK4{Prev: &bnK3{Prev: &bnK2{Prev: &bnK1{Prev: &bnK0{}}}}}
}

// bnVerifyChains checks two chains: complete and sharing nothing.
func bnVerifyChains(tb testing.TB, a, b *bnK4) {
	tb.Helper()
	if a == nil || b == nil || a.Prev == nil || b.Prev == nil || a.Prev.Prev == nil || b.Prev.Prev == nil ||
		a.Prev.Prev.Prev == nil || b.Prev.Prev.Prev == nil || a.Prev.Prev.Prev.Prev == nil || b.Prev.Prev.Prev.Prev == nil {
		tb.Fatal("incomplete chain")
	}
	if a == b || a.Prev == b.Prev || a.Prev.Prev == b.Prev.Prev || a.Prev.Prev.Prev == b.Prev.Prev.Prev ||
		a.Prev.Prev.Prev.Prev == b.Prev.Prev.Prev.Prev {
		tb.Fatal("a transient instance is shared between two resolves")
	}
}

// bnW is built by a factory: fresh per call, fields from the services.
type bnW struct {
	A *bnS00 `inject:""`
	B *bnS01 `inject:""`
}

type bnFactoryHolder struct {
	NewW container.Factory[*bnW] `inject:""`
}

func bnVerifyW(tb testing.TB, a, b *bnW, s *bnServices) {
	tb.Helper()
	if a == nil || b == nil || a == b || a.A != s.S00 || a.B != s.S01 || b.A != s.S00 || b.B != s.S01 {
		tb.Fatalf("want two distinct W filled from the services, got %+v %+v", a, b)
	}
}

func bnMust(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// ---------------------------------------------------------------------------
// Benchmarks.

// BenchmarkResolveSingleton resolves a built Singleton by type (lock-free,
// allocation-free path).
func BenchmarkResolveSingleton(b *testing.B) {
	b.ReportAllocs()
	c := container.New()
	root := new(bnRoot)
	bnMust(b, c.Populate(bnCtx, root))
	for b.Loop() {
		v, err := container.Resolve[*bnE0](bnCtx, c)
		if err != nil {
			b.Fatal(err)
		}
		bnSink = v
	}
	if bnSink != any(root.E0) {
		b.Fatal("Resolve did not return the built singleton")
	}
}

// BenchmarkResolveSingletonHand: a map[reflect.Type]any lookup plus a type
// assertion, the container-free way to look a value up by type.
func BenchmarkResolveSingletonHand(b *testing.B) {
	b.ReportAllocs()
	root := bnHandBuild()
	m := map[reflect.Type]any{}
	for _, v := range []any{root, root.E0, root.E1, root.E2, root.E3, root.E4, root.E5, root.E0.X, root.E1.X} {
		m[reflect.TypeOf(v)] = v
	}
	for b.Loop() {
		bnSink = m[reflect.TypeFor[*bnE0]()].(*bnE0)
	}
	if bnSink != any(root.E0) {
		b.Fatal("lookup did not return the built value")
	}
}

// BenchmarkPopulate20 fills a fresh 20-field struct from 20 supplied values.
func BenchmarkPopulate20(b *testing.B) {
	b.ReportAllocs()
	s := bnNewServices()
	c := container.New()
	bnMust(b, bnSupplied(c, s))
	var t *bnTarget20
	for b.Loop() {
		t = new(bnTarget20)
		if err := c.Populate(bnCtx, t); err != nil {
			b.Fatal(err)
		}
		bnSink = t
	}
	bnVerifyFill(b, t, s)
}

func BenchmarkPopulate20Hand(b *testing.B) {
	b.ReportAllocs()
	s := bnNewServices()
	var t *bnTarget20
	for b.Loop() {
		t = bnHandFill20(s)
		bnSink = t
	}
	bnVerifyFill(b, t, s)
}

// BenchmarkColdPopulate: a new container with zero registrations
// populates a fresh root of the 30-type DAG (31 objects).
func BenchmarkColdPopulate(b *testing.B) {
	b.ReportAllocs()
	var root *bnRoot
	for b.Loop() {
		c := container.New()
		root = new(bnRoot)
		if err := c.Populate(bnCtx, root); err != nil {
			b.Fatal(err)
		}
		bnSink = root
	}
	bnVerifyGraph(b, root, 31)
}

func BenchmarkColdPopulateHand(b *testing.B) {
	b.ReportAllocs()
	var root *bnRoot
	for b.Loop() {
		root = bnHandBuild()
		bnSink = root
	}
	bnVerifyGraph(b, root, 31)
}

// BenchmarkTransientChain resolves the top of a chain of 5 Transient
// zero-value registrations (5 new instances per op).
func BenchmarkTransientChain(b *testing.B) {
	b.ReportAllocs()
	c := container.New()
	bnMust(b, errors.Join(
		container.Provide[*bnK0](c, nil, container.Transient), container.Provide[*bnK1](c, nil, container.Transient),
		container.Provide[*bnK2](c, nil, container.Transient), container.Provide[*bnK3](c, nil, container.Transient),
		container.Provide[*bnK4](c, nil, container.Transient),
	))
	resolve := func() *bnK4 {
		v, err := container.Resolve[*bnK4](bnCtx, c)
		if err != nil {
			b.Fatal(err)
		}
		return v
	}
	for b.Loop() {
		bnSink = resolve()
	}
	bnVerifyChains(b, resolve(), resolve())
}

func BenchmarkTransientChainHand(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		bnSink = bnHandChain()
	}
	bnVerifyChains(b, bnHandChain(), bnHandChain())
}

// BenchmarkFactoryNew calls an injected container.Factory once per op; the
// product is an unregistered struct, built fresh with its two fields filled
// from supplied values.
func BenchmarkFactoryNew(b *testing.B) {
	b.ReportAllocs()
	s := bnNewServices()
	c := container.New()
	bnMust(b, bnSupplied(c, s))
	h := new(bnFactoryHolder)
	bnMust(b, c.Populate(bnCtx, h))
	newW := func() *bnW {
		w, err := h.NewW.New(bnCtx)
		if err != nil {
			b.Fatal(err)
		}
		return w
	}
	for b.Loop() {
		bnSink = newW()
	}
	bnVerifyW(b, newW(), newW(), s)
}

func BenchmarkFactoryNewHand(b *testing.B) {
	b.ReportAllocs()
	s := bnNewServices()
	newW := func() *bnW { return &bnW{A: s.S00, B: s.S01} }
	for b.Loop() {
		bnSink = newW()
	}
	bnVerifyW(b, newW(), newW(), s)
}
