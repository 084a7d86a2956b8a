package container_test

// Cleanup: its sources (constructor cleanups, AutoClose, OnClose), its
// order (the exact reverse of completion), and the semantics of Close
// (every cleanup runs, failures joined, idempotent, ErrClosed afterwards,
// child scopes first, deadlines).

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

// --- cleanup sources -------------------------------------------------------

type lcResFunc struct{ _ byte } // constructor returning (T, func(), error)
type lcResCtx struct{ _ byte }  // constructor returning (T, func(context.Context) error, error)
type lcCloserErr struct {       // io.Closer
	Log *lcLog `inject:""`
}
type lcCloserCtx struct { // Close(ctx) error
	Log *lcLog `inject:""`
}
type lcCloserPlain struct { // Close()
	Log *lcLog `inject:""`
}
type lcNotAuto struct { // has Close but is not registered AutoClose
	Log *lcLog `inject:""`
}
type lcWatched struct{ _ byte } // OnClose only
type lcIfaceWatched struct {    // OnClose[io.Closer]: the callback runs, Close does not
	Log *lcLog `inject:""`
}
type lcAllSources struct { // constructor cleanup, AutoClose and OnClose on one instance
	Log *lcLog
}
type lcUnregistered struct { // built implicitly; closed only under New(AutoClose())
	Log *lcLog `inject:""`
}

func (x *lcCloserErr) Close() error                { x.Log.closed(x, "closer-err"); return nil }
func (x *lcCloserCtx) Close(context.Context) error { x.Log.closed(x, "closer-ctx"); return nil }
func (x *lcCloserPlain) Close()                    { x.Log.closed(x, "closer-plain") }
func (x *lcNotAuto) Close() error                  { x.Log.closed(x, "not-auto"); return nil }
func (x *lcIfaceWatched) Close() error             { x.Log.closed(x, "iface-watched.Close"); return nil }
func (x *lcAllSources) Close() error               { x.Log.add("all:Close"); return nil }
func (x *lcUnregistered) Close() error             { x.Log.closed(x, "unregistered"); return nil }

type lcCtxKey struct{}

func TestLifecycle_CleanupSources(t *testing.T) {
	ctx := context.Background()
	log := lcNewLog()
	c := container.New()
	require.NoError(t, container.Supply(c, log))
	var seenCtx any
	require.NoError(t, errors.Join(
		container.Provide[*lcResFunc](c, func(l *lcLog) (*lcResFunc, func(), error) {
			r := &lcResFunc{}
			l.open(r, "res-func")
			return r, func() { l.closed(r, "res-func") }, nil
		}),
		container.Provide[*lcResCtx](c, func(l *lcLog) (*lcResCtx, func(context.Context) error, error) {
			r := &lcResCtx{}
			l.open(r, "res-ctx")
			return r, func(cctx context.Context) error {
				seenCtx = cctx.Value(lcCtxKey{})
				l.closed(r, "res-ctx")
				return nil
			}, nil
		}),
		container.Provide[*lcCloserErr](c, nil, container.AutoClose()),
		container.Provide[*lcCloserCtx](c, nil, container.AutoClose()),
		container.Provide[*lcCloserPlain](c, nil, container.AutoClose()),
		container.Provide[*lcNotAuto](c, nil),
		container.Provide[*lcWatched](c, nil, container.OnClose(func(_ context.Context, w *lcWatched) error {
			log.closed(w, "watched")
			return nil
		})),
		container.Provide[*lcIfaceWatched](c, nil, container.OnClose(func(_ context.Context, w io.Closer) error {
			log.closed(w, "iface-watched.OnClose")
			return nil
		})),
	))

	resFunc, err := container.Resolve[*lcResFunc](ctx, c)
	require.NoError(t, err)
	resCtx, err := container.Resolve[*lcResCtx](ctx, c)
	require.NoError(t, err)
	cErr, err := container.Resolve[*lcCloserErr](ctx, c)
	require.NoError(t, err)
	cCtx, err := container.Resolve[*lcCloserCtx](ctx, c)
	require.NoError(t, err)
	cPlain, err := container.Resolve[*lcCloserPlain](ctx, c)
	require.NoError(t, err)
	notAuto, err := container.Resolve[*lcNotAuto](ctx, c)
	require.NoError(t, err)
	watched, err := container.Resolve[*lcWatched](ctx, c)
	require.NoError(t, err)
	iw, err := container.Resolve[*lcIfaceWatched](ctx, c)
	require.NoError(t, err)
	assert.Empty(t, log.with("close:"), "nothing closes before Close")

	require.NoError(t, c.Close(context.WithValue(ctx, lcCtxKey{}, "close-ctx")))
	assert.Equal(t, []string{
		"iface-watched.OnClose", "watched", "closer-plain", "closer-ctx", "closer-err", "res-ctx", "res-func",
	}, log.with("close:"), "every source, newest instance first")
	for _, v := range []any{resFunc, resCtx, cErr, cCtx, cPlain, watched, iw} {
		assert.Equalf(t, 1, log.closeCount(v), "%T", v)
	}
	assert.Zero(t, log.closeCount(notAuto), "a Close method alone is not a cleanup without AutoClose")
	assert.Equal(t, "close-ctx", seenCtx, "a func(ctx) error cleanup receives Close's context")
}

func TestLifecycle_CleanupSourcesOfOneInstanceRunNewestFirst(t *testing.T) {
	ctx := context.Background()
	log := lcNewLog()
	c := container.New()
	require.NoError(t, container.Supply(c, log))
	require.NoError(t, container.Provide[*lcAllSources](c, func(l *lcLog) (*lcAllSources, func(), error) {
		l.add("all:ctor")
		return &lcAllSources{Log: l}, func() { l.add("all:ctor-cleanup") }, nil
	}, container.AutoClose(), container.OnClose(func(_ context.Context, a *lcAllSources) error {
		a.Log.add("all:OnClose")
		return nil
	})))
	_, err := container.Resolve[*lcAllSources](ctx, c)
	require.NoError(t, err)
	require.NoError(t, c.Close(ctx))
	// The constructor's resource was acquired first, so it is released
	// last; the OnClose callback, added last, runs first.
	assert.Equal(t, []string{"ctor", "OnClose", "Close", "ctor-cleanup"}, log.with("all:"))
}

func TestLifecycle_ContainerAutoClose(t *testing.T) {
	ctx := context.Background()
	log := lcNewLog()
	c := container.New(container.AutoClose())
	require.NoError(t, container.Supply(c, log))

	callerOwned := &lcCloserErr{Log: log}
	require.NoError(t, container.Supply(c, callerOwned))
	handedOver := &lcCloserCtx{Log: log}
	require.NoError(t, container.Supply(c, handedOver, container.AutoClose()))
	named := &lcCloserPlain{Log: log}
	require.NoError(t, container.Supply(c, named, container.Named("plain"),
		container.OnClose(func(_ context.Context, p *lcCloserPlain) error { p.Log.add("named:OnClose"); return nil })))
	require.NoError(t, container.Provide[*lcNotAuto](c, func(l *lcLog) *lcNotAuto { return &lcNotAuto{Log: l} }))

	un, err := container.Resolve[*lcUnregistered](ctx, c)
	require.NoError(t, err)
	na, err := container.Resolve[*lcNotAuto](ctx, c)
	require.NoError(t, err)
	s := c.NewScope()
	inScope := &lcCloserPlain{Log: log}
	require.NoError(t, container.Supply(s, inScope))

	require.NoError(t, c.Close(ctx))
	assert.Equal(t, 1, log.closeCount(un), "every built instance with a Close method, registered or not")
	assert.Equal(t, 1, log.closeCount(na), "a constructor's result too")
	assert.Equal(t, 1, log.closeCount(handedOver), "a supplied value registered AutoClose")
	assert.Zero(t, log.closeCount(callerOwned), "a supplied value belongs to the caller")
	assert.Zero(t, log.closeCount(named), "OnClose on a supplied value does not imply AutoClose")
	assert.Equal(t, []string{"OnClose"}, log.with("named:"), "but its OnClose runs")
	assert.Zero(t, log.closeCount(inScope), "a value supplied to a scope belongs to the caller too")
	// Built instances close before the values registered earlier.
	assert.Equal(t, []string{"not-auto", "unregistered", "closer-ctx"}, log.with("close:"))
}

// --- order -------------------------------------------------------------

// A six-node graph, constructors and zero-value structs mixed:
//
//	lcOrdA  constructor, (T, func(), error)          leaf
//	lcOrdB  zero value, AutoClose Close()            -> A
//	lcOrdC  constructor, (T, func(ctx) error, error) -> A
//	lcOrdD  zero value, AutoClose Close(ctx) error   -> B, C
//	lcOrdE  constructor, (T, func(), error)          -> D
//	lcOrdF  zero value, OnClose                      -> E, C
//
// Populating lcOrdApp{F, D} completes A, B, C, D, E, F in that order.
type lcOrdA struct{ Log *lcLog }
type lcOrdB struct {
	Log *lcLog  `inject:""`
	A   *lcOrdA `inject:""`
}
type lcOrdC struct {
	Log *lcLog
	A   *lcOrdA
}
type lcOrdD struct {
	Log *lcLog  `inject:""`
	B   *lcOrdB `inject:""`
	C   *lcOrdC `inject:""`
}
type lcOrdE struct {
	Log *lcLog
	D   *lcOrdD
}
type lcOrdF struct {
	Log *lcLog  `inject:""`
	E   *lcOrdE `inject:""`
	C   *lcOrdC `inject:""`
}
type lcOrdApp struct {
	F *lcOrdF `inject:""`
	D *lcOrdD `inject:""`
}

func (x *lcOrdA) Init()                       { x.Log.add("init:A") }
func (x *lcOrdB) Init() error                 { x.Log.add("init:B"); return nil }
func (x *lcOrdC) Init(context.Context)        { x.Log.add("init:C") }
func (x *lcOrdD) Init(context.Context) error  { x.Log.add("init:D"); return nil }
func (x *lcOrdE) Init()                       { x.Log.add("init:E") }
func (x *lcOrdF) Init()                       { x.Log.add("init:F") }
func (x *lcOrdB) Close()                      { x.Log.closed(x, "B") }
func (x *lcOrdD) Close(context.Context) error { x.Log.closed(x, "D"); return nil }

func lcOrderGraph(t *testing.T, c *container.Container, lt container.Lifetime) {
	t.Helper()
	require.NoError(t, errors.Join(
		container.Provide[*lcOrdA](c, func(l *lcLog) (*lcOrdA, func(), error) {
			a := &lcOrdA{Log: l}
			l.open(a, "A")
			return a, func() { l.closed(a, "A") }, nil
		}, lt),
		container.Provide[*lcOrdB](c, nil, container.AutoClose(), lt),
		container.Provide[*lcOrdC](c, func(l *lcLog, a *lcOrdA) (*lcOrdC, func(context.Context) error, error) {
			x := &lcOrdC{Log: l, A: a}
			l.open(x, "C")
			return x, func(context.Context) error { l.closed(x, "C"); return nil }, nil
		}, lt),
		container.Provide[*lcOrdD](c, nil, container.AutoClose(), lt),
		container.Provide[*lcOrdE](c, func(l *lcLog, d *lcOrdD) (*lcOrdE, func(), error) {
			x := &lcOrdE{Log: l, D: d}
			l.open(x, "E")
			return x, func() { l.closed(x, "E") }, nil
		}, lt),
		container.Provide[*lcOrdF](c, nil, lt, container.OnClose(func(_ context.Context, f *lcOrdF) error {
			f.Log.closed(f, "F")
			return nil
		})),
	))
}

func TestLifecycle_CloseOrderIsReverseOfCompletion(t *testing.T) {
	ctx := context.Background()
	var first []string
	for run := range 5 { // deterministic: the same sequence on every run
		log := lcNewLog()
		c := container.New()
		require.NoError(t, container.Supply(c, log))
		lcOrderGraph(t, c, container.Singleton)
		var app lcOrdApp
		require.NoError(t, c.Populate(ctx, &app))
		inits := log.with("init:")
		require.Equal(t, []string{"A", "B", "C", "D", "E", "F"}, inits, "completion (Init) order")
		require.NoError(t, c.Close(ctx))
		closes := log.with("close:")
		assert.Equal(t, []string{"F", "E", "D", "C", "B", "A"}, closes, "run %d", run)
		assert.Equal(t, lcReverse(inits), closes, "the exact reverse of completion")
		lcRequireEachClosedOnce(t, log)
		if run == 0 {
			first = log.all()
		} else {
			assert.Equal(t, first, log.all(), "run %d: same events as run 0", run)
		}
	}
}

func TestLifecycle_CloseOrderOfScopedGraph(t *testing.T) {
	// The same graph registered Scoped and populated in a scope: the
	// scope closes it in the exact reverse of completion.
	ctx := context.Background()
	log := lcNewLog()
	c := container.New()
	require.NoError(t, container.Supply(c, log))
	lcOrderGraph(t, c, container.Scoped)
	s := c.NewScope()
	var app lcOrdApp
	require.NoError(t, s.Populate(ctx, &app))
	require.Equal(t, []string{"A", "B", "C", "D", "E", "F"}, log.with("init:"))
	require.NoError(t, s.Close(ctx))
	assert.Equal(t, []string{"F", "E", "D", "C", "B", "A"}, log.with("close:"))
	lcRequireEachClosedOnce(t, log)
	require.NoError(t, c.Close(ctx))
	lcRequireEachClosedOnce(t, log)
}

func TestLifecycle_OnCloseTypeMustMatch(t *testing.T) {
	c := container.New()
	err := container.Provide[*lcWatched](c, nil, container.OnClose(func(context.Context, *lcOkX) error { return nil }))
	require.ErrorIs(t, err, container.ErrBadInput, "OnClose of a type the registration does not provide")
	err = container.Provide[*lcWatched](c, nil, container.OnClose[*lcWatched](nil))
	require.ErrorIs(t, err, container.ErrBadInput, "OnClose with a nil function")
}

func TestLifecycle_CloseOrderAcrossCalls(t *testing.T) {
	// Instances completed by separate calls close in the reverse of the
	// order the calls completed them, interleaved with nothing else.
	ctx := context.Background()
	log := lcNewLog()
	c := container.New()
	require.NoError(t, container.Supply(c, log))
	lcOrderGraph(t, c, container.Singleton)
	_, err := container.Resolve[*lcOrdC](ctx, c) // A, C
	require.NoError(t, err)
	_, err = container.Resolve[*lcOrdB](ctx, c) // B
	require.NoError(t, err)
	_, err = container.Resolve[*lcOrdF](ctx, c) // D, E, F
	require.NoError(t, err)
	require.Equal(t, []string{"A", "C", "B", "D", "E", "F"}, log.with("init:"))
	require.NoError(t, c.Close(ctx))
	assert.Equal(t, []string{"F", "E", "D", "B", "C", "A"}, log.with("close:"))
}

func TestLifecycle_CloseOrderInScopeWithTransients(t *testing.T) {
	// The same graph, everything Transient, resolved in a scope: each
	// injection is a new instance; the scope closes them newest first.
	ctx := context.Background()
	log := lcNewLog()
	c := container.New()
	require.NoError(t, container.Supply(c, log))
	lcOrderGraph(t, c, container.Transient)
	s := c.NewScope()
	_, err := container.Resolve[*lcOrdF](ctx, s)
	require.NoError(t, err)
	// F -> E -> D -> (B -> A1), (C -> A2); F -> C -> A3
	inits := log.with("init:")
	require.Equal(t, []string{"A", "B", "A", "C", "D", "E", "A", "C", "F"}, inits)
	require.NoError(t, c.Close(ctx))
	assert.Equal(t, lcReverse(inits), log.with("close:"), "the root's Close closed the open scope's transients in reverse")
	lcRequireEachClosedOnce(t, log)
	assert.Len(t, log.createdList(), 6, "three A, two C, one E")
}

// --- Close semantics ----------------------------------------------------

type lcFailA struct{ _ byte }
type lcFailB struct{ _ byte }
type lcOkX struct{ _ byte }
type lcOkY struct{ _ byte }
type lcOkZ struct{ _ byte }

var (
	lcErrA = errors.New("lcFailA exploded")
	lcErrB = errors.New("lcFailB exploded")
)

func lcProvideClosing[T any](t *testing.T, c *container.Container, name string, mk func() T, fail error, opts ...container.Option) {
	t.Helper()
	require.NoError(t, container.Provide[T](c, func(l *lcLog) (T, func(context.Context) error, error) {
		v := mk()
		l.open(v, name)
		return v, func(context.Context) error { l.closed(v, name); return fail }, nil
	}, opts...))
}

func TestLifecycle_CloseRunsEveryCleanupAndJoinsFailures(t *testing.T) {
	ctx := context.Background()
	log := lcNewLog()
	c := container.New()
	require.NoError(t, container.Supply(c, log))
	lcProvideClosing(t, c, "x", func() *lcOkX { return &lcOkX{} }, nil)
	lcProvideClosing(t, c, "a", func() *lcFailA { return &lcFailA{} }, lcErrA)
	lcProvideClosing(t, c, "y", func() *lcOkY { return &lcOkY{} }, nil)
	lcProvideClosing(t, c, "b", func() *lcFailB { return &lcFailB{} }, lcErrB)
	lcProvideClosing(t, c, "z", func() *lcOkZ { return &lcOkZ{} }, nil)
	require.NoError(t, c.Invoke(ctx, func(*lcOkX, *lcFailA, *lcOkY, *lcFailB, *lcOkZ) {}))

	err := c.Close(ctx)
	require.Error(t, err)
	assert.ErrorIs(t, err, container.ErrCleanup)
	assert.ErrorIs(t, err, lcErrA)
	assert.ErrorIs(t, err, lcErrB)
	assert.Contains(t, err.Error(), "lcFailA", "the message names the instance type")
	assert.Contains(t, err.Error(), "lcFailB")
	assert.NotContains(t, err.Error(), "lcOkY", "only the failures are reported")
	var te *container.Error
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "close", te.Op)
	assert.Equal(t, []string{"z", "b", "y", "a", "x"}, log.with("close:"), "every cleanup ran, in order, despite failures")

	require.NoError(t, c.Close(ctx), "Close is idempotent")
	require.NoError(t, c.Close(ctx))
	lcRequireEachClosedOnce(t, log)
}

func TestLifecycle_UseAfterClose(t *testing.T) {
	ctx := context.Background()
	log := lcNewLog()
	c := container.New()
	require.NoError(t, container.Supply(c, log))
	require.NoError(t, container.Provide[*lcSession](c, nil, container.Scoped))
	lcProvideClosing(t, c, "x", func() *lcOkX { return &lcOkX{} }, nil)
	built, err := container.Resolve[*lcOkX](ctx, c)
	require.NoError(t, err)
	var mk lcSessMaker
	require.NoError(t, c.Populate(ctx, &mk))
	s := c.NewScope()
	_, err = container.Resolve[*lcSession](ctx, s)
	require.NoError(t, err)

	require.NoError(t, c.Close(ctx))
	assert.Equal(t, 1, log.closeCount(built))

	_, err = container.Resolve[*lcOkX](ctx, c)
	assert.ErrorIs(t, err, container.ErrClosed, "Resolve of an already built Singleton")
	_, err = container.Resolve[*lcOkY](ctx, c)
	assert.ErrorIs(t, err, container.ErrClosed, "Resolve of something new")
	var two lcTwoSessions
	assert.ErrorIs(t, c.Populate(ctx, &two), container.ErrClosed)
	var holder lcHolder
	assert.ErrorIs(t, c.Populate(ctx, &holder), container.ErrClosed)
	assert.Nil(t, holder.C)
	assert.ErrorIs(t, c.Invoke(ctx, func(*lcOkX) {}), container.ErrClosed)
	assert.ErrorIs(t, container.Provide[*lcOkZ](c, func() *lcOkZ { return &lcOkZ{} }), container.ErrClosed)
	assert.ErrorIs(t, container.Provide[*lcOkY](c, nil), container.ErrClosed)
	assert.ErrorIs(t, container.Supply(c, &lcOkY{}), container.ErrClosed)
	_, err = mk.New.New(container.NewContext(ctx, s))
	assert.ErrorIs(t, err, container.ErrClosed, "a factory of a closed container")

	// The open scope was closed by its root.
	_, err = container.Resolve[*lcSession](ctx, s)
	assert.ErrorIs(t, err, container.ErrClosed, "a scope closed by its root")
	assert.ErrorIs(t, container.Supply(s, &lcRequest{}), container.ErrClosed)
	_, err = container.Resolve[*lcSession](container.NewContext(ctx, s), c)
	assert.ErrorIs(t, err, container.ErrClosed)

	// A scope of a closed container is born closed.
	born := c.NewScope()
	require.NotNil(t, born)
	_, err = container.Resolve[*lcSession](ctx, born)
	assert.ErrorIs(t, err, container.ErrClosed)
	assert.ErrorIs(t, born.Populate(ctx, &two), container.ErrClosed)
	assert.NoError(t, born.Close(ctx))
	assert.NoError(t, c.Close(ctx))
	assert.Equal(t, 1, log.closeCount(built))
}

func TestLifecycle_ScopeCloseLeavesScopeClosedAndParentOpen(t *testing.T) {
	ctx := context.Background()
	c, log := lcScopedContainer(t, container.OnClose(func(_ context.Context, s *lcSession) error {
		s.Log.closed(s, "session")
		return nil
	}))
	s := c.NewScope()
	x, err := container.Resolve[*lcSession](ctx, s)
	require.NoError(t, err)
	require.NoError(t, s.Close(ctx))
	require.NoError(t, s.Close(ctx), "idempotent")
	assert.Equal(t, 1, log.closeCount(x))
	_, err = container.Resolve[*lcSession](ctx, s)
	assert.ErrorIs(t, err, container.ErrClosed)
	assert.ErrorIs(t, s.NewScope().Populate(ctx, &lcTwoSessions{}), container.ErrClosed)

	s2 := c.NewScope()
	y, err := container.Resolve[*lcSession](ctx, s2)
	require.NoError(t, err, "the parent is still open")
	assert.NotSame(t, x, y)
	require.NoError(t, c.Close(ctx))
	assert.Equal(t, 1, log.closeCount(x), "a closed scope is not closed again by its root")
	assert.Equal(t, 1, log.closeCount(y))
}

func TestLifecycle_RootCloseClosesOpenScopesFirst(t *testing.T) {
	ctx := context.Background()
	log := lcNewLog()
	c := container.New()
	require.NoError(t, container.Supply(c, log))
	lcProvideClosing(t, c, "root-singleton", func() *lcOkX { return &lcOkX{} }, nil)
	require.NoError(t, container.Provide[*lcSession](c, func(l *lcLog) (*lcSession, func(), error) {
		s := &lcSession{Log: l}
		return s, func() { l.closed(s, "session") }, nil
	}, container.Scoped))

	scopeSess := func(sc *container.Container, name string) {
		t.Helper()
		v, err := container.Resolve[*lcSession](ctx, sc)
		require.NoError(t, err)
		v.Log.add("in:%s", name)
		l := v.Log
		require.NoError(t, container.Supply(sc, &lcRequest{ID: name}, container.OnClose(func(_ context.Context, r *lcRequest) error {
			l.add("close:scope-%s", r.ID)
			return nil
		})))
	}
	s1 := c.NewScope()
	scopeSess(s1, "s1")
	s2 := c.NewScope()
	scopeSess(s2, "s2")
	n1 := s1.NewScope()
	scopeSess(n1, "n1")
	s3 := c.NewScope()
	scopeSess(s3, "s3")
	_, err := container.Resolve[*lcOkX](ctx, c) // the Singleton is completed last
	require.NoError(t, err)
	require.NoError(t, s3.Close(ctx)) // closed by hand before the root
	// The request value was registered after the session was built, so it
	// closes first.
	require.Equal(t, []string{"scope-s3", "session"}, log.with("close:"))

	require.NoError(t, c.Close(ctx))
	assert.Equal(t, []string{
		"scope-s3", "session",
		"scope-s2", "session", // newest open scope first
		"scope-n1", "session", // a scope closes its children first
		"scope-s1", "session",
		"root-singleton", // then the root's own instances
	}, log.with("close:"))
	for _, sc := range []*container.Container{s1, s2, n1} {
		_, err := container.Resolve[*lcSession](ctx, sc)
		assert.ErrorIs(t, err, container.ErrClosed)
	}
}

// lcSlow's cleanup blocks until the test releases it.
type lcSlow struct{ _ byte }

func TestLifecycle_CloseHonoursDeadline(t *testing.T) {
	ctx := context.Background()
	log := lcNewLog()
	release := make(chan struct{}, 1)
	c := container.New()
	require.NoError(t, container.Supply(c, log))
	lcProvideClosing(t, c, "old", func() *lcOkX { return &lcOkX{} }, nil)
	lcProvideClosing(t, c, "older", func() *lcOkY { return &lcOkY{} }, nil)
	started := make(chan struct{})
	require.NoError(t, container.Provide[*lcSlow](c, func(l *lcLog) (*lcSlow, func(context.Context) error, error) {
		return &lcSlow{}, func(context.Context) error {
			close(started)
			<-release // ignores its context on purpose
			l.add("close:slow")
			return nil
		}, nil
	}))
	lcProvideClosing(t, c, "new", func() *lcOkZ { return &lcOkZ{} }, nil)
	require.NoError(t, c.Invoke(ctx, func(*lcOkY, *lcOkX, *lcSlow, *lcOkZ) {}))

	dctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- c.Close(dctx) }()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second): // a hang guard, not a threshold
		t.Fatal("Close did not return after its deadline")
	}
	<-started
	require.Error(t, err)
	assert.ErrorIs(t, err, container.ErrCleanup)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	msg := err.Error()
	assert.Contains(t, msg, "3 cleanups left", "says how many remain")
	assert.Contains(t, msg, "still running: *container_test.lcSlow", "names the cleanup that did not finish")
	assert.Contains(t, msg, "lcOkX", "names the cleanups that did not run")
	assert.Contains(t, msg, "lcOkY")
	assert.NotContains(t, msg, "lcOkZ", "the cleanup that ran is not reported")
	assert.Equal(t, []string{"new"}, log.with("close:"), "the older cleanups did not run")
	assert.True(t, strings.Index(msg, "lcOkX") < strings.Index(msg, "lcOkY"), "not-run list newest first: %s", msg)
	_, err = container.Resolve[*lcOkX](ctx, c)
	assert.ErrorIs(t, err, container.ErrClosed, "the container is closed from the first Close on")

	// Nothing is lost: a second Close, again with a short deadline, still
	// waits for the slow cleanup and reports what is left.
	dctx2, cancel2 := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel2()
	err = c.Close(dctx2)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "3 cleanups left")
	assert.Equal(t, []string{"new"}, log.with("close:"))

	// Once the slow cleanup returns, the next Close collects it and runs
	// the rest, newest first; after that Close has nothing left to do.
	release <- struct{}{}
	require.NoError(t, c.Close(ctx))
	assert.Equal(t, []string{"new", "slow", "old", "older"}, log.with("close:"))
	require.NoError(t, c.Close(ctx), "a Close with nothing left is a no-op")
}

// Close with a context that has already ended marks the container closed
// and runs nothing; the cleanups run on the next Close with a live context.
func TestLifecycle_CloseWithEndedContextKeepsCleanups(t *testing.T) {
	ctx := context.Background()
	log := lcNewLog()
	c := container.New()
	require.NoError(t, container.Supply(c, log))
	lcProvideClosing(t, c, "x", func() *lcOkX { return &lcOkX{} }, nil)
	lcProvideClosing(t, c, "y", func() *lcOkY { return &lcOkY{} }, nil)
	require.NoError(t, c.Invoke(ctx, func(*lcOkX, *lcOkY) {}))

	ended, cancel := context.WithCancel(ctx)
	cancel()
	err := c.Close(ended)
	require.ErrorIs(t, err, container.ErrCleanup)
	require.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "2 cleanups left")
	assert.Empty(t, log.with("close:"), "nothing ran")
	_, err = container.Resolve[*lcOkX](ctx, c)
	assert.ErrorIs(t, err, container.ErrClosed)

	require.NoError(t, c.Close(ctx))
	assert.Equal(t, []string{"y", "x"}, log.with("close:"))
	require.NoError(t, c.Close(ctx))
}

func TestLifecycle_CloseDeadlineInChildScope(t *testing.T) {
	// A child scope's cleanup blocks: the root's Close gives up at the
	// deadline and reports the child's cleanup and its own cleanups that
	// did not run.
	ctx := context.Background()
	log := lcNewLog()
	release := make(chan struct{})
	c := container.New()
	require.NoError(t, container.Supply(c, log))
	lcProvideClosing(t, c, "root", func() *lcOkX { return &lcOkX{} }, nil)
	require.NoError(t, container.Provide[*lcSlow](c, func() (*lcSlow, func(), error) {
		return &lcSlow{}, func() { <-release }, nil
	}, container.Scoped))
	_, err := container.Resolve[*lcOkX](ctx, c)
	require.NoError(t, err)
	s := c.NewScope()
	_, err = container.Resolve[*lcSlow](ctx, s)
	require.NoError(t, err)

	dctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	err = c.Close(dctx)
	require.Error(t, err)
	assert.ErrorIs(t, err, container.ErrCleanup)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "lcSlow")
	assert.Contains(t, err.Error(), "lcOkX", "the root's own cleanup did not run and is reported")
	assert.Empty(t, log.with("close:"))
	close(release)
	require.NoError(t, c.Close(ctx), "the next Close collects the child's cleanup and runs the root's")
	assert.Equal(t, []string{"root"}, log.with("close:"))
	require.NoError(t, s.Close(ctx))
}

func TestLifecycle_FactoryInScopeContextBelongsToScope(t *testing.T) {
	// A Transient built by a root-injected factory called with a scope's
	// context is resolved through the scope, so the scope closes it.
	ctx := context.Background()
	log := lcNewLog()
	c := container.New()
	require.NoError(t, container.Supply(c, log))
	lcProvideClosing(t, c, "x", func() *lcOkX { return &lcOkX{} }, nil, container.Transient)
	var holder struct {
		NewX container.Factory[*lcOkX] `inject:""`
	}
	require.NoError(t, c.Populate(ctx, &holder))
	s := c.NewScope()
	inScope, err := holder.NewX.New(container.NewContext(ctx, s))
	require.NoError(t, err)
	atRoot, err := holder.NewX.New(ctx)
	require.NoError(t, err)
	require.NotSame(t, inScope, atRoot)
	require.NoError(t, s.Close(ctx))
	assert.Equal(t, 1, log.closeCount(inScope), "closed with the scope")
	assert.Zero(t, log.closeCount(atRoot))
	require.NoError(t, c.Close(ctx))
	assert.Equal(t, 1, log.closeCount(atRoot))
	lcRequireEachClosedOnce(t, log)
}

type lcAliased interface{ Ping() }

type lcAliasImpl struct {
	Log *lcLog `inject:""`
}

func (x *lcAliasImpl) Ping()        {}
func (x *lcAliasImpl) Close() error { x.Log.closed(x, "impl"); return nil }

func TestLifecycle_InstanceProvidedAsInterfaceClosedOnce(t *testing.T) {
	// An instance reached both through an interface (As) and its own
	// type, in a scope and at the root, is one instance and one cleanup.
	ctx := context.Background()
	log := lcNewLog()
	c := container.New()
	require.NoError(t, errors.Join(
		container.Supply(c, log),
		container.Provide[*lcAliasImpl](c, nil, container.AutoClose(), container.As[lcAliased]()),
	))
	s := c.NewScope()
	viaIface, err := container.Resolve[lcAliased](ctx, s)
	require.NoError(t, err)
	direct, err := container.Resolve[*lcAliasImpl](ctx, c)
	require.NoError(t, err)
	require.Same(t, direct, viaIface)
	require.NoError(t, s.Close(ctx))
	assert.Zero(t, log.closeCount(direct))
	require.NoError(t, c.Close(ctx))
	assert.Equal(t, 1, log.closeCount(direct))
	assert.Equal(t, []string{"impl"}, log.with("close:"))
}
