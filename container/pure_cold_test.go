package container_test

// A Populate whose Singletons are not built yet but whose building runs no
// user code is done in one short critical section (pureColdPopulate in
// pure.go). These tests pin that it builds exactly what the general path
// builds, under any concurrency, and leaves to the general path everything
// that path must see.

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/tagwire/tagwire/container"
)

type pcLog struct{ N int }

type pcA struct {
	B   *pcB   `inject:""`
	Log *pcLog `inject:""`
}

type pcB struct {
	A   *pcA   `inject:""` // a cycle of pointer fields
	Log *pcLog `inject:""`
}

type pcApp struct {
	A   *pcA   `inject:""`
	B   *pcB   `inject:""`
	Log *pcLog `inject:""`
}

// pcSelf reaches its own type: Populate injects the target there.
type pcSelf struct {
	Next *pcSelfNext `inject:""`
}

type pcSelfNext struct {
	Back *pcSelf `inject:""`
}

// pcInit runs user code: the general path builds it.
type pcInit struct{ inits int }

func (p *pcInit) Init() { p.inits++ }

type pcWithInit struct {
	Log  *pcLog  `inject:""`
	Init *pcInit `inject:""`
}

// checkShared asserts the sharing pattern the general path gives.
func pcCheck(t *testing.T, app *pcApp) {
	t.Helper()
	require.NotNil(t, app.A)
	assert.Same(t, app.A, app.B.A, "one *pcA")
	assert.Same(t, app.B, app.A.B, "one *pcB")
	assert.Same(t, app.Log, app.A.Log, "one *pcLog")
	assert.Same(t, app.Log, app.B.Log)
}

func TestPureCold_SameGraphAsTheGeneralPath(t *testing.T) {
	ctx := context.Background()
	// Through the cold path: a fresh container, nothing built.
	c := container.New()
	var cold pcApp
	require.NoError(t, c.Populate(ctx, &cold))
	pcCheck(t, &cold)
	// The instances are the container's Singletons, as if built by the
	// general path: Resolve and a second Populate see them.
	a, err := container.Resolve[*pcA](ctx, c)
	require.NoError(t, err)
	assert.Same(t, cold.A, a)
	var again pcApp
	require.NoError(t, c.Populate(ctx, &again))
	assert.Equal(t, cold, again)

	// Through the general path: an observer sends every call there.
	g := container.New(container.Observe(&obsRec{}))
	var general pcApp
	require.NoError(t, g.Populate(ctx, &general))
	pcCheck(t, &general)
}

func TestPureCold_PresetFieldsAndPartlyBuiltGraphs(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	mine := &pcLog{N: 7}
	app := pcApp{Log: mine}
	require.NoError(t, c.Populate(ctx, &app))
	assert.Same(t, mine, app.Log, "a preset field is left alone")
	assert.NotSame(t, mine, app.A.Log, "the container's own *pcLog elsewhere")
	assert.Same(t, app.A.Log, app.B.Log)

	// Some Singletons built, others not: the built ones are taken.
	c2 := container.New()
	l, err := container.Resolve[*pcLog](ctx, c2)
	require.NoError(t, err)
	var app2 pcApp
	require.NoError(t, c2.Populate(ctx, &app2))
	assert.Same(t, l, app2.Log)
	assert.Same(t, l, app2.A.Log)
}

func TestPureCold_LeftToTheGeneralPath(t *testing.T) {
	ctx := context.Background()
	t.Run("the target's own type beneath: the target itself", func(t *testing.T) {
		c := container.New()
		var s pcSelf
		require.NoError(t, c.Populate(ctx, &s))
		assert.Same(t, &s, s.Next.Back)
	})
	t.Run("user code beneath: Init runs once", func(t *testing.T) {
		c := container.New()
		var w pcWithInit
		require.NoError(t, c.Populate(ctx, &w))
		assert.Equal(t, 1, w.Init.inits)
	})
	t.Run("an ended context", func(t *testing.T) {
		c := container.New()
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		var app pcApp
		require.ErrorIs(t, c.Populate(cctx, &app), context.Canceled)
		assert.Nil(t, app.A, "nothing set")
	})
	t.Run("a closed container", func(t *testing.T) {
		c := container.New()
		require.NoError(t, c.Close(ctx))
		var app pcApp
		require.ErrorIs(t, c.Populate(ctx, &app), container.ErrClosed)
		assert.Nil(t, app.A)
	})
	t.Run("a standard-library type", func(t *testing.T) {
		c := container.New()
		var bad struct {
			Log *pcLog          `inject:""`
			WG  *sync.WaitGroup `inject:""`
		}
		require.ErrorIs(t, c.Populate(ctx, &bad), container.ErrNotFound)
		assert.Nil(t, bad.Log, "nothing set")
	})
	t.Run("a container made with an option New does not take", func(t *testing.T) {
		c := container.New(container.Named("x"))
		var none struct{ N int }
		require.ErrorIs(t, c.Populate(ctx, &none), container.ErrBadInput, "even with no tagged field")
		var app pcApp
		require.ErrorIs(t, c.Populate(ctx, &app), container.ErrBadInput)
		assert.Nil(t, app.A)
	})
	t.Run("Strict", func(t *testing.T) {
		c := container.New(container.Strict())
		var app pcApp
		require.ErrorIs(t, c.Populate(ctx, &app), container.ErrNotFound)
		assert.Nil(t, app.A)
	})
	t.Run("AutoClose with a Close method", func(t *testing.T) {
		c := container.New(container.AutoClose())
		var app struct {
			R *pcCloser `inject:""`
		}
		require.NoError(t, c.Populate(ctx, &app))
		require.NoError(t, c.Close(ctx))
		assert.True(t, app.R.closed, "the general path recorded the Close")
	})
}

type pcCloser struct{ closed bool }

func (p *pcCloser) Close() error { p.closed = true; return nil }

// TestPureCold_Concurrent: many goroutines populate fresh targets of one
// fresh container at once, some through the cold path, some through the
// general one (a type with Init, a Resolve): every Singleton is built once.
func TestPureCold_Concurrent(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx := context.Background()
	for range 20 {
		c := container.New()
		const n = 16
		apps := make([]pcApp, n)
		inits := make([]pcWithInit, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(3)
			go func() { defer wg.Done(); assert.NoError(t, c.Populate(ctx, &apps[i])) }()
			go func() { defer wg.Done(); assert.NoError(t, c.Populate(ctx, &inits[i])) }()
			go func() {
				defer wg.Done()
				_, err := container.Resolve[*pcB](ctx, c)
				assert.NoError(t, err)
			}()
		}
		wg.Wait()
		for i := range n {
			pcCheck(t, &apps[i])
			assert.Equal(t, apps[0], apps[i], "the same Singletons for every target")
			assert.Same(t, apps[0].Log, inits[i].Log)
			assert.Same(t, inits[0].Init, inits[i].Init)
			assert.Equal(t, 1, inits[i].Init.inits, "Init once")
		}
		require.NoError(t, c.Close(ctx))
	}
}

// TestPureCold_CachesLookupsForTheWarmPath: the cold path caches what it
// looks up as the general path does, so the next Populate of the type is
// the warm loop of pointer writes, which allocates nothing.
func TestPureCold_CachesLookupsForTheWarmPath(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	require.NoError(t, container.Supply(c, &pcLog{N: 1}))
	var first pcApp
	require.NoError(t, c.Populate(ctx, &first)) // cold: A and B are built here
	pcCheck(t, &first)
	var tg pcApp
	allocs := testing.AllocsPerRun(50, func() {
		tg = pcApp{}
		if err := c.Populate(ctx, &tg); err != nil {
			t.Fatal(err)
		}
	})
	assert.Equal(t, first, tg)
	assert.Zero(t, allocs, "the warm path: no lookups, no plan, no allocation")
}
