package container_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/tagwire/tagwire/container"
)

// Types of the examples.

type Logger struct{ Prefix string }

func (l *Logger) Printf(format string, args ...any) { fmt.Printf(l.Prefix+format+"\n", args...) }

type DB struct{ DSN string }

func NewDB(dsn string) (*DB, func(), error) {
	db := &DB{DSN: dsn}
	return db, func() { fmt.Println("closing", dsn) }, nil
}

type Store interface{ Get(id string) string }

type PGStore struct {
	DB *DB `inject:""`
}

func (s *PGStore) Get(id string) string { return id + "@" + s.DB.DSN }

type API struct {
	Store Store   `inject:""`
	Log   *Logger `inject:""`
}

func (a *API) Init(ctx context.Context) error { // runs after the fields are set
	a.Log.Printf("api ready")
	return nil
}

type App struct {
	Addr string `inject:"name=addr"` // a named value of any type
	API  *API   `inject:""`          // unregistered struct: built from its zero value, shared
	Log  *Logger
}

// With no registrations at all, Populate fills every tagged pointer-to-struct
// field with one shared instance of its type, built from its zero value,
// the way facebookgo/inject does.
func ExamplePopulate() {
	type Config struct{ Verbose bool }
	type Service struct {
		Config *Config `inject:""`
	}
	type Main struct {
		Service *Service `inject:""`
		Config  *Config  `inject:""`
	}
	var m Main
	if err := container.Populate(&m); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Service.Config == m.Config)
	// Output: true
}

// The quick start of the package documentation.
func Example() {
	ctx := context.Background()
	c := container.New()
	defer c.Close(ctx) // cleanups run in reverse dependency order
	err := errors.Join(
		container.Supply(c, ":8080", container.Named("addr")),
		container.Supply(c, &Logger{Prefix: "app: "}),
		container.Provide[*DB](c, NewDB, container.Args("postgres://db")),
		container.Provide[*PGStore](c, nil, container.As[Store]()),
	)
	var app App
	if err == nil {
		err = c.Populate(ctx, &app) // fills every tagged field, recursively, then runs Init
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(app.Addr, app.API.Store.Get("42"))
	// Output:
	// app: api ready
	// :8080 42@postgres://db
	// closing postgres://db
}

// Errors name the path to the failing field, its type and tag, the kind
// (for errors.Is) and the fix.
func ExampleError() {
	type Handler struct {
		DSN string `inject:"name=dsn"`
	}
	type Server struct {
		Handler *Handler `inject:""`
	}
	c := container.New()
	if err := container.Supply(c, "postgres://", container.Named("dns")); err != nil {
		fmt.Println(err)
		return
	}
	var s Server
	err := c.Populate(context.Background(), &s)
	fmt.Println(errors.Is(err, container.ErrNotFound))
	fmt.Println(err)
	// Output:
	// true
	// tagwire: populate Server.Handler.DSN (string, tag inject:"name=dsn"): not found: nothing is registered under the key "dsn" (fix: did you mean "dns"? or register one with container.Supply(c, v, container.Named("dsn")) or container.Provide)
}

type Session struct {
	User string
	Log  *Logger `inject:""`
}

type Handler struct {
	NewSession container.Factory[*Session] `inject:""`
}

// A Factory field builds a fresh, populated instance per call; call-time
// options override fields (by name), dependencies (by type) or
// constructor arguments.
func ExampleFactory() {
	ctx := context.Background()
	c := container.New()
	if err := container.Supply(c, &Logger{Prefix: "> "}); err != nil {
		fmt.Println(err)
		return
	}
	var h Handler
	if err := c.Populate(ctx, &h); err != nil {
		fmt.Println(err)
		return
	}
	s, err := h.NewSession.New(ctx, container.Field("User", "ada"))
	if err != nil {
		fmt.Println(err)
		return
	}
	s.Log.Printf("session of %s", s.User)
	// Output: > session of ada
}

type Game interface{ Name() string }

type Chess struct{ Player string }

func (g *Chess) Name() string { return "chess for " + g.Player }

type Ludo struct{ Player string }

func (g *Ludo) Name() string { return "ludo for " + g.Player }

type Arcade struct {
	Games container.Keyed[string, Game] `inject:""`
}

// Registrations of one type under different names form an aggregate that
// a Keyed field builds from by key.
func ExampleKeyed() {
	ctx := context.Background()
	c := container.New()
	err := errors.Join(
		container.Provide[Game](c, func(p string) Game { return &Chess{Player: p} }, container.Named("chess")),
		container.Provide[Game](c, func(p string) Game { return &Ludo{Player: p} }, container.Named("ludo")),
	)
	var a Arcade
	if err == nil {
		err = c.Populate(ctx, &a)
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Games.Keys())
	g, err := a.Games.New(ctx, "ludo", container.Args("ada"))
	fmt.Println(g.Name(), err)
	_, err = a.Games.New(ctx, "go")
	fmt.Println(errors.Is(err, container.ErrNotFound))
	// Output:
	// [chess ludo]
	// ludo for ada <nil>
	// true
}

type Request struct{ ID string }

type RequestLog struct {
	Req *Request `inject:""`
	Log *Logger  `inject:""`
}

// A scope per request: Scoped instances are built once per scope and
// cleaned up when the scope closes; values supplied to the scope are seen
// by it only.
func ExampleContainer_NewScope() {
	ctx := context.Background()
	c := container.New()
	err := errors.Join(
		container.Supply(c, &Logger{Prefix: "req: "}),
		container.Provide[*Request](c, nil, container.ScopeOnly()),
		container.Provide[*RequestLog](c, nil, container.Scoped,
			container.OnClose(func(ctx context.Context, rl *RequestLog) error {
				rl.Log.Printf("done %s", rl.Req.ID)
				return nil
			})),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, id := range []string{"a", "b"} {
		s := c.NewScope()
		if err := container.Supply(s, &Request{ID: id}); err != nil {
			fmt.Println(err)
			return
		}
		rl, err := container.Resolve[*RequestLog](ctx, s)
		if err != nil {
			fmt.Println(err)
			return
		}
		rl.Log.Printf("serving %s", rl.Req.ID)
		if err := s.Close(ctx); err != nil {
			fmt.Println(err)
		}
	}
	_, err = container.Resolve[*Request](ctx, c)
	fmt.Println(errors.Is(err, container.ErrNoScope))
	// Output:
	// req: serving a
	// req: done a
	// req: serving b
	// req: done b
	// true
}

// Override replaces a registration for a test until restore is called.
func ExampleOverride() {
	ctx := context.Background()
	c := container.New()
	if err := container.Provide[Store](c, func() Store { return &PGStore{DB: &DB{DSN: "real"}} }); err != nil {
		fmt.Println(err)
		return
	}
	restore, err := container.Override[Store](c, &PGStore{DB: &DB{DSN: "fake"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	s, _ := container.Resolve[Store](ctx, c)
	fmt.Println(s.Get("1"))
	restore()
	s, _ = container.Resolve[Store](ctx, c)
	fmt.Println(s.Get("1"))
	// Output:
	// 1@fake
	// 1@real
}

// A panic in user code is an ErrPanic error, and the container stays
// usable.
func ExamplePanicError() {
	ctx := context.Background()
	c := container.New()
	fail := true
	if err := container.Provide[*DB](c, func() *DB {
		if fail {
			panic("no network")
		}
		return &DB{DSN: "ok"}
	}); err != nil {
		fmt.Println(err)
		return
	}
	_, err := container.Resolve[*DB](ctx, c)
	var pe *container.PanicError
	fmt.Println(errors.Is(err, container.ErrPanic), errors.As(err, &pe), pe.Value)
	fail = false
	db, err := container.Resolve[*DB](ctx, c)
	fmt.Println(db.DSN, err)
	// Output:
	// true true no network
	// ok <nil>
}
