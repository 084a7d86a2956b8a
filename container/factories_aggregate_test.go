package container_test

// Keyed aggregates (seed 002 FactoryAggregate, catalogue 49).

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

type facGame interface{ Play() string }

type facChess struct{ P1, P2 string }

func (g *facChess) Play() string { return "chess " + g.P1 + " vs " + g.P2 }

type facCheckers struct{ P1, P2 string }

func (g *facCheckers) Play() string { return "checkers " + g.P1 + " vs " + g.P2 }

type facLudo struct{ P1, P2 string }

func (g *facLudo) Play() string { return "ludo " + g.P1 + " vs " + g.P2 }

type facDuel struct{ P1, P2 string }

func (g *facDuel) Play() string { return "duel " + g.P1 + " vs " + g.P2 }

type facGameKind int

const (
	facKindChess facGameKind = iota + 1
	facKindCheckers
	facKindLudo
)

// facRegisterGames registers three games under string names, out of
// alphabetical order.
func facRegisterGames(t *testing.T, c *container.Container) {
	t.Helper()
	facMust(t, container.Provide[facGame](c, func() *facChess { return &facChess{} }, container.Named("chess"), container.Transient))
	facMust(t, container.Provide[facGame](c, func() *facLudo { return &facLudo{} }, container.Named("ludo"), container.Transient))
	facMust(t, container.Provide[facGame](c, func() *facCheckers { return &facCheckers{} }, container.Named("checkers"), container.Transient))
}

type facArcade struct {
	Games       container.Keyed[string, facGame]           `inject:""`
	ByFunc      map[string]func() (facGame, error)         `inject:"factory"`
	ByFactory   map[string]container.Factory[facGame]      `inject:"factory"`
	ByPlainFunc map[string]func() facGame                  `inject:"factory"`
	Unused      map[facGameKind]container.Factory[facGame] `inject:"factory"`
}

func TestFactories_Keyed_StringKeys(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	facRegisterGames(t, c)
	facMust(t, container.Supply(c, "not a game", container.Named("other")))

	var a facArcade
	require.NoError(t, c.Populate(ctx, &a))

	assert.Equal(t, []string{"checkers", "chess", "ludo"}, a.Games.Keys(), "Keys are sorted")
	assert.True(t, a.Games.Has("chess"))
	assert.False(t, a.Games.Has("go"))
	assert.False(t, a.Games.Has("other"), "a name registered with another type is not a key")

	g, err := a.Games.New(ctx, "chess", container.Field("P1", "John"), container.Field("P2", "Jane"))
	require.NoError(t, err)
	assert.Equal(t, "chess John vs Jane", g.Play())
	g2, err := a.Games.New(ctx, "chess")
	require.NoError(t, err)
	assert.NotSame(t, g.(*facChess), g2.(*facChess))
	g3, err := a.Games.New(ctx, "ludo")
	require.NoError(t, err)
	assert.IsType(t, &facLudo{}, g3)

	// An unknown key is ErrNotFound naming the key and listing the known ones.
	_, err = a.Games.New(ctx, "go")
	e := facRequireKind(t, err, container.ErrNotFound)
	assert.Equal(t, "factory", e.Op)
	for _, k := range []string{"checkers", "chess", "ludo", "go"} {
		assert.Contains(t, e.Error(), k)
	}

	require.Len(t, a.ByFunc, 3)
	require.Len(t, a.ByFactory, 3)
	require.Len(t, a.ByPlainFunc, 3)
	assert.Empty(t, a.Unused, "keys of another type are not included")
	want := map[string]string{"chess": "chess  vs ", "checkers": "checkers  vs ", "ludo": "ludo  vs "}
	for k, play := range want {
		fn, ok := a.ByFunc[k]
		require.True(t, ok, k)
		x, err := fn()
		require.NoError(t, err)
		assert.Equal(t, play, x.Play())
		y, err := fn()
		require.NoError(t, err)
		assert.NotSame(t, x, y, "one factory per key, each call a new instance")

		f, ok := a.ByFactory[k]
		require.True(t, ok, k)
		z, err := f.New(ctx, container.Field("P1", "A"))
		require.NoError(t, err)
		assert.Equal(t, k+" A vs ", z.Play())

		assert.Equal(t, play, a.ByPlainFunc[k]().Play())
	}
}

type facNamedFactories struct {
	Func  func() (facGame, error)    `inject:"factory,name=chess"`
	Typed container.Factory[facGame] `inject:"factory,name=chess"`
}

// doc.go: options combine, e.g. inject:"factory,name=primary".
func TestFactories_FactoryField_NamedTagPicksTheKey(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	facRegisterGames(t, c)
	var h facNamedFactories
	require.NoError(t, c.Populate(ctx, &h))
	g, err := h.Func()
	require.NoError(t, err)
	assert.IsType(t, &facChess{}, g, "func factory")
	g, err = h.Typed.New(ctx)
	require.NoError(t, err)
	assert.IsType(t, &facChess{}, g, "Factory[T] factory")
}

func TestFactories_Keyed_ArgsForwardedToTheKeyedConstructor(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	facMust(t, container.Provide[facGame](c, func(p1, p2 string) *facDuel { return &facDuel{p1, p2} },
		container.Named("duel"), container.Transient))
	games := facResolve[container.Keyed[string, facGame]](t, ctx, c)
	g, err := games.New(ctx, "duel", container.Args("John", "Jane"))
	require.NoError(t, err)
	assert.Equal(t, "duel John vs Jane", g.Play())

	_, err = games.New(ctx, "duel", container.Args("John", "Jane", "Jim"))
	facRequireKind(t, err, container.ErrBadInput)
}

// A Singleton key is one shared instance; call-time overrides on it build a
// fresh instance for that call and leave the shared one untouched.
func TestFactories_Keyed_SingletonKeyIsSharedAndOverridesBuildFresh(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	facMust(t, container.Provide[facGame](c, func() *facChess { return &facChess{} }, container.Named("chess")))
	games := facResolve[container.Keyed[string, facGame]](t, ctx, c)
	a, err := games.New(ctx, "chess")
	require.NoError(t, err)
	b, err := games.New(ctx, "chess")
	require.NoError(t, err)
	assert.Same(t, a.(*facChess), b.(*facChess))
	o, err := games.New(ctx, "chess", container.Field("P1", "x"))
	require.NoError(t, err)
	assert.Equal(t, "chess x vs ", o.Play(), "the override applies to the fresh instance")
	assert.NotSame(t, a.(*facChess), o.(*facChess), "an instance built with overrides is not the shared one")
	b, err = games.New(ctx, "chess")
	require.NoError(t, err)
	assert.Same(t, a.(*facChess), b.(*facChess), "the shared instance is still the same object")
	assert.Equal(t, "chess  vs ", b.Play(), "the shared instance did not receive the override")
}

// A known key whose registration fails for another reason is not reported
// as an unknown key: the error names the missing dependency, not the keys.
func TestFactories_Keyed_KnownKeyWithMissingDependencyReportsTheDependency(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	facMust(t, container.Provide[facGame](c, func(dep facUnimplemented) *facChess { return &facChess{} },
		container.Named("broken"), container.Transient))
	games := facResolve[container.Keyed[string, facGame]](t, ctx, c)
	require.True(t, games.Has("broken"))
	_, err := games.New(ctx, "broken")
	e := facRequireKind(t, err, container.ErrNotFound)
	assert.Equal(t, reflect.TypeFor[facUnimplemented](), e.Type, "the error is about the missing dependency: %v", err)
	assert.NotContains(t, err.Error(), "registered under the key", "the key exists: %v", err)

	_, err = games.New(ctx, "missing")
	facRequireKind(t, err, container.ErrNotFound)
	assert.Contains(t, err.Error(), "registered under the key", "an unknown key is reported as such: %v", err)
	assert.Contains(t, err.Error(), "broken", "the known keys are listed")
}

type facEnumArcade struct {
	Games  container.Keyed[facGameKind, facGame]      `inject:""`
	ByKind map[facGameKind]container.Factory[facGame] `inject:"factory"`
	Named  container.Keyed[string, facGame]           `inject:""`
}

func TestFactories_Keyed_EnumKeys(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	facMust(t, container.Provide[facGame](c, func() *facLudo { return &facLudo{} }, container.Named(facKindLudo), container.Transient))
	facMust(t, container.Provide[facGame](c, func() *facChess { return &facChess{} }, container.Named(facKindChess), container.Transient))
	facMust(t, container.Provide[facGame](c, func() *facCheckers { return &facCheckers{} }, container.Named(facKindCheckers), container.Transient))
	facMust(t, container.Provide[facGame](c, func() *facDuel { return &facDuel{} }, container.Named("duel"), container.Transient))

	var a facEnumArcade
	require.NoError(t, c.Populate(ctx, &a))
	assert.Equal(t, []facGameKind{facKindChess, facKindCheckers, facKindLudo}, a.Games.Keys())
	assert.Equal(t, []string{"duel"}, a.Named.Keys(), "string keys and enum keys form separate aggregates")
	assert.True(t, a.Games.Has(facKindLudo))

	g, err := a.Games.New(ctx, facKindCheckers)
	require.NoError(t, err)
	assert.IsType(t, &facCheckers{}, g)

	_, err = a.Games.New(ctx, facGameKind(99))
	facRequireKind(t, err, container.ErrNotFound)

	require.Len(t, a.ByKind, 3)
	l, err := a.ByKind[facKindLudo].New(ctx)
	require.NoError(t, err)
	assert.IsType(t, &facLudo{}, l)
}

func TestFactories_Keyed_DuplicateKeyRejected(t *testing.T) {
	c := facNew(t)
	facRegisterGames(t, c)
	err := container.Provide[facGame](c, func() *facLudo { return &facLudo{} }, container.Named("chess"))
	e := facRequireKind(t, err, container.ErrDuplicate)
	assert.Equal(t, "register", e.Op)
	err = container.Provide[facGame](c, func() *facLudo { return &facLudo{} }, container.Named(facKindChess))
	require.NoError(t, err, "an enum key is not the same key as a string")
}

func TestFactories_Keyed_OverrideOneKeyAndRestore(t *testing.T) {
	ctx := t.Context()
	c := facNew(t)
	facRegisterGames(t, c)
	games := facResolve[container.Keyed[string, facGame]](t, ctx, c)

	h, err := container.Override[facGame](c, func() *facDuel { return &facDuel{} }, container.Named("chess"), container.Transient)
	require.NoError(t, err)
	g, err := games.New(ctx, "chess")
	require.NoError(t, err)
	assert.IsType(t, &facDuel{}, g, "the aggregate sees the override of one key")
	assert.Equal(t, []string{"checkers", "chess", "ludo"}, games.Keys())

	extra, err := container.Override[facGame](c, func() *facDuel { return &facDuel{} }, container.Named("duel"), container.Transient)
	require.NoError(t, err)
	assert.Equal(t, []string{"checkers", "chess", "duel", "ludo"}, games.Keys())

	extra()
	h()
	assert.Equal(t, []string{"checkers", "chess", "ludo"}, games.Keys(), "restore removes the added key")
	g, err = games.New(ctx, "chess")
	require.NoError(t, err)
	assert.IsType(t, &facChess{}, g)
	_, err = games.New(ctx, "duel")
	facRequireKind(t, err, container.ErrNotFound)
}
