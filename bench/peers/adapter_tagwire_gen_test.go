package peers

import (
	"testing"

	"github.com/tagwire/tagwire/bench/peers/graph"
	"github.com/tagwire/tagwire/bench/peers/twgen/s2"
	"github.com/tagwire/tagwire/bench/peers/twgen/s4"
)

// tagwire_gen: the code tagwire's generator (cmd/tagwiregen, this
// repository) writes for the same graphs, run by gen through go tool
// tagwiregen (go.mod's tool directive). The generated function does what
// container.New(), the registrations of a declaration function and
// c.Populate(ctx, target) do, with plain Go code: no container and no
// reflection at run time, but the container's semantics (shared instances,
// Init methods, error kinds and paths, rollback on failure, a close func
// for the cleanups).
//
//   - S2: twgen/s2.PopulateRoot, generated with no declaration function:
//     the zero-registration Populate of a fresh *graph.Root that the
//     "tagwire" S2 row runs on the container.
//   - S4: twgen/s4.PopulateTarget20, generated from s4.Wiring, which
//     supplies the 20 services as the "tagwire" S4 row does (container.Supply
//     of each, read from a *graph.Services as graph.HandFill20 reads them);
//     the generated function takes that one argument.
//
// Nothing to resolve after the build (S1), no lifetimes other than the
// generated call's singletons (S3, S5), no factory fields (S6: tagwiregen
// does not generate them yet).
func init() {
	register(adapter{
		name: "tagwire_gen", order: 5,
		s2: func(b *testing.B) {
			build := func() *graph.Root {
				r := new(graph.Root)
				if _, err := s2.PopulateRoot(twCtx, r); err != nil {
					b.Fatal(err)
				}
				return r
			}
			for b.Loop() {
				sink = build()
			}
			verifyRoot(b, build())
		},
		s4: func(b *testing.B) {
			s := graph.NewServices()
			fill := func() *graph.Target20 {
				t := new(graph.Target20)
				if _, err := s4.PopulateTarget20(twCtx, t, s); err != nil {
					b.Fatal(err)
				}
				return t
			}
			for b.Loop() {
				sink = fill()
			}
			verifyFill(b, fill(), s)
		},
	})
}
