package container_test

// Run: Populate, run, Close in order; cancellation; a failing Populate;
// ShutdownTimeout. No signal is sent to the test process.

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

var (
	lcErrRunDB  = errors.New("lcRun: database unreachable")
	lcErrRunJob = errors.New("lcRun: job failed")
)

type lcRunDB struct{ _ byte }
type lcRunSrv struct {
	Log *lcLog   `inject:""`
	DB  *lcRunDB `inject:""`
}
type lcRunApp struct {
	Srv   *lcRunSrv `inject:""`
	ready chan struct{}
}
type lcRunSlow struct{ _ byte }
type lcRunSlowApp struct {
	Srv  *lcRunSrv  `inject:""`
	Slow *lcRunSlow `inject:""` // completed last, so closed first
}

func (s *lcRunSrv) Init()        { s.Log.open(s, "srv") }
func (s *lcRunSrv) Close() error { s.Log.closed(s, "srv"); return nil }
func (a *lcRunApp) Init() {
	if a.ready != nil {
		close(a.ready)
	}
}

func lcRunContainer(t *testing.T, dbErr error) (*container.Container, *lcLog) {
	t.Helper()
	log := lcNewLog()
	c := container.New()
	require.NoError(t, errors.Join(
		container.Supply(c, log),
		container.Provide[*lcRunDB](c, func(l *lcLog) (*lcRunDB, func(), error) {
			if dbErr != nil {
				return nil, nil, dbErr
			}
			db := &lcRunDB{}
			l.open(db, "db")
			return db, func() { l.closed(db, "db") }, nil
		}),
		container.Provide[*lcRunSrv](c, nil, container.AutoClose()),
	))
	return c, log
}

func TestLifecycle_RunPopulatesRunsAndCloses(t *testing.T) {
	c, log := lcRunContainer(t, nil)
	var app lcRunApp
	err := container.Run(context.Background(), c, &app, func(ctx context.Context) error {
		require.NotNil(t, app.Srv, "the target is populated before run")
		require.NotNil(t, app.Srv.DB)
		assert.Empty(t, log.with("close:"), "nothing is closed while run runs")
		log.add("run")
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"open:db", "open:srv", "run", "close:srv", "close:db"}, log.all())
	lcRequireEachClosedOnce(t, log)
	_, err = container.Resolve[*lcRunSrv](context.Background(), c)
	assert.ErrorIs(t, err, container.ErrClosed, "Run closes the container")
}

func TestLifecycle_RunReturnsAfterCancel(t *testing.T) {
	c, log := lcRunContainer(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var app lcRunApp
	err := container.Run(ctx, c, &app, func(rctx context.Context) error {
		cancel()
		<-rctx.Done() // the run context ends with its parent
		return fmt.Errorf("server stopped: %w", rctx.Err())
	})
	require.NoError(t, err, "the cancellation that stopped run is not an error")
	assert.Equal(t, []string{"srv", "db"}, log.with("close:"))
	lcRequireEachClosedOnce(t, log)
}

func TestLifecycle_RunWithNilRunWaitsForCancel(t *testing.T) {
	c, log := lcRunContainer(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	app := lcRunApp{ready: make(chan struct{})}
	go func() {
		<-app.ready // the target's Init ran: Populate is done building
		cancel()
	}()
	done := make(chan error, 1)
	go func() { done <- container.Run(ctx, c, &app, nil) }()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second): // a hang guard, not a threshold
		t.Fatal("Run did not return after its context was cancelled")
	}
	assert.Equal(t, []string{"open:db", "open:srv", "close:srv", "close:db"}, log.all())
	lcRequireEachClosedOnce(t, log)
}

func TestLifecycle_RunWithCancelledContext(t *testing.T) {
	// A context that is already cancelled: nothing may be left open, run is
	// not called, and the cancellation is what is reported.
	c, log := lcRunContainer(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var app lcRunApp
	called := false
	err := container.Run(ctx, c, &app, func(context.Context) error { called = true; return nil })
	require.ErrorIs(t, err, context.Canceled, "Populate with an ended context fails with the context's error")
	assert.False(t, called, "run is not called when Populate fails")
	assert.Nil(t, app.Srv)
	lcRequireEachClosedOnce(t, log)
	_, rerr := container.Resolve[*lcRunSrv](context.Background(), c)
	assert.ErrorIs(t, rerr, container.ErrClosed)
}

func TestLifecycle_RunPopulateFailure(t *testing.T) {
	c, log := lcRunContainer(t, lcErrRunDB)
	var srvBuilt bool
	var app lcRunApp
	called := false
	err := container.Run(context.Background(), c, &app, func(context.Context) error { called = true; return nil })
	require.Error(t, err)
	assert.ErrorIs(t, err, container.ErrConstructor)
	assert.ErrorIs(t, err, lcErrRunDB)
	assert.False(t, called, "run is not called when Populate fails")
	assert.Nil(t, app.Srv)
	// lcRunSrv was allocated but never completed (its DB field failed): it
	// is not Closed, since only complete instances are; nothing that was
	// completed stays open.
	for _, e := range log.with("close:") {
		srvBuilt = srvBuilt || e == "srv"
	}
	assert.False(t, srvBuilt, "an incomplete instance is not Closed")
	lcRequireEachClosedOnce(t, log)
	_, err = container.Resolve[*lcRunDB](context.Background(), c)
	assert.ErrorIs(t, err, container.ErrClosed, "Run closed the container")
}

func TestLifecycle_RunErrorIsReturnedAfterCleanup(t *testing.T) {
	c, log := lcRunContainer(t, nil)
	var app lcRunApp
	err := container.Run(context.Background(), c, &app, func(context.Context) error { return lcErrRunJob })
	require.ErrorIs(t, err, lcErrRunJob)
	assert.NotErrorIs(t, err, container.ErrCleanup)
	assert.Equal(t, []string{"srv", "db"}, log.with("close:"))
	lcRequireEachClosedOnce(t, log)
}

func TestLifecycle_RunShutdownTimeout(t *testing.T) {
	c, log := lcRunContainer(t, nil)
	release := make(chan struct{})
	defer close(release) // unblocks the abandoned cleanup
	require.NoError(t, container.Provide[*lcRunSlow](c, func() (*lcRunSlow, func(), error) {
		return &lcRunSlow{}, func() { <-release }, nil
	}))
	var app lcRunSlowApp
	done := make(chan error, 1)
	go func() {
		done <- container.Run(context.Background(), c, &app, func(context.Context) error { return nil },
			container.ShutdownTimeout(20*time.Millisecond))
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second): // a hang guard, not a threshold
		t.Fatal("Run did not return after its shutdown timeout")
	}
	require.Error(t, err)
	assert.ErrorIs(t, err, container.ErrCleanup)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "lcRunSlow", "names the cleanup that did not finish")
	assert.Contains(t, err.Error(), "lcRunSrv", "names the cleanups that did not run")
	assert.Contains(t, err.Error(), "lcRunDB")
	assert.Empty(t, log.with("close:"), "the cleanups older than the slow one did not run")
}

func TestLifecycle_RunNilContainer(t *testing.T) {
	var app lcRunApp
	err := container.Run(context.Background(), nil, &app, func(context.Context) error {
		t.Error("run called with a nil container")
		return nil
	})
	require.ErrorIs(t, err, container.ErrBadInput)
}
