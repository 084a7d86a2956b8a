package container_test

// Call-time overrides (seeds 001/002/003, catalogue D 31-34, E 40-41):
// Set, Use and Args, their errors, and ErrOverrideCached.

import (
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

func TestFactories_Set_FieldByNameTaggedOrNot(t *testing.T) {
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
	assert.NotSame(t, fake, n.initTk, "Set replaces the field only, not other dependencies of the type")

	n, err = h.New.New(ctx, container.Field("Stamp", (*facStamp)(nil)))
	require.NoError(t, err)
	assert.Nil(t, n.Stamp, "Set with nil leaves the field zero; the tag is not evaluated")
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
		{"Set unknown field", func(s setup) error {
			_, err := s.notes.New.New(t.Context(), container.Field("Txt", "x"))
			return err
		}, container.ErrBadInput},
		{"Set unexported field", func(s setup) error {
			_, err := s.notes.New.New(t.Context(), container.Field("secret", "x"))
			return err
		}, container.ErrBadInput},
		{"Set wrong type", func(s setup) error {
			_, err := s.notes.New.New(t.Context(), container.Field("Text", 5))
			return err
		}, container.ErrTypeMismatch},
		{"Set given twice", func(s setup) error {
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
		{"Args on a struct registration", func(s setup) error {
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
		{"Set on a non-struct product", func(s setup) error {
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

func TestFactories_Set_UnknownFieldHintsNearestName(t *testing.T) {
	c := facNew(t)
	facMust(t, container.Provide[*facNote](c, nil, container.Transient))
	_, err := container.Resolve[*facNote](t.Context(), c, container.Field("Txt", "x"))
	e := facRequireKind(t, err, container.ErrBadInput)
	assert.Contains(t, e.Hint, `"Text"`)
	assert.Equal(t, "resolve", e.Op)
}

func TestFactories_OverrideCached_SharedRegistrations(t *testing.T) {
	overrides := []struct {
		name string
		opt  container.Option
	}{
		{"Set", container.Field("Text", "x")},
		{"Use", container.Use(&facTick{})},
	}
	regs := []struct {
		name     string
		register func(c *container.Container) error
		scoped   bool
	}{
		{"Singleton struct", func(c *container.Container) error { return container.Provide[*facNote](c, nil) }, false},
		{"Singleton constructor", func(c *container.Container) error {
			return container.Provide[*facNote](c, func() *facNote { return &facNote{} })
		}, false},
		{"Instance", func(c *container.Container) error { return container.Supply(c, &facNote{}) }, false},
		{"Scoped", func(c *container.Container) error { return container.Provide[*facNote](c, nil, container.Scoped) }, true},
	}
	for _, reg := range regs {
		for _, ov := range overrides {
			for _, built := range []bool{false, true} {
				name := reg.name + "/" + ov.name + "/before the instance exists"
				if built {
					name = reg.name + "/" + ov.name + "/after the instance exists"
				}
				t.Run(name, func(t *testing.T) {
					ctx := t.Context()
					c := facNew(t)
					facMust(t, container.Provide[*facTick](c, func() *facTick { return &facTick{} }, container.Transient))
					facMust(t, reg.register(c))
					r := c
					if reg.scoped {
						r = facScope(t, c)
					}
					var first *facNote
					if built {
						first = facResolve[*facNote](t, ctx, r)
					}
					var h facNoteFactory
					require.NoError(t, r.Populate(ctx, &h))
					_, err := h.New.New(ctx, ov.opt)
					facRequireKind(t, err, container.ErrBadInput)
					_, err = container.Resolve[*facNote](ctx, r, ov.opt)
					facRequireKind(t, err, container.ErrBadInput)
					if built {
						assert.Same(t, first, facResolve[*facNote](t, ctx, r), "the shared instance is unchanged")
						assert.Empty(t, first.Text)
					}
				})
			}
		}
	}

	t.Run("Args on a Singleton constructor", func(t *testing.T) {
		c := facNew(t)
		facMust(t, container.Provide[*facP](c, func(a, b int) *facP { return &facP{Args: []int{a, b}} }, container.Args(1)))
		_, err := container.Resolve[*facP](t.Context(), c, container.Args(2))
		facRequireKind(t, err, container.ErrBadInput)
	})

	t.Run("unregistered struct through Resolve", func(t *testing.T) {
		c := facNew(t)
		facMust(t, container.Provide[*facTick](c, func() *facTick { return &facTick{} }, container.Transient))
		_, err := container.Resolve[*facNote](t.Context(), c, container.Field("Text", "x"))
		facRequireKind(t, err, container.ErrBadInput)
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
