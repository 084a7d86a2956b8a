package container_test

// Rule 10 (errors never panic), rule 12 (optional), and the transaction
// guarantees of a failed Populate deep in a graph.

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

// ---------------------------------------------------------------------------
// Rule 10: bad inputs are errors, never panics.

type fndIntField struct {
	P *int `inject:""`
}

type fndFuncField struct {
	F func() `inject:""`
}

type fndChanField struct {
	Ch chan int `inject:""`
}

type fndStructValueField struct {
	Cfg fndConfig `inject:""`
}

func fndVariadicFn(xs ...*fndDB) {}

func TestFoundation_BadInputsNeverPanic(t *testing.T) {
	ctx := context.Background()
	var nilC *container.Container
	n := 3
	var appPtr *fndApp
	cases := []struct {
		name string
		call func(c *container.Container) error
		want fndWant
	}{
		{"Populate nil target", func(c *container.Container) error { return c.Populate(ctx, nil) },
			fndWant{kind: container.ErrBadInput, op: "populate", needHint: true}},
		{"Populate non-pointer", func(c *container.Container) error { return c.Populate(ctx, fndApp{}) },
			fndWant{kind: container.ErrBadInput, op: "populate", typ: fndTypeOf[fndApp](), needHint: true}},
		{"Populate pointer to int", func(c *container.Container) error { return c.Populate(ctx, &n) },
			fndWant{kind: container.ErrBadInput, op: "populate", typ: fndTypeOf[*int](), needHint: true}},
		{"Populate pointer to pointer", func(c *container.Container) error { return c.Populate(ctx, &appPtr) },
			fndWant{kind: container.ErrBadInput, op: "populate", typ: fndTypeOf[**fndApp](), needHint: true}},
		{"Populate nil pointer", func(c *container.Container) error { return c.Populate(ctx, appPtr) },
			fndWant{kind: container.ErrBadInput, op: "populate", typ: fndTypeOf[*fndApp](), needHint: true}},
		{"Populate a func", func(c *container.Container) error { return c.Populate(ctx, func() {}) },
			fndWant{kind: container.ErrBadInput, op: "populate", needHint: true}},
		{"package Populate nil", func(*container.Container) error { return container.Populate(nil) },
			fndWant{kind: container.ErrBadInput, op: "populate", needHint: true}},
		{"package Populate non-pointer", func(*container.Container) error { return container.Populate(fndApp{}) },
			fndWant{kind: container.ErrBadInput, op: "populate", typ: fndTypeOf[fndApp](), needHint: true}},
		{"nil *Container Populate", func(*container.Container) error { return nilC.Populate(ctx, &fndApp{}) },
			fndWant{kind: container.ErrBadInput, op: "populate", needHint: true}},
		{"nil *Container Resolve", func(*container.Container) error {
			_, err := container.Resolve[*fndDB](ctx, nilC)
			return err
		}, fndWant{kind: container.ErrBadInput, op: "resolve", anyTag: true, paths: []string{"", "fndDB"}, needHint: true}},
		{"nil *Container Invoke", func(*container.Container) error { return nilC.Invoke(ctx, func() {}) },
			fndWant{kind: container.ErrBadInput, op: "invoke", needHint: true}},
		{"nil *Container Supply", func(*container.Container) error { return container.Supply(nilC, 1) },
			fndWant{kind: container.ErrBadInput, op: "register", paths: fndRegPaths("int"), needHint: true}},
		{"nil *Container Provide", func(*container.Container) error {
			return container.Provide[fndPort](nilC, func() fndPort { return 1 })
		}, fndWant{kind: container.ErrBadInput, op: "register", paths: fndRegPaths("fndPort"), needHint: true}},
		{"nil *Container Provide nil", func(*container.Container) error { return container.Provide[*fndDB](nilC, nil) },
			fndWant{kind: container.ErrBadInput, op: "register", paths: fndRegPaths("fndDB"), needHint: true}},
		{"nil *Container Provide with As", func(*container.Container) error {
			return container.Provide[*fndEnglish](nilC, nil, container.As[fndGreeter]())
		},
			fndWant{kind: container.ErrBadInput, op: "register", paths: fndRegPaths("fndGreeter"), needHint: true}},
		{"Provide nil for a non-pointer struct", func(c *container.Container) error { return container.Provide[fndDB](c, nil) },
			fndWant{kind: container.ErrBadInput, op: "register", paths: fndRegPaths("fndDB"), typ: fndTypeOf[fndDB](), needHint: true}},
		{"Provide nil for a pointer to int", func(c *container.Container) error { return container.Provide[*int](c, nil) },
			fndWant{kind: container.ErrBadInput, op: "register", paths: []string{"", "*int", "int"}, typ: fndTypeOf[*int](), needHint: true}},
		{"Supply nil", func(c *container.Container) error { return container.Supply(c, nil) },
			fndWant{kind: container.ErrBadInput, op: "register", needHint: true}},
		{"Provide a value of another type", func(c *container.Container) error { return container.Provide[*fndDB](c, "db") },
			fndWant{kind: container.ErrTypeMismatch, op: "register", paths: fndRegPaths("fndDB"), typ: fndTypeOf[*fndDB](), needHint: true}},
		{"Invoke nil", func(c *container.Container) error { return c.Invoke(ctx, nil) },
			fndWant{kind: container.ErrBadInput, op: "invoke"}},
		{"Invoke non-function", func(c *container.Container) error { return c.Invoke(ctx, 42) },
			fndWant{kind: container.ErrBadInput, op: "invoke", typ: fndTypeOf[int]()}},
		{"Invoke nil function", func(c *container.Container) error { return c.Invoke(ctx, (func())(nil)) },
			fndWant{kind: container.ErrBadInput, op: "invoke"}},
		{"Invoke variadic", func(c *container.Container) error { return c.Invoke(ctx, fndVariadicFn) },
			fndWant{kind: container.ErrBadInput, op: "invoke", needHint: true}},
		{"Resolve unregistered named type", func(c *container.Container) error {
			_, err := container.Resolve[fndPort](ctx, c)
			return err
		}, fndWant{kind: container.ErrNotFound, op: "resolve", path: "fndPort", typ: fndTypeOf[fndPort](), hint: "Provide"}},
		{"Resolve unregistered string", func(c *container.Container) error {
			_, err := container.Resolve[string](ctx, c)
			return err
		}, fndWant{kind: container.ErrNotFound, op: "resolve", path: "string", typ: fndTypeOf[string](), needHint: true}},
		{"Resolve unregistered struct value", func(c *container.Container) error {
			_, err := container.Resolve[fndConfig](ctx, c)
			return err
		}, fndWant{kind: container.ErrNotFound, op: "resolve", path: "fndConfig", typ: fndTypeOf[fndConfig](), needHint: true}},
		{"Resolve unimplemented interface", func(c *container.Container) error {
			_, err := container.Resolve[fndNobody](ctx, c)
			return err
		}, fndWant{kind: container.ErrNotFound, op: "resolve", path: "fndNobody", typ: fndTypeOf[fndNobody](), needHint: true}},
		{"Resolve unknown name", func(c *container.Container) error {
			_, err := container.Resolve[*fndDB](ctx, c, container.Named("nope"))
			return err
		}, fndWant{kind: container.ErrNotFound, op: "resolve", path: "fndDB", typ: fndTypeOf[*fndDB](), needHint: true}},
		{"field *int", func(c *container.Container) error { return c.Populate(ctx, &fndIntField{}) },
			fndWant{kind: container.ErrNotFound, op: "populate", path: "fndIntField.P", typ: fndTypeOf[*int](), needHint: true}},
		{"field func()", func(c *container.Container) error { return c.Populate(ctx, &fndFuncField{}) },
			fndWant{kind: container.ErrNotFound, op: "populate", path: "fndFuncField.F", typ: fndTypeOf[func()](), needHint: true}},
		{"field chan", func(c *container.Container) error { return c.Populate(ctx, &fndChanField{}) },
			fndWant{kind: container.ErrNotFound, op: "populate", path: "fndChanField.Ch", typ: fndTypeOf[chan int](), needHint: true}},
		{"field struct value", func(c *container.Container) error { return c.Populate(ctx, &fndStructValueField{}) },
			fndWant{kind: container.ErrNotFound, op: "populate", path: "fndStructValueField.Cfg", typ: fndTypeOf[fndConfig](), hint: "inline"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			var err error
			require.NotPanics(t, func() { err = tc.call(c) })
			if tc.want.path == "" && tc.want.paths == nil {
				tc.want.paths = []string{""}
				tc.want.anyTag = true
			}
			fndCheckErr(t, err, tc.want)
		})
	}
}

func TestFoundation_NilContextIsBackground(t *testing.T) {
	var nilCtx context.Context
	c := container.New()
	var app fndInitTarget
	require.NoError(t, container.Supply(c, fndPort(1)))
	require.NoError(t, container.Provide[*fndEnglish](c, nil, container.As[fndGreeter]()))
	require.NotPanics(t, func() { require.NoError(t, c.Populate(nilCtx, &app)) })
	require.NotNil(t, app.Forms)
	assert.Equal(t, 1, app.N)
	assert.Nil(t, app.Got)

	var db *fndDB
	require.NotPanics(t, func() {
		var err error
		db, err = container.Resolve[*fndDB](nilCtx, c)
		require.NoError(t, err)
	})
	assert.Same(t, app.DB, db)

	var gotCtx context.Context
	require.NotPanics(t, func() {
		require.NoError(t, c.Invoke(nilCtx, func(ctx context.Context, d *fndDB) { gotCtx = ctx }))
	})
	assert.NotNil(t, gotCtx, "a context.Context parameter is never nil")

	// Failing calls with a nil context do not panic either.
	var bad fndNobodyApp
	require.NotPanics(t, func() {
		err := c.Populate(nilCtx, &bad)
		require.ErrorIs(t, err, container.ErrNotFound)
	})
}

func TestFoundation_NoTargetsAndSelfResolve(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	require.NoError(t, c.Populate(ctx))
	require.NoError(t, container.Populate())
	got, err := container.Resolve[*container.Container](ctx, c)
	require.NoError(t, err)
	assert.Same(t, c, got)
}

func TestFoundation_CancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c, log := fndNewLogged(t)
	var app fndInlineApp
	var err error
	require.NotPanics(t, func() { err = c.Populate(ctx, &app) })
	require.ErrorIs(t, err, context.Canceled)
	var ce *container.Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, fndInlineApp{}, app)
	assert.Empty(t, log.Seen(), "nothing is built once the context has ended")
}

type fndTrackedApp struct {
	Tracked *fndTracked `inject:""`
}

// Several targets: a failure in a later one resets the earlier ones too,
// and a bad target is found before anything is filled.
func TestFoundation_MultipleTargetsRollBack(t *testing.T) {
	ctx := context.Background()
	c, log := fndNewLogged(t)
	presetDB := &fndDB{Name: "preset"}

	var good fndApp
	var goodTracked fndTrackedApp
	bad := fndNobodyApp{}
	err := c.Populate(ctx, &good, &goodTracked, &bad)
	fndCheckErr(t, err, fndWant{
		kind: container.ErrNotFound, op: "populate", path: "fndNobodyApp.N",
		typ: fndTypeOf[fndNobody](), needHint: true,
	})
	assert.Equal(t, fndApp{}, good, "earlier targets are reset")
	assert.Equal(t, fndTrackedApp{}, goodTracked, "earlier targets are reset")
	assert.Equal(t, fndNobodyApp{}, bad)
	failed := log.Seen()
	require.Len(t, failed, 1)
	require.NoError(t, c.Populate(ctx, &good, &goodTracked))
	fndAssertAppGraph(t, &good)
	require.NotNil(t, goodTracked.Tracked)
	assert.False(t, fndContainsPtr(failed, goodTracked.Tracked), "fresh instances after a failed call")

	var good2 fndApp
	good2.Untagged = presetDB
	err = c.Populate(ctx, &good2, nil)
	fndCheckErr(t, err, fndWant{kind: container.ErrBadInput, op: "populate", needHint: true, paths: []string{""}, anyTag: true})
	assert.Equal(t, fndApp{Untagged: presetDB}, good2, "a bad target is found before anything is filled")
}

// ---------------------------------------------------------------------------
// A failure deep in the graph: "App.API.Store.DB".

type fndTxStore struct {
	Cache *fndTracked `inject:""`
	DB    fndConn     `inject:""`
}

type fndTxAPI struct {
	Tracked *fndTracked `inject:""`
	Store   *fndTxStore `inject:""`
}

type fndTxApp struct {
	Tracked *fndTracked `inject:""`
	Name    string      `inject:"name=app"`
	API     *fndTxAPI   `inject:""`
	Last    *fndDB      `inject:""`
}

func TestFoundation_DeepFailureRollsBack(t *testing.T) {
	ctx := context.Background()
	c, log := fndNewLogged(t)
	require.NoError(t, container.Supply(c, "app", container.Named("app")))

	app := fndTxApp{Last: &fndDB{Name: "preset"}}
	before := fndSnapshot(&app)
	err := c.Populate(ctx, &app)
	fndCheckErr(t, err, fndWant{
		kind: container.ErrNotFound, op: "populate", path: "fndTxApp.API.Store.DB",
		typ: fndTypeOf[fndConn](), tag: "", needHint: true,
	})
	fndRequireUntouched(t, before, &app)
	assert.Equal(t, "preset", app.Last.Name)
	failed := log.Seen()
	require.Len(t, failed, 1, "the shared tracked instance ran Init once before the failure")

	// A Resolve after the failure builds fresh instances.
	api, err := container.Resolve[*fndTxAPI](ctx, c)
	require.ErrorIs(t, err, container.ErrNotFound, "still failing: nothing was fixed")
	assert.Nil(t, api)
	failed = log.Seen()
	require.Len(t, failed, 2, "the second failed call built its own tracked instance")
	assert.NotSame(t, failed[0], failed[1])

	// Fix the cause and retry: success, fresh instances.
	require.NoError(t, container.Provide[*fndPgConn](c, nil, container.As[fndConn]()))
	require.NoError(t, c.Populate(ctx, &app))
	require.NotNil(t, app.API)
	require.NotNil(t, app.API.Store)
	require.NotNil(t, app.API.Store.DB)
	assert.Equal(t, "app", app.Name)
	assert.Equal(t, "preset", app.Last.Name)
	assert.False(t, fndContainsPtr(failed, app.Tracked), "no instance of a failed call is reused")
	assert.Same(t, app.Tracked, app.API.Tracked)
	assert.Same(t, app.Tracked, app.API.Store.Cache)
	assert.Equal(t, 1, app.Tracked.N, "Init once for the fresh instance")
	api, err = container.Resolve[*fndTxAPI](ctx, c)
	require.NoError(t, err)
	assert.Same(t, app.API, api)
}

// ---------------------------------------------------------------------------
// Rule 12: optional.

type fndOptApp struct {
	Tracked *fndTracked `inject:""`
	Port    fndPort     `inject:"optional"`
	G       fndNobody   `inject:"optional"`
	DSN     string      `inject:"name=dsn,optional"`
	Plugins []fndPlugin `inject:"optional"`
	Cfg     fndConfig   `inject:"optional"`
	Any     any         `inject:"name=any,optional"`
}

func TestFoundation_OptionalLeavesZero(t *testing.T) {
	ctx := context.Background()
	c, _ := fndNewLogged(t)
	var app fndOptApp
	require.NoError(t, c.Populate(ctx, &app))
	require.NotNil(t, app.Tracked)
	assert.Zero(t, app.Port)
	assert.Nil(t, app.G)
	assert.Empty(t, app.DSN)
	assert.Nil(t, app.Plugins)
	assert.Zero(t, app.Cfg)
	assert.Nil(t, app.Any)

	// Package-level Populate too.
	var app2 fndOptApp
	require.NoError(t, container.Populate(&app2))
	assert.Zero(t, app2.Port)

	// Registered: filled.
	c2, _ := fndNewLogged(t)
	require.NoError(t, container.Supply(c2, fndPort(8)))
	require.NoError(t, container.Provide[fndNobody](c2, fndNobodyFake{ID: 3}))
	require.NoError(t, container.Supply(c2, "d", container.Named("dsn")))
	require.NoError(t, container.Supply(c2, &fndPlugA{}))
	require.NoError(t, container.Supply(c2, fndConfig{Host: "h"}))
	require.NoError(t, container.Supply(c2, 5, container.Named("any")))
	var app3 fndOptApp
	require.NoError(t, c2.Populate(ctx, &app3))
	assert.Equal(t, fndPort(8), app3.Port)
	assert.Equal(t, fndNobodyFake{ID: 3}, app3.G)
	assert.Equal(t, "d", app3.DSN)
	assert.Equal(t, []string{"a"}, fndPluginNames(app3.Plugins))
	assert.Equal(t, fndConfig{Host: "h"}, app3.Cfg)
	assert.Equal(t, 5, app3.Any)
}

type fndOptSvc struct {
	G fndNobody `inject:""`
}

type fndOptDeep struct {
	Tracked *fndTracked `inject:""`
	Svc     *fndOptSvc  `inject:"optional"`
}

type fndOptAmb struct {
	Tracked *fndTracked `inject:""`
	G       fndGreeter  `inject:"optional"`
}

type fndOptNamed struct {
	Tracked *fndTracked `inject:""`
	Port    int         `inject:"name=port,optional"`
}

type fndOptCtor struct {
	Tracked *fndTracked `inject:""`
	Port    fndPort     `inject:"optional"`
}

type fndOptInit struct {
	Tracked *fndTracked `inject:""`
	Bad     *fndFlaky   `inject:"optional"`
}

func fndPortFromNobody(n fndNobody) fndPort { return 1 }

// optional means optional all the way down: a registration missing
// anywhere beneath an optional field leaves the field zero, and nothing
// built for it is kept; once the registration exists, the field is filled.
func TestFoundation_OptionalAllTheWayDown(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		setup  func(t *testing.T, c *container.Container)
		target func() any
		field  func(tg any) any
	}{
		{"not found deeper", nil, func() any { return &fndOptDeep{} }, func(tg any) any { return tg.(*fndOptDeep).Svc }},
		{"constructor parameter not found", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Provide[fndPort](c, fndPortFromNobody))
		}, func() any { return &fndOptCtor{} }, func(tg any) any { return tg.(*fndOptCtor).Port }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := fndNewLogged(t)
			if tc.setup != nil {
				tc.setup(t, c)
			}
			tg := tc.target()
			require.NoError(t, c.Populate(ctx, tg))
			assert.Zero(t, tc.field(tg), "the optional field stays zero")
			// Nothing built for the field was kept: once the missing
			// registration exists, a new target gets a fresh instance.
			require.NoError(t, container.Provide[fndNobody](c, fndNobodyFake{ID: 7}))
			tg2 := tc.target()
			require.NoError(t, c.Populate(ctx, tg2))
			assert.NotZero(t, tc.field(tg2))
		})
	}
	// The half-built dependency of the optional field was not cached: the
	// Singleton built after the fix is the one a direct Resolve returns.
	c, _ := fndNewLogged(t)
	var first fndOptDeep
	require.NoError(t, c.Populate(ctx, &first))
	require.Nil(t, first.Svc)
	require.NoError(t, container.Provide[fndNobody](c, fndNobodyFake{ID: 9}))
	svc, err := container.Resolve[*fndOptSvc](ctx, c)
	require.NoError(t, err)
	assert.Equal(t, fndNobodyFake{ID: 9}, svc.G)
}

func TestFoundation_OptionalPropagatesDeeperErrors(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		setup  func(t *testing.T, c *container.Container)
		target func() any
		want   fndWant
		cause  error
		fix    func(t *testing.T, c *container.Container)
	}{
		{"ambiguous", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Supply(c, &fndEnglish{}))
			require.NoError(t, container.Supply(c, &fndFrench{}))
		}, func() any { return &fndOptAmb{} }, fndWant{
			kind: container.ErrAmbiguous, op: "populate", path: "fndOptAmb.G",
			typ: fndTypeOf[fndGreeter](), tag: "optional", needHint: true,
		}, nil, func(t *testing.T, c *container.Container) {
			// *fndFrench already has a registration: the interface is
			// provided from it rather than by a second registration.
			require.NoError(t, container.Provide[fndGreeter](c, func(fr *fndFrench) fndGreeter { return fr }))
		}},
		{"named value of another type", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Supply(c, "x", container.Named("port")))
		}, func() any { return &fndOptNamed{} }, fndWant{
			kind: container.ErrTypeMismatch, op: "populate", path: "fndOptNamed.Port",
			typ: fndTypeOf[int](), tag: "name=port,optional", needHint: true,
		}, nil, func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Supply(c, 1, container.Named("port")))
		}},
		{"constructor error", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Provide[fndPort](c, func() (fndPort, error) { return 0, fndErrBoom }))
		}, func() any { return &fndOptCtor{} }, fndWant{
			kind: container.ErrConstructor, op: "populate", path: "fndOptCtor.Port",
			typ: fndTypeOf[fndPort](), tag: "optional",
		}, fndErrBoom, nil},
		{"Init error", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Supply(c, &fndSwitch{Fail: true}))
		}, func() any { return &fndOptInit{} }, fndWant{
			kind: container.ErrInit, op: "populate", path: "fndOptInit.Bad",
			typ: fndTypeOf[*fndFlaky](), tag: "optional",
		}, fndErrBoom, func(t *testing.T, c *container.Container) {
			sw, err := container.Resolve[*fndSwitch](ctx, c)
			require.NoError(t, err)
			sw.Fail = false
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
			if tc.cause != nil {
				require.ErrorIs(t, err, tc.cause)
			}
			fndRequireUntouched(t, before, tg)
			failed := log.Seen()
			if tc.fix == nil {
				return
			}
			tc.fix(t, c)
			require.NoError(t, c.Populate(ctx, tg))
			var tracked *fndTracked
			switch x := tg.(type) {
			case *fndOptDeep:
				tracked = x.Tracked
				require.NotNil(t, x.Svc)
			case *fndOptAmb:
				tracked = x.Tracked
				require.IsType(t, &fndFrench{}, x.G)
			case *fndOptNamed:
				tracked = x.Tracked
				assert.Equal(t, 1, x.Port)
			case *fndOptCtor:
				tracked = x.Tracked
				assert.Equal(t, fndPort(1), x.Port)
			case *fndOptInit:
				tracked = x.Tracked
				require.NotNil(t, x.Bad)
				assert.False(t, fndContainsPtr(failed, x.Bad))
			}
			require.NotNil(t, tracked)
			assert.False(t, fndContainsPtr(failed, tracked), "fresh instances after a failed call")
			assert.Equal(t, 1, tracked.N)
		})
	}
}
