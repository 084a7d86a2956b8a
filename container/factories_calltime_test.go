package container_test

// Call-time overrides (seeds 001/002/003, catalogue D 31-34, E 40-41):
// Field, Use and Args, their errors, and the fresh instance they build for
// a shared (Singleton, Scoped) registration.

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

// facTick is a dependency whose constructor and Init are counted.
type facTick struct {
	Fake  bool
	inits *atomic.Int64
}

func (k *facTick) Init() {
	if k.inits != nil {
		k.inits.Add(1)
	}
}

type facStamp struct{ N int }

type facNote struct {
	Text   string
	secret string
	Tick   *facTick  `inject:""`
	Stamp  *facStamp `inject:""`
	inits  int
	initTk *facTick
}

func (n *facNote) Init(tk *facTick) {
	n.inits++
	n.initTk = tk
}

type facNoteFactory struct {
	New container.Factory[*facNote] `inject:""`
}

// facTickCounters registers *facTick (Transient) with counted constructor
// and Init calls.
func facTickCounters(t *testing.T, c *container.Container) (ctors, inits *atomic.Int64) {
	t.Helper()
	ctors, inits = new(atomic.Int64), new(atomic.Int64)
	facMust(t, container.Provide[*facTick](c, func() *facTick {
		ctors.Add(1)
		return &facTick{inits: inits}
	}, container.Transient))
	return ctors, inits
}

func TestFactories_CallTimeField_ByNameTaggedOrNot(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	ctors, inits := facTickCounters(t, c)
	var h facNoteFactory
	require.NoError(t, c.Populate(ctx, &h))

	n, err := h.New.New(ctx, container.Field("Text", "hi"))
	require.NoError(t, err)
	assert.Equal(t, "hi", n.Text, "an untagged field")
	assert.NotNil(t, n.Tick)
	assert.Equal(t, 1, n.inits)

	ctors.Store(0)
	inits.Store(0)
	fake := &facTick{Fake: true}
	n, err = h.New.New(ctx, container.Field("Tick", fake))
	require.NoError(t, err)
	assert.Same(t, fake, n.Tick, "a tagged field")
	// Init(tk *facTick) still resolves its own parameter: one build.
	assert.Equal(t, int64(1), ctors.Load(), "the replaced field injection was not evaluated")
	assert.Equal(t, int64(1), inits.Load())
	assert.NotSame(t, fake, n.initTk, "Field replaces the field only, not other dependencies of the type")

	n, err = h.New.New(ctx, container.Field("Stamp", (*facStamp)(nil)))
	require.NoError(t, err)
	assert.Nil(t, n.Stamp, "Field with nil leaves the field zero; the tag is not evaluated")
}

func TestFactories_Use_DependencyByTypeNotResolved(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	ctors, inits := facTickCounters(t, c)
	var h facNoteFactory
	require.NoError(t, c.Populate(ctx, &h))

	fake := &facTick{Fake: true}
	n, err := h.New.New(ctx, container.Use(fake))
	require.NoError(t, err)
	assert.Same(t, fake, n.Tick, "the tagged field")
	assert.Same(t, fake, n.initTk, "the Init parameter")
	assert.Equal(t, int64(0), ctors.Load(), "the replaced dependency was not resolved")
	assert.Equal(t, int64(0), inits.Load())
}

type facReport struct {
	Tick  *facTick
	Stamp *facStamp
}

func TestFactories_Use_ConstructorParameter(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	ctors, _ := facTickCounters(t, c)
	facMust(t, container.Provide[*facStamp](c, nil)) // a parameter is never built implicitly
	facMust(t, container.Provide[*facReport](c, func(tk *facTick, st *facStamp) *facReport {
		return &facReport{Tick: tk, Stamp: st}
	}, container.Transient))
	fake := &facTick{Fake: true}
	r := facResolve[*facReport](t, ctx, c, container.Use(fake))
	assert.Same(t, fake, r.Tick)
	assert.NotNil(t, r.Stamp)
	assert.Equal(t, int64(0), ctors.Load())
}

// Args: Factory(P, 1, 2)(3, 4) gives P(1, 2, 3, 4).

type facP struct{ Args []int }

type facPFactory struct {
	New container.Factory[*facP] `inject:""`
}

func TestFactories_Args_AppendedAfterRegisteredArgs(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	facMust(t, container.Provide[*facP](c, func(a, b, cc, d int) *facP {
		return &facP{Args: []int{a, b, cc, d}}
	}, container.Args(1, 2), container.Transient))
	facMust(t, container.Supply(c, 99)) // fills parameters not covered by Args

	var h facPFactory
	require.NoError(t, c.Populate(ctx, &h))
	p, err := h.New.New(ctx, container.Args(3, 4))
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2, 3, 4}, p.Args)

	p = facResolve[*facP](t, ctx, c, container.Args(3, 4))
	assert.Equal(t, []int{1, 2, 3, 4}, p.Args, "Resolve takes Args too")

	p, err = h.New.New(ctx, container.Args(3))
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2, 3, 99}, p.Args, "the remaining parameters are resolved by type")

	p, err = h.New.New(ctx)
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2, 99, 99}, p.Args)
}

func TestFactories_Invoke_ArgsAndUse(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	ctors, _ := facTickCounters(t, c)
	fake := &facTick{Fake: true}
	var gotN int
	var gotTick *facTick
	require.NoError(t, c.Invoke(ctx, func(n int, tk *facTick) { gotN, gotTick = n, tk },
		container.Args(5), container.Use(fake)))
	assert.Equal(t, 5, gotN)
	assert.Same(t, fake, gotTick)
	assert.Equal(t, int64(0), ctors.Load())

	err := c.Invoke(ctx, func(int) {}, container.Use(&facStamp{}))
	facRequireKind(t, err, container.ErrBadInput)
}

type facNum int

type facNumFactory struct {
	New container.Factory[facNum] `inject:""`
}

func TestFactories_CallTimeOverride_Errors(t *testing.T) {
	type setup struct {
		notes *facNoteFactory
		ps    *facPFactory
		nums  *facNumFactory
	}
	cases := []struct {
		name string
		call func(s setup) error
		kind error
	}{
		{"Field naming an unknown field", func(s setup) error {
			_, err := s.notes.New.New(t.Context(), container.Field("Txt", "x"))
			return err
		}, container.ErrBadInput},
		{"Field naming an unexported field", func(s setup) error {
			_, err := s.notes.New.New(t.Context(), container.Field("secret", "x"))
			return err
		}, container.ErrBadInput},
		{"Field of the wrong type", func(s setup) error {
			_, err := s.notes.New.New(t.Context(), container.Field("Text", 5))
			return err
		}, container.ErrTypeMismatch},
		{"Field given twice", func(s setup) error {
			_, err := s.notes.New.New(t.Context(), container.Field("Text", "a"), container.Field("Text", "b"))
			return err
		}, container.ErrBadInput},
		{"Use matching nothing", func(s setup) error {
			_, err := s.notes.New.New(t.Context(), container.Use(&facReport{}))
			return err
		}, container.ErrBadInput},
		{"Use given twice", func(s setup) error {
			_, err := s.notes.New.New(t.Context(), container.Use(&facTick{}), container.Use(&facTick{}))
			return err
		}, container.ErrBadInput},
		{"nil option", func(s setup) error {
			_, err := s.notes.New.New(t.Context(), nil)
			return err
		}, container.ErrBadInput},
		{"Args on a zero-value struct", func(s setup) error {
			_, err := s.notes.New.New(t.Context(), container.Args(1))
			return err
		}, container.ErrBadInput},
		{"too many Args", func(s setup) error {
			_, err := s.ps.New.New(t.Context(), container.Args(3, 4, 5))
			return err
		}, container.ErrBadInput},
		{"Args of the wrong type", func(s setup) error {
			_, err := s.ps.New.New(t.Context(), container.Args("three", 4))
			return err
		}, container.ErrTypeMismatch},
		{"Args given twice", func(s setup) error {
			_, err := s.ps.New.New(t.Context(), container.Args(3), container.Args(4))
			return err
		}, container.ErrBadInput},
		{"Field on a non-struct product", func(s setup) error {
			_, err := s.nums.New.New(t.Context(), container.Field("X", 1))
			return err
		}, container.ErrBadInput},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			c := facNew(t)
			ctors, _ := facTickCounters(t, c)
			var pBuilds atomic.Int64
			facMust(t, container.Provide[*facP](c, func(a, b, cc, d int) *facP {
				pBuilds.Add(1)
				return &facP{Args: []int{a, b, cc, d}}
			}, container.Args(1, 2), container.Transient))
			facMust(t, container.Provide[facNum](c, func() facNum { return 7 }, container.Transient))
			s := setup{new(facNoteFactory), new(facPFactory), new(facNumFactory)}
			require.NoError(t, c.Populate(ctx, s.notes, s.ps, s.nums))

			e := facRequireKind(t, tc.call(s), tc.kind)
			assert.Equal(t, "factory", e.Op)
			assert.Equal(t, int64(0), ctors.Load(), "overrides are checked before anything is built")
			assert.Equal(t, int64(0), pBuilds.Load())
		})
	}
}

func TestFactories_CallTimeField_UnknownFieldHintsNearestName(t *testing.T) {
	c := facNew(t)
	facMust(t, container.Provide[*facNote](c, nil, container.Transient))
	_, err := container.Resolve[*facNote](t.Context(), c, container.Field("Txt", "x"))
	e := facRequireKind(t, err, container.ErrBadInput)
	assert.Contains(t, e.Hint, `"Text"`)
	assert.Equal(t, "resolve", e.Op)
}

// Call-time overrides on a shared (Singleton, Scoped) registration build a
// fresh instance for that call: the override applies to it, it is neither
// cached nor shared, and the shared instance stays untouched (the same
// object, built without the override).
func TestFactories_CallTimeOverrides_SharedRegistrationsBuildFresh(t *testing.T) {
	fake := &facTick{Fake: true}
	overrides := []struct {
		name  string
		opt   container.Option
		check func(t *testing.T, n *facNote)
	}{
		{"Field", container.Field("Text", "x"), func(t *testing.T, n *facNote) {
			assert.Equal(t, "x", n.Text, "the Field override applies")
			assert.NotNil(t, n.Tick, "the other fields are injected")
		}},
		{"Use", container.Use(fake), func(t *testing.T, n *facNote) {
			assert.Same(t, fake, n.Tick, "the Use override fills the field")
			assert.Same(t, fake, n.initTk, "the Use override fills the Init parameter")
		}},
	}
	regs := []struct {
		name     string
		register func(c *container.Container, builds *atomic.Int64) error
		scoped   bool
	}{
		{"Singleton zero value", func(c *container.Container, builds *atomic.Int64) error {
			return container.Provide[*facNote](c, nil, container.OnClose(func(context.Context, *facNote) error {
				builds.Add(1) // counted when closed: every instance built is closed once
				return nil
			}))
		}, false},
		{"Singleton constructor", func(c *container.Container, builds *atomic.Int64) error {
			return container.Provide[*facNote](c, func() *facNote { builds.Add(1); return &facNote{} })
		}, false},
		{"Scoped constructor", func(c *container.Container, builds *atomic.Int64) error {
			return container.Provide[*facNote](c, func() *facNote { builds.Add(1); return &facNote{} }, container.Scoped)
		}, true},
	}
	for _, reg := range regs {
		for _, ov := range overrides {
			for _, built := range []bool{false, true} {
				name := reg.name + "/" + ov.name + "/before the shared instance exists"
				if built {
					name = reg.name + "/" + ov.name + "/after the shared instance exists"
				}
				t.Run(name, func(t *testing.T) {
					ctx := t.Context()
					c := container.New()
					var builds atomic.Int64
					facMust(t, container.Provide[*facTick](c, func() *facTick { return &facTick{} }, container.Transient))
					facMust(t, reg.register(c, &builds))
					r := c
					if reg.scoped {
						r = c.NewScope()
					}
					var first *facNote
					if built {
						first = facResolve[*facNote](t, ctx, r)
						assert.Empty(t, first.Text)
						assert.NotSame(t, fake, first.Tick)
					}
					var h facNoteFactory
					require.NoError(t, r.Populate(ctx, &h))
					n1, err := h.New.New(ctx, ov.opt)
					require.NoError(t, err, "Factory.New with an override on a shared registration")
					ov.check(t, n1)
					assert.Equal(t, 1, n1.inits, "the fresh instance is initialised")
					n2 := facResolve[*facNote](t, ctx, r, ov.opt)
					ov.check(t, n2)
					assert.NotSame(t, n1, n2, "each call with overrides gets its own instance")

					shared := facResolve[*facNote](t, ctx, r)
					if built {
						assert.Same(t, first, shared, "the shared instance is still the same object")
					}
					assert.NotSame(t, n1, shared, "the instance built with overrides is not cached")
					assert.NotSame(t, n2, shared, "the instance built with overrides is not cached")
					assert.Empty(t, shared.Text, "the shared instance did not receive the override")
					assert.NotSame(t, fake, shared.Tick, "the shared instance did not receive the override")
					assert.NotSame(t, fake, shared.initTk)
					assert.Equal(t, 1, shared.inits)
					assert.Same(t, shared, facResolve[*facNote](t, ctx, r), "the shared instance stays shared")

					if reg.scoped {
						require.NoError(t, r.Close(ctx))
					}
					require.NoError(t, c.Close(ctx))
					assert.Equal(t, int64(3), builds.Load(), "two fresh instances and one shared instance")
				})
			}
		}
	}

	t.Run("registered value", func(t *testing.T) {
		for _, ov := range overrides {
			t.Run(ov.name, func(t *testing.T) {
				ctx := t.Context()
				c := facNew(t)
				facMust(t, container.Provide[*facTick](c, func() *facTick { return &facTick{} }, container.Transient))
				value := &facNote{Text: "value"}
				// The value is used as it is: its tagged fields stay zero.
				facMust(t, container.Supply(c, value, container.Complete()))
				var h facNoteFactory
				require.NoError(t, c.Populate(ctx, &h))
				_, err := h.New.New(ctx, ov.opt)
				facRequireKind(t, err, container.ErrBadInput)
				_, err = container.Resolve[*facNote](ctx, c, ov.opt)
				facRequireKind(t, err, container.ErrBadInput)
				assert.Same(t, value, facResolve[*facNote](t, ctx, c), "the value is still the one registered")
				assert.Equal(t, "value", value.Text)
				assert.Nil(t, value.Tick, "a Complete value is not populated")
			})
		}
	})

	t.Run("Args on a Singleton constructor", func(t *testing.T) {
		ctx := t.Context()
		c := facNew(t)
		facMust(t, container.Supply(c, 9)) // the shared instance's second parameter
		facMust(t, container.Provide[*facP](c, func(a, b int) *facP { return &facP{Args: []int{a, b}} }, container.Args(1)))
		shared := facResolve[*facP](t, ctx, c)
		assert.Equal(t, []int{1, 9}, shared.Args)
		p := facResolve[*facP](t, ctx, c, container.Args(2))
		assert.Equal(t, []int{1, 2}, p.Args, "call-time Args follow the registered Args")
		assert.NotSame(t, shared, p)
		assert.Same(t, shared, facResolve[*facP](t, ctx, c), "the Singleton is untouched")
		assert.Equal(t, []int{1, 9}, shared.Args)
	})

	t.Run("unregistered struct through Resolve", func(t *testing.T) {
		ctx := t.Context()
		c := facNew(t)
		facMust(t, container.Provide[*facTick](c, func() *facTick { return &facTick{} }, container.Transient))
		shared := facResolve[*facNote](t, ctx, c)
		n := facResolve[*facNote](t, ctx, c, container.Field("Text", "x"))
		assert.Equal(t, "x", n.Text)
		assert.NotSame(t, shared, n)
		assert.Same(t, shared, facResolve[*facNote](t, ctx, c), "the implicit Singleton is untouched")
		assert.Empty(t, shared.Text)
	})
}

// Use replaces what would be resolved by type: constructor parameters not
// covered by positional Args, and Dep providers given at registration.
func TestFactories_Use_WithArgsAndRegistrationProviders(t *testing.T) {
	t.Run("parameters left after Args", func(t *testing.T) {
		ctx := t.Context()
		c := facNew(t)
		facMust(t, container.Provide[*facP](c, func(a, b, cc, d int) *facP {
			return &facP{Args: []int{a, b, cc, d}}
		}, container.Args(1, 2), container.Transient))
		p := facResolve[*facP](t, ctx, c, container.Args(3), container.Use(50))
		assert.Equal(t, []int{1, 2, 3, 50}, p.Args)

		_, err := container.Resolve[*facP](ctx, c, container.Args(3, 4), container.Use(50))
		facRequireKind(t, err, container.ErrBadInput)
	})

	t.Run("Dep in registration Args", func(t *testing.T) {
		ctx := t.Context()
		c := facNew(t)
		photos := facPhotos(t, c, container.Transient)
		facMust(t, container.Provide[*facUser](c, func(uid int, p *facPhoto) *facUser {
			return &facUser{UID: uid, MainPhoto: p}
		}, container.Args(7, container.Dep[*facPhoto]()), container.Transient))
		mine := &facPhoto{ID: -1}
		u := facResolve[*facUser](t, ctx, c, container.Use(mine))
		assert.Same(t, mine, u.MainPhoto)
		assert.Equal(t, int64(0), photos.Load())
	})

	t.Run("Dep in a registration Field", func(t *testing.T) {
		ctx := t.Context()
		c := facNew(t)
		photos := facPhotos(t, c, container.Transient)
		facMust(t, container.Provide[*facUser](c, nil, container.Transient, container.Field("MainPhoto", container.Dep[*facPhoto]())))
		mine := &facPhoto{ID: -1}
		u := facResolve[*facUser](t, ctx, c, container.Use(mine))
		assert.Same(t, mine, u.MainPhoto)
		assert.Equal(t, int64(0), photos.Load())
	})

	t.Run("a plain registration value is not a dependency", func(t *testing.T) {
		ctx := t.Context()
		c := facNew(t)
		facMust(t, container.Provide[*facUser](c, func(uid int, p *facPhoto) *facUser {
			return &facUser{UID: uid, MainPhoto: p}
		}, container.Args(7, &facPhoto{}), container.Transient))
		_, err := container.Resolve[*facUser](ctx, c, container.Use(&facPhoto{}))
		facRequireKind(t, err, container.ErrBadInput)
	})
}
