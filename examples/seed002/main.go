// Command seed002 translates dependency-injector 3.x's "Factory providers"
// page (seed 002) to tagwire. The Python snippets quoted below come from
// the example files that page includes (examples/providers/*.py).
//
// A dependency-injector Factory creates a new object on every call.
// tagwire's default lifetime is Singleton, so a registration that stands
// for a Factory called or injected without arguments is Transient (the
// photos, credit cards, lazy users and cache clients below). A call with
// call-time overrides (Args, Field, Use) always builds a fresh instance of
// its own, neither cached nor shared, whatever the lifetime: the users
// factory and the game aggregate, always called with arguments, keep the
// default lifetime.
//
//	providers.Factory(Photo)                            container.Provide[*Photo](c, NewPhoto, container.Transient)
//	providers.Factory(User, main_photo=photos_factory)  container.Provide[*User](c, NewUser,
//	                                                        container.Field("MainPhoto", container.Dep[*Photo]()))
//	users_factory(1, main_photo=m)                      users.New(ctx, container.Args(1), container.Field("MainPhoto", m))
//	photos_factory.delegate() / DelegatedFactory        an inject:"factory" field / container.AsFactory()
//	provided_type = BaseService                         container.Provide[BaseService] (checked at registration)
//	AbstractFactory(AbstractCacheClient)                container.Provide[CacheClient](c, nil) + container.Override
//	FactoryAggregate(chess=..., checkers=...)           container.Named("chess") + an inject.Keyed[string, Game] field
//
// The domain types (LazyUser, CacheService, Arcade) use the inject facade;
// the wiring functions use container.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tagwire/tagwire/container"
	"github.com/tagwire/tagwire/inject"
)

// Seq numbers the objects so that the output shows which are fresh. Every
// container registers it with container.Provide[*Seq](c, nil): built from
// its zero value, one shared instance. The constructors take it as a
// parameter, and a parameter is never filled with an unregistered struct
// built implicitly.
type Seq struct{ photos, cards, clients int }

// Photo, CreditCard and User (factory_init_injections.py):
//
//	CreditCard = collections.namedtuple('CreditCard', [])
//	Photo = collections.namedtuple('Photo', [])
//	User = collections.namedtuple('User', ['uid', 'main_photo', 'credit_card'])
type Photo struct{ ID int }

// CreditCard is a credit card.
type CreditCard struct{ ID int }

// Region is a plain value injected as it is: every user shares it.
type Region struct{ Name string }

// User has an id (a call-time argument), a region (a registered plain
// argument) and two attributes injected from providers.
type User struct {
	UID        int
	Region     *Region
	MainPhoto  *Photo
	CreditCard *CreditCard
}

func (u *User) String() string {
	return fmt.Sprintf("User(uid=%d, region=%s, main_photo=Photo#%d, credit_card=CreditCard#%d)",
		u.UID, u.Region.Name, u.MainPhoto.ID, u.CreditCard.ID)
}

// NewUser takes its positional arguments: the registered ones first (the
// region), then the call-time ones (the uid).
func NewUser(region *Region, uid int) *User { return &User{UID: uid, Region: region} }

// NewPhoto is photos_factory = providers.Factory(Photo).
func NewPhoto(seq *Seq) *Photo { seq.photos++; return &Photo{ID: seq.photos} }

// NewCreditCard is credit_cards_factory = providers.Factory(CreditCard).
func NewCreditCard(seq *Seq) *CreditCard { seq.cards++; return &CreditCard{ID: seq.cards} }

// initInjections is factory_init_injections.py, including its context
// arguments.
func initInjections(ctx context.Context, w io.Writer) error {
	eu := &Region{Name: "eu"}
	c := container.New()
	// credit_cards_factory = providers.Factory(CreditCard)
	// photos_factory = providers.Factory(Photo)
	// users_factory = providers.Factory(User,
	//                                   main_photo=photos_factory,
	//                                   credit_card=credit_cards_factory)
	if err := errors.Join(
		container.Provide[*Seq](c, nil),
		container.Provide[*CreditCard](c, NewCreditCard, container.Transient),
		container.Provide[*Photo](c, NewPhoto, container.Transient),
		container.Provide[*User](c, NewUser,
			container.Args(eu), // a plain value: passed as it is, shared
			container.Field("MainPhoto", container.Dep[*Photo]()),       // a provider: called per user
			container.Field("CreditCard", container.Dep[*CreditCard]()), // a provider: called per user
		),
	); err != nil {
		return err
	}
	users, err := container.Resolve[container.Factory[*User]](ctx, c)
	if err != nil {
		return err
	}

	// user1 = users_factory(1)
	// # Same as: user1 = User(1, main_photo=Photo(), credit_card=CreditCard())
	user1, err := users.New(ctx, container.Args(1))
	if err != nil {
		return err
	}
	// user2 = users_factory(2)
	user2, err := users.New(ctx, container.Args(2))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "user1 = %v\nuser2 = %v\n", user1, user2)
	fmt.Fprintf(w, "fresh photo per user: %t, shared plain region: %t\n",
		user1.MainPhoto != user2.MainPhoto, user1.Region == user2.Region)

	// # Context keyword arguments have priority on keyword argument injections:
	// main_photo = Photo()
	// credit_card = CreditCard()
	// user3 = users_factory(3, main_photo=main_photo, credit_card=credit_card)
	mainPhoto, creditCard := &Photo{ID: 100}, &CreditCard{ID: 100}
	user3, err := users.New(ctx, container.Args(3),
		container.Field("MainPhoto", mainPhoto), container.Field("CreditCard", creditCard))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "user3 = %v\n", user3)
	fmt.Fprintf(w, "user3 got the context photo and card: %t\n", user3.MainPhoto == mainPhoto && user3.CreditCard == creditCard)

	// Merging: an override replaces one keyword injection; the other is
	// still injected. The replaced provider is not evaluated (3.x).
	user4, err := users.New(ctx, container.Args(4), container.Field("MainPhoto", mainPhoto))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "user4 = %v\n", user4)
	seq, err := container.Resolve[*Seq](ctx, c)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "photos built: %d, credit cards built: %d\n", seq.photos, seq.cards)
	return nil
}

// LazyUser is the User of factory_delegation.py: it receives the photos
// factory itself and calls it when it first needs a photo.
//
//	class User(object):
//	    def __init__(self, photos_factory):
//	        self.photos_factory = photos_factory
//	    @property
//	    def main_photo(self):
//	        if not self._main_photo:
//	            self._main_photo = self.photos_factory()
type LazyUser struct {
	PhotosFactory inject.Factory[*Photo] `inject:"factory"` // photos_factory.delegate()

	mainPhoto *Photo
}

// MainPhoto builds the photo on first use.
func (u *LazyUser) MainPhoto(ctx context.Context) (*Photo, error) {
	if u.mainPhoto == nil {
		p, err := u.PhotosFactory.New(ctx)
		if err != nil {
			return nil, err
		}
		u.mainPhoto = p
	}
	return u.mainPhoto, nil
}

// DelegatedUser takes the factory as a plain func field with a plain tag:
// that works because Photo is registered with container.AsFactory(), the
// DelegatedFactory of tagwire.
type DelegatedUser struct {
	PhotosFactory func(context.Context) (*Photo, error) `inject:""`
}

// EagerUser asks for the product of a delegated registration, which is an
// error: a DelegatedFactory is always injected as itself.
type EagerUser struct {
	MainPhoto *Photo `inject:""`
}

// delegation is factory_delegation.py.
func delegation(ctx context.Context, w io.Writer) error {
	// photos_factory = providers.Factory(Photo)
	// users_factory = providers.Factory(User, photos_factory=photos_factory.delegate())
	c := container.New()
	if err := errors.Join(
		container.Provide[*Seq](c, nil),
		container.Provide[*Photo](c, NewPhoto, container.Transient),
		container.Provide[*LazyUser](c, nil, container.Transient),
	); err != nil {
		return err
	}
	users, err := container.Resolve[container.Factory[*LazyUser]](ctx, c)
	if err != nil {
		return err
	}
	// user1 = users_factory()  # Same as: user1 = User(photos_factory=photos_factory)
	// user2 = users_factory()
	user1, err := users.New(ctx)
	if err != nil {
		return err
	}
	user2, err := users.New(ctx)
	if err != nil {
		return err
	}
	// assert isinstance(user1.main_photo, Photo)
	p1, err := user1.MainPhoto(ctx)
	if err != nil {
		return err
	}
	p2, err := user2.MainPhoto(ctx)
	if err != nil {
		return err
	}
	again, _ := user1.MainPhoto(ctx)
	fmt.Fprintf(w, "delegate: user1.main_photo=Photo#%d user2.main_photo=Photo#%d (cached on user1: %t)\n", p1.ID, p2.ID, again == p1)

	// photos_factory = providers.DelegatedFactory(Photo)
	c = container.New()
	if err := errors.Join(
		container.Provide[*Seq](c, nil),
		container.Provide[*Photo](c, NewPhoto, container.Transient, container.AsFactory()),
	); err != nil {
		return err
	}
	var du DelegatedUser
	if err := c.Populate(ctx, &du); err != nil {
		return err
	}
	p, err := du.PhotosFactory(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "DelegatedFactory: a plain inject:\"\" func field got the factory -> Photo#%d\n", p.ID)
	var eu EagerUser
	err = c.Populate(ctx, &eu)
	fmt.Fprintf(w, "DelegatedFactory injected as a product: ErrTypeMismatch=%t\n", errors.Is(err, container.ErrTypeMismatch))
	return nil
}

// BaseService is the provided type:
//
//	class BaseService(object): ...
//	class SomeService(BaseService): ...
//	class ServiceProvider(providers.Factory):
//	    provided_type = BaseService
type BaseService interface{ isBaseService() }

// Base is embedded by the services ("subclasses BaseService").
type Base struct{}

func (Base) isBaseService() {}

// SomeService is a BaseService.
type SomeService struct{ Base }

// Object is not ("ServiceProvider(object)").
type Object struct{}

// NewSomeService builds a SomeService.
func NewSomeService() *SomeService { return &SomeService{} }

// NewObject builds an Object.
func NewObject() *Object { return &Object{} }

// providedType is factory_provided_type.py: Provide[BaseService] is the
// specialised provider, and the check happens at registration.
func providedType(w io.Writer) error {
	c := container.New()
	// # Creating service provider with correct provided type:
	// some_service_provider = ServiceProvider(SomeService)
	if err := container.Provide[BaseService](c, NewSomeService); err != nil {
		return err
	}
	fmt.Fprintln(w, "Provide[BaseService](NewSomeService): ok")
	// # Trying to create service provider incorrect provided type:
	// try:
	//     some_service_provider = ServiceProvider(object)
	// except errors.Error as exception:
	//     print exception
	err := container.Provide[BaseService](c, NewObject)
	var e *container.Error
	if errors.As(err, &e) {
		fmt.Fprintf(w, "Provide[BaseService](NewObject): kind %q\n  %s\n", e.Kind, errLine(err))
	}
	return nil
}

// CacheClient is the abstract type:
//
//	cache_client_factory = providers.AbstractFactory(cache.AbstractCacheClient)
type CacheClient interface{ Describe() string }

// RedisCacheClient is one implementation.
type RedisCacheClient struct {
	Host   string
	Port   int
	DB     int
	serial int
}

// NewRedisCacheClient takes host, port and db positionally (the Python
// keywords host=, port=, db=), after the counter, which the Override below
// passes as the provider container.Dep[*Seq]().
func NewRedisCacheClient(seq *Seq, host string, port, db int) *RedisCacheClient {
	seq.clients++ // numbered to show that each call builds a new client
	return &RedisCacheClient{Host: host, Port: port, DB: db, serial: seq.clients}
}

// Describe describes the client.
func (r *RedisCacheClient) Describe() string {
	return fmt.Sprintf("RedisCacheClient#%d(host=%s, port=%d, db=%d)", r.serial, r.Host, r.Port, r.DB)
}

// MemcacheCacheClient is the other.
type MemcacheCacheClient struct {
	Hosts  []string
	Port   int
	Prefix string
}

// NewMemcacheCacheClient takes hosts, port and prefix positionally.
func NewMemcacheCacheClient(hosts []string, port int, prefix string) *MemcacheCacheClient {
	return &MemcacheCacheClient{Hosts: hosts, Port: port, Prefix: prefix}
}

// Describe describes the client.
func (m *MemcacheCacheClient) Describe() string {
	return fmt.Sprintf("MemcacheCacheClient(hosts=%s, port=%d, prefix=%s)", strings.Join(m.Hosts, ","), m.Port, m.Prefix)
}

// CacheService holds the cache client factory. It can be injected while
// the factory is still abstract; calling it then fails.
type CacheService struct {
	NewCache inject.Factory[CacheClient] `inject:"factory"`
}

// abstractFactory is abstract_factory/example.py.
func abstractFactory(ctx context.Context, w io.Writer) error {
	// cache_client_factory = providers.AbstractFactory(cache.AbstractCacheClient)
	// (nil for an interface: a placeholder until Override supplies it)
	c := container.New()
	if err := errors.Join(
		container.Provide[*Seq](c, nil),
		container.Provide[CacheClient](c, nil),
	); err != nil {
		return err
	}
	var svc CacheService
	if err := c.Populate(ctx, &svc); err != nil {
		return err
	}
	_, err := svc.NewCache.New(ctx)
	fmt.Fprintf(w, "before override: ErrNotFound=%t\n", errors.Is(err, container.ErrNotFound))

	// cache_client_factory.override(
	//     providers.Factory(cache.RedisCacheClient, host='localhost', port=6379, db=0))
	restoreRedis, err := container.Override[CacheClient](c, NewRedisCacheClient, container.Transient,
		container.Args(container.Dep[*Seq](), "localhost", 6379, 0))
	if err != nil {
		return err
	}
	// redis_cache = cache_client_factory()
	// print(redis_cache)
	r1, err := svc.NewCache.New(ctx)
	if err != nil {
		return err
	}
	r2, err := svc.NewCache.New(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "after override: %s, then %s\n", r1.Describe(), r2.Describe())

	// cache_client_factory.override(
	//     providers.Factory(cache.MemcacheCacheClient,
	//                       hosts=['10.0.1.1', '10.0.1.2', '10.0.1.3'], port=11211, prefix='my_app'))
	restoreMemcache, err := container.Override[CacheClient](c, NewMemcacheCacheClient, container.Transient,
		container.Args([]string{"10.0.1.1", "10.0.1.2", "10.0.1.3"}, 11211, "my_app"))
	if err != nil {
		return err
	}
	m, err := svc.NewCache.New(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "second override: %s\n", m.Describe())

	restoreMemcache()
	r3, err := svc.NewCache.New(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "memcache restored: %s\n", r3.Describe())
	restoreRedis()
	_, err = svc.NewCache.New(ctx)
	fmt.Fprintf(w, "redis restored: ErrNotFound=%t\n", errors.Is(err, container.ErrNotFound))
	return nil
}

// Game is the aggregated type:
//
//	class Game(object):
//	    def __init__(self, player1, player2): ...
//	    def play(self):
//	        print('{0} and {1} are playing {2}'.format(
//	            self.player1, self.player2, self.__class__.__name__.lower()))
type Game interface{ Play() string }

// Players is the state every game has.
type Players struct{ Player1, Player2 string }

func (p Players) play(game string) string {
	return fmt.Sprintf("%s and %s are playing %s", p.Player1, p.Player2, game)
}

// Chess is class Chess(Game).
type Chess struct{ Players }

// Play plays chess.
func (g *Chess) Play() string { return g.play("chess") }

// Checkers is class Checkers(Game).
type Checkers struct{ Players }

// Play plays checkers.
func (g *Checkers) Play() string { return g.play("checkers") }

// Ludo is class Ludo(Game).
type Ludo struct{ Players }

// Play plays ludo.
func (g *Ludo) Play() string { return g.play("ludo") }

// NewChess builds a Chess game.
func NewChess(player1, player2 string) *Chess { return &Chess{Players{player1, player2}} }

// NewCheckers builds a Checkers game.
func NewCheckers(player1, player2 string) *Checkers { return &Checkers{Players{player1, player2}} }

// NewLudo builds a Ludo game.
func NewLudo(player1, player2 string) *Ludo { return &Ludo{Players{player1, player2}} }

// Arcade receives the aggregate.
type Arcade struct {
	Games inject.Keyed[string, Game] `inject:""`
}

// factoryAggregate is factory_aggregate/example.py.
func factoryAggregate(ctx context.Context, w io.Writer) error {
	// game_factory = providers.FactoryAggregate(chess=providers.Factory(Chess),
	//                                           checkers=providers.Factory(Checkers),
	//                                           ludo=providers.Factory(Ludo))
	//
	// Every game is built with the players as call-time Args, so each call
	// gets a new game without container.Transient.
	c := container.New()
	if err := errors.Join(
		container.Provide[Game](c, NewChess, container.Named("chess")),
		container.Provide[Game](c, NewCheckers, container.Named("checkers")),
		container.Provide[Game](c, NewLudo, container.Named("ludo")),
	); err != nil {
		return err
	}
	var arcade Arcade
	if err := c.Populate(ctx, &arcade); err != nil {
		return err
	}
	fmt.Fprintf(w, "games: %v\n", arcade.Games.Keys())
	// selected_game = game_factory(game_type, player1, player2)
	// selected_game.play()
	// # $ python example.py chess John Jane
	// # John and Jane are playing chess
	for _, argv := range [][]string{{"chess", "John", "Jane"}, {"checkers", "John", "Jane"}, {"ludo", "John", "Jane"}} {
		game, err := arcade.Games.New(ctx, argv[0], container.Args(argv[1], argv[2]))
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "$ example %s -> %s\n", strings.Join(argv, " "), game.Play())
	}
	// An unknown name: NoSuchProviderError in Python.
	_, err := arcade.Games.New(ctx, "zz", container.Args("John", "Jane"))
	fmt.Fprintf(w, "$ example zz John Jane -> ErrNotFound=%t\n  %s\n", errors.Is(err, container.ErrNotFound), errLine(err))
	return nil
}

func run(w io.Writer) error {
	ctx := context.Background()
	for _, part := range []struct {
		title string
		fn    func() error
	}{
		{"init injections and context args", func() error { return initInjections(ctx, w) }},
		{"delegation", func() error { return delegation(ctx, w) }},
		{"provided type", func() error { return providedType(w) }},
		{"abstract factory", func() error { return abstractFactory(ctx, w) }},
		{"factory aggregate", func() error { return factoryAggregate(ctx, w) }},
	} {
		fmt.Fprintf(w, "== %s\n", part.title)
		if err := part.fn(); err != nil {
			return fmt.Errorf("%s: %w", part.title, err)
		}
	}
	return nil
}

// errLine renders a tagwire error for the output as operation, path, kind
// and detail. The fix hint (Error.Hint) is left out: it is advice whose
// wording may change.
func errLine(err error) string {
	var e *container.Error
	if !errors.As(err, &e) {
		return fmt.Sprint(err)
	}
	return fmt.Sprintf("%s %s: %v: %s", e.Op, e.Path, e.Kind, e.Detail)
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
