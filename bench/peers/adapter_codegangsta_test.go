package peers

import (
	"reflect"
	"testing"

	"github.com/codegangsta/inject"

	"github.com/tagwire/tagwire/bench/peers/cgraph"
	"github.com/tagwire/tagwire/bench/peers/graph"
)

// github.com/codegangsta/inject (martini's injector): a map from
// reflect.Type to a value; Apply fills fields tagged `inject` from that map,
// Invoke calls a func with arguments from it. It has no providers/factories,
// so there are no lazy singletons and no transients.
//
// "codegangsta" uses the cgraph variant of the graphs (same shape, tag
// `inject:"cg"`), because its Apply ignores `inject:""`.
func init() {
	register(adapter{
		name: "codegangsta", order: 30,
		// S1: Get(reflect.Type) on the injector holding the built graph.
		s1: func(b *testing.B) {
			inj := inject.New()
			root, err := cgBuild(inj)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				sink = inj.Get(reflect.TypeFor[*cgraph.T9_0]()).Interface().(*cgraph.T9_0)
			}
			verifySame(b, sink, root.Top0)
		},
		// S2: for every type in topological order: new, Apply, Map (generated).
		s2: func(b *testing.B) {
			build := func() *cgraph.Root {
				r, err := cgBuild(inject.New())
				if err != nil {
					b.Fatal(err)
				}
				return r
			}
			for b.Loop() {
				sink = build()
			}
			verifyRoot(b, build())
		},
		// S3: n/a (no factories: the injector can only hand out mapped values).
		s3: nil,
		// S4: 20 prebuilt services Mapped; each iteration Apply on a fresh Target20.
		s4: func(b *testing.B) {
			s := cgraph.NewServices()
			inj := inject.New()
			for _, v := range s.All() {
				inj.Map(v)
			}
			for b.Loop() {
				t := new(cgraph.Target20)
				if err := inj.Apply(t); err != nil {
					b.Fatal(err)
				}
				sink = t
			}
			verifyFill(b, sink, s)
		},
	})
	// codegangsta_invoke: S2 through function injection instead: Invoke each
	// constructor of package graph in topological order and Map its result.
	register(adapter{
		name: "codegangsta_invoke", order: 31,
		s2: func(b *testing.B) {
			build := func() *graph.Root {
				return cgInvokeBuild(b, graph.Constructors).(*graph.Root)
			}
			for b.Loop() {
				sink = build()
			}
			verifyRoot(b, build())
		},
		// Sweep: the same with each size's constructors.
		sweep: func(b *testing.B, g sweepGraph) {
			sink = cgInvokeBuild(b, g.ctors) // warm-up, as for the other adapters
			for b.Loop() {
				sink = cgInvokeBuild(b, g.ctors)
			}
			verifyGraph(b, cgInvokeBuild(b, g.ctors), g.n+1)
		},
	})
}

// cgInvokeBuild Invokes each constructor in order on a new injector, Maps
// each result, and returns the last one (the Root).
func cgInvokeBuild(tb testing.TB, ctors []any) any {
	inj := inject.New()
	var out []reflect.Value
	for _, ctor := range ctors {
		var err error
		if out, err = inj.Invoke(ctor); err != nil {
			tb.Fatal(err)
		}
		inj.Map(out[0].Interface())
	}
	return out[0].Interface()
}
