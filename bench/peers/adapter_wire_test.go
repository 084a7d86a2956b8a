package peers

import (
	"testing"

	"github.com/tagwire/tagwire/bench/peers/wiregraph"
)

// github.com/google/wire: compile-time dependency injection. gen writes the
// injector wiregraph/wire.go (build tag wireinject: wire.Build of the 101
// constructors of package graph) and runs the wire generator (go tool wire,
// pinned by go.mod's tool directive), which writes wiregraph/wire_gen.go:
// the constructor calls in an order wire derives from the graph, and no
// container at run time. It is the "generated code" anchor: what a DI code
// generator makes of the S2 graph, so it should cost what hand wiring costs.
//
// S2 only: wire leaves nothing to resolve after the build (S1), has no
// transient or scoped lifetimes (S3, S5), no struct filling (S4) and no
// injected factories (S6).
func init() {
	register(adapter{
		name: "wire", order: 9,
		s2: func(b *testing.B) {
			for b.Loop() {
				sink = wiregraph.BuildRoot()
			}
			verifyRoot(b, wiregraph.BuildRoot())
		},
	})
}
