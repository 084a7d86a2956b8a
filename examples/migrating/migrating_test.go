package migrating_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/tagwire/tagwire/container"
	"github.com/tagwire/tagwire/inject"
)

type Config struct{ Port int }

type DB struct{ DSN string }

func NewDB() *DB { return &DB{DSN: "postgres://app"} }

type Store struct {
	DB *DB `inject:""`
}

type App struct {
	Config    *Config         `inject:"config"`
	Transport *http.Transport `inject:""`
	Store     *Store          `inject:""`
}

func (a *App) Init() { fmt.Println("app ready") }

// facebookgo/inject code runs unchanged once the import path is swapped.
func Example_facebookgo() {
	var app App
	var g inject.Graph
	err := g.Provide(
		&inject.Object{Value: &app},
		&inject.Object{Value: &Config{Port: 8080}, Name: "config"},
		&inject.Object{Value: http.DefaultTransport}, // by its dynamic type, *http.Transport
	)
	if err == nil {
		err = g.Populate()
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range g.Objects() { // every provided and created object, in order
		fmt.Println(o, len(o.Fields))
	}
	// Output:
	// *migrating_test.App 3
	// *migrating_test.Config named config 0
	// *http.Transport 0
	// *migrating_test.DB 0
	// *migrating_test.Store 1
}

// tagwire's extras, opted into on a facebookgo-style graph.
func Example_facebookgoExtras() {
	g := inject.Graph{Init: true}
	if err := container.Provide[*DB](g.Container(), NewDB); err != nil {
		fmt.Println(err)
		return
	}
	var app App
	err := g.Provide(
		&inject.Object{Value: &app},
		&inject.Object{Value: &Config{}, Name: "config"},
		&inject.Object{Value: http.DefaultTransport},
	)
	if err == nil {
		err = g.Populate()
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(app.Store.DB.DSN) // from the registered constructor
	// Output:
	// app ready
	// postgres://app
}

type Repo interface{ Find(id string) string }

type PGRepo struct{ DB *DB }

func NewPGRepo(db *DB) *PGRepo { return &PGRepo{DB: db} }

func (r *PGRepo) Find(id string) string { return id + "@" + r.DB.DSN }

type Server struct {
	Repo Repo   `inject:""`
	Addr string `inject:"addr"`
}

// The dig version of this wiring is in MIGRATING.md.
func Example_fromDig() {
	ctx := context.Background()
	c := container.New()
	err := errors.Join(
		container.Provide[*DB](c, NewDB),
		container.Provide[*PGRepo](c, NewPGRepo, container.As[Repo]()),
		container.Supply(c, ":8080", container.Named("addr")),
	)
	var srv Server
	if err == nil {
		err = c.Populate(ctx, &srv) // dig.In structs become tagged structs
	}
	fmt.Println(err, srv.Addr, srv.Repo.Find("42"))
	// Output: <nil> :8080 42@postgres://app
}

// The samber/do version of this wiring is in MIGRATING.md.
func Example_fromDo() {
	ctx := context.Background()
	c := container.New()
	defer c.Close(ctx)
	if err := container.Provide[*DB](c, NewDB); err != nil {
		fmt.Println(err)
		return
	}
	db, err := container.Resolve[*DB](ctx, c)
	fmt.Println(db.DSN, err)
	// Output: postgres://app <nil>
}
