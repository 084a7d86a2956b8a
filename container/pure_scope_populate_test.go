package container_test

// A Populate in a scope whose fields take Scoped instances that a pure
// build can make (structs from their zero value, fields that take built
// Singletons or more such Scoped instances) makes them together in one
// critical section of the scope's lock (pureScopePopulate in cold.go).
// These tests pin that it gives what the general path gives, and that
// everything else goes through the general path.

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/tagwire/tagwire/container"
)

type spBase struct{ N int }

type spA struct {
	Base *spBase `inject:""`
}

type spB struct {
	Base *spBase `inject:""`
	A    *spA    `inject:""`
}

type spCfg struct{ Name string }

type spC struct {
	Cfg *spCfg `inject:""`
	A   *spA   `inject:""`
}

type spX struct {
	Y *spY `inject:""` // a cycle of pointer fields
}

type spY struct {
	X *spX `inject:""`
}

type spLazy struct{ N int } // a Singleton nothing has built yet

type spUsesLazy struct {
	L *spLazy `inject:""`
}

type spInit struct {
	Base  *spBase `inject:""`
	inits int
}

func (s *spInit) Init() { s.inits++ }

type spFails struct{}

type spTrans struct{ N int }

type spPriv struct {
	A *spA `inject:"private"` // a fresh *spA of its own
}

type spApp struct {
	A    *spA    `inject:""`
	B    *spB    `inject:""`
	Base *spBase `inject:""`
}

// spContainer registers the scoped graph on a container made by
// pathContainer (general: with an observer, so the general path runs).
func spContainer(t *testing.T, general bool) (*container.Container, *spCfg) {
	t.Helper()
	c := pathContainer(general)
	cfg := &spCfg{Name: "cfg"}
	require.NoError(t, errors.Join(
		container.Provide[*spBase](c, nil, container.Scoped),
		container.Provide[*spA](c, nil, container.Scoped),
		container.Provide[*spB](c, nil, container.Scoped),
		container.Provide[*spC](c, nil, container.Scoped),
		container.Provide[*spX](c, nil, container.Scoped),
		container.Provide[*spY](c, nil, container.Scoped),
		container.Provide[*spUsesLazy](c, nil, container.Scoped),
		container.Provide[*spInit](c, nil, container.Scoped),
		container.Provide[*spPriv](c, nil, container.Scoped),
		container.Provide[*spLazy](c, nil),
		container.Provide[*spTrans](c, nil, container.Transient),
		container.Provide[*spFails](c, func() (*spFails, error) { return nil, errors.New("boom") }, container.Scoped),
		container.Supply(c, cfg),
	))
	return c, cfg
}

// spPopulate populates target in scope sc after a Populate of a target of
// the same type in another scope of c: that first one (the general path)
// caches the lookups, so that this one is the per-request case the pure
// path serves.
func spPopulate(t *testing.T, c, sc *container.Container, ctx context.Context, target any) error {
	t.Helper()
	_ = c.NewScope().Populate(context.Background(), reflect.New(reflect.TypeOf(target).Elem()).Interface())
	return sc.Populate(ctx, target)
}

func TestPureScopePopulate_SameResultAsTheGeneralPath(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		check func(t *testing.T, c, sc *container.Container, cfg *spCfg)
	}{{
		name: "fields and what they take, shared in the scope",
		check: func(t *testing.T, c, sc *container.Container, cfg *spCfg) {
			var app spApp
			require.NoError(t, spPopulate(t, c, sc, ctx, &app))
			assert.Same(t, app.Base, app.A.Base)
			assert.Same(t, app.Base, app.B.Base)
			assert.Same(t, app.A, app.B.A)
			b, err := container.Resolve[*spB](ctx, sc)
			require.NoError(t, err)
			assert.Same(t, app.B, b, "committed as the scope's instance")
			var again spApp
			require.NoError(t, spPopulate(t, c, sc, ctx, &again))
			assert.Equal(t, app, again)
			other := c.NewScope()
			var o spApp
			require.NoError(t, spPopulate(t, c, other, ctx, &o))
			assert.NotSame(t, app.A, o.A, "another scope, other instances")
		},
	}, {
		name: "a field whose dependencies are not fields",
		check: func(t *testing.T, c, sc *container.Container, cfg *spCfg) {
			var tg struct {
				B *spB `inject:""`
			}
			require.NoError(t, spPopulate(t, c, sc, ctx, &tg))
			base, err := container.Resolve[*spBase](ctx, sc)
			require.NoError(t, err)
			assert.Same(t, base, tg.B.Base)
			assert.Same(t, base, tg.B.A.Base)
		},
	}, {
		name: "two fields of one type",
		check: func(t *testing.T, c, sc *container.Container, cfg *spCfg) {
			var tg struct {
				A1 *spA `inject:""`
				A2 *spA `inject:""`
			}
			require.NoError(t, spPopulate(t, c, sc, ctx, &tg))
			assert.Same(t, tg.A1, tg.A2)
		},
	}, {
		name: "a preset field",
		check: func(t *testing.T, c, sc *container.Container, cfg *spCfg) {
			mine := &spA{}
			app := spApp{A: mine}
			require.NoError(t, spPopulate(t, c, sc, ctx, &app))
			assert.Same(t, mine, app.A, "left alone")
			assert.NotSame(t, mine, app.B.A, "the scope's own *spA beneath")
			assert.Same(t, app.Base, app.B.A.Base)
		},
	}, {
		name: "a built Singleton beneath",
		check: func(t *testing.T, c, sc *container.Container, cfg *spCfg) {
			var tg struct {
				C *spC `inject:""`
			}
			require.NoError(t, spPopulate(t, c, sc, ctx, &tg))
			assert.Same(t, cfg, tg.C.Cfg)
		},
	}, {
		name: "a cycle of pointer fields",
		check: func(t *testing.T, c, sc *container.Container, cfg *spCfg) {
			var tg struct {
				X *spX `inject:""`
			}
			require.NoError(t, spPopulate(t, c, sc, ctx, &tg))
			assert.Same(t, tg.X, tg.X.Y.X)
			y, err := container.Resolve[*spY](ctx, sc)
			require.NoError(t, err)
			assert.Same(t, tg.X.Y, y)
		},
	}, {
		name: "a Singleton not built yet beneath",
		check: func(t *testing.T, c, sc *container.Container, cfg *spCfg) {
			var tg struct {
				U *spUsesLazy `inject:""`
			}
			require.NoError(t, spPopulate(t, c, sc, ctx, &tg))
			l, err := container.Resolve[*spLazy](ctx, c)
			require.NoError(t, err)
			assert.Same(t, l, tg.U.L, "the root's Singleton")
		},
	}, {
		name: "Init beneath runs once",
		check: func(t *testing.T, c, sc *container.Container, cfg *spCfg) {
			var tg struct {
				I *spInit `inject:""`
				A *spA    `inject:""`
			}
			require.NoError(t, spPopulate(t, c, sc, ctx, &tg))
			require.NoError(t, spPopulate(t, c, sc, ctx, &tg))
			assert.Equal(t, 1, tg.I.inits)
			assert.Same(t, tg.A.Base, tg.I.Base)
		},
	}, {
		name: "a failing sibling: nothing is kept",
		check: func(t *testing.T, c, sc *container.Container, cfg *spCfg) {
			var tg struct {
				A *spA     `inject:""`
				F *spFails `inject:""`
			}
			require.ErrorIs(t, spPopulate(t, c, sc, ctx, &tg), container.ErrConstructor)
			assert.Nil(t, tg.A, "nothing written")
			var app spApp
			require.NoError(t, spPopulate(t, c, sc, ctx, &app))
			assert.Same(t, app.A, app.B.A)
		},
	}, {
		name: "a Transient field: a fresh instance",
		check: func(t *testing.T, c, sc *container.Container, cfg *spCfg) {
			var tg struct {
				T1 *spTrans `inject:""`
				T2 *spTrans `inject:""`
				A  *spA     `inject:""`
			}
			require.NoError(t, spPopulate(t, c, sc, ctx, &tg))
			assert.NotSame(t, tg.T1, tg.T2, "one per field")
			tr, err := container.Resolve[*spTrans](ctx, sc)
			require.NoError(t, err)
			assert.NotSame(t, tg.T1, tr)
		},
	}, {
		name: "a private field beneath: a fresh instance of its own",
		check: func(t *testing.T, c, sc *container.Container, cfg *spCfg) {
			var tg struct {
				P *spPriv `inject:""`
				A *spA    `inject:""`
			}
			require.NoError(t, spPopulate(t, c, sc, ctx, &tg))
			require.NotNil(t, tg.P.A)
			assert.NotSame(t, tg.A, tg.P.A)
		},
	}, {
		name: "a scope below a scope has its own instances",
		check: func(t *testing.T, c, sc *container.Container, cfg *spCfg) {
			var up spApp
			require.NoError(t, spPopulate(t, c, sc, ctx, &up))
			inner := sc.NewScope()
			var in spApp
			require.NoError(t, spPopulate(t, c, inner, ctx, &in))
			assert.NotSame(t, up.A, in.A)
			assert.Same(t, in.A, in.B.A)
		},
	}, {
		name: "an ended context",
		check: func(t *testing.T, c, sc *container.Container, cfg *spCfg) {
			var app spApp
			require.ErrorIs(t, spPopulate(t, c, sc, cancelled(), &app), context.Canceled)
			assert.Nil(t, app.A)
		},
	}, {
		name: "a closed scope",
		check: func(t *testing.T, c, sc *container.Container, cfg *spCfg) {
			require.NoError(t, sc.Close(ctx))
			var app spApp
			require.ErrorIs(t, spPopulate(t, c, sc, ctx, &app), container.ErrClosed)
			assert.Nil(t, app.A)
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, general := range []bool{false, true} {
				c, cfg := spContainer(t, general)
				sc := c.NewScope()
				tt.check(t, c, sc, cfg)
				require.NoError(t, c.Close(ctx))
			}
		})
	}
}

// TestPureScopePopulate_Concurrent: Populates and Resolves in one scope at
// once: every Scoped instance is made once for the scope.
func TestPureScopePopulate_Concurrent(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx := context.Background()
	for iter := range 30 {
		c, _ := spContainer(t, false)
		if iter%2 == 0 { // lookups cached: the pure path races the Resolves
			require.NoError(t, c.NewScope().Populate(ctx, &spApp{}))
		}
		sc := c.NewScope()
		const n = 8
		apps := make([]spApp, n)
		bs := make([]*spB, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(2)
			go func() { defer wg.Done(); assert.NoError(t, sc.Populate(ctx, &apps[i])) }()
			go func() {
				defer wg.Done()
				b, err := container.Resolve[*spB](ctx, sc)
				assert.NoError(t, err)
				bs[i] = b
			}()
		}
		wg.Wait()
		for i := range n {
			assert.Equal(t, apps[0], apps[i])
			assert.Same(t, apps[0].B, bs[i])
			assert.Same(t, apps[i].A, apps[i].B.A)
		}
		require.NoError(t, c.Close(ctx))
	}
}
