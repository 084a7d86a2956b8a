package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tagwire/tagwire/container"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	got := out.String()

	assert.Contains(t, got, "user1 = User(uid=1, region=eu, main_photo=Photo#1, credit_card=CreditCard#1)")
	assert.Contains(t, got, "user2 = User(uid=2, region=eu, main_photo=Photo#2, credit_card=CreditCard#2)")
	assert.Contains(t, got, "fresh photo per user: true, shared plain region: true")

	assert.Contains(t, got, "delegate: user1.main_photo=Photo#1 user2.main_photo=Photo#2 (cached on user1: true)")
	assert.Contains(t, got, `DelegatedFactory: a plain inject:"" func field got the factory -> Photo#1`)
	assert.Contains(t, got, "DelegatedFactory injected as a product: ErrTypeMismatch=true")

	assert.Contains(t, got, "Provide[BaseService](NewSomeService): ok")
	assert.Contains(t, got, `Provide[BaseService](NewObject): kind "type mismatch"`)

	assert.Contains(t, got, "before override: ErrNotFound=true")
	assert.Contains(t, got, "after override: RedisCacheClient#1(host=localhost, port=6379, db=0), then RedisCacheClient#2(")
	assert.Contains(t, got, "second override: MemcacheCacheClient(hosts=10.0.1.1,10.0.1.2,10.0.1.3, port=11211, prefix=my_app)")
	assert.Contains(t, got, "memcache restored: RedisCacheClient#3(")
	assert.Contains(t, got, "redis restored: ErrNotFound=true")

	assert.Contains(t, got, "games: [checkers chess ludo]")
	assert.Contains(t, got, "$ example chess John Jane -> John and Jane are playing chess")
	assert.Contains(t, got, "$ example zz John Jane -> ErrNotFound=true")
	assert.Contains(t, got, `the keys are [checkers chess ludo]`)
}

// newUsers registers the users factory of factory_init_injections.py.
func newUsers(t *testing.T) (*container.Container, container.Factory[*User]) {
	t.Helper()
	c := container.New()
	require.NoError(t, errors.Join(
		container.Provide[*Seq](c, nil),
		container.Provide[*CreditCard](c, NewCreditCard, container.Transient),
		container.Provide[*Photo](c, NewPhoto, container.Transient),
		container.Provide[*User](c, NewUser,
			container.Args(&Region{Name: "eu"}),
			container.Field("MainPhoto", container.Dep[*Photo]()),
			container.Field("CreditCard", container.Dep[*CreditCard]()),
		),
	))
	users, err := container.Resolve[container.Factory[*User]](context.Background(), c)
	require.NoError(t, err)
	return c, users
}

// A call-time Field wins over a registration Field injection of the same
// field, and the replaced provider is not evaluated: dependency-injector's
// "keyword context arguments have priority on keyword injections"
// (catalogue item 41; container/doc.go: "An override wins and the
// injection it replaces is not evaluated").
//
// Regression test: up to 283433e the Field provider was evaluated anyway
// and overwrote the call-time value; fixed in f36df68.
func TestContextKwargsBeatFieldInjections(t *testing.T) {
	ctx := context.Background()
	c, users := newUsers(t)
	mainPhoto, creditCard := &Photo{ID: 100}, &CreditCard{ID: 100}

	user3, err := users.New(ctx, container.Args(3), container.Field("MainPhoto", mainPhoto), container.Field("CreditCard", creditCard))
	require.NoError(t, err)
	assert.Same(t, mainPhoto, user3.MainPhoto, "call-time Field(\"MainPhoto\") must win over registration Field(\"MainPhoto\", Dep[*Photo]())")
	assert.Same(t, creditCard, user3.CreditCard, "call-time Field(\"CreditCard\") must win over registration Field(\"CreditCard\", Dep[*CreditCard]())")

	user4, err := users.New(ctx, container.Args(4), container.Field("MainPhoto", mainPhoto))
	require.NoError(t, err)
	assert.Same(t, mainPhoto, user4.MainPhoto)
	require.NotNil(t, user4.CreditCard, "the injection that is not overridden still happens")

	seq, err := container.Resolve[*Seq](ctx, c)
	require.NoError(t, err)
	assert.Equal(t, 0, seq.photos, "an overridden injection must not be evaluated")
	assert.Equal(t, 1, seq.cards)
}

// TaggedUser takes its photo and card through tags instead of Field
// options. With tags, call-time Field does win, as documented.
type TaggedUser struct {
	UID        int
	MainPhoto  *Photo      `inject:""`
	CreditCard *CreditCard `inject:""`
}

func TestContextKwargsBeatTags(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	require.NoError(t, errors.Join(
		container.Provide[*Seq](c, nil),
		container.Provide[*CreditCard](c, NewCreditCard, container.Transient),
		container.Provide[*Photo](c, NewPhoto, container.Transient),
		container.Provide[*TaggedUser](c, nil, container.Transient),
	))
	mainPhoto := &Photo{ID: 100}
	u, err := container.Resolve[*TaggedUser](ctx, c, container.Field("UID", 4), container.Field("MainPhoto", mainPhoto))
	require.NoError(t, err)
	assert.Equal(t, 4, u.UID)
	assert.Same(t, mainPhoto, u.MainPhoto)
	assert.NotNil(t, u.CreditCard)
	seq, err := container.Resolve[*Seq](ctx, c)
	require.NoError(t, err)
	assert.Equal(t, 0, seq.photos, "the overridden tag injection is not evaluated")
}

// Positional context args are appended after registered ones:
// Factory(P, 1, 2)(3, 4) is P(1, 2, 3, 4).
func TestArgsAppend(t *testing.T) {
	c := container.New()
	type P struct{ A, B, C, D int }
	require.NoError(t, container.Provide[*P](c, func(a, b, c, d int) *P { return &P{a, b, c, d} },
		container.Transient, container.Args(1, 2)))
	p, err := container.Resolve[*P](context.Background(), c, container.Args(3, 4))
	require.NoError(t, err)
	assert.Equal(t, P{1, 2, 3, 4}, *p)

	_, err = container.Resolve[*P](context.Background(), c, container.Args(3, 4, 5))
	assert.ErrorIs(t, err, container.ErrBadInput)
}

// The aggregate as a map of factories, one per key.
type GameMap struct {
	Games map[string]container.Factory[Game] `inject:"factory"`
}

func TestAggregateMap(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	require.NoError(t, errors.Join(
		container.Provide[Game](c, NewChess, container.Named("chess")),
		container.Provide[Game](c, NewLudo, container.Named("ludo")),
	))
	var gm GameMap
	require.NoError(t, c.Populate(ctx, &gm))
	require.Len(t, gm.Games, 2)
	g, err := gm.Games["ludo"].New(ctx, container.Args("Ann", "Bob"))
	require.NoError(t, err)
	assert.Equal(t, "Ann and Bob are playing ludo", g.Play())
}

func Example_initInjections() {
	_ = initInjections(context.Background(), os.Stdout)
	// Output:
	// user1 = User(uid=1, region=eu, main_photo=Photo#1, credit_card=CreditCard#1)
	// user2 = User(uid=2, region=eu, main_photo=Photo#2, credit_card=CreditCard#2)
	// fresh photo per user: true, shared plain region: true
	// user3 = User(uid=3, region=eu, main_photo=Photo#100, credit_card=CreditCard#100)
	// user3 got the context photo and card: true
	// user4 = User(uid=4, region=eu, main_photo=Photo#100, credit_card=CreditCard#3)
	// photos built: 2, credit cards built: 3
}

func Example_delegation() {
	_ = delegation(context.Background(), os.Stdout)
	// Output:
	// delegate: user1.main_photo=Photo#1 user2.main_photo=Photo#2 (cached on user1: true)
	// DelegatedFactory: a plain inject:"" func field got the factory -> Photo#1
	// DelegatedFactory injected as a product: ErrTypeMismatch=true
}

func Example_providedType() {
	_ = providedType(os.Stdout)
	// Output:
	// Provide[BaseService](NewSomeService): ok
	// Provide[BaseService](NewObject): kind "type mismatch"
	//   register BaseService: type mismatch: the constructor returns *main.Object, which is not a main.BaseService
}

func Example_abstractFactory() {
	_ = abstractFactory(context.Background(), os.Stdout)
	// Output:
	// before override: ErrNotFound=true
	// after override: RedisCacheClient#1(host=localhost, port=6379, db=0), then RedisCacheClient#2(host=localhost, port=6379, db=0)
	// second override: MemcacheCacheClient(hosts=10.0.1.1,10.0.1.2,10.0.1.3, port=11211, prefix=my_app)
	// memcache restored: RedisCacheClient#3(host=localhost, port=6379, db=0)
	// redis restored: ErrNotFound=true
}

func Example_factoryAggregate() {
	_ = factoryAggregate(context.Background(), os.Stdout)
	// Output:
	// games: [checkers chess ludo]
	// $ example chess John Jane -> John and Jane are playing chess
	// $ example checkers John Jane -> John and Jane are playing checkers
	// $ example ludo John Jane -> John and Jane are playing ludo
	// $ example zz John Jane -> ErrNotFound=true
	//   factory Game: not found: no main.Game is registered under the key "zz"; the keys are [checkers chess ludo]
}

// Call-time Args on an aggregate of default (Singleton) registrations
// build a fresh game for each call, neither cached nor shared: the
// translation of a FactoryAggregate needs no container.Transient when every
// call passes arguments.
func TestAggregateSingletonArgs(t *testing.T) {
	ctx := context.Background()
	c := container.New()
	require.NoError(t, container.Provide[Game](c, NewChess, container.Named("chess")))
	var a Arcade
	require.NoError(t, c.Populate(ctx, &a))
	g1, err := a.Games.New(ctx, "chess", container.Args("John", "Jane"))
	require.NoError(t, err)
	g2, err := a.Games.New(ctx, "chess", container.Args("Ann", "Bob"))
	require.NoError(t, err)
	assert.NotSame(t, g1, g2)
	assert.Equal(t, "John and Jane are playing chess", g1.Play())
	assert.Equal(t, "Ann and Bob are playing chess", g2.Play())
}

// The users factory keeps the default lifetime: every call passes the uid
// as call-time Args, so every user is a fresh, unshared instance.
func TestUsersFreshWithoutTransient(t *testing.T) {
	ctx := context.Background()
	_, users := newUsers(t)
	u1, err := users.New(ctx, container.Args(1))
	require.NoError(t, err)
	u1again, err := users.New(ctx, container.Args(1))
	require.NoError(t, err)
	assert.NotSame(t, u1, u1again)
	assert.NotSame(t, u1.MainPhoto, u1again.MainPhoto, "the Transient photos factory is called per user")
}
