package container_test

// Builds that run no user code skip the call machinery (pure.go). These
// tests pin that such builds give exactly what the general path gives, and
// that everything the general path must see (observers, decorators, ended
// contexts, closed containers, cycles, cleanups) still goes through it.

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

type puDB struct{ N int }

type puLeaf struct {
	DB *puDB `inject:""`
}

type puMid struct {
	Leaf *puLeaf `inject:"private"`
	DB   *puDB   `inject:""`
}

type puTop struct {
	Mid *puMid `inject:"private"`
}

// puCycA and puCycB form a cycle of private fields.
type puCycA struct {
	B *puCycB `inject:"private"`
}

type puCycB struct {
	A *puCycA `inject:"private"`
}

// puClosable has a Close method, so AutoClose gives it a cleanup; it
// counts its closes in the shared puDB.
type puClosable struct {
	DB *puDB `inject:""`
}

func (p *puClosable) Close() { p.DB.N++ }

// puDisposable embeds Disposable: its cleanup marks it disposed.
type puDisposable struct {
	container.Disposable
	DB *puDB `inject:""`
}

func puContainer(t *testing.T, opts ...container.Option) (*container.Container, *puDB) {
	t.Helper()
	c := container.New(opts...)
	db := &puDB{N: 7}
	require.NoError(t, container.Supply(c, db))
	require.NoError(t, container.Provide[*puLeaf](c, nil, container.Transient))
	require.NoError(t, container.Provide[*puMid](c, nil, container.Transient))
	require.NoError(t, container.Provide[*puTop](c, nil, container.Transient))
	return c, db
}

func TestPure_SameResultAsTheGeneralPath(t *testing.T) {
	ctx := context.Background()
	c, db := puContainer(t)
	for range 3 { // the first call takes the general path (and fills the caches), the next ones the pure one
		a, err := container.Resolve[*puTop](ctx, c)
		require.NoError(t, err)
		b, err := container.Resolve[*puTop](ctx, c)
		require.NoError(t, err)
		assert.NotSame(t, a, b, "Transient: fresh each call")
		assert.NotSame(t, a.Mid, b.Mid, "private: fresh each time")
		assert.NotSame(t, a.Mid.Leaf, b.Mid.Leaf)
		assert.Same(t, db, a.Mid.DB, "the Singleton is shared")
		assert.Same(t, db, a.Mid.Leaf.DB)
	}
	// A factory of an unregistered struct.
	var h struct {
		New container.Factory[*puLeaf] `inject:""`
	}
	require.NoError(t, c.Populate(ctx, &h))
	for range 3 {
		l, err := h.New.New(ctx)
		require.NoError(t, err)
		assert.Same(t, db, l.DB)
	}
}

func TestPure_WhatTheGeneralPathMustSee(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		check func(t *testing.T)
	}{
		{"an observer is told about every build", func(t *testing.T) {
			rec := &obsRec{}
			c := container.New(container.Observe(rec))
			require.NoError(t, container.Supply(c, &puDB{}))
			require.NoError(t, container.Provide[*puLeaf](c, nil, container.Transient))
			for range 3 {
				_, err := container.Resolve[*puLeaf](ctx, c)
				require.NoError(t, err)
			}
			built := 0
			for _, l := range rec.take() {
				if l == "built *container_test.puLeaf Transient zero value" {
					built++
				}
			}
			assert.Equal(t, 3, built)
		}},
		{"a decorator added after pure builds applies to the next one", func(t *testing.T) {
			c, _ := puContainer(t)
			for range 2 {
				_, err := container.Resolve[*puLeaf](ctx, c)
				require.NoError(t, err)
			}
			calls := 0
			require.NoError(t, container.Decorate[*puLeaf](c, func(l *puLeaf) *puLeaf { calls++; return l }))
			_, err := container.Resolve[*puLeaf](ctx, c)
			require.NoError(t, err)
			assert.Equal(t, 1, calls)
		}},
		{"an ended context is an error", func(t *testing.T) {
			c, _ := puContainer(t)
			_, err := container.Resolve[*puTop](ctx, c)
			require.NoError(t, err)
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			_, err = container.Resolve[*puTop](cctx, c)
			require.ErrorIs(t, err, context.Canceled)
		}},
		{"a closed container is an error", func(t *testing.T) {
			c, _ := puContainer(t)
			_, err := container.Resolve[*puTop](ctx, c)
			require.NoError(t, err)
			require.NoError(t, c.Close(ctx))
			_, err = container.Resolve[*puTop](ctx, c)
			require.ErrorIs(t, err, container.ErrClosed)
		}},
		{"a cycle of private fields is ErrCycle", func(t *testing.T) {
			c := container.New()
			require.NoError(t, container.Provide[*puCycA](c, nil, container.Transient))
			require.NoError(t, container.Provide[*puCycB](c, nil, container.Transient))
			for range 2 {
				_, err := container.Resolve[*puCycA](ctx, c)
				require.ErrorIs(t, err, container.ErrCycle)
			}
		}},
		{"a Singleton field not built yet is built", func(t *testing.T) {
			c := container.New()
			require.NoError(t, container.Provide[*puLeaf](c, nil, container.Transient))
			a, err := container.Resolve[*puLeaf](ctx, c)
			require.NoError(t, err)
			b, err := container.Resolve[*puLeaf](ctx, c)
			require.NoError(t, err)
			assert.Same(t, a.DB, b.DB)
		}},
		{"instances with cleanups keep them (AutoClose, Disposable)", func(t *testing.T) {
			c, db := puContainer(t, container.AutoClose())
			require.NoError(t, container.Provide[*puClosable](c, nil, container.Transient))
			require.NoError(t, container.Provide[*puDisposable](c, nil, container.Transient))
			var ds []*puDisposable
			for range 3 {
				_, err := container.Resolve[*puClosable](ctx, c)
				require.NoError(t, err)
				d, err := container.Resolve[*puDisposable](ctx, c)
				require.NoError(t, err)
				ds = append(ds, d)
			}
			require.NoError(t, c.Close(ctx))
			assert.Equal(t, 7+3, db.N, "every instance was closed")
			for _, d := range ds {
				assert.True(t, d.Disposed())
			}
		}},
		{"a Singleton Reset after pure builds: the next instance takes the new one", func(t *testing.T) {
			c := container.New()
			require.NoError(t, container.Provide[*puLeaf](c, nil, container.Transient))
			var first *puDB
			for range 3 { // the first builds the Singleton (general path), the next ones are pure
				l, err := container.Resolve[*puLeaf](ctx, c)
				require.NoError(t, err)
				if first == nil {
					first = l.DB
				}
				assert.Same(t, first, l.DB)
			}
			require.NoError(t, container.Reset[*puDB](ctx, c))
			var second *puDB
			for range 3 {
				l, err := container.Resolve[*puLeaf](ctx, c)
				require.NoError(t, err)
				if second == nil {
					second = l.DB
				}
				assert.Same(t, second, l.DB)
			}
			assert.NotSame(t, first, second, "not the discarded instance")
		}},
		{"call-time overrides still apply", func(t *testing.T) {
			c, _ := puContainer(t)
			other := &puDB{N: 9}
			for range 2 {
				l, err := container.Resolve[*puLeaf](ctx, c, container.Use(other))
				require.NoError(t, err)
				assert.Same(t, other, l.DB)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, tc.check)
	}
}

type puTarget struct {
	DB   *puDB   `inject:""`
	Leaf *puLeaf `inject:""`
}

type puTargetInit struct {
	DB    *puDB `inject:""`
	inits int
}

func (p *puTargetInit) Init() { p.inits++ }

// puTargetDB is filled by a pure Populate once *puDB is built.
type puTargetDB struct {
	DB *puDB `inject:""`
}

type puFails struct{}

type puTargetFails struct {
	DB *puDB    `inject:""`
	F  *puFails `inject:""`
}

// TestPure_Populate: a Populate whose fields all take built Singletons
// gives what the general path gives, and leaves to it everything else.
func TestPure_Populate(t *testing.T) {
	ctx := context.Background()
	c, db := puContainer(t)
	require.NoError(t, container.Provide[*puLeaf](c, nil, container.Replace())) // a Singleton now
	var first puTarget
	require.NoError(t, c.Populate(ctx, &first)) // builds the Leaf: the general path
	for range 3 {
		var tg puTarget
		require.NoError(t, c.Populate(ctx, &tg))
		assert.Same(t, db, tg.DB)
		assert.Same(t, first.Leaf, tg.Leaf)
	}

	t.Run("preset fields are kept", func(t *testing.T) {
		mine := &puDB{}
		tg := puTarget{DB: mine}
		require.NoError(t, c.Populate(ctx, &tg))
		assert.Same(t, mine, tg.DB)
		assert.Same(t, first.Leaf, tg.Leaf)
	})
	t.Run("Init still runs", func(t *testing.T) {
		var tg puTargetInit
		require.NoError(t, c.Populate(ctx, &tg))
		assert.Equal(t, 1, tg.inits)
		assert.Same(t, db, tg.DB)
	})
	t.Run("nothing is written when one field fails", func(t *testing.T) {
		require.NoError(t, container.Provide[*puFails](c, func() (*puFails, error) { return nil, assert.AnError }))
		var tg puTargetFails
		require.ErrorIs(t, c.Populate(ctx, &tg), container.ErrConstructor)
		assert.Nil(t, tg.DB, "the built DB field was reset with the rest")
	})
	t.Run("an observer sees every injection", func(t *testing.T) {
		rec := &obsRec{}
		oc := container.New(container.Observe(rec))
		require.NoError(t, container.Supply(oc, &puDB{}))
		for range 2 {
			require.NoError(t, oc.Populate(ctx, &puTargetDB{}))
		}
		injected := 0
		for _, l := range rec.take() {
			if l == `injected *container_test.puTargetDB.DB (*container_test.puDB, tag "", key=<nil>)` {
				injected++
			}
		}
		assert.Equal(t, 2, injected)
	})
	t.Run("a registration made since is seen", func(t *testing.T) {
		rc, _ := puContainer(t)
		for range 2 {
			require.NoError(t, rc.Populate(ctx, &puTargetDB{}))
		}
		other := &puDB{N: 1}
		restore, err := container.Override[*puDB](rc, other)
		require.NoError(t, err)
		var tg puTargetDB
		require.NoError(t, rc.Populate(ctx, &tg))
		assert.Same(t, other, tg.DB, "the override")
		restore()
		tg = puTargetDB{}
		require.NoError(t, rc.Populate(ctx, &tg))
		assert.NotSame(t, other, tg.DB, "the override is gone")
		require.NoError(t, container.Provide[*puDB](rc, func() *puDB { return other }, container.Replace()))
		tg = puTargetDB{}
		require.NoError(t, rc.Populate(ctx, &tg))
		assert.Same(t, other, tg.DB, "the replacement")
	})
	t.Run("a nil pointer of the last target's type is an error", func(t *testing.T) {
		nc, _ := puContainer(t)
		require.NoError(t, nc.Populate(ctx, &puTargetDB{})) // remembered as the last target
		var nilTarget *puTargetDB
		require.ErrorIs(t, nc.Populate(ctx, nilTarget), container.ErrBadInput)
		require.ErrorIs(t, nc.Populate(ctx, puTargetDB{}), container.ErrBadInput, "a struct, not a pointer")
		var tg puTargetDB
		require.NoError(t, nc.Populate(ctx, &tg), "still usable")
		assert.NotNil(t, tg.DB)
	})
	t.Run("targets of several types in turn", func(t *testing.T) {
		for range 3 {
			var a puTargetDB
			var b puTarget
			require.NoError(t, c.Populate(ctx, &a))
			require.NoError(t, c.Populate(ctx, &b))
			assert.Same(t, db, a.DB)
			assert.Same(t, db, b.DB)
			assert.Same(t, first.Leaf, b.Leaf)
		}
	})
	t.Run("a closed container is an error", func(t *testing.T) {
		cc, _ := puContainer(t)
		require.NoError(t, cc.Populate(ctx, &puTargetInit{}))
		require.NoError(t, cc.Close(ctx))
		require.ErrorIs(t, cc.Populate(ctx, &puTargetInit{}), container.ErrClosed)
	})
}
