package peers

import (
	"testing"

	"go.uber.org/fx"

	"github.com/tagwire/tagwire/bench/peers/graph"
)

// go.uber.org/fx (application framework on top of dig): S2 only, as the
// "real application startup" figure: fx.New with fx.NopLogger, the 101
// constructors in one fx.Provide and an fx.Invoke of Root. fx.New runs the
// invokes (so the graph is built); app.Start is not called (no lifecycle hooks).
// S1/S3/S4 are not repeated for fx: resolution after startup is dig's.
func init() {
	register(adapter{
		name: "fx", order: 12,
		s2: func(b *testing.B) {
			build := func() *graph.Root {
				var root *graph.Root
				app := fx.New(
					fx.NopLogger,
					fx.Provide(graph.Constructors...),
					fx.Invoke(func(r *graph.Root) { root = r }),
				)
				if err := app.Err(); err != nil {
					b.Fatal(err)
				}
				return root
			}
			for b.Loop() {
				sink = build()
			}
			verifyRoot(b, build())
		},
	})
}
