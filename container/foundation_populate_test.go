package container_test

// Rule 1 (zero registrations), rule 2 (presets), inline fields and
// self-injection.

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

// ---------------------------------------------------------------------------
// Rule 1: zero registrations.

func fndAssertAppGraph(t *testing.T, app *fndApp) {
	t.Helper()
	require.NotNil(t, app.API)
	require.NotNil(t, app.Store)
	require.NotNil(t, app.API.Store)
	require.NotNil(t, app.API.DB)
	require.NotNil(t, app.Store.DB)
	assert.Same(t, app.Store, app.API.Store, "one *fndStore per container")
	assert.Same(t, app.Store.DB, app.API.DB, "one *fndDB per container")
	assert.Nil(t, app.Untagged, "untagged fields are not injected")
}

func TestFoundation_ZeroRegistrations(t *testing.T) {
	cases := []struct {
		name     string
		populate func(t *testing.T, targets ...any) error
	}{
		{"package Populate", func(_ *testing.T, targets ...any) error { return container.Populate(targets...) }},
		{"c.Populate", func(_ *testing.T, targets ...any) error {
			return container.New().Populate(context.Background(), targets...)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var a, b fndApp
			require.NoError(t, tc.populate(t, &a))
			fndAssertAppGraph(t, &a)

			// A second populate (a second container) gives new instances.
			require.NoError(t, tc.populate(t, &b))
			fndAssertAppGraph(t, &b)
			assert.NotSame(t, a.Store, b.Store)
			assert.NotSame(t, a.API, b.API)
			assert.NotSame(t, a.Store.DB, b.Store.DB)

			// Two targets of one call share the instances.
			var x, y fndApp
			require.NoError(t, tc.populate(t, &x, &y))
			fndAssertAppGraph(t, &x)
			assert.Same(t, x.API, y.API)
			assert.Same(t, x.Store, y.Store)
			assert.NotSame(t, x.Store, a.Store)
		})
	}
}

func TestFoundation_ZeroRegistrationsSharedPerContainer(t *testing.T) {
	ctx := context.Background()
	c1, c2 := container.New(), container.New()

	var a1, b1, a2 fndApp
	require.NoError(t, c1.Populate(ctx, &a1))
	require.NoError(t, c1.Populate(ctx, &b1))
	require.NoError(t, c2.Populate(ctx, &a2))
	fndAssertAppGraph(t, &a1)
	fndAssertAppGraph(t, &a2)

	assert.Same(t, a1.API, b1.API, "same container, same instance across calls")
	assert.Same(t, a1.Store, b1.Store)
	assert.Same(t, a1.Store.DB, b1.Store.DB)
	assert.NotSame(t, a1.API, a2.API, "different containers, different instances")
	assert.NotSame(t, a1.Store.DB, a2.Store.DB)

	st, err := container.Resolve[*fndStore](ctx, c1)
	require.NoError(t, err)
	assert.Same(t, a1.Store, st, "Resolve gives the instance Populate built")
	db, err := container.Resolve[*fndDB](ctx, c2)
	require.NoError(t, err)
	assert.Same(t, a2.Store.DB, db)
}

// Pointer cycles through fields.

type fndCycA struct {
	B   *fndCycB `inject:""`
	Log *fndLog  `inject:""`
	N   int
}

func (x *fndCycA) Init() { x.N++; x.Log.add("A") }

type fndCycB struct {
	A   *fndCycA `inject:""`
	Log *fndLog  `inject:""`
	N   int
}

func (x *fndCycB) Init() { x.N++; x.Log.add("B") }

type fndCycRoot struct {
	A *fndCycA `inject:""`
	B *fndCycB `inject:""`
}

type fndCycRootB struct {
	B *fndCycB `inject:""`
	A *fndCycA `inject:""`
}

func TestFoundation_PointerCycleSharesInstances(t *testing.T) {
	cases := []struct {
		name  string
		run   func(t *testing.T) (a *fndCycA, b *fndCycB)
		order []string
	}{
		{"package Populate, A first", func(t *testing.T) (*fndCycA, *fndCycB) {
			var r fndCycRoot
			require.NoError(t, container.Populate(&r))
			return r.A, r.B
		}, []string{"B", "A"}},
		{"c.Populate, A first", func(t *testing.T) (*fndCycA, *fndCycB) {
			var r fndCycRoot
			require.NoError(t, container.New().Populate(context.Background(), &r))
			return r.A, r.B
		}, []string{"B", "A"}},
		{"c.Populate, B first", func(t *testing.T) (*fndCycA, *fndCycB) {
			var r fndCycRootB
			require.NoError(t, container.New().Populate(context.Background(), &r))
			return r.A, r.B
		}, []string{"A", "B"}},
		{"Resolve", func(t *testing.T) (*fndCycA, *fndCycB) {
			c := container.New()
			a, err := container.Resolve[*fndCycA](context.Background(), c)
			require.NoError(t, err)
			b, err := container.Resolve[*fndCycB](context.Background(), c)
			require.NoError(t, err)
			return a, b
		}, []string{"B", "A"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, b := tc.run(t)
			require.NotNil(t, a)
			require.NotNil(t, b)
			assert.Same(t, b, a.B)
			assert.Same(t, a, b.A)
			assert.Same(t, a, a.B.A)
			assert.Same(t, a.Log, b.Log)
			assert.Equal(t, 1, a.N, "Init once")
			assert.Equal(t, 1, b.N, "Init once")
			// In a cycle, the member reached first is initialised last.
			assert.Equal(t, tc.order, a.Log.Events())
		})
	}
}

// A field pointing back at the Populate target gets the target itself.

type fndBackRoot struct {
	Svc *fndBackSvc `inject:""`
	N   int
}

type fndBackSvc struct {
	Root *fndBackRoot `inject:""`
	Leaf *fndBackLeaf `inject:""`
}

type fndBackLeaf struct {
	Root *fndBackRoot `inject:""`
}

func TestFoundation_FieldPointingBackAtTarget(t *testing.T) {
	cases := []struct {
		name     string
		populate func(targets ...any) error
	}{
		{"package Populate", container.Populate},
		{"c.Populate", func(targets ...any) error { return container.New().Populate(context.Background(), targets...) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := fndBackRoot{N: 42}
			require.NoError(t, tc.populate(&root))
			require.NotNil(t, root.Svc)
			require.NotNil(t, root.Svc.Leaf)
			assert.Same(t, &root, root.Svc.Root, "the target itself, not a second instance")
			assert.Same(t, &root, root.Svc.Leaf.Root)
			assert.Equal(t, 42, root.N)
		})
	}
}

// The same through an interface field whose unique implementation is the
// target's own type: the field points back at the target.

type fndBackGreeter struct {
	Svc *fndBackGreeterSvc `inject:""`
	G   fndGreeter         `inject:""`
	N   int
}

func (*fndBackGreeter) Greet() string { return "back" }

type fndBackGreeterSvc struct {
	G fndGreeter `inject:""`
}

func TestFoundation_InterfaceFieldPointingBackAtTarget(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	root := fndBackGreeter{N: 1}
	require.NoError(t, c.Populate(ctx, &root))
	require.NotNil(t, root.Svc)
	assert.Same(t, &root, root.G, "the target is the instance of its type during the call")
	assert.Same(t, &root, root.Svc.G)
	// No second instance of the target's type was built and cached.
	again, err := container.Resolve[fndGreeter](ctx, c)
	if err == nil {
		assert.Same(t, &root, again)
	}
}

// A cycle of private fields is ErrCycle, not infinite recursion.

type fndPrivA struct {
	B *fndPrivB `inject:"private"`
}

type fndPrivB struct {
	A *fndPrivA `inject:"private"`
}

type fndPrivRoot struct {
	Log *fndLog   `inject:""`
	A   *fndPrivA `inject:""`
}

type fndPrivSelf struct {
	Me *fndPrivSelf `inject:"private"`
}

type fndPrivSelfRoot struct {
	Tracked *fndTracked  `inject:""`
	S       *fndPrivSelf `inject:""`
}

func TestFoundation_PrivateCycleIsErrCycle(t *testing.T) {
	cases := []struct {
		name   string
		target any
		want   fndWant
	}{
		{"A private B private A", &fndPrivRoot{}, fndWant{
			kind: container.ErrCycle, op: "populate", path: "fndPrivRoot.A.B.A",
			typ: fndTypeOf[*fndPrivA](), tag: "private", needHint: true,
			msg: []string{"*container_test.fndPrivA -> *container_test.fndPrivB -> *container_test.fndPrivA"},
		}},
		{"self private", &fndPrivSelfRoot{}, fndWant{
			kind: container.ErrCycle, op: "populate", path: "fndPrivSelfRoot.S.Me",
			typ: fndTypeOf[*fndPrivSelf](), tag: "private", needHint: true,
			msg: []string{"*container_test.fndPrivSelf -> *container_test.fndPrivSelf"},
		}},
		{"target self private", &fndPrivSelf{}, fndWant{
			kind: container.ErrCycle, op: "populate", path: "fndPrivSelf.Me.Me",
			typ: fndTypeOf[*fndPrivSelf](), tag: "private", needHint: true,
			msg: []string{"*container_test.fndPrivSelf -> *container_test.fndPrivSelf"},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, log := fndNewLogged(t)
			before := fndSnapshot(tc.target)
			var err error
			require.NotPanics(t, func() { err = c.Populate(context.Background(), tc.target) })
			fndCheckErr(t, err, tc.want)
			fndRequireUntouched(t, before, tc.target)
			// The same through the package-level Populate.
			tgt := fndNew(tc.target)
			require.NotPanics(t, func() { err = container.Populate(tgt) })
			require.ErrorIs(t, err, container.ErrCycle)
			// Nothing built by the failed call stays cached.
			if _, ok := tc.target.(*fndPrivSelfRoot); ok {
				require.Len(t, log.Seen(), 1, "the tracked dependency was built once before the failure")
				tr, err := container.Resolve[*fndTracked](context.Background(), c)
				require.NoError(t, err)
				assert.False(t, fndContainsPtr(log.Seen()[:1], tr), "a failed call must not publish the instances it built")
			}
		})
	}
}

// ---------------------------------------------------------------------------
// Rule 2: preset non-zero fields are never overwritten, preset pointers are
// not walked into.

type fndInitCount struct {
	DB *fndDB `inject:""`
	N  int
}

func (x *fndInitCount) Init() { x.N++ }

type fndPresetApp struct {
	Store   *fndStore      `inject:""`
	API     *fndAPI        `inject:""`
	Fake    fndNobody      `inject:""`
	DSN     string         `inject:"name=dsn"`
	Port    int            `inject:"name=missing"`
	Cfg     fndConfig      `inject:"name=cfg"`
	Greets  []fndGreeter   `inject:""`
	Tags    map[string]int `inject:"private"`
	Counted *fndInitCount  `inject:""`
	Any     any            `inject:"name=any"`
}

func TestFoundation_PresetFieldsAreKept(t *testing.T) {
	presetStore := &fndStore{}
	presetCounted := &fndInitCount{}
	presetTags := map[string]int{"k": 1}
	presetGreets := []fndGreeter{&fndEnglish{}}
	fake := fndNobodyFake{ID: 7}

	newApp := func() fndPresetApp {
		return fndPresetApp{
			Store:   presetStore,
			Fake:    fake,
			DSN:     "preset-dsn",
			Port:    7,
			Cfg:     fndConfig{Host: "preset"},
			Greets:  presetGreets,
			Tags:    presetTags,
			Counted: presetCounted,
			Any:     "preset-any",
		}
	}
	cases := []struct {
		name     string
		populate func(t *testing.T, app *fndPresetApp) error
	}{
		{"package Populate", func(_ *testing.T, app *fndPresetApp) error { return container.Populate(app) }},
		{"c.Populate with competing registrations", func(t *testing.T, app *fndPresetApp) error {
			c := container.New()
			require.NoError(t, container.Supply(c, "registered-dsn", container.Named("dsn")))
			require.NoError(t, container.Supply(c, fndConfig{Host: "registered"}, container.Named("cfg")))
			require.NoError(t, container.Provide[fndGreeter](c, &fndFrench{}))
			require.NoError(t, container.Supply(c, &fndStore{DB: &fndDB{Name: "registered"}}))
			return c.Populate(context.Background(), app)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			app := newApp()
			// Unset names and an unimplemented interface are not evaluated
			// when the field is preset: no error.
			require.NoError(t, tc.populate(t, &app))

			assert.Same(t, presetStore, app.Store, "preset pointer kept")
			assert.Nil(t, app.Store.DB, "preset pointer not walked into")
			assert.Same(t, presetCounted, app.Counted)
			assert.Equal(t, 0, presetCounted.N, "no Init on a preset pointer")
			assert.Nil(t, presetCounted.DB, "preset pointer not walked into")
			assert.Equal(t, fake, app.Fake)
			assert.Equal(t, "preset-dsn", app.DSN)
			assert.Equal(t, 7, app.Port)
			assert.Equal(t, fndConfig{Host: "preset"}, app.Cfg)
			assert.Equal(t, presetGreets, app.Greets)
			assert.Len(t, app.Greets, 1)
			app.Tags["new"] = 2
			assert.Equal(t, 2, presetTags["new"], "the preset map itself is kept")
			assert.Equal(t, "preset-any", app.Any)

			// Zero fields are still filled.
			require.NotNil(t, app.API)
			require.NotNil(t, app.API.Store)
			require.NotNil(t, app.API.DB)
		})
	}
}

// ---------------------------------------------------------------------------
// Inline struct values.

type fndInlineCfg struct {
	DSN   string    `inject:"name=dsn"`
	Store *fndStore `inject:""`
	DB    fndConn   `inject:""`
	Plain string
}

type fndInlineApp struct {
	Tracked *fndTracked  `inject:""`
	Cfg     fndInlineCfg `inject:"inline"`
	After   *fndDB       `inject:""`
}

func TestFoundation_InlineFilledInPlace(t *testing.T) {
	ctx := context.Background()
	c, _ := fndNewLogged(t)
	require.NoError(t, container.Supply(c, "pg://x", container.Named("dsn")))
	require.NoError(t, container.Provide[*fndPgConn](c, nil, container.As[fndConn]()))

	app := fndInlineApp{Cfg: fndInlineCfg{Plain: "kept"}}
	require.NoError(t, c.Populate(ctx, &app))
	assert.Equal(t, "pg://x", app.Cfg.DSN)
	require.NotNil(t, app.Cfg.Store)
	require.NotNil(t, app.Cfg.Store.DB)
	require.NotNil(t, app.Cfg.DB)
	assert.Equal(t, "kept", app.Cfg.Plain)
	require.NotNil(t, app.After)
	assert.Same(t, app.Cfg.Store.DB, app.After)
	pg, err := container.Resolve[*fndPgConn](ctx, c)
	require.NoError(t, err)
	assert.Same(t, pg, app.Cfg.DB)

	// A preset value inside the inline struct is kept.
	app2 := fndInlineApp{Cfg: fndInlineCfg{DSN: "preset"}}
	require.NoError(t, c.Populate(ctx, &app2))
	assert.Equal(t, "preset", app2.Cfg.DSN)
	assert.Same(t, app.Cfg.Store, app2.Cfg.Store)
}

func TestFoundation_InlineErrorPathAndRollback(t *testing.T) {
	ctx := context.Background()
	c, log := fndNewLogged(t)
	require.NoError(t, container.Supply(c, "pg://x", container.Named("dsn")))

	var app fndInlineApp
	before := fndSnapshot(&app)
	err := c.Populate(ctx, &app)
	fndCheckErr(t, err, fndWant{
		kind: container.ErrNotFound, op: "populate", path: "fndInlineApp.Cfg.DB",
		typ: fndTypeOf[fndConn](), tag: "", needHint: true,
	})
	fndRequireUntouched(t, before, &app)
	failed := log.Seen()
	require.Len(t, failed, 1, "Tracked was built (and initialised) before the failure")

	// Fix the cause: a retry succeeds with fresh instances.
	require.NoError(t, container.Provide[*fndPgConn](c, nil, container.As[fndConn]()))
	require.NoError(t, c.Populate(ctx, &app))
	require.NotNil(t, app.Cfg.DB)
	assert.Equal(t, "pg://x", app.Cfg.DSN)
	assert.False(t, fndContainsPtr(failed, app.Tracked), "instance from the failed call was reused")
	assert.Equal(t, 1, app.Tracked.N)
}

// ---------------------------------------------------------------------------
// Self-injection.

type fndSelfDep struct {
	C *container.Container `inject:""`
}

type fndSelfApp struct {
	C   *container.Container `inject:""`
	Dep *fndSelfDep          `inject:""`
}

func TestFoundation_SelfInjection(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	var app fndSelfApp
	require.NoError(t, c.Populate(ctx, &app))
	assert.Same(t, c, app.C)
	require.NotNil(t, app.Dep)
	assert.Same(t, c, app.Dep.C)

	// Package-level Populate: its own (fresh) container.
	var app2 fndSelfApp
	require.NoError(t, container.Populate(&app2))
	require.NotNil(t, app2.C)
	assert.NotSame(t, c, app2.C)
	assert.Same(t, app2.C, app2.Dep.C)

	// A scope populating a target injects the scope.
	s := c.NewScope()
	var app3 fndSelfApp
	require.NoError(t, s.Populate(ctx, &app3))
	assert.Same(t, s, app3.C)

	// Preset is kept.
	other := container.New()
	app4 := fndSelfApp{C: other}
	require.NoError(t, c.Populate(ctx, &app4))
	assert.Same(t, other, app4.C)
}

// A registration made after the container built an unregistered type wins
// for later injections; instances already built keep what they got.
func TestFoundation_RegistrationAfterImplicitBuild(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	var first fndApp
	require.NoError(t, c.Populate(ctx, &first))
	implicit := first.Store.DB
	require.NotNil(t, implicit)

	reg := &fndDB{Name: "registered"}
	require.NoError(t, container.Supply(c, reg))
	var api fndAPI
	require.NoError(t, c.Populate(ctx, &api))
	assert.Same(t, reg, api.DB, "a registration of exactly T wins")
	assert.Same(t, first.Store, api.Store, "the built Singleton is still shared")
	assert.Same(t, implicit, api.Store.DB, "an instance keeps what it was built with")
	db, err := container.Resolve[*fndDB](ctx, c)
	require.NoError(t, err)
	assert.Same(t, reg, db)
}
