package peers

import (
	"cmp"
	"context"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/tagwire/tagwire/container"
)

// adapter is one library's implementation of the scenarios. Each scenario
// field is a complete benchmark body (setup, then `for b.Loop()`, then a
// correctness check of the last result); nil means the library cannot
// express the scenario and it is reported as n/a.
//
// To add a library create adapter_<name>_test.go with an init() that calls
// register(adapter{...}); see "Adding a library" in README.md.
type adapter struct {
	name  string
	order int // sub-benchmark order within a scenario (hand first)

	s1 func(b *testing.B) // S1 hot singleton resolve
	s2 func(b *testing.B) // S2 cold build: new container, register 101 types, build Root
	s3 func(b *testing.B) // S3 transient chain of 10, resolve the top
	s4 func(b *testing.B) // S4 populate a fresh struct with 20 tagged fields
	s5 func(b *testing.B) // S5 open a scope, resolve 5 scoped services, close it
	s6 func(b *testing.B) // S6 call a factory (injected field) once

	// sweep builds one size-sweep graph cold (like S2, with n types).
	sweep func(b *testing.B, g sweepGraph)
}

// sweepGraph is one generated size-sweep graph (package sweep/n<n>); see
// zz_sweep_gen_test.go.
type sweepGraph struct {
	n         int                                                      // DAG types, Root not included
	newRoot   func() any                                               // new(Root), unpopulated
	hand      func() any                                               // HandBuild()
	ctors     []any                                                    // constructors, topological order, NewRoot last
	twProvide func(*container.Container) error                         // tagwire Provide of every constructor
	twResolve func(context.Context, *container.Container) (any, error) // tagwire Resolve[*Root]
}

var adapters []adapter

func register(a adapter) { adapters = append(adapters, a) }

// sink keeps every benchmarked result alive.
var sink any

func sortedAdapters() []adapter {
	as := slices.Clone(adapters)
	slices.SortStableFunc(as, func(x, y adapter) int {
		return cmp.Or(cmp.Compare(x.order, y.order), cmp.Compare(x.name, y.name))
	})
	return as
}

func runScenario(b *testing.B, pick func(adapter) func(*testing.B)) {
	for _, a := range sortedAdapters() {
		if f := pick(a); f != nil {
			b.Run(a.name, func(b *testing.B) {
				b.ReportAllocs()
				f(b)
			})
		}
	}
}

// BenchmarkS1_HotSingleton: the whole DAG is built as singletons; each
// iteration resolves one top-layer type (graph.T9_0) by type.
func BenchmarkS1_HotSingleton(b *testing.B) {
	runScenario(b, func(a adapter) func(*testing.B) { return a.s1 })
}

// BenchmarkS2_ColdBuild: each iteration creates a new container, registers
// all 100 DAG types plus Root, and builds Root (i.e. the whole graph).
func BenchmarkS2_ColdBuild(b *testing.B) {
	runScenario(b, func(a adapter) func(*testing.B) { return a.s2 })
}

// BenchmarkS3_TransientChain: a chain C0..C9 registered as transient; each
// iteration resolves C9, which must create 10 new instances.
func BenchmarkS3_TransientChain(b *testing.B) {
	runScenario(b, func(a adapter) func(*testing.B) { return a.s3 })
}

// BenchmarkS4_Populate20: 20 services are prebuilt singletons; each
// iteration fills a fresh Target20 (20 tagged pointer fields).
func BenchmarkS4_Populate20(b *testing.B) {
	runScenario(b, func(a adapter) func(*testing.B) { return a.s4 })
}

// BenchmarkS5_Scope: each iteration opens a scope, resolves 5 scoped
// services (Sc1..Sc4 share the scope's Sc0) and closes the scope.
func BenchmarkS5_Scope(b *testing.B) {
	runScenario(b, func(a adapter) func(*testing.B) { return a.s5 })
}

// BenchmarkS6_Factory: an injected factory (a field of a struct populated
// once) is called once per iteration; each call builds a fresh graph.W
// whose 3 fields are the prebuilt S4 services S00..S02.
func BenchmarkS6_Factory(b *testing.B) {
	runScenario(b, func(a adapter) func(*testing.B) { return a.s6 })
}

// BenchmarkSweep_ColdBuild/<n>/<adapter>: S2 at n = 10, 100, 1000, 10000
// types (generated packages sweep/n<n>). Besides ns/op it reports ns/type
// (ns/op divided by n) so that the per-type cost can be compared across
// sizes.
func BenchmarkSweep_ColdBuild(b *testing.B) {
	for _, g := range sweeps {
		b.Run(strconv.Itoa(g.n), func(b *testing.B) {
			for _, a := range sortedAdapters() {
				if a.sweep == nil {
					continue
				}
				b.Run(a.name, func(b *testing.B) {
					b.ReportAllocs()
					a.sweep(b, g)
					if b.N > 0 {
						b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(g.n), "ns/type")
					}
				})
			}
		})
	}
}

// valueCtor returns a func() *T that returns v (of dynamic type *T), for
// constructor-based containers that have no "provide this value" API. It is
// called once per container (singleton), never inside a timed loop.
func valueCtor(v any) any {
	rv := reflect.ValueOf(v)
	ft := reflect.FuncOf(nil, []reflect.Type{rv.Type()}, false)
	return reflect.MakeFunc(ft, func([]reflect.Value) []reflect.Value { return []reflect.Value{rv} }).Interface()
}
