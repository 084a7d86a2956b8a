package peers

import (
	"context"
	"testing"

	"github.com/tagwire/tagwire/container"

	"github.com/tagwire/tagwire/bench/peers/graph"
)

// github.com/tagwire/tagwire (this repository, through the replace
// directive in go.mod): struct-tag injection. The graph package's tags
// (inject:"" by type, inject:"private" on the chain) are tagwire's grammar,
// so it uses package graph as it is.
//
//   - "tagwire":        the zero-registration path where one exists (S1, S2:
//     c.Populate with no registrations; the facebookgo model), struct
//     registrations (container.Provide with a nil source: zero value plus
//     tags) where a lifetime is needed (S3 Transient, S5 Scoped),
//     container.Supply for prebuilt values (S4, S6), a container.Factory
//     field (S6);
//   - "tagwire_ctor":   the same with container.Provide of the constructors;
//   - "tagwire_struct": S2 with a struct registration (Provide with nil) for
//     all 101 types;
//   - "tagwire_populate": S5 as one Populate of a 5-field struct in the scope;
//   - "tagwire_func":   S6 with a func() (*W, error) factory field.
//
// The generic registrations are generated (zz_tagwire_gen_test.go).

var twCtx = context.Background()

func twMust(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func twGet[T any](tb testing.TB, c *container.Container) T {
	v, err := container.Resolve[T](twCtx, c)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// twScopeHolder is what tagwire_populate fills in each S5 scope.
type twScopeHolder struct {
	Sc0 *graph.Sc0 `inject:""`
	Sc1 *graph.Sc1 `inject:""`
	Sc2 *graph.Sc2 `inject:""`
	Sc3 *graph.Sc3 `inject:""`
	Sc4 *graph.Sc4 `inject:""`
}

// twFactoryHolder and twFuncHolder receive the S6 factory.
type twFactoryHolder struct {
	NewW container.Factory[*graph.W] `inject:""`
}

type twFuncHolder struct {
	NewW func() (*graph.W, error) `inject:"factory"`
}

// twS2 builds S2 through register, then Resolve[*graph.Root].
func twS2(register func(*container.Container) error) func(b *testing.B) {
	return func(b *testing.B) {
		build := func() *graph.Root {
			c := container.New()
			if err := register(c); err != nil {
				b.Fatal(err)
			}
			r, err := container.Resolve[*graph.Root](twCtx, c)
			if err != nil {
				b.Fatal(err)
			}
			return r
		}
		for b.Loop() {
			sink = build()
		}
		verifyRoot(b, build())
	}
}

// twS3 resolves the chain top registered by register.
func twS3(register func(*container.Container, ...container.Option) error) func(b *testing.B) {
	return func(b *testing.B) {
		c := container.New()
		twMust(b, register(c, container.Transient))
		for b.Loop() {
			t, err := container.Resolve[*graph.ChainTop](twCtx, c)
			if err != nil {
				b.Fatal(err)
			}
			sink = t
		}
		verifyChains(b, twGet[*graph.ChainTop](b, c), twGet[*graph.ChainTop](b, c))
	}
}

// twS5 opens a scope, resolves the 5 Scoped services, closes the scope.
func twS5(register func(*container.Container, ...container.Option) error) func(b *testing.B) {
	return func(b *testing.B) {
		c := container.New()
		twMust(b, register(c, container.Scoped))
		scope := func() graph.ScopeSet {
			sc := c.NewScope()
			set := graph.ScopeSet{
				Sc0: twGet[*graph.Sc0](b, sc),
				Sc1: twGet[*graph.Sc1](b, sc),
				Sc2: twGet[*graph.Sc2](b, sc),
				Sc3: twGet[*graph.Sc3](b, sc),
				Sc4: twGet[*graph.Sc4](b, sc),
			}
			if err := sc.Close(twCtx); err != nil {
				b.Fatal(err)
			}
			return set
		}
		for b.Loop() {
			sink = scope().Sc4
		}
		verifyScopes(b, scope(), scope())
	}
}

// twS6 populates a holder once and calls its factory once per iteration.
func twS6(setup func(*container.Container) error, newHolder func(*container.Container) (func() (*graph.W, error), error)) func(b *testing.B) {
	return func(b *testing.B) {
		s := graph.NewServices()
		c := container.New()
		twMust(b, twInstances(c, s))
		twMust(b, setup(c))
		call, err := newHolder(c)
		twMust(b, err)
		for b.Loop() {
			w, err := call()
			if err != nil {
				b.Fatal(err)
			}
			sink = w
		}
		w1, err1 := call()
		w2, err2 := call()
		twMust(b, err1)
		twMust(b, err2)
		verifyW(b, w1, w2, s)
	}
}

func twNoSetup(*container.Container) error { return nil }

func twFactoryField(c *container.Container) (func() (*graph.W, error), error) {
	h := new(twFactoryHolder)
	if err := c.Populate(twCtx, h); err != nil {
		return nil, err
	}
	return func() (*graph.W, error) { return h.NewW.New(twCtx) }, nil
}

func twFuncField(c *container.Container) (func() (*graph.W, error), error) {
	h := new(twFuncHolder)
	if err := c.Populate(twCtx, h); err != nil {
		return nil, err
	}
	return h.NewW, nil
}

func init() {
	register(adapter{
		name: "tagwire", order: 2,
		// S1: graph built once (zero registrations), then Resolve by type.
		s1: func(b *testing.B) {
			c := container.New()
			root := new(graph.Root)
			twMust(b, c.Populate(twCtx, root))
			for b.Loop() {
				t, err := container.Resolve[*graph.T9_0](twCtx, c)
				if err != nil {
					b.Fatal(err)
				}
				sink = t
			}
			verifySame(b, sink, root.Top0)
		},
		// S2: new container, ZERO registrations, Populate a fresh Root.
		s2: func(b *testing.B) {
			build := func() *graph.Root {
				c := container.New()
				r := new(graph.Root)
				if err := c.Populate(twCtx, r); err != nil {
					b.Fatal(err)
				}
				return r
			}
			for b.Loop() {
				sink = build()
			}
			verifyRoot(b, build())
		},
		// S3: C0..C9 registered with container.Provide(c, nil, Transient);
		// Prev is inject:"private", so each resolve builds 10 instances.
		s3: twS3(twStructChain),
		// S4: the 20 services registered with container.Supply; Populate
		// a fresh Target20.
		s4: func(b *testing.B) {
			s := graph.NewServices()
			c := container.New()
			twMust(b, twInstances(c, s))
			for b.Loop() {
				t := new(graph.Target20)
				if err := c.Populate(twCtx, t); err != nil {
					b.Fatal(err)
				}
				sink = t
			}
			verifyFill(b, sink, s)
		},
		// S5: Sc0..Sc4 registered with container.Provide(c, nil, Scoped); per
		// op NewScope, 5 x Resolve in the scope, Close.
		s5: twS5(twStructScoped),
		// S6: a container.Factory[*graph.W] field; W is unregistered, so
		// every New builds a fresh W (its fields from the Supplied values).
		s6: twS6(twNoSetup, twFactoryField),
		// Sweep: zero-registration Populate, as S2.
		sweep: func(b *testing.B, g sweepGraph) {
			build := func() any {
				c := container.New()
				r := g.newRoot()
				if err := c.Populate(twCtx, r); err != nil {
					b.Fatal(err)
				}
				return r
			}
			sink = build() // warm-up: process-wide caches (type plans) are built on first use
			for b.Loop() {
				sink = build()
			}
			verifyGraph(b, build(), g.n+1)
		},
	})
	register(adapter{
		name: "tagwire_ctor", order: 3,
		// S2: container.Provide of all 101 constructors, Resolve[*graph.Root].
		s2: twS2(twProvideGraph),
		s3: twS3(twProvideChain),
		s5: twS5(twProvideScoped),
		// S6: W registered Transient with its constructor; Factory field.
		s6: twS6(func(c *container.Container) error {
			return container.Provide[*graph.W](c, graph.NewW, container.Transient)
		}, twFactoryField),
		sweep: func(b *testing.B, g sweepGraph) {
			build := func() any {
				c := container.New()
				if err := g.twProvide(c); err != nil {
					b.Fatal(err)
				}
				r, err := g.twResolve(twCtx, c)
				if err != nil {
					b.Fatal(err)
				}
				return r
			}
			sink = build() // warm-up: process-wide caches (type plans) are built on first use
			for b.Loop() {
				sink = build()
			}
			verifyGraph(b, build(), g.n+1)
		},
	})
	register(adapter{
		name: "tagwire_struct", order: 4,
		// S2: container.Provide(c, nil) for all 101 types, Resolve[*graph.Root].
		s2: twS2(twStructGraph),
	})
	register(adapter{
		name: "tagwire_populate", order: 4,
		// S5: one Populate of a 5-field struct inside each scope.
		s5: func(b *testing.B) {
			c := container.New()
			twMust(b, twStructScoped(c, container.Scoped))
			scope := func() graph.ScopeSet {
				sc := c.NewScope()
				h := new(twScopeHolder)
				if err := sc.Populate(twCtx, h); err != nil {
					b.Fatal(err)
				}
				if err := sc.Close(twCtx); err != nil {
					b.Fatal(err)
				}
				return graph.ScopeSet{Sc0: h.Sc0, Sc1: h.Sc1, Sc2: h.Sc2, Sc3: h.Sc3, Sc4: h.Sc4}
			}
			for b.Loop() {
				sink = scope().Sc4
			}
			verifyScopes(b, scope(), scope())
		},
	})
	register(adapter{
		name: "tagwire_func", order: 4,
		// S6: a func() (*graph.W, error) field tagged inject:"factory".
		s6: twS6(twNoSetup, twFuncField),
	})
}
