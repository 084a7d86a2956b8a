package container_test

// Rule 9: method injection (Init).

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

type fndInitPlain struct{ N int }

func (x *fndInitPlain) Init() { x.N++ }

type fndInitErr struct{ N int }

func (x *fndInitErr) Init() error { x.N++; return nil }

type fndInitCtx struct {
	N   int
	Got any
}

func (x *fndInitCtx) Init(ctx context.Context) { x.N++; x.Got = ctx.Value(fndCtxKey{}) }

type fndInitCtxErr struct {
	N   int
	Got any
}

func (x *fndInitCtxErr) Init(ctx context.Context) error {
	x.N++
	x.Got = ctx.Value(fndCtxKey{})
	return nil
}

type fndInitDeps struct {
	N     int
	Got   any
	DB    *fndDB
	Store *fndStore
	Port  fndPort
}

func (x *fndInitDeps) Init(ctx context.Context, db *fndDB, s *fndStore, p fndPort) error {
	x.N++
	x.Got = ctx.Value(fndCtxKey{})
	x.DB, x.Store, x.Port = db, s, p
	return nil
}

type fndInitDepsNoCtx struct {
	N  int
	DB *fndDB
	G  fndGreeter
}

func (x *fndInitDepsNoCtx) Init(db *fndDB, g fndGreeter) {
	x.N++
	x.DB, x.G = db, g
}

type fndInitForms struct {
	Plain  *fndInitPlain     `inject:""`
	Err    *fndInitErr       `inject:""`
	Ctx    *fndInitCtx       `inject:""`
	CtxErr *fndInitCtxErr    `inject:""`
	Deps   *fndInitDeps      `inject:""`
	NoCtx  *fndInitDepsNoCtx `inject:""`
}

// fndInitTarget has an Init itself: it runs on the Populate target.
type fndInitTarget struct {
	Forms *fndInitForms `inject:""`
	N     int
	DB    *fndDB
	Got   any
}

func (x *fndInitTarget) Init(ctx context.Context, db *fndDB) error {
	x.N++
	x.DB = db
	x.Got = ctx.Value(fndCtxKey{})
	return nil
}

func TestFoundation_InitForms(t *testing.T) {
	ctx := fndCtx("first")
	c := container.New()
	require.NoError(t, container.Supply(c, fndPort(9)))
	require.NoError(t, container.Provide[*fndFrench](c, nil, container.As[fndGreeter]()))

	var a fndInitTarget
	require.NoError(t, c.Populate(ctx, &a))
	// A second Populate of another target reuses the instances: no Init.
	var b fndInitTarget
	require.NoError(t, c.Populate(fndCtx("second"), &b))
	require.NotNil(t, a.Forms)
	assert.Same(t, a.Forms, b.Forms)

	db, err := container.Resolve[*fndDB](ctx, c)
	require.NoError(t, err)
	st, err := container.Resolve[*fndStore](ctx, c)
	require.NoError(t, err)
	fr, err := container.Resolve[*fndFrench](ctx, c)
	require.NoError(t, err)

	f := a.Forms
	cases := []struct {
		name string
		n    int
		got  any
		want any
	}{
		{"Init()", f.Plain.N, nil, nil},
		{"Init() error", f.Err.N, nil, nil},
		{"Init(ctx)", f.Ctx.N, f.Ctx.Got, "first"},
		{"Init(ctx) error", f.CtxErr.N, f.CtxErr.Got, "first"},
		{"Init(ctx, deps...) error", f.Deps.N, f.Deps.Got, "first"},
		{"Init(deps...)", f.NoCtx.N, nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, 1, tc.n, "Init runs exactly once per instance")
			assert.Equal(t, tc.want, tc.got, "Init receives the Populate ctx")
		})
	}
	assert.Same(t, db, f.Deps.DB, "Init deps are resolved by type")
	assert.Same(t, st, f.Deps.Store)
	assert.Equal(t, fndPort(9), f.Deps.Port)
	assert.Same(t, db, f.NoCtx.DB)
	assert.Same(t, fr, f.NoCtx.G)

	// The targets' own Init ran once each, with their own ctx.
	assert.Equal(t, 1, a.N)
	assert.Equal(t, 1, b.N)
	assert.Same(t, db, a.DB)
	assert.Equal(t, "first", a.Got)
	assert.Equal(t, "second", b.Got)
}

func TestFoundation_InitOncePerInstanceAcrossCalls(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	p1, err := container.Resolve[*fndInitPlain](ctx, c)
	require.NoError(t, err)
	var forms fndInitForms
	require.NoError(t, container.Supply(c, fndPort(1)))
	require.NoError(t, container.Provide[*fndEnglish](c, nil, container.As[fndGreeter]()))
	require.NoError(t, c.Populate(ctx, &forms))
	require.NoError(t, c.Invoke(ctx, func(p *fndInitPlain, d *fndInitDeps) {}))
	p2, err := container.Resolve[*fndInitPlain](ctx, c)
	require.NoError(t, err)
	assert.Same(t, p1, p2)
	assert.Same(t, p1, forms.Plain)
	assert.Equal(t, 1, p1.N)
	assert.Equal(t, 1, forms.Deps.N)

	// A value used as it is is never initialised.
	c2 := container.New()
	v := &fndInitPlain{}
	require.NoError(t, container.Supply(c2, v))
	var forms2 fndInitForms
	require.NoError(t, container.Supply(c2, fndPort(1)))
	require.NoError(t, container.Provide[*fndEnglish](c2, nil, container.As[fndGreeter]()))
	require.NoError(t, c2.Populate(ctx, &forms2))
	assert.Same(t, v, forms2.Plain)
	assert.Equal(t, 0, v.N, "a supplied value is not initialised")

	// A Populated value is initialised once, on first use.
	c3 := container.New()
	pv := &fndInitPlain{}
	require.NoError(t, container.Supply(c3, pv, container.Populated()))
	assert.Equal(t, 0, pv.N, "not before it is used")
	var forms3 fndInitForms
	require.NoError(t, container.Supply(c3, fndPort(1)))
	require.NoError(t, container.Provide[*fndEnglish](c3, nil, container.As[fndGreeter]()))
	require.NoError(t, c3.Populate(ctx, &forms3))
	assert.Same(t, pv, forms3.Plain)
	p3, err := container.Resolve[*fndInitPlain](ctx, c3)
	require.NoError(t, err)
	assert.Same(t, pv, p3)
	assert.Equal(t, 1, pv.N, "a Populated value is initialised exactly once")
}

// Dependencies are initialised before their dependents; ties follow field
// order.

type fndOrdC struct {
	Log *fndLog `inject:""`
}

func (x *fndOrdC) Init() { x.Log.add("C") }

type fndOrdD struct {
	Log *fndLog `inject:""`
}

func (x *fndOrdD) Init() { x.Log.add("D") }

type fndOrdA struct {
	Log *fndLog  `inject:""`
	C   *fndOrdC `inject:""`
	D   *fndOrdD `inject:""`
}

func (x *fndOrdA) Init() { x.Log.add("A") }

type fndOrdB struct {
	Log *fndLog  `inject:""`
	D   *fndOrdD `inject:""`
}

func (x *fndOrdB) Init() { x.Log.add("B") }

// fndOrdE depends on A and B through Init parameters, not fields.
type fndOrdE struct {
	Log *fndLog `inject:""`
}

func (x *fndOrdE) Init(b *fndOrdB, a *fndOrdA) { x.Log.add("E") }

type fndOrdAppAB struct {
	Log *fndLog  `inject:""`
	A   *fndOrdA `inject:""`
	B   *fndOrdB `inject:""`
}

func (x *fndOrdAppAB) Init() { x.Log.add("App") }

type fndOrdAppBA struct {
	Log *fndLog  `inject:""`
	B   *fndOrdB `inject:""`
	A   *fndOrdA `inject:""`
}

func (x *fndOrdAppBA) Init() { x.Log.add("App") }

type fndOrdAppE struct {
	Log *fndLog  `inject:""`
	E   *fndOrdE `inject:""`
	C   *fndOrdC `inject:""`
}

func (x *fndOrdAppE) Init() { x.Log.add("App") }

func TestFoundation_InitOrder(t *testing.T) {
	cases := []struct {
		name   string
		target func() any
		want   []string
	}{
		{"A then B", func() any { return &fndOrdAppAB{} }, []string{"C", "D", "A", "B", "App"}},
		{"B then A", func() any { return &fndOrdAppBA{} }, []string{"D", "B", "C", "A", "App"}},
		{"Init parameters", func() any { return &fndOrdAppE{} }, []string{"D", "B", "C", "A", "E", "App"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, log := fndNewLogged(t)
			require.NoError(t, c.Populate(context.Background(), tc.target()))
			assert.Equal(t, tc.want, log.Events())
		})
		t.Run(tc.name+"/package Populate", func(t *testing.T) {
			tg := tc.target()
			require.NoError(t, container.Populate(tg))
			var log *fndLog
			switch x := tg.(type) {
			case *fndOrdAppAB:
				log = x.Log
			case *fndOrdAppBA:
				log = x.Log
			case *fndOrdAppE:
				log = x.Log
			}
			require.NotNil(t, log)
			assert.Equal(t, tc.want, log.Events())
		})
	}
}

// A cycle through Init parameters is ErrCycle.

type fndInitCycA struct{}

func (*fndInitCycA) Init(*fndInitCycB) {}

type fndInitCycB struct{}

func (*fndInitCycB) Init(*fndInitCycA) {}

type fndInitCycApp struct {
	A *fndInitCycA `inject:""`
}

func TestFoundation_InitParameterCycle(t *testing.T) {
	var app fndInitCycApp
	var err error
	require.NotPanics(t, func() { err = container.Populate(&app) })
	fndCheckErr(t, err, fndWant{
		kind: container.ErrCycle, op: "populate",
		path: "fndInitCycApp.A[Init arg 0][Init arg 0]",
		typ:  fndTypeOf[*fndInitCycA](), needHint: true,
		msg: []string{"*container_test.fndInitCycA -> *container_test.fndInitCycB -> *container_test.fndInitCycA"},
	})
	assert.Nil(t, app.A)
}

// A failing Init: ErrInit with the instance path, the cause reachable,
// nothing half-applied, and a retry after the fix builds fresh instances.

type fndSwitch struct{ Fail bool }

type fndFlaky struct {
	Sw      *fndSwitch  `inject:""`
	Tracked *fndTracked `inject:""`
	Log     *fndLog     `inject:""`
}

func (x *fndFlaky) Init() error {
	x.Log.track(x)
	if x.Sw.Fail {
		return fndErrBoom
	}
	return nil
}

type fndFlakySvc struct {
	Tracked *fndTracked `inject:""`
	Bad     *fndFlaky   `inject:""`
}

type fndInitFailApp struct {
	Tracked *fndTracked  `inject:""`
	Name    string       `inject:"name=app"`
	Svc     *fndFlakySvc `inject:""`
	After   *fndDB       `inject:""`
}

func TestFoundation_InitFailure(t *testing.T) {
	cases := []struct {
		name string
		run  func(c *container.Container, app *fndInitFailApp) error
		op   string
		path string
	}{
		{"Populate", func(c *container.Container, app *fndInitFailApp) error {
			return c.Populate(context.Background(), app)
		}, "populate", "fndInitFailApp.Svc.Bad"},
		{"Resolve", func(c *container.Container, _ *fndInitFailApp) error {
			_, err := container.Resolve[*fndFlakySvc](context.Background(), c)
			return err
		}, "resolve", "fndFlakySvc.Bad"},
		{"Invoke", func(c *container.Container, _ *fndInitFailApp) error {
			return c.Invoke(context.Background(), func(*fndFlakySvc) {})
		}, "invoke", "[arg 0].Bad"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, log := fndNewLogged(t)
			sw := &fndSwitch{Fail: true}
			require.NoError(t, container.Supply(c, sw))
			require.NoError(t, container.Supply(c, "app", container.Named("app")))

			var app fndInitFailApp
			err := tc.run(c, &app)
			fndCheckErr(t, err, fndWant{
				kind: container.ErrInit, op: tc.op, path: tc.path,
				typ: fndTypeOf[*fndFlaky](), tag: "",
			})
			require.ErrorIs(t, err, fndErrBoom, "the Init error is reachable")
			assert.Equal(t, fndInitFailApp{}, app, "the target's fields are reset")
			failed := log.Seen()
			require.Len(t, failed, 2, "the tracked dependency and the flaky instance ran Init once")

			// Nothing stays cached: resolving a dependency of the failed
			// call builds a fresh one.
			tr, err := container.Resolve[*fndTracked](context.Background(), c)
			require.NoError(t, err)
			assert.False(t, fndContainsPtr(failed, tr))
			assert.Equal(t, 1, tr.N)

			// Fix the cause and retry.
			sw.Fail = false
			require.NoError(t, c.Populate(context.Background(), &app))
			require.NotNil(t, app.Svc)
			require.NotNil(t, app.Svc.Bad)
			assert.Same(t, tr, app.Tracked)
			assert.Same(t, tr, app.Svc.Tracked)
			assert.False(t, fndContainsPtr(failed, app.Svc.Bad), "a fresh instance after the failure")
			assert.Equal(t, "app", app.Name)
			assert.Equal(t, 1, app.Tracked.N)
		})
	}
}

// An Init method with an unsupported signature is ErrBadSignature.

type fndBadInitResult struct{}

func (*fndBadInitResult) Init() int { return 0 }

type fndBadInitTwo struct{}

func (*fndBadInitTwo) Init() (int, error) { return 0, nil }

type fndBadInitVariadic struct{}

func (*fndBadInitVariadic) Init(...int) {}

type fndBadInitValue struct{}

func (fndBadInitValue) Init() string { return "" }

type fndBadSigCase struct {
	name       string
	holderPath string
	populate   func() error
	holder     func(c *container.Container) (any, error)
	register   func(c *container.Container) error
	provide    func(c *container.Container) error
	owner      string
}

func fndBadSig[S any](name string) fndBadSigCase {
	return fndBadSigCase{
		name:       name,
		holderPath: fndTypeOf[fndHold[*S]]().Name() + ".X",
		populate:   func() error { return container.Populate(new(S)) },
		holder: func(c *container.Container) (any, error) {
			h := new(fndHold[*S])
			return h, c.Populate(context.Background(), h)
		},
		register: func(c *container.Container) error { return container.Provide[*S](c, nil) },
		provide: func(c *container.Container) error {
			return container.Provide[*S](c, func() *S { return new(S) })
		},
		owner: fndTypeOf[S]().Name(),
	}
}

func TestFoundation_InitBadSignature(t *testing.T) {
	cases := []fndBadSigCase{
		fndBadSig[fndBadInitResult]("returns int"),
		fndBadSig[fndBadInitTwo]("two results"),
		fndBadSig[fndBadInitVariadic]("variadic"),
		fndBadSig[fndBadInitValue]("value receiver returns string"),
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { err = tc.populate() })
			fndCheckErr(t, err, fndWant{kind: container.ErrBadSignature, op: "populate", path: tc.owner, needHint: true, msg: []string{"Init"}})

			c := container.New()
			var h any
			require.NotPanics(t, func() { h, err = tc.holder(c) })
			fndCheckErr(t, err, fndWant{kind: container.ErrBadSignature, op: "populate", path: tc.holderPath, needHint: true})
			assert.Equal(t, fndSnapshot(fndNew(h)), fndSnapshot(h))

			require.NotPanics(t, func() { err = tc.register(c) })
			fndCheckErr(t, err, fndWant{kind: container.ErrBadSignature, op: "register", path: tc.owner, needHint: true})
			require.NotPanics(t, func() { err = tc.provide(c) })
			fndCheckErr(t, err, fndWant{kind: container.ErrBadSignature, op: "register", path: tc.owner, needHint: true})
		})
	}
}
