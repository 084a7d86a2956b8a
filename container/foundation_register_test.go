package container_test

// Rule 7 (registration, Resolve, Invoke, registration errors) and rule 8
// (constructors first, then tagged fields left zero, then Init).

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

// ---------------------------------------------------------------------------
// Rule 7: registration kinds.

type fndRepo struct {
	DB  *fndDB
	Ctx any
}

func fndNewRepo(ctx context.Context, db *fndDB) (*fndRepo, error) {
	return &fndRepo{DB: db, Ctx: ctx.Value(fndCtxKey{})}, nil
}

type fndRegApp struct {
	Repo    *fndRepo   `inject:""`
	DB      *fndDB     `inject:""`
	Primary *fndDB     `inject:"name=primary"`
	G       fndGreeter `inject:""`
	FrNamed fndGreeter `inject:"name=fr"`
	Port    fndPort    `inject:""`
	Cfg     fndConfig  `inject:""`
}

func TestFoundation_Registration(t *testing.T) {
	ctx := fndCtx("populate-ctx")
	c := container.New()
	db := &fndDB{Name: "instance"}
	require.NoError(t, container.Supply(c, db))
	require.NoError(t, container.Provide[*fndRepo](c, fndNewRepo))
	require.NoError(t, container.Provide[*fndDB](c, func() *fndDB { return &fndDB{Name: "primary"} }, container.Named("primary")))
	require.NoError(t, container.Provide[*fndEnglish](c, nil, container.As[fndGreeter]()))
	require.NoError(t, container.Provide[*fndFrench](c, nil, container.As[fndGreeter](), container.Named("fr")))
	require.NoError(t, container.Provide[fndPort](c, func() (fndPort, error) { return 8080, nil }))
	require.NoError(t, container.Provide[fndConfig](c, func(p fndPort) fndConfig { return fndConfig{Host: "h", Port: int(p)} }))

	var app fndRegApp
	require.NoError(t, c.Populate(ctx, &app))
	assert.Same(t, db, app.DB, "Supply")
	require.NotNil(t, app.Repo)
	assert.Same(t, db, app.Repo.DB, "constructor parameters are resolved by type")
	assert.Equal(t, "populate-ctx", app.Repo.Ctx, "a context.Context parameter receives the Populate ctx")
	require.NotNil(t, app.Primary)
	assert.Equal(t, "primary", app.Primary.Name)
	assert.IsType(t, &fndEnglish{}, app.G)
	assert.IsType(t, &fndFrench{}, app.FrNamed)
	assert.Equal(t, fndPort(8080), app.Port)
	assert.Equal(t, fndConfig{Host: "h", Port: 8080}, app.Cfg)

	// Generic Resolve agrees with Populate.
	repo, err := container.Resolve[*fndRepo](ctx, c)
	require.NoError(t, err)
	assert.Same(t, app.Repo, repo)
	gotDB, err := container.Resolve[*fndDB](ctx, c)
	require.NoError(t, err)
	assert.Same(t, db, gotDB)
	prim, err := container.Resolve[*fndDB](ctx, c, container.Named("primary"))
	require.NoError(t, err)
	assert.Same(t, app.Primary, prim)
	g, err := container.Resolve[fndGreeter](ctx, c)
	require.NoError(t, err)
	assert.Same(t, app.G, g)
	en, err := container.Resolve[*fndEnglish](ctx, c)
	require.NoError(t, err)
	assert.Same(t, en, g, "As shares the implementation's instance")
	// As takes the registration's name: the interface under "fr" is the
	// instance of *fndFrench under "fr", not the unnamed *fndFrench.
	frg, err := container.Resolve[fndGreeter](ctx, c, container.Named("fr"))
	require.NoError(t, err)
	fr, err := container.Resolve[*fndFrench](ctx, c, container.Named("fr"))
	require.NoError(t, err)
	assert.Same(t, fr, frg, "a named registration provided As an interface shares its instance under the same name")
	unnamedFr, err := container.Resolve[*fndFrench](ctx, c)
	require.NoError(t, err)
	assert.NotSame(t, fr, unnamedFr, "the named registration is not the unnamed *fndFrench")
	p, err := container.Resolve[fndPort](ctx, c)
	require.NoError(t, err)
	assert.Equal(t, fndPort(8080), p)
}

func TestFoundation_ConstructorContext(t *testing.T) {
	cases := []struct {
		name string
		run  func(t *testing.T, c *container.Container) *fndRepo
		want any
	}{
		{"Populate", func(t *testing.T, c *container.Container) *fndRepo {
			var app struct {
				Repo *fndRepo `inject:""`
			}
			require.NoError(t, c.Populate(fndCtx("p"), &app))
			return app.Repo
		}, "p"},
		{"Resolve", func(t *testing.T, c *container.Container) *fndRepo {
			r, err := container.Resolve[*fndRepo](fndCtx("r"), c)
			require.NoError(t, err)
			return r
		}, "r"},
		{"Invoke", func(t *testing.T, c *container.Container) *fndRepo {
			var got *fndRepo
			require.NoError(t, c.Invoke(fndCtx("i"), func(r *fndRepo) { got = r }))
			return got
		}, "i"},
		{"nil ctx", func(t *testing.T, c *container.Container) *fndRepo {
			var nilCtx context.Context
			r, err := container.Resolve[*fndRepo](nilCtx, c)
			require.NoError(t, err)
			return r
		}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			var gotCtx context.Context
			require.NoError(t, container.Provide[*fndDB](c, nil)) // parameters are never built implicitly
			require.NoError(t, container.Provide[*fndRepo](c, func(ctx context.Context, db *fndDB) (*fndRepo, error) {
				gotCtx = ctx
				return fndNewRepo(ctx, db)
			}))
			var r *fndRepo
			require.NotPanics(t, func() { r = tc.run(t, c) })
			require.NotNil(t, r)
			require.NotNil(t, gotCtx, "the constructor never gets a nil context")
			assert.Equal(t, tc.want, r.Ctx)
		})
	}
}

func TestFoundation_Invoke(t *testing.T) {
	ctx := fndCtx("invoke")
	c := container.New()
	db := &fndDB{Name: "x"}
	require.NoError(t, container.Supply(c, db))
	require.NoError(t, container.Supply(c, "dsn", container.Named("dsn")))
	require.NoError(t, container.Provide[*fndRepo](c, fndNewRepo))

	called := 0
	err := c.Invoke(ctx, func(ctx context.Context, r *fndRepo, d *fndDB, st *fndStore, g []fndGreeter) error {
		called++
		assert.Equal(t, "invoke", ctx.Value(fndCtxKey{}))
		assert.Same(t, db, d)
		assert.Same(t, db, r.DB)
		require.NotNil(t, st)
		assert.Same(t, db, st.DB, "an unregistered struct parameter is built and populated")
		assert.Nil(t, g)
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, 1, called)

	// The function's error is returned as it is.
	sentinel := errors.New("fnd: invoke failure")
	err = c.Invoke(ctx, func(*fndRepo) error { return sentinel })
	assert.True(t, err == sentinel, "Invoke returns the function's error unchanged, got %#v", err)

	// No error result, other results are ignored.
	require.NoError(t, c.Invoke(ctx, func() int { return 1 }))
	require.NoError(t, c.Invoke(ctx, func() {}))

	// The instances are shared with Populate and Resolve.
	st, err := container.Resolve[*fndStore](ctx, c)
	require.NoError(t, err)
	var seen *fndStore
	require.NoError(t, c.Invoke(ctx, func(s *fndStore) { seen = s }))
	assert.Same(t, st, seen)

	// A parameter that cannot be resolved: nothing is called.
	called = 0
	err = c.Invoke(ctx, func(g fndNobody) { called++ })
	fndCheckErr(t, err, fndWant{
		kind: container.ErrNotFound, op: "invoke", path: "[arg 0]",
		typ: fndTypeOf[fndNobody](), needHint: true,
	})
	assert.Equal(t, 0, called)
}

// Registration errors are found at registration, and nothing is registered.

type fndRegErrCase struct {
	name  string
	reg   func(c *container.Container) error
	want  fndWant
	check func(t *testing.T, c *container.Container) // nothing was registered
}

func fndPortNotRegistered(t *testing.T, c *container.Container) {
	t.Helper()
	_, err := container.Resolve[fndPort](context.Background(), c)
	require.ErrorIs(t, err, container.ErrNotFound, "a rejected registration must leave nothing behind")
	// The same name can still be registered.
	require.NoError(t, container.Supply(c, fndPort(1), container.Named("p")))
	require.NoError(t, container.Supply(c, fndPort(2)))
	p, err := container.Resolve[fndPort](context.Background(), c)
	require.NoError(t, err)
	assert.Equal(t, fndPort(2), p)
}

func fndGreeterNotRegistered(t *testing.T, c *container.Container) {
	t.Helper()
	_, err := container.Resolve[fndGreeter](context.Background(), c)
	require.ErrorIs(t, err, container.ErrNotFound, "a rejected registration must leave nothing behind")
	require.NoError(t, container.Provide[fndGreeter](c, &fndEnglish{}, container.Named("g")))
}

// fndRegPaths: a registration error has no root object; its Path is empty
// or names the registered type.
func fndRegPaths(name string) []string { return []string{"", name} }

func fndVariadicCtor(xs ...int) fndPort { return fndPort(len(xs)) }

func TestFoundation_RegistrationErrors(t *testing.T) {
	portT := fndTypeOf[fndPort]()
	bc := func() fndWant {
		return fndWant{kind: container.ErrBadSignature, op: "register", paths: fndRegPaths("fndPort"), typ: portT, needHint: true}
	}
	na := func() fndWant {
		return fndWant{kind: container.ErrTypeMismatch, op: "register", paths: fndRegPaths("fndPort"), typ: portT, needHint: true}
	}
	named := container.Named("p")
	cases := []fndRegErrCase{
		// A non-function source is a value: one of another type is a type
		// mismatch.
		{"int value for a named int type", func(c *container.Container) error { return container.Provide[fndPort](c, 42, named) }, na(), fndPortNotRegistered},
		{"string value", func(c *container.Container) error { return container.Provide[fndPort](c, "NewPort", named) }, na(), fndPortNotRegistered},
		// nil builds a pointer to a struct from its zero value, or waits for
		// an Override of an interface; fndPort is neither.
		{"nil for a type that is neither a struct pointer nor an interface", func(c *container.Container) error {
			return container.Provide[fndPort](c, nil, named)
		}, fndWant{kind: container.ErrBadInput, op: "register", paths: fndRegPaths("fndPort"), typ: portT, needHint: true}, fndPortNotRegistered},
		{"typed nil constructor", func(c *container.Container) error {
			return container.Provide[fndPort](c, (func() fndPort)(nil), named)
		}, bc(), fndPortNotRegistered},
		{"no results", func(c *container.Container) error { return container.Provide[fndPort](c, func() {}, named) }, bc(), fndPortNotRegistered},
		{"second result not an error", func(c *container.Container) error {
			return container.Provide[fndPort](c, func() (fndPort, int) { return 0, 0 }, named)
		}, bc(), fndPortNotRegistered},
		{"two errors", func(c *container.Container) error {
			return container.Provide[fndPort](c, func() (fndPort, error, error) { return 0, nil, nil }, named)
		}, bc(), fndPortNotRegistered},
		{"four results", func(c *container.Container) error {
			return container.Provide[fndPort](c, func() (fndPort, func(), error, error) { return 0, nil, nil, nil }, named)
		}, bc(), fndPortNotRegistered},
		{"error first", func(c *container.Container) error {
			return container.Provide[fndPort](c, func() (error, fndPort) { return nil, 0 }, named)
		}, bc(), fndPortNotRegistered},
		{"variadic", func(c *container.Container) error { return container.Provide[fndPort](c, fndVariadicCtor, named) }, bc(), fndPortNotRegistered},
		{"result not assignable", func(c *container.Container) error {
			return container.Provide[fndPort](c, func() string { return "" }, named)
		}, na(), fndPortNotRegistered},
		{"result int, not fndPort", func(c *container.Container) error {
			return container.Provide[fndPort](c, func() (int, error) { return 0, nil }, named)
		}, na(), fndPortNotRegistered},
		{"As an interface the registration does not implement", func(c *container.Container) error {
			return container.Provide[*fndDB](c, nil, container.As[fndGreeter](), container.Named("g"))
		}, fndWant{kind: container.ErrTypeMismatch, op: "register", paths: fndRegPaths("fndGreeter"), typ: fndTypeOf[fndGreeter]()},
			fndGreeterNotRegistered},
		{"Supply a value type As an interface only its pointer implements", func(c *container.Container) error {
			return container.Supply(c, fndEnglish{}, container.As[fndGreeter](), container.Named("g"))
		}, fndWant{kind: container.ErrTypeMismatch, op: "register", paths: fndRegPaths("fndGreeter"), typ: fndTypeOf[fndGreeter]()},
			fndGreeterNotRegistered},
		{"As repeating the registered interface", func(c *container.Container) error {
			return container.Provide[fndGreeter](c, nil, container.As[fndGreeter](), container.Named("g"))
		}, fndWant{kind: container.ErrBadInput, op: "register", paths: fndRegPaths("fndGreeter"), typ: fndTypeOf[fndGreeter]()},
			fndGreeterNotRegistered},
		{"typed nil pointer value", func(c *container.Container) error {
			return container.Provide[*fndDB](c, (*fndDB)(nil), container.Named("p"))
		}, fndWant{kind: container.ErrBadInput, op: "register", paths: fndRegPaths("fndDB"), typ: fndTypeOf[*fndDB](), needHint: true},
			func(t *testing.T, c *container.Container) {
				// The failed registration is what the name reports.
				_, err := container.Resolve[*fndDB](context.Background(), c, container.Named("p"))
				require.ErrorIs(t, err, container.ErrBadInput)
				assert.Contains(t, err.Error(), "its registration failed")
			}},
		{"nil pointer value for an interface", func(c *container.Container) error {
			return container.Provide[fndGreeter](c, (*fndEnglish)(nil), container.Named("g"))
		}, fndWant{kind: container.ErrBadInput, op: "register", paths: fndRegPaths("fndGreeter"), typ: fndTypeOf[fndGreeter](), needHint: true},
			fndGreeterNotRegistered},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			var err error
			require.NotPanics(t, func() { err = tc.reg(c) })
			fndCheckErr(t, err, tc.want)
			tc.check(t, c)
		})
	}
}

// A constructor declared to return a broader type is accepted at
// registration and its value is checked on every build.
func TestFoundation_ConstructorBroaderResult(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	require.NoError(t, container.Provide[fndPort](c, func() any { return "not a port" }))
	require.NoError(t, container.Provide[fndGreeter](c, func() any { return &fndFrench{} }))

	_, err := container.Resolve[fndPort](ctx, c)
	fndCheckErr(t, err, fndWant{kind: container.ErrTypeMismatch, op: "resolve", path: "fndPort", typ: fndTypeOf[fndPort](), needHint: true})
	var app struct {
		P fndPort `inject:""`
	}
	err = c.Populate(ctx, &app)
	require.ErrorIs(t, err, container.ErrTypeMismatch)

	g, err := container.Resolve[fndGreeter](ctx, c)
	require.NoError(t, err)
	assert.IsType(t, &fndFrench{}, g)
}

// Provide with a nil source registers a pointer-to-struct type built from
// its zero value, named or not.
func TestFoundation_ZeroValueRegistration(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	require.NoError(t, container.Provide[*fndStore](c, nil))
	require.NoError(t, container.Provide[*fndStore](c, nil, container.Named("second")))
	var app struct {
		A *fndStore `inject:""`
		B *fndStore `inject:"name=second"`
		C *fndStore `inject:"name=second"`
	}
	require.NoError(t, c.Populate(ctx, &app))
	require.NotNil(t, app.A)
	require.NotNil(t, app.B)
	assert.NotSame(t, app.A, app.B)
	assert.Same(t, app.B, app.C)
	require.NotNil(t, app.B.DB)
	assert.Same(t, app.A.DB, app.B.DB, "their fields are injected from the same container")
	a, err := container.Resolve[*fndStore](ctx, c)
	require.NoError(t, err)
	assert.Same(t, app.A, a)
}

// ---------------------------------------------------------------------------
// Rule 8: constructor first, then the tagged fields it left zero, then Init.

type fndLogger struct {
	Log *fndLog `inject:""`
	N   int
}

func (x *fndLogger) Init() { x.N++; x.Log.add("logger.init") }

type fndPlainDep struct {
	Log *fndLog `inject:""`
}

func (x *fndPlainDep) Init() { x.Log.add("plain.init") }

type fndSvc struct {
	DB      *fndDB       `inject:""`
	Logger  *fndLogger   `inject:""`
	Plain   *fndPlainDep `inject:""`
	Log     *fndLog      `inject:""`
	Name    string       `inject:"name=svc.name"`
	N       int
	AtInit  bool
	FromCtr string
}

func (s *fndSvc) Init() {
	s.N++
	s.AtInit = s.Logger != nil && s.Logger.N == 1 && s.Plain != nil
	s.Log.add("svc.init")
}

type fndMixedApp struct {
	Plain  *fndPlainDep `inject:""`
	Svc    *fndSvc      `inject:""`
	Logger *fndLogger   `inject:""`
	Store  *fndStore    `inject:""`
}

func TestFoundation_ConstructorThenFieldsThenInit(t *testing.T) {
	ctx := context.Background()
	c, log := fndNewLogged(t)
	special := &fndDB{Name: "from ctor"}
	calls := 0
	require.NoError(t, container.Supply(c, "svc", container.Named("svc.name")))
	require.NoError(t, container.Provide[*fndSvc](c, func(l *fndLog) *fndSvc {
		calls++
		l.add("svc.ctor")
		return &fndSvc{DB: special, Log: l, Name: "ctor-name", FromCtr: "yes"}
	}))

	var app fndMixedApp
	require.NoError(t, c.Populate(ctx, &app))
	require.NotNil(t, app.Svc)
	assert.Equal(t, 1, calls)
	assert.Same(t, special, app.Svc.DB, "a field the constructor set is kept")
	assert.Equal(t, "ctor-name", app.Svc.Name, "a field the constructor set is kept")
	assert.Equal(t, "yes", app.Svc.FromCtr)
	require.NotNil(t, app.Svc.Logger, "a field the constructor left zero is injected")
	assert.Same(t, app.Logger, app.Svc.Logger)
	assert.Same(t, app.Plain, app.Svc.Plain)
	assert.True(t, app.Svc.AtInit, "Init runs after the fields are injected")
	assert.Equal(t, 1, app.Svc.N)
	assert.Equal(t, 1, app.Logger.N)
	require.NotNil(t, app.Store)
	require.NotNil(t, app.Store.DB)
	assert.NotSame(t, special, app.Store.DB, "the constructor's value is not registered as *fndDB")
	assert.Equal(t, []string{"plain.init", "svc.ctor", "logger.init", "svc.init"}, log.Events())

	// Resolve gives the same, and nothing runs twice.
	svc, err := container.Resolve[*fndSvc](ctx, c)
	require.NoError(t, err)
	assert.Same(t, app.Svc, svc)
	assert.Equal(t, 1, calls)
	assert.Equal(t, 1, svc.N)
}

// A constructor returning an interface: the dynamic struct's zero tagged
// fields are injected and its Init runs.
type fndGreeterImpl struct {
	DB     *fndDB `inject:""`
	Origin string
	N      int
}

func (*fndGreeterImpl) Greet() string { return "impl" }
func (x *fndGreeterImpl) Init()       { x.N++ }

func TestFoundation_ConstructorReturningInterface(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	require.NoError(t, container.Provide[fndGreeter](c, func() fndGreeter { return &fndGreeterImpl{Origin: "ctor"} }))
	var app fndGreetApp
	require.NoError(t, c.Populate(ctx, &app))
	impl, ok := app.G.(*fndGreeterImpl)
	require.True(t, ok)
	assert.Equal(t, "ctor", impl.Origin)
	require.NotNil(t, impl.DB)
	assert.Equal(t, 1, impl.N)
	db, err := container.Resolve[*fndDB](ctx, c)
	require.NoError(t, err)
	assert.Same(t, db, impl.DB)
}

// A constructor error: ErrConstructor at the path, the cause reachable,
// everything rolled back, and a retry after fixing the cause succeeds.
type fndCtorFailApp struct {
	Tracked *fndTracked `inject:""`
	Name    string      `inject:"name=app"`
	Repo    *fndRepo    `inject:""`
}

func TestFoundation_ConstructorErrorRollsBack(t *testing.T) {
	ctx := context.Background()
	c, log := fndNewLogged(t)
	require.NoError(t, container.Supply(c, "app", container.Named("app")))
	require.NoError(t, container.Provide[*fndDB](c, nil)) // parameters are never built implicitly
	fail := true
	calls := 0
	require.NoError(t, container.Provide[*fndRepo](c, func(db *fndDB) (*fndRepo, error) {
		calls++
		if fail {
			return nil, fndErrBoom
		}
		return &fndRepo{DB: db}, nil
	}))

	var app fndCtorFailApp
	err := c.Populate(ctx, &app)
	fndCheckErr(t, err, fndWant{
		kind: container.ErrConstructor, op: "populate", path: "fndCtorFailApp.Repo",
		typ: fndTypeOf[*fndRepo](), tag: "",
	})
	require.ErrorIs(t, err, fndErrBoom, "the constructor's error is reachable")
	assert.Equal(t, fndCtorFailApp{}, app, "the target's fields are reset")
	failed := log.Seen()
	require.Len(t, failed, 1)

	fail = false
	require.NoError(t, c.Populate(ctx, &app))
	assert.Equal(t, 2, calls)
	require.NotNil(t, app.Repo)
	assert.False(t, fndContainsPtr(failed, app.Tracked), "no instance of the failed call stays cached")
	db, err := container.Resolve[*fndDB](ctx, c)
	require.NoError(t, err)
	assert.Same(t, db, app.Repo.DB)
}
