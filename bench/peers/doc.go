// Package peers benchmarks tagwire against existing Go dependency-injection
// libraries side by side on identical generated object graphs, with
// hand-written wiring (plain constructor calls) as the physical-limit
// baseline.
//
// The benchmarks live in the _test.go files; see README.md and
// ../BENCHMARKS.md. Every library is an "adapter" (adapter_*_test.go) that
// registers up to six scenario bodies and a size-sweep body;
// BenchmarkS1..S6 and BenchmarkSweep_ColdBuild run every registered adapter
// as a sub-benchmark. run.sh runs the whole comparison.
package peers

//go:generate go run ./gen
