package peers

import (
	"reflect"
	"testing"

	"github.com/tagwire/tagwire/bench/peers/graph"
)

// Hand wiring: plain constructor calls, no container. This is the
// physical-limit baseline that every ratio in README.md is taken against.
func init() {
	register(adapter{
		name: "hand", order: 0,
		// S1 baseline: the honest equivalent of "resolve by type" without a
		// framework is a lookup of a prebuilt value in a map keyed by
		// reflect.Type, followed by a type assertion:
		//   m[reflect.TypeFor[*graph.T9_0]()].(*graph.T9_0)
		// The map holds all 101 prebuilt singletons of one HandBuild().
		s1: func(b *testing.B) {
			root := graph.HandBuild()
			m := map[reflect.Type]any{}
			_ = walk(reflect.ValueOf(root), func(v reflect.Value) error {
				m[v.Type()] = v.Interface()
				return nil
			})
			for b.Loop() {
				sink = m[reflect.TypeFor[*graph.T9_0]()].(*graph.T9_0)
			}
			verifySame(b, sink, root.Top0)
		},
		s2: func(b *testing.B) {
			for b.Loop() {
				sink = graph.HandBuild()
			}
			verifyRoot(b, graph.HandBuild())
		},
		s3: func(b *testing.B) {
			for b.Loop() {
				sink = graph.HandChain()
			}
			verifyChains(b, graph.HandChain(), graph.HandChain())
		},
		s4: func(b *testing.B) {
			s := graph.NewServices()
			for b.Loop() {
				sink = graph.HandFill20(s)
			}
			verifyFill(b, graph.HandFill20(s), s)
		},
		// S5: "a scope" is the 5 constructor calls (Sc1..Sc4 get the same Sc0).
		s5: func(b *testing.B) {
			for b.Loop() {
				sink = graph.HandScope().Sc4
			}
			verifyScopes(b, graph.HandScope(), graph.HandScope())
		},
		// S6: the factory call is a direct constructor call.
		s6: func(b *testing.B) {
			s := graph.NewServices()
			for b.Loop() {
				sink = graph.HandW(s)
			}
			verifyW(b, graph.HandW(s), graph.HandW(s), s)
		},
		// Sweep: the generated HandBuild of each size (n+1 constructor calls).
		sweep: func(b *testing.B, g sweepGraph) {
			sink = g.hand() // warm-up, as for the other adapters
			for b.Loop() {
				sink = g.hand()
			}
			verifyGraph(b, g.hand(), g.n+1)
		},
	})
	// hand_field: S1 as a plain field read of a prebuilt graph (what wired
	// code does after startup). Reference only; ratios use "hand".
	register(adapter{
		name: "hand_field", order: 1,
		s1: func(b *testing.B) {
			root := graph.HandBuild()
			for b.Loop() {
				sink = root.Top0
			}
			verifySame(b, sink, root.Top0)
		},
	})
}
