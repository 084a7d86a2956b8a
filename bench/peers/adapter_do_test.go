package peers

import (
	"testing"

	"github.com/samber/do/v2"

	"github.com/tagwire/tagwire/bench/peers/graph"
)

// github.com/samber/do/v2: generics-based container; providers are
// func(do.Injector) (T, error). Two registration styles are measured:
//   - "do":        generated providers that call the constructor with
//     do.MustInvoke for each dependency (the style of do's documentation);
//   - "do_struct": do.InvokeStruct[*T] as the provider, i.e. do fills the
//     `do:""`-tagged fields itself (do's struct-tag injection).
func init() {
	register(adapter{
		name: "do", order: 20,
		s1: func(b *testing.B) {
			i := do.New()
			doProvideGraph(i)
			root := do.MustInvoke[*graph.Root](i)
			for b.Loop() {
				sink = do.MustInvoke[*graph.T9_0](i)
			}
			verifySame(b, sink, root.Top0)
		},
		s2: func(b *testing.B) {
			build := func() *graph.Root {
				i := do.New()
				doProvideGraph(i)
				return do.MustInvoke[*graph.Root](i)
			}
			for b.Loop() {
				sink = build()
			}
			verifyRoot(b, build())
		},
		// S3: do.ProvideTransient for every chain type.
		s3: func(b *testing.B) {
			i := do.New()
			doProvideChain(i)
			for b.Loop() {
				sink = do.MustInvoke[*graph.ChainTop](i)
			}
			verifyChains(b, do.MustInvoke[*graph.ChainTop](i), do.MustInvoke[*graph.ChainTop](i))
		},
		// S4: services registered with do.ProvideValue; each iteration is
		// do.MustInvokeStruct[*graph.Target20] (do has no "invoke a func with
		// N parameters" API; InvokeStruct is its way to fill many fields).
		s4: func(b *testing.B) {
			s := graph.NewServices()
			i := do.New()
			doProvideServices(i, s)
			for b.Loop() {
				sink = do.MustInvokeStruct[*graph.Target20](i)
			}
			verifyFill(b, sink, s)
		},
		// S5: do has no scoped lifetime; a scope is a child injector whose
		// services are provided into it (doProvideScoped, passed to Scope as
		// a package). Child scopes stay attached to their parent until the
		// parent shuts down, and names must be unique, so each request scope
		// is made under a service-less "requests" scope whose Shutdown
		// closes and detaches it.
		s5: func(b *testing.B) {
			reqs := do.New().Scope("requests")
			scope := func() graph.ScopeSet {
				sc := reqs.Scope("req", doProvideScoped)
				set := graph.ScopeSet{
					Sc0: do.MustInvoke[*graph.Sc0](sc),
					Sc1: do.MustInvoke[*graph.Sc1](sc),
					Sc2: do.MustInvoke[*graph.Sc2](sc),
					Sc3: do.MustInvoke[*graph.Sc3](sc),
					Sc4: do.MustInvoke[*graph.Sc4](sc),
				}
				if rep := reqs.Shutdown(); rep != nil && !rep.Succeed {
					b.Fatal(rep)
				}
				return set
			}
			for b.Loop() {
				sink = scope().Sc4
			}
			verifyScopes(b, scope(), scope())
		},
		// S6: do has no injected factories; the equivalent is a closure
		// over the injector invoking a transient W.
		s6: func(b *testing.B) {
			s := graph.NewServices()
			i := do.New()
			doProvideServices(i, s)
			doProvideW(i)
			newW := func() (*graph.W, error) { return do.Invoke[*graph.W](i) }
			for b.Loop() {
				w, err := newW()
				if err != nil {
					b.Fatal(err)
				}
				sink = w
			}
			w1, _ := newW()
			w2, _ := newW()
			verifyW(b, w1, w2, s)
		},
	})
	register(adapter{
		name: "do_struct", order: 21,
		s2: func(b *testing.B) {
			build := func() *graph.Root {
				i := do.New()
				doProvideGraphStruct(i)
				return do.MustInvoke[*graph.Root](i)
			}
			for b.Loop() {
				sink = build()
			}
			verifyRoot(b, build())
		},
		s3: func(b *testing.B) {
			i := do.New()
			doProvideChainStruct(i)
			for b.Loop() {
				sink = do.MustInvoke[*graph.ChainTop](i)
			}
			verifyChains(b, do.MustInvoke[*graph.ChainTop](i), do.MustInvoke[*graph.ChainTop](i))
		},
	})
}
