package peers

import (
	"testing"

	"go.uber.org/dig"

	"github.com/tagwire/tagwire/bench/peers/graph"
)

func digGraph(tb testing.TB, opts ...dig.Option) *dig.Container {
	c := dig.New(opts...)
	for _, ctor := range graph.Constructors {
		if err := c.Provide(ctor); err != nil {
			tb.Fatal(err)
		}
	}
	return c
}

// go.uber.org/dig: constructor injection, reflection-based, singletons only.
func init() {
	register(adapter{
		name: "dig", order: 10,
		// S1: Invoke of a func taking the type (the only way dig resolves).
		s1: func(b *testing.B) {
			c := digGraph(b)
			var root *graph.Root
			if err := c.Invoke(func(r *graph.Root) { root = r }); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if err := c.Invoke(func(t *graph.T9_0) { sink = t }); err != nil {
					b.Fatal(err)
				}
			}
			verifySame(b, sink, root.Top0)
		},
		s2: func(b *testing.B) {
			build := func() *graph.Root {
				c := digGraph(b)
				var root *graph.Root
				if err := c.Invoke(func(r *graph.Root) { root = r }); err != nil {
					b.Fatal(err)
				}
				return root
			}
			for b.Loop() {
				sink = build()
			}
			verifyRoot(b, build())
		},
		// S3: n/a. dig has no transient/prototype lifetime: every provided
		// type is constructed at most once per container (scopes included).
		s3: nil,
		// S4: Invoke of a generated func with 20 parameters that fills a
		// fresh Target20 (dig cannot inject into arbitrary tagged structs).
		s4: func(b *testing.B) {
			s := graph.NewServices()
			c := dig.New()
			for _, v := range s.All() {
				if err := c.Provide(valueCtor(v)); err != nil {
					b.Fatal(err)
				}
			}
			if err := c.Invoke(digFill20); err != nil { // build the singletons
				b.Fatal(err)
			}
			for b.Loop() {
				if err := c.Invoke(digFill20); err != nil {
					b.Fatal(err)
				}
			}
			verifyFill(b, sink, s)
		},
	})
	// dig_deferred: S2 with dig.DeferAcyclicVerification(), which fx also
	// passes to dig; by default dig checks for cycles on every Provide.
	register(adapter{
		name: "dig_deferred", order: 11,
		s2: func(b *testing.B) {
			build := func() *graph.Root {
				c := digGraph(b, dig.DeferAcyclicVerification())
				var root *graph.Root
				if err := c.Invoke(func(r *graph.Root) { root = r }); err != nil {
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
	// dig_in: S4 with a dig.In parameter struct instead of 20 parameters.
	register(adapter{
		name: "dig_in", order: 11,
		s4: func(b *testing.B) {
			s := graph.NewServices()
			c := dig.New()
			for _, v := range s.All() {
				if err := c.Provide(valueCtor(v)); err != nil {
					b.Fatal(err)
				}
			}
			if err := c.Invoke(digFill20In); err != nil { // build the singletons
				b.Fatal(err)
			}
			for b.Loop() {
				if err := c.Invoke(digFill20In); err != nil {
					b.Fatal(err)
				}
			}
			verifyFill(b, sink, s)
		},
	})
}
