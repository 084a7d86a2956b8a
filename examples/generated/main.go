// Command generated shows how to develop with the reflective container and
// ship generated code for the same graph.
//
// The graph is declared once: struct tags on the types, and the function
// wiring, which makes the registrations. During development the program
// runs on the container (go run ./examples/generated -reflect): wiring
// registers on a container and Populate builds App. For production,
// tagwiregen reads the same tags and the same wiring function and writes
// app_tagwire.go, a function populateApp that builds App with plain Go
// calls and no reflection (go run ./examples/generated). Both print the
// same lines: the test checks it, and CI fails when app_tagwire.go is stale
// (tagwiregen -check).
//
// Regenerate after changing a tag or wiring:
//
//	go generate ./examples/generated
package main

//go:generate go -C ../../cmd/tagwiregen run . -dir ../../examples/generated -type App -decl wiring

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/tagwire/tagwire/container"
)

// Config is the part of the configuration the graph needs.
type Config struct {
	Addr string
	DSN  string
}

// Logger writes lines; main supplies it.
type Logger struct{ w io.Writer }

// Printf writes one line.
func (l *Logger) Printf(format string, args ...any) { fmt.Fprintf(l.w, format+"\n", args...) }

// DB is opened by its constructor, which returns a cleanup.
type DB struct{ dsn string }

// OpenDB opens the database.
func OpenDB(ctx context.Context, dsn string, log *Logger) (*DB, func(), error) {
	log.Printf("open  *DB %s", dsn)
	return &DB{dsn: dsn}, func() { log.Printf("close *DB %s", dsn) }, nil
}

// Store is what the services need from storage.
type Store interface{ Users() []string }

// SQLStore is the Store, built from its zero value and provided as Store.
type SQLStore struct {
	DB  *DB     `inject:""`
	Log *Logger `inject:""`
}

// Init runs after DB and Log are set.
func (s *SQLStore) Init() error {
	s.Log.Printf("init  *SQLStore on %s", s.DB.dsn)
	return nil
}

// Users lists the users.
func (s *SQLStore) Users() []string { return []string{"ada", "grace"} }

// Metrics is an unregistered struct: one shared instance from its zero value.
type Metrics struct{ Requests int }

// Users is a service wired with tags only.
type Users struct {
	Store   Store    `inject:""`
	Metrics *Metrics `inject:""`
	Log     *Logger  `inject:""`
}

// Init takes a dependency parameter (method injection).
func (u *Users) Init(ctx context.Context, m *Metrics) error {
	u.Log.Printf("init  *Users (metrics shared: %v)", m == u.Metrics)
	return nil
}

// App is the root.
type App struct {
	Addr    string   `inject:"name=addr"`
	Users   *Users   `inject:""`
	Metrics *Metrics `inject:""`
	Log     *Logger  `inject:""`
}

// Init runs last: every dependency is initialised before it.
func (a *App) Init() { a.Log.Printf("init  *App on %s", a.Addr) }

// Serve answers one request.
func (a *App) Serve() {
	a.Metrics.Requests++
	a.Log.Printf("serve %v (request %d)", a.Users.Store.Users(), a.Metrics.Requests)
}

// wiring declares the registrations. The container runs it (run with
// -reflect); tagwiregen reads it and generates populateApp, which takes the
// same parameters.
func wiring(c *container.Container, cfg Config, log *Logger) error {
	return errors.Join(
		container.Supply(c, cfg.Addr, container.Named("addr")),
		container.Supply(c, log),
		container.Provide[*DB](c, OpenDB, container.Args(cfg.DSN)),
		container.Provide[*SQLStore](c, nil, container.As[Store]()),
	)
}

// build populates app on the container (reflect) or with the generated
// code, and returns the function that closes what was built.
func build(ctx context.Context, app *App, cfg Config, log *Logger, reflect bool) (func(context.Context) error, error) {
	if !reflect {
		return populateApp(ctx, app, cfg, log)
	}
	c := container.New()
	if err := wiring(c, cfg, log); err != nil {
		return c.Close, err
	}
	return c.Close, c.Populate(ctx, app)
}

func run(ctx context.Context, w io.Writer, reflect bool) (err error) {
	cfg := Config{Addr: ":8080", DSN: "postgres://db"}
	var app App
	closeApp, err := build(ctx, &app, cfg, &Logger{w: w}, reflect)
	defer func() { err = errors.Join(err, closeApp(ctx)) }()
	if err != nil {
		return err
	}
	app.Serve()
	return nil
}

func main() {
	reflect := flag.Bool("reflect", false, "build the graph with the reflective container instead of the generated code")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *reflect); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
