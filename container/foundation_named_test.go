package container_test

// Rule 4 (named values) and rule 5 (slices and maps).

import (
	"context"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

// ---------------------------------------------------------------------------
// Rule 4: named values.

type fndNamedApp struct {
	DSN   string     `inject:"name=dsn"`
	Port  int        `inject:"name=port"`
	Cfg   fndConfig  `inject:"name=cfg"`
	DB    *fndDB     `inject:"name=db"`
	G     fndGreeter `inject:"name=greeter"`
	Alt   fndGreeter `inject:"name=en"`
	Typed fndPort    `inject:"name=port"`
	Any   any        `inject:"name=dsn"`
	Plain *fndDB     `inject:""`
}

func TestFoundation_NamedValues(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	db := &fndDB{Name: "primary"}
	fr := &fndFrench{Word: "g"}
	en := &fndEnglish{Word: "en"}
	require.NoError(t, container.Supply(c, "postgres://db", container.Named("dsn")))
	require.NoError(t, container.Supply(c, 5432, container.Named("port")))
	require.NoError(t, container.Supply(c, fndPort(80), container.Named("port")), "one name, another type")
	require.NoError(t, container.Supply(c, fndConfig{Host: "h", Port: 1}, container.Named("cfg")))
	require.NoError(t, container.Supply(c, db, container.Named("db")))
	require.NoError(t, container.Provide[fndGreeter](c, fr, container.Named("greeter")))
	require.NoError(t, container.Supply(c, en, container.Named("en")))

	var app fndNamedApp
	require.NoError(t, c.Populate(ctx, &app))
	assert.Equal(t, "postgres://db", app.DSN)
	assert.Equal(t, 5432, app.Port)
	assert.Equal(t, fndPort(80), app.Typed)
	assert.Equal(t, fndConfig{Host: "h", Port: 1}, app.Cfg)
	assert.Same(t, db, app.DB)
	assert.Same(t, fr, app.G)
	assert.Same(t, en, app.Alt, "a named *Impl fills a named interface field")
	assert.Equal(t, "postgres://db", app.Any)
	require.NotNil(t, app.Plain)
	assert.NotSame(t, db, app.Plain, "named values are not used for unnamed fields")

	// Resolve with Named.
	s, err := container.Resolve[string](ctx, c, container.Named("dsn"))
	require.NoError(t, err)
	assert.Equal(t, "postgres://db", s)
	p, err := container.Resolve[int](ctx, c, container.Named("port"))
	require.NoError(t, err)
	assert.Equal(t, 5432, p)
	gotDB, err := container.Resolve[*fndDB](ctx, c, container.Named("db"))
	require.NoError(t, err)
	assert.Same(t, db, gotDB)
	g, err := container.Resolve[fndGreeter](ctx, c, container.Named("en"))
	require.NoError(t, err)
	assert.Same(t, en, g)
	cfg, err := container.Resolve[fndConfig](ctx, c, container.Named("cfg"))
	require.NoError(t, err)
	assert.Equal(t, fndConfig{Host: "h", Port: 1}, cfg)
}

type fndNamedPortApp struct {
	Tracked *fndTracked `inject:""`
	DSN     string      `inject:"name=dsn"`
	Port    int         `inject:"name=port"`
}

type fndNamedTypoApp struct {
	Tracked *fndTracked `inject:""`
	DSN     string      `inject:"name=databse"`
}

type fndNamedFarApp struct {
	DSN string `inject:"name=zzzzzzzz"`
}

func TestFoundation_NamedValueErrors(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		setup  func(t *testing.T, c *container.Container)
		target func() any
		want   fndWant
		notIn  string // a substring the Hint must not contain
		fix    func(t *testing.T, c *container.Container)
	}{
		{"wrong type", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Supply(c, "dsn", container.Named("dsn")))
			require.NoError(t, container.Supply(c, "5432", container.Named("port")))
		}, func() any { return &fndNamedPortApp{} }, fndWant{
			kind: container.ErrTypeMismatch, op: "populate", path: "fndNamedPortApp.Port",
			typ: fndTypeOf[int](), tag: "name=port", needHint: true, msg: []string{"string"},
		}, "", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Supply(c, 5432, container.Named("port")))
		}},
		{"unknown name with a near one", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Supply(c, "x", container.Named("database")))
		}, func() any { return &fndNamedTypoApp{} }, fndWant{
			kind: container.ErrNotFound, op: "populate", path: "fndNamedTypoApp.DSN",
			typ: fndTypeOf[string](), tag: "name=databse", hint: `did you mean "database"`,
		}, "", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Supply(c, "y", container.Named("databse")))
		}},
		{"unknown name, nothing near", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Supply(c, "x", container.Named("database")))
		}, func() any { return &fndNamedFarApp{} }, fndWant{
			kind: container.ErrNotFound, op: "populate", path: "fndNamedFarApp.DSN",
			typ: fndTypeOf[string](), tag: "name=zzzzzzzz", needHint: true,
		}, "did you mean", nil},
		{"unknown name, nothing registered", nil, func() any { return &fndNamedFarApp{} }, fndWant{
			kind: container.ErrNotFound, op: "populate", path: "fndNamedFarApp.DSN",
			typ: fndTypeOf[string](), tag: "name=zzzzzzzz", needHint: true,
		}, "did you mean", func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Supply(c, "z", container.Named("zzzzzzzz")))
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
			ce := fndCheckErr(t, err, tc.want)
			if tc.notIn != "" {
				assert.NotContains(t, ce.Hint, tc.notIn)
			}
			fndRequireUntouched(t, before, tg)
			failed := log.Seen()
			if tc.fix == nil {
				return
			}
			tc.fix(t, c)
			require.NoError(t, c.Populate(ctx, tg))
			switch x := tg.(type) {
			case *fndNamedPortApp:
				assert.Equal(t, 5432, x.Port)
				assert.False(t, fndContainsPtr(failed, x.Tracked), "fresh instances after a failed call")
			case *fndNamedTypoApp:
				assert.Equal(t, "y", x.DSN)
				assert.False(t, fndContainsPtr(failed, x.Tracked), "fresh instances after a failed call")
			case *fndNamedFarApp:
				assert.Equal(t, "z", x.DSN)
			}
		})
	}
}

func TestFoundation_NamedResolveErrors(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	require.NoError(t, container.Supply(c, "x", container.Named("database")))

	_, err := container.Resolve[string](ctx, c, container.Named("databse"))
	fndCheckErr(t, err, fndWant{
		kind: container.ErrNotFound, op: "resolve", path: "string",
		typ: fndTypeOf[string](), hint: `did you mean "database"`,
	})
	_, err = container.Resolve[int](ctx, c, container.Named("database"))
	fndCheckErr(t, err, fndWant{
		kind: container.ErrTypeMismatch, op: "resolve", path: "int",
		typ: fndTypeOf[int](), needHint: true,
	})
}

func TestFoundation_NamedDuplicate(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		dup  func(c *container.Container) error
	}{
		{"Supply", func(c *container.Container) error {
			return container.Supply(c, "second", container.Named("n"))
		}},
		{"Provide", func(c *container.Container) error {
			return container.Provide[string](c, func() string { return "second" }, container.Named("n"))
		}},
		{"Provide with an error result", func(c *container.Container) error {
			return container.Provide[string](c, func() (string, error) { return "second", nil }, container.Named("n"))
		}},
		{"Provide with a value", func(c *container.Container) error {
			return container.Provide[string](c, "second", container.Named("n"))
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			require.NoError(t, container.Supply(c, "first", container.Named("n")))
			err := tc.dup(c)
			fndCheckErr(t, err, fndWant{
				kind: container.ErrDuplicate, op: "register", paths: fndRegPaths("string"),
				typ: fndTypeOf[string](), needHint: true, msg: []string{`"n"`},
			})
			// The first registration stands, nothing else was added.
			s, err := container.Resolve[string](ctx, c, container.Named("n"))
			require.NoError(t, err)
			assert.Equal(t, "first", s)
			// Another type under the same name is fine.
			require.NoError(t, container.Supply(c, 7, container.Named("n")))
			var app struct {
				S string `inject:"name=n"`
				I int    `inject:"name=n"`
			}
			require.NoError(t, c.Populate(ctx, &app))
			assert.Equal(t, "first", app.S)
			assert.Equal(t, 7, app.I)
		})
	}
}

// ---------------------------------------------------------------------------
// Rule 5: slices and maps.

type fndPlugin interface{ PluginName() string }

type fndPlugA struct{}

func (*fndPlugA) PluginName() string { return "a" }

type fndPlugB struct{}

func (*fndPlugB) PluginName() string { return "b" }

type fndPlugC struct{}

func (*fndPlugC) PluginName() string { return "c" }

type fndPlugD struct{}

func (*fndPlugD) PluginName() string { return "d" }

type fndPluginApp struct {
	Plugins []fndPlugin `inject:""`
	DBs     []*fndDB    `inject:""`
	Names   []string    `inject:""`
	None    []fndNobody `inject:""`
}

func fndPluginNames(ps []fndPlugin) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.PluginName())
	}
	return out
}

func TestFoundation_Slices(t *testing.T) {
	ctx := context.Background()
	regs := map[string]func(t *testing.T, c *container.Container){
		"a": func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Provide[fndPlugin](c, func() fndPlugin { return &fndPlugA{} }))
		},
		"b": func(t *testing.T, c *container.Container) { require.NoError(t, container.Supply(c, &fndPlugB{})) },
		"c": func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Provide[*fndPlugC](c, nil, container.As[fndPlugin]()))
		},
		"d (named, excluded)": func(t *testing.T, c *container.Container) {
			require.NoError(t, container.Supply(c, &fndPlugD{}, container.Named("d")))
		},
		"x": func(t *testing.T, c *container.Container) { require.NoError(t, container.Supply(c, "x")) },
		"y": func(t *testing.T, c *container.Container) { require.NoError(t, container.Supply(c, "y")) },
	}
	cases := []struct {
		name      string
		order     []string
		plugins   []string
		names     []string
		noPlugins bool
	}{
		{"a b c", []string{"a", "b", "d (named, excluded)", "c", "x", "y"}, []string{"a", "b", "c"}, []string{"x", "y"}, false},
		{"c b a", []string{"y", "c", "d (named, excluded)", "b", "a", "x"}, []string{"c", "b", "a"}, []string{"y", "x"}, false},
		{"b a c", []string{"b", "x", "a", "c"}, []string{"b", "a", "c"}, []string{"x"}, false},
		{"none", []string{"d (named, excluded)"}, nil, nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			for _, r := range tc.order {
				regs[r](t, c)
			}
			var app fndPluginApp
			require.NoError(t, c.Populate(ctx, &app))
			if tc.noPlugins {
				assert.Nil(t, app.Plugins)
			} else {
				assert.Equal(t, tc.plugins, fndPluginNames(app.Plugins))
			}
			assert.Equal(t, tc.names, app.Names)
			if tc.names == nil {
				assert.Nil(t, app.Names)
			}
			assert.Nil(t, app.DBs, "no registration: nil slice, no error")
			assert.Nil(t, app.None)

			// The elements are the registrations' instances.
			for _, p := range app.Plugins {
				switch x := p.(type) {
				case *fndPlugC:
					impl, err := container.Resolve[*fndPlugC](ctx, c)
					require.NoError(t, err)
					assert.Same(t, impl, x)
				}
			}
			// Resolve of a slice agrees.
			ps, err := container.Resolve[[]fndPlugin](ctx, c)
			require.NoError(t, err)
			assert.Equal(t, fndPluginNames(app.Plugins), fndPluginNames(ps))
		})
	}
}

// A slice type with a registration of its own gets that registration.
func TestFoundation_SliceRegisteredItself(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	own := []fndPlugin{&fndPlugD{}}
	require.NoError(t, container.Supply(c, own))
	require.NoError(t, container.Supply(c, &fndPlugA{}))
	var app fndPluginApp
	require.NoError(t, c.Populate(ctx, &app))
	assert.Equal(t, []string{"d"}, fndPluginNames(app.Plugins))
}

func TestFoundation_SliceOfStructPointers(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	d1, d2 := &fndDB{Name: "1"}, &fndDB{Name: "2"}
	require.NoError(t, container.Supply(c, d1))
	require.NoError(t, container.Supply(c, &fndDB{Name: "named"}, container.Named("n")))
	require.NoError(t, container.Supply(c, d2))
	var app fndPluginApp
	require.NoError(t, c.Populate(ctx, &app))
	require.Len(t, app.DBs, 2)
	assert.Same(t, d1, app.DBs[0])
	assert.Same(t, d2, app.DBs[1])
}

type fndMapApp struct {
	Priv  map[string]int `inject:"private"`
	Priv2 map[string]int `inject:"private"`
	Named map[string]int `inject:"name=limits"`
}

func TestFoundation_Maps(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	limits := map[string]int{"max": 10}
	require.NoError(t, container.Supply(c, limits, container.Named("limits")))

	var app fndMapApp
	require.NoError(t, c.Populate(ctx, &app))
	require.NotNil(t, app.Priv, "private map: an empty map")
	require.NotNil(t, app.Priv2)
	assert.Empty(t, app.Priv)
	app.Priv["a"] = 1
	assert.Empty(t, app.Priv2, "each private map is its own")
	app.Named["new"] = 1
	assert.Equal(t, 1, limits["new"], "the named map itself")

	// A map without private or a name is a bad tag (covered in the tags
	// test); a named map that is not registered is ErrNotFound.
	var app2 struct {
		M map[string]int `inject:"name=nope"`
	}
	err := c.Populate(ctx, &app2)
	require.ErrorIs(t, err, container.ErrNotFound)
	assert.Nil(t, app2.M)
}

func TestFoundation_NamedDuplicateOtherKinds(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		first  func(c *container.Container) error
		second func(c *container.Container) error
		typ    reflect.Type
		check  func(t *testing.T, c *container.Container)
	}{
		{"zero-value registration", func(c *container.Container) error {
			return container.Provide[*fndDB](c, nil, container.Named("x"))
		}, func(c *container.Container) error {
			return container.Provide[*fndDB](c, func() *fndDB { return &fndDB{Name: "second"} }, container.Named("x"))
		}, fndTypeOf[*fndDB](), func(t *testing.T, c *container.Container) {
			db, err := container.Resolve[*fndDB](ctx, c, container.Named("x"))
			require.NoError(t, err)
			assert.Equal(t, "", db.Name, "the first (zero value) registration stands")
			plain, err := container.Resolve[*fndDB](ctx, c)
			require.NoError(t, err)
			assert.NotSame(t, db, plain, "a named zero-value registration is not the unnamed instance")
		}},
		{"As under a name the interface already has", func(c *container.Container) error {
			return container.Provide[*fndEnglish](c, nil, container.As[fndGreeter](), container.Named("g"))
		}, func(c *container.Container) error {
			return container.Provide[*fndFrench](c, nil, container.As[fndGreeter](), container.Named("g"))
		}, fndTypeOf[fndGreeter](), func(t *testing.T, c *container.Container) {
			g, err := container.Resolve[fndGreeter](ctx, c, container.Named("g"))
			require.NoError(t, err)
			assert.IsType(t, &fndEnglish{}, g)
			// All or nothing: the *fndFrench half of the failed registration
			// was not made either.
			assert.False(t, container.Unregister[*fndFrench](c, container.Named("g")), "no *fndFrench was registered under \"g\"")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := container.New()
			require.NoError(t, tc.first(c))
			err := tc.second(c)
			fndCheckErr(t, err, fndWant{
				kind: container.ErrDuplicate, op: "register", paths: fndRegPaths(fndTypeName(tc.typ)),
				typ: tc.typ, needHint: true,
			})
			tc.check(t, c)
		})
	}
}
