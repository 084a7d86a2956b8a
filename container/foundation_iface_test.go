package container_test

// Rule 3: interface fields.

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

type fndGreetApp struct {
	G fndGreeter `inject:""`
}

type fndGreetReachEn struct {
	G  fndGreeter  `inject:""`
	En *fndEnglish `inject:""`
}

type fndGreetReachEnFirst struct {
	En *fndEnglish `inject:""`
	G  fndGreeter  `inject:""`
}

type fndEnHolder struct {
	En *fndEnglish `inject:""`
}

type fndGreetDeep struct {
	G      fndGreeter   `inject:""`
	Holder *fndEnHolder `inject:""`
}

type fndGreetBoth struct {
	Tracked *fndTracked `inject:""`
	En      *fndEnglish `inject:""`
	Fr      *fndFrench  `inject:""`
	G       fndGreeter  `inject:""`
}

type fndNobodyApp struct {
	Tracked *fndTracked `inject:""`
	N       fndNobody   `inject:""`
}

func TestFoundation_InterfaceResolution(t *testing.T) {
	ctx := context.Background()
	fr := &fndFrench{Word: "registered"}
	cases := []struct {
		name   string
		setup  func(t *testing.T, c *container.Container)
		target func() any
		// check gets the populated target and the container.
		check func(t *testing.T, c *container.Container, target any)
	}{
		{"As", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Provide[*fndFrench](c, nil, container.As[fndGreeter]()))
		}, func() any { return &fndGreetApp{} }, func(t *testing.T, c *container.Container, tg any) {
			g := tg.(*fndGreetApp).G
			require.IsType(t, &fndFrench{}, g)
			impl, err := container.Resolve[*fndFrench](ctx, c)
			require.NoError(t, err)
			assert.Same(t, impl, g, "As shares the implementation's instance")
		}},
		{"Provide[I]", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Provide[fndGreeter](c, func() fndGreeter { return &fndFrench{Word: "ctor"} }))
		}, func() any { return &fndGreetApp{} }, func(t *testing.T, c *container.Container, tg any) {
			g := tg.(*fndGreetApp).G
			require.IsType(t, &fndFrench{}, g)
			assert.Equal(t, "ctor", g.(*fndFrench).Word)
		}},
		{"Provide[I] with a value", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Provide[fndGreeter](c, fr))
		}, func() any { return &fndGreetApp{} }, func(t *testing.T, c *container.Container, tg any) {
			assert.Same(t, fr, tg.(*fndGreetApp).G)
			impl, err := container.Resolve[*fndFrench](ctx, c)
			require.NoError(t, err)
			assert.Same(t, fr, impl, "the value is also registered under its own concrete type")
		}},
		{"Supply of the unique implementation", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Supply(c, fr))
		}, func() any { return &fndGreetApp{} }, func(t *testing.T, c *container.Container, tg any) {
			assert.Same(t, fr, tg.(*fndGreetApp).G)
		}},
		{"Provide of the unique implementation", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Provide[*fndFrench](c, func() *fndFrench { return &fndFrench{Word: "p"} }))
		}, func() any { return &fndGreetApp{} }, func(t *testing.T, c *container.Container, tg any) {
			impl, err := container.Resolve[*fndFrench](ctx, c)
			require.NoError(t, err)
			assert.Same(t, impl, tg.(*fndGreetApp).G)
			assert.Equal(t, "p", impl.Word)
		}},
		{"unique reachable struct, field before it", nil, func() any { return &fndGreetReachEn{} },
			func(t *testing.T, c *container.Container, tg any) {
				app := tg.(*fndGreetReachEn)
				require.NotNil(t, app.En)
				assert.Same(t, app.En, app.G)
			}},
		{"unique reachable struct, field after it", nil, func() any { return &fndGreetReachEnFirst{} },
			func(t *testing.T, c *container.Container, tg any) {
				app := tg.(*fndGreetReachEnFirst)
				require.NotNil(t, app.En)
				assert.Same(t, app.En, app.G)
			}},
		{"unique reachable struct, deeper in the graph", nil, func() any { return &fndGreetDeep{} },
			func(t *testing.T, c *container.Container, tg any) {
				app := tg.(*fndGreetDeep)
				require.NotNil(t, app.Holder)
				require.NotNil(t, app.Holder.En)
				assert.Same(t, app.Holder.En, app.G)
			}},
		{"registered implementation beats a reachable one", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Supply(c, fr))
		}, func() any { return &fndGreetReachEn{} }, func(t *testing.T, c *container.Container, tg any) {
			app := tg.(*fndGreetReachEn)
			assert.Same(t, fr, app.G)
			require.NotNil(t, app.En)
		}},
		{"named registration ignored, reachable used", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Supply(c, fr, container.Named("fr")))
		}, func() any { return &fndGreetReachEn{} }, func(t *testing.T, c *container.Container, tg any) {
			app := tg.(*fndGreetReachEn)
			assert.Same(t, app.En, app.G)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := fndNewLogged(t)
			if tc.setup != nil {
				tc.setup(t, c)
			}
			tg := tc.target()
			require.NoError(t, c.Populate(ctx, tg))
			tc.check(t, c, tg)
		})
	}
}

// The implementation of an interface field never depends on what the
// container built before: a struct type built by an earlier, unrelated
// Populate is not a candidate for a graph that cannot reach it.
func TestFoundation_InterfaceChoiceIgnoresHistory(t *testing.T) {
	ctx := context.Background()
	fresh := container.New()
	var want fndGreetApp
	wantErr := fresh.Populate(ctx, &want)
	require.ErrorIs(t, wantErr, container.ErrNotFound)

	c := container.New()
	var h fndEnHolder
	require.NoError(t, c.Populate(ctx, &h), "builds a *fndEnglish")
	var app fndGreetApp
	err := c.Populate(ctx, &app)
	require.ErrorIs(t, err, container.ErrNotFound, "the *fndEnglish built before is not a candidate")
	assert.Equal(t, wantErr.Error(), err.Error(), "the same error as on a fresh container")
	assert.Nil(t, app.G)
}

func TestFoundation_ResolveInterface(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	require.NoError(t, container.Provide[*fndEnglish](c, nil, container.As[fndGreeter]()))
	g, err := container.Resolve[fndGreeter](ctx, c)
	require.NoError(t, err)
	en, err := container.Resolve[*fndEnglish](ctx, c)
	require.NoError(t, err)
	assert.Same(t, en, g)

	var app fndGreetApp
	require.NoError(t, c.Populate(ctx, &app))
	assert.Same(t, en, app.G)
}

func TestFoundation_InterfaceErrors(t *testing.T) {
	ctx := context.Background()
	en, fr := &fndEnglish{}, &fndFrench{}
	cases := []struct {
		name   string
		setup  func(t *testing.T, c *container.Container)
		target func() any
		want   fndWant
		fix    func(t *testing.T, c *container.Container)
	}{
		{"nothing implements it", nil, func() any { return &fndNobodyApp{} }, fndWant{
			kind: container.ErrNotFound, op: "populate", path: "fndNobodyApp.N",
			typ: fndTypeOf[fndNobody](), hint: "container.As[",
		}, func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Provide[fndNobody](c, fndNobodyFake{ID: 1}))
		}},
		{"nothing reachable implements it", nil, func() any { return &fndGreetApp{} }, fndWant{
			kind: container.ErrNotFound, op: "populate", path: "fndGreetApp.G",
			typ: fndTypeOf[fndGreeter](), needHint: true,
		}, func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Provide[*fndEnglish](c, nil, container.As[fndGreeter]()))
		}},
		{"only a named registration implements it", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Supply(c, en, container.Named("en")))
		}, func() any { return &fndGreetApp{} }, fndWant{
			kind: container.ErrNotFound, op: "populate", path: "fndGreetApp.G",
			typ: fndTypeOf[fndGreeter](), hint: `"en"`,
		}, func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Supply(c, fr))
		}},
		{"two registered implementations", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Supply(c, en))
			require.NoError(t, container.Supply(c, fr))
		}, func() any { return &fndGreetApp{} }, fndWant{
			kind: container.ErrAmbiguous, op: "populate", path: "fndGreetApp.G",
			typ: fndTypeOf[fndGreeter](), needHint: true,
			msg: []string{"*container_test.fndEnglish", "*container_test.fndFrench"},
		}, func(t *testing.T, c *container.Container) {
			// *fndFrench already has a registration (the value): the
			// interface is provided from it, not by a second registration.
			require.NoError(t, container.Provide[fndGreeter](c, func(f *fndFrench) fndGreeter { return f }))
			g, err := container.Resolve[fndGreeter](ctx, c)
			require.NoError(t, err)
			assert.Same(t, fr, g, "the interface resolves to the registered value")
		}},
		{"two registrations of the interface", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Provide[fndGreeter](c, func() fndGreeter { return en }))
			require.NoError(t, container.Provide[fndGreeter](c, fr))
		}, func() any { return &fndGreetApp{} }, fndWant{
			kind: container.ErrAmbiguous, op: "populate", path: "fndGreetApp.G",
			typ: fndTypeOf[fndGreeter](), needHint: true,
			msg: []string{"container_test.fndGreeter (value)", "container_test.fndGreeter (constructor"},
		}, nil},
		{"two reachable unregistered implementations", nil, func() any { return &fndGreetBoth{} }, fndWant{
			kind: container.ErrAmbiguous, op: "populate", path: "fndGreetBoth.G",
			typ: fndTypeOf[fndGreeter](), needHint: true,
			msg: []string{"*container_test.fndEnglish, *container_test.fndFrench"},
		}, func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Provide[*fndFrench](c, nil, container.As[fndGreeter]()))
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, log := fndNewLogged(t)
			if tc.setup != nil {
				tc.setup(t, c)
			}
			tg := tc.target()
			before := fndSnapshot(tg)
			err := c.Populate(ctx, tg)
			fndCheckErr(t, err, tc.want)
			fndRequireUntouched(t, before, tg)
			failed := log.Seen()
			if tc.fix == nil {
				return
			}
			tc.fix(t, c)
			require.NoError(t, c.Populate(ctx, tg))
			if both, ok := tg.(*fndGreetBoth); ok {
				assert.Same(t, both.Fr, both.G)
				assert.False(t, fndContainsPtr(failed, both.Tracked))
				assert.Equal(t, 1, both.Tracked.N)
			}
			if app, ok := tg.(*fndGreetApp); ok {
				assert.NotNil(t, app.G)
			}
			if app, ok := tg.(*fndNobodyApp); ok {
				assert.False(t, fndContainsPtr(failed, app.Tracked))
				assert.Equal(t, fndNobodyFake{ID: 1}, app.N)
			}
		})
	}
}

// Registration order never changes which implementation is chosen.
func TestFoundation_InterfaceRegistrationOrder(t *testing.T) {
	ctx := context.Background()
	type reg func(t *testing.T, c *container.Container)
	instEn := func(t *testing.T, c *container.Container) {
		require.NoError(t, container.Supply(c, &fndEnglish{Word: "en"}))
	}
	instFr := func(t *testing.T, c *container.Container) {
		require.NoError(t, container.Supply(c, &fndFrench{Word: "fr"}))
	}
	namedFr := func(t *testing.T, c *container.Container) {
		require.NoError(t, container.Supply(c, &fndFrench{Word: "named"}, container.Named("fr")))
	}
	namedEn := func(t *testing.T, c *container.Container) {
		require.NoError(t, container.Provide[fndGreeter](c, &fndEnglish{Word: "named"}, container.Named("en")))
	}
	asFr := func(t *testing.T, c *container.Container) {
		require.NoError(t, container.Provide[*fndFrench](c, nil, container.As[fndGreeter]()))
	}
	provEn := func(t *testing.T, c *container.Container) {
		require.NoError(t, container.Provide[*fndEnglish](c, func() *fndEnglish { return &fndEnglish{Word: "prov"} }))
	}

	cases := []struct {
		name    string
		regs    []reg
		target  func() any
		want    string // Word of the chosen greeter; "" with wantErr
		wantErr error
	}{
		{"unnamed beats named", []reg{instEn, namedFr, namedEn}, func() any { return &fndGreetApp{} }, "en", nil},
		{"As beats another registered implementation", []reg{asFr, instEn, namedFr}, func() any { return &fndGreetApp{} }, "", nil},
		{"two unnamed implementations are ambiguous", []reg{instEn, instFr, namedEn}, func() any { return &fndGreetApp{} }, "", container.ErrAmbiguous},
		{"registered beats reachable", []reg{instFr, namedEn}, func() any { return &fndGreetReachEn{} }, "fr", nil},
		{"provided beats reachable", []reg{provEn, namedFr}, func() any { return &fndGreetBoth{} }, "prov", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, perm := range fndPermutations(len(tc.regs)) {
				t.Run(fndPermName(perm), func(t *testing.T) {
					c, _ := fndNewLogged(t)
					for _, i := range perm {
						tc.regs[i](t, c)
					}
					tg := tc.target()
					err := c.Populate(ctx, tg)
					if tc.wantErr != nil {
						require.ErrorIs(t, err, tc.wantErr)
						return
					}
					require.NoError(t, err)
					var g fndGreeter
					switch x := tg.(type) {
					case *fndGreetApp:
						g = x.G
					case *fndGreetReachEn:
						g = x.G
					case *fndGreetBoth:
						g = x.G
					}
					require.NotNil(t, g)
					switch tc.name {
					case "As beats another registered implementation":
						impl, err := container.Resolve[*fndFrench](ctx, c)
						require.NoError(t, err)
						assert.Same(t, impl, g)
					default:
						switch w := g.(type) {
						case *fndEnglish:
							assert.Equal(t, tc.want, w.Word)
						case *fndFrench:
							assert.Equal(t, tc.want, w.Word)
						}
					}
				})
			}
		})
	}
}

// A *container.Container field receives the container; it does not make
// the Container type an implicit implementation of interfaces (a zero
// Container is not usable).

type fndCtxCloser interface {
	Close(ctx context.Context) error
}

type fndCloserApp struct {
	C      *container.Container `inject:""`
	Closer fndCtxCloser         `inject:""`
}

func TestFoundation_ContainerFieldIsNotAnImplementation(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	var app fndCloserApp
	err := c.Populate(ctx, &app)
	if err != nil {
		// Nothing implements fndCtxCloser: ErrNotFound is the answer.
		fndCheckErr(t, err, fndWant{
			kind: container.ErrNotFound, op: "populate", path: "fndCloserApp.Closer",
			typ: fndTypeOf[fndCtxCloser](), needHint: true,
		})
		assert.Equal(t, fndCloserApp{}, app)
		return
	}
	// Otherwise the only acceptable implementation is the container itself.
	assert.True(t, app.C == c, "the *Container field receives the container")
	assert.True(t, app.Closer == fndCtxCloser(c), "a *Container other than the populating one was injected into Closer")
	require.NotPanics(t, func() { _ = app.Closer.Close(ctx) })
}
