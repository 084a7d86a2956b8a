package container_test

// Rollback: a failing constructor, factory or Init undoes everything the
// call built, newest first; nothing half-built stays cached; Populate
// targets are reset; a retry builds fresh instances; the error carries
// the failure and any cleanup failures.

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

var (
	lcErrRbInit    = errors.New("lcRb: init failed")
	lcErrRbCtor    = errors.New("lcRb: constructor failed")
	lcErrRbCleanup = errors.New("lcRb: cleanup failed")
)

// lcRbSwitch turns the faults of the rollback graph on and off.
type lcRbSwitch struct {
	failInit, failCtor, failCleanup, failTargetInit bool
	dbCalls                                         int
}

// The rollback graph:
//
//	lcRbApp{Fake (preset), Other, Svc}
//	lcRbOther  zero value, AutoClose
//	lcRbSvc    zero value, AutoClose, Init may fail -> Cache, DB, Queue
//	lcRbCache  zero value, AutoClose               -> DB
//	lcRbDB     constructor with a cleanup (which may fail)
//	lcRbQueue  constructor that may fail
type lcRbDB struct{ n int }
type lcRbQueue struct{ _ byte }
type lcRbOther struct {
	Log *lcLog `inject:""`
}
type lcRbCache struct {
	Log *lcLog  `inject:""`
	DB  *lcRbDB `inject:""`
}
type lcRbSvc struct {
	Log   *lcLog      `inject:""`
	Sw    *lcRbSwitch `inject:""`
	Cache *lcRbCache  `inject:""`
	DB    *lcRbDB     `inject:""`
	Queue *lcRbQueue  `inject:""`
}
type lcRbFake struct{ _ byte }
type lcRbApp struct {
	Fake  *lcRbFake  `inject:""`
	Other *lcRbOther `inject:""`
	Svc   *lcRbSvc   `inject:""`
	Sw    *lcRbSwitch
}
type lcRbSvcFactoryApp struct {
	NewSvc container.Factory[*lcRbSvc] `inject:""`
}

func (x *lcRbOther) Init()      { x.Log.open(x, "other") }
func (x *lcRbOther) Close()     { x.Log.closed(x, "other") }
func (x *lcRbCache) Init()      { x.Log.open(x, "cache") }
func (x *lcRbCache) Close()     { x.Log.closed(x, "cache") }
func (x *lcRbSvc) Close() error { x.Log.closed(x, "svc"); return nil }
func (x *lcRbSvc) Init() error {
	if x.Sw.failInit {
		return lcErrRbInit // a failing Init gives back what it took; it is never Closed
	}
	x.Log.open(x, "svc")
	return nil
}
func (a *lcRbApp) Init() error {
	if a.Sw != nil && a.Sw.failTargetInit {
		return lcErrRbInit
	}
	return nil
}

func lcRbContainer(t *testing.T, svcLife container.Lifetime) (*container.Container, *lcLog, *lcRbSwitch) {
	t.Helper()
	log := lcNewLog()
	sw := &lcRbSwitch{}
	c := container.New()
	require.NoError(t, errors.Join(
		container.Supply(c, log),
		container.Supply(c, sw),
		container.Provide[*lcRbDB](c, func(l *lcLog, sw *lcRbSwitch) (*lcRbDB, func(context.Context) error, error) {
			sw.dbCalls++
			db := &lcRbDB{n: sw.dbCalls}
			l.open(db, "db")
			return db, func(context.Context) error {
				l.closed(db, "db")
				if sw.failCleanup {
					return lcErrRbCleanup
				}
				return nil
			}, nil
		}),
		container.Provide[*lcRbQueue](c, func(sw *lcRbSwitch) (*lcRbQueue, error) {
			if sw.failCtor {
				return nil, lcErrRbCtor
			}
			return &lcRbQueue{}, nil
		}),
		container.Provide[*lcRbOther](c, nil, container.AutoClose()),
		container.Provide[*lcRbCache](c, nil, container.AutoClose()),
		container.Provide[*lcRbSvc](c, nil, container.AutoClose(), svcLife),
	))
	return c, log, sw
}

func TestLifecycle_RollbackPopulateInitFailure(t *testing.T) {
	ctx := context.Background()
	c, log, sw := lcRbContainer(t, container.Singleton)
	sw.failInit = true
	fake := &lcRbFake{}
	app := lcRbApp{Fake: fake}

	err := c.Populate(ctx, &app)
	require.Error(t, err)
	assert.ErrorIs(t, err, container.ErrInit)
	assert.ErrorIs(t, err, lcErrRbInit, "the error carries the original failure")
	assert.NotErrorIs(t, err, container.ErrCleanup)
	assert.Equal(t, []string{"open:other", "open:db", "open:cache",
		"close:cache", "close:db", "close:other"}, log.all(), "everything completed is cleaned up, newest first; Svc, whose Init failed, gave back its own")
	lcRequireEachClosedOnce(t, log)
	assert.Same(t, fake, app.Fake, "a preset field is left alone")
	assert.Nil(t, app.Other, "fields set by the failed call are reset")
	assert.Nil(t, app.Svc)
	failed := log.createdList()

	// Nothing stays cached: a retry builds everything afresh.
	sw.failInit = false
	require.NoError(t, c.Populate(ctx, &app))
	require.NotNil(t, app.Svc)
	assert.Same(t, fake, app.Fake)
	for _, v := range []any{app.Other, app.Svc, app.Svc.Cache, app.Svc.DB} {
		lcAssertNotAmong(t, failed, v, "%T from the failed call was reused", v)
	}
	assert.Same(t, app.Svc.DB, app.Svc.Cache.DB, "the retry's Singletons are shared")
	assert.Equal(t, 2, sw.dbCalls)
	got, err := container.Resolve[*lcRbSvc](ctx, c)
	require.NoError(t, err)
	assert.Same(t, app.Svc, got, "the retry's instances are published")

	require.NoError(t, c.Close(ctx))
	lcRequireEachClosedOnce(t, log)
	assert.Len(t, log.createdList(), 7, "3 completed by the failed call, 4 by the retry")
}

func TestLifecycle_RollbackResolveConstructorFailure(t *testing.T) {
	ctx := context.Background()
	c, log, sw := lcRbContainer(t, container.Singleton)
	sw.failCtor = true

	svc, err := container.Resolve[*lcRbSvc](ctx, c)
	require.Error(t, err)
	assert.Nil(t, svc)
	assert.ErrorIs(t, err, container.ErrConstructor)
	assert.ErrorIs(t, err, lcErrRbCtor)
	var te *container.Error
	require.ErrorAs(t, err, &te)
	assert.Contains(t, te.Path, "Queue", "the path names the failing dependency")
	// The Svc was allocated but never completed (its Queue failed): it is
	// not Closed, since Close is for complete instances.
	assert.Equal(t, []string{"open:db", "open:cache", "close:cache", "close:db"}, log.all())
	lcRequireEachClosedOnce(t, log)
	failed := log.createdList()

	_, err = container.Resolve[*lcRbDB](ctx, c)
	require.NoError(t, err)
	lcAssertNotAmong(t, failed, any(lcMustResolve[*lcRbDB](t, c)), "the DB built by the failed call is not cached")

	sw.failCtor = false
	svc, err = container.Resolve[*lcRbSvc](ctx, c)
	require.NoError(t, err)
	lcAssertNotAmong(t, failed, any(svc.Cache))
	require.NoError(t, c.Close(ctx))
	lcRequireEachClosedOnce(t, log)
}

func lcMustResolve[T any](t *testing.T, c *container.Container) T {
	t.Helper()
	v, err := container.Resolve[T](context.Background(), c)
	require.NoError(t, err)
	return v
}

func TestLifecycle_RollbackErrorCarriesCleanupFailures(t *testing.T) {
	ctx := context.Background()
	c, log, sw := lcRbContainer(t, container.Singleton)
	sw.failInit, sw.failCleanup = true, true
	var app lcRbApp
	err := c.Populate(ctx, &app)
	require.Error(t, err)
	assert.ErrorIs(t, err, container.ErrInit)
	assert.ErrorIs(t, err, lcErrRbInit, "the original failure")
	assert.ErrorIs(t, err, container.ErrCleanup, "and the cleanup failure")
	assert.ErrorIs(t, err, lcErrRbCleanup)
	assert.Contains(t, err.Error(), "lcRbDB", "the cleanup failure names the instance")
	assert.Equal(t, []string{"cache", "db", "other"}, log.with("close:"), "every cleanup ran despite the failure")
	lcRequireEachClosedOnce(t, log)

	sw.failInit, sw.failCleanup = false, false
	require.NoError(t, c.Populate(ctx, &app))
	require.NoError(t, c.Close(ctx))
	lcRequireEachClosedOnce(t, log)
}

func TestLifecycle_RollbackTargetInitFailure(t *testing.T) {
	ctx := context.Background()
	c, log, sw := lcRbContainer(t, container.Singleton)
	sw.failTargetInit = true
	app := lcRbApp{Sw: sw}
	err := c.Populate(ctx, &app)
	require.ErrorIs(t, err, container.ErrInit)
	require.ErrorIs(t, err, lcErrRbInit)
	assert.Nil(t, app.Other)
	assert.Nil(t, app.Svc)
	assert.Equal(t, []string{"svc", "cache", "db", "other"}, log.with("close:"))
	lcRequireEachClosedOnce(t, log)

	sw.failTargetInit = false
	require.NoError(t, c.Populate(ctx, &app))
	require.NoError(t, c.Close(ctx))
	lcRequireEachClosedOnce(t, log)
}

func TestLifecycle_RollbackResetsEveryTarget(t *testing.T) {
	ctx := context.Background()
	c, log, sw := lcRbContainer(t, container.Singleton)
	sw.failInit = true
	var first struct {
		Other *lcRbOther `inject:""`
		DB    *lcRbDB    `inject:""`
	}
	var second lcRbApp
	err := c.Populate(ctx, &first, &second)
	require.ErrorIs(t, err, lcErrRbInit)
	assert.Nil(t, first.Other, "the first target, complete before the second failed, is reset too")
	assert.Nil(t, first.DB)
	assert.Nil(t, second.Other)
	assert.Nil(t, second.Svc)
	lcRequireEachClosedOnce(t, log)
	assert.Len(t, log.createdList(), 3)
	require.NoError(t, c.Close(ctx))
	assert.Len(t, log.createdList(), 3, "nothing else was built")
	lcRequireEachClosedOnce(t, log)
}

func TestLifecycle_RollbackFactoryCall(t *testing.T) {
	ctx := context.Background()
	c, log, sw := lcRbContainer(t, container.Transient)
	db := lcMustResolve[*lcRbDB](t, c) // committed by an earlier call
	var app lcRbSvcFactoryApp
	require.NoError(t, c.Populate(ctx, &app))

	sw.failInit = true
	svc, err := app.NewSvc.New(ctx)
	require.Error(t, err)
	assert.Nil(t, svc)
	assert.ErrorIs(t, err, container.ErrInit)
	assert.ErrorIs(t, err, lcErrRbInit)
	assert.Equal(t, []string{"cache"}, log.with("close:"),
		"the factory call's own completed instances are cleaned up; the DB committed earlier is not")
	assert.Zero(t, log.closeCount(db))
	failed := log.createdList()

	sw.failInit = false
	svc, err = app.NewSvc.New(ctx)
	require.NoError(t, err)
	assert.Same(t, db, svc.DB)
	lcAssertNotAmong(t, failed, any(svc.Cache), "the Cache built by the failed call was not cached")
	lcAssertNotAmong(t, failed, any(svc))
	require.NoError(t, c.Close(ctx))
	lcRequireEachClosedOnce(t, log)
}

func TestLifecycle_RollbackInvoke(t *testing.T) {
	ctx := context.Background()
	c, log, sw := lcRbContainer(t, container.Singleton)
	sw.failCtor = true
	called := false
	err := c.Invoke(ctx, func(*lcRbOther, *lcRbDB, *lcRbQueue) { called = true })
	require.ErrorIs(t, err, container.ErrConstructor)
	require.ErrorIs(t, err, lcErrRbCtor)
	assert.False(t, called)
	assert.Equal(t, []string{"db", "other"}, log.with("close:"))
	lcRequireEachClosedOnce(t, log)
	sw.failCtor = false
	require.NoError(t, c.Invoke(ctx, func(*lcRbOther, *lcRbDB, *lcRbQueue) { called = true }))
	assert.True(t, called)
	require.NoError(t, c.Close(ctx))
	lcRequireEachClosedOnce(t, log)
	assert.Len(t, log.createdList(), 4)
}

func TestLifecycle_RollbackInScope(t *testing.T) {
	ctx := context.Background()
	c, log, sw := lcRbContainer(t, container.Scoped)
	s := c.NewScope()
	sw.failInit = true
	_, err := container.Resolve[*lcRbSvc](ctx, s)
	require.ErrorIs(t, err, lcErrRbInit)
	assert.Equal(t, []string{"cache", "db"}, log.with("close:"))
	failed := log.createdList()

	sw.failInit = false
	svc, err := container.Resolve[*lcRbSvc](ctx, s)
	require.NoError(t, err)
	lcAssertNotAmong(t, failed, any(svc), "the Scoped instance of the failed call is not cached in the scope")
	again, err := container.Resolve[*lcRbSvc](ctx, s)
	require.NoError(t, err)
	assert.Same(t, svc, again)
	require.NoError(t, s.Close(ctx))
	assert.Equal(t, 1, log.closeCount(svc))
	assert.Zero(t, log.closeCount(svc.DB), "the Singletons belong to the root")
	require.NoError(t, c.Close(ctx))
	lcRequireEachClosedOnce(t, log)
}

// lcRbCanceller cancels the build's context from its constructor.
type lcRbCanceller struct{ _ byte }

type lcRbCancelApp struct {
	DB  *lcRbDB        `inject:""`
	Can *lcRbCanceller `inject:""`
	Svc *lcRbSvc       `inject:""`
}

func TestLifecycle_RollbackWhenContextEndsMidBuild(t *testing.T) {
	c, log, _ := lcRbContainer(t, container.Singleton)
	var cancel context.CancelFunc
	require.NoError(t, container.Provide[*lcRbCanceller](c, func() *lcRbCanceller {
		cancel()
		return &lcRbCanceller{}
	}))
	ctx, cancelFn := context.WithCancel(context.Background())
	cancel = cancelFn
	var app lcRbCancelApp
	err := c.Populate(ctx, &app)
	require.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, app.DB)
	assert.Nil(t, app.Can)
	assert.Equal(t, []string{"db"}, log.with("close:"))
	lcRequireEachClosedOnce(t, log)

	cancel = func() {}
	require.NoError(t, c.Populate(context.Background(), &app))
	require.NoError(t, c.Close(context.Background()))
	lcRequireEachClosedOnce(t, log)
}

// lcRbNested's Init makes a factory call with the context it was given
// (joining the running call, as the manual requires) and swallows its
// failure.
type lcRbNestedA struct{ _ byte }
type lcRbNestedB struct{ A *lcRbNestedA }
type lcRbNested struct {
	Log     *lcLog                          `inject:""`
	MakeB   container.Factory[*lcRbNestedB] `inject:""`
	nestErr error
}

func (n *lcRbNested) Init(ctx context.Context) {
	_, n.nestErr = n.MakeB.New(ctx)
}

func TestLifecycle_RollbackNestedFactoryCall(t *testing.T) {
	// "Each Populate, Resolve, Invoke and factory call is a transaction":
	// a factory call made from inside a build fails; what that call built
	// (A, a Singleton or a Scoped instance) must be cleaned up and must not
	// stay cached, even though the enclosing call goes on and succeeds.
	for _, lt := range []container.Lifetime{container.Singleton, container.Scoped} {
		t.Run(lt.String(), func(t *testing.T) {
			ctx := context.Background()
			log := lcNewLog()
			c := container.New()
			require.NoError(t, errors.Join(
				container.Supply(c, log),
				container.Provide[*lcRbNestedA](c, func(l *lcLog) (*lcRbNestedA, func(), error) {
					a := &lcRbNestedA{}
					l.open(a, "A")
					return a, func() { l.closed(a, "A") }, nil
				}, lt),
				container.Provide[*lcRbNestedB](c, func(a *lcRbNestedA) (*lcRbNestedB, error) {
					return nil, lcErrRbCtor
				}, container.Transient),
				container.Provide[*lcRbNested](c, nil, lt),
			))
			sc := c
			if lt == container.Scoped {
				sc = c.NewScope()
			}
			n, err := container.Resolve[*lcRbNested](ctx, sc)
			require.NoError(t, err, "the enclosing call does not fail: Init swallowed the error")
			require.ErrorIs(t, n.nestErr, container.ErrConstructor)
			require.ErrorIs(t, n.nestErr, lcErrRbCtor)
			require.Len(t, log.createdList(), 1)
			failed := log.createdList()
			assert.Equal(t, []string{"open:A", "close:A"}, log.all(),
				"the failed factory call's instance is cleaned up when that call fails")
			a, err := container.Resolve[*lcRbNestedA](ctx, sc)
			require.NoError(t, err)
			lcAssertNotAmong(t, failed, a, "the failed factory call's instance stayed cached")
			require.NoError(t, c.Close(ctx))
			lcRequireEachClosedOnce(t, log)
		})
	}
}

// lcRbCycA and lcRbCycB point at each other through fields.
type lcRbCycA struct {
	Log *lcLog      `inject:""`
	Sw  *lcRbSwitch `inject:""`
	B   *lcRbCycB   `inject:""`
}
type lcRbCycB struct {
	Log *lcLog      `inject:""`
	Sw  *lcRbSwitch `inject:""`
	A   *lcRbCycA   `inject:""`
}

func (x *lcRbCycA) Init()  { x.Log.open(x, "A") }
func (x *lcRbCycA) Close() { x.Log.closed(x, "A") }
func (x *lcRbCycB) Init() error {
	if x.Sw.failInit {
		return lcErrRbInit
	}
	x.Log.open(x, "B")
	return nil
}
func (x *lcRbCycB) Close() { x.Log.closed(x, "B") }

func TestLifecycle_RollbackPointerCycle(t *testing.T) {
	// A pointer cycle A <-> B: B (reached second) is initialised first.
	// When B's Init fails, neither completed, so neither is Closed; the
	// retry builds a new cycle, which closes A (completed last) first.
	ctx := context.Background()
	log := lcNewLog()
	sw := &lcRbSwitch{failInit: true}
	c := container.New()
	require.NoError(t, errors.Join(
		container.Supply(c, log), container.Supply(c, sw),
		container.Provide[*lcRbCycA](c, nil, container.AutoClose()),
		container.Provide[*lcRbCycB](c, nil, container.AutoClose()),
	))
	var app struct {
		A *lcRbCycA `inject:""`
	}
	err := c.Populate(ctx, &app)
	require.ErrorIs(t, err, lcErrRbInit)
	assert.Nil(t, app.A)
	assert.Empty(t, log.with("close:"), "incomplete instances are not Closed")
	lcRequireEachClosedOnce(t, log)
	failed := log.createdList()

	sw.failInit = false
	require.NoError(t, c.Populate(ctx, &app))
	require.Same(t, app.A, app.A.B.A)
	lcAssertNotAmong(t, failed, app.A.B)
	require.Equal(t, []string{"B", "A"}, log.with("open:"), "nothing completed in the failed call; in the retry B's Init runs before A's")
	require.NoError(t, c.Close(ctx))
	assert.Equal(t, []string{"A", "B"}, log.with("close:"), "A completed last, so it closes first")
	lcRequireEachClosedOnce(t, log)
}

func TestLifecycle_RollbackResetsFieldsFilledFromBuiltSingletons(t *testing.T) {
	// A target field filled with a Singleton committed by an earlier call
	// is reset too (the failed call set it), but that Singleton is not
	// closed: it does not belong to the failed call.
	ctx := context.Background()
	c, log, sw := lcRbContainer(t, container.Singleton)
	other := lcMustResolve[*lcRbOther](t, c)
	sw.failInit = true
	var app lcRbApp
	require.ErrorIs(t, c.Populate(ctx, &app), lcErrRbInit)
	assert.Nil(t, app.Other, "set by the failed call from an already built Singleton, then reset")
	assert.Nil(t, app.Svc)
	assert.Zero(t, log.closeCount(other))
	assert.Same(t, other, lcMustResolve[*lcRbOther](t, c))
	require.NoError(t, c.Close(ctx))
	lcRequireEachClosedOnce(t, log)
}
