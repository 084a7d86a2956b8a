// Package ctors: constructors with a leading context, Args, dependency
// parameters, returning T, (T, error), (T, func(), error) and (T,
// func(context.Context) error, error); cleanup order at close and at
// rollback; a constructor returning nil.
package ctors

import (
	"context"
	"errors"

	"github.com/tagwire/tagwire/container"
)

type Log struct{ Prefix string }

type DB struct {
	DSN string
	Log *Log `inject:""`
}

func NewDB(ctx context.Context, dsn string, log *Log) (*DB, func(), error) {
	if err := step("new DB"); err != nil {
		return nil, nil, err
	}
	return &DB{DSN: dsn}, func() { _ = step("cleanup DB") }, nil
}

type Cache struct {
	DB   *DB
	Size int
	Log  *Log `inject:""`
}

func NewCache(size int, db *DB) (*Cache, func(context.Context) error, error) {
	if err := step("new Cache"); err != nil {
		return nil, nil, err
	}
	return &Cache{DB: db, Size: size}, func(context.Context) error { return step("cleanup Cache") }, nil
}

func (c *Cache) Init() error { return step("init Cache") }

type Queue struct{ Name string }

func NewQueue(ctx context.Context) (*Queue, error) {
	return &Queue{Name: "q"}, step("new Queue")
}

type Plain struct {
	C *Cache
}

func NewPlain(c *Cache) *Plain {
	_ = step("new Plain")
	if nilAt("new Plain") {
		return nil
	}
	return &Plain{C: c}
}

type App struct {
	Plain *Plain `inject:""`
	Queue *Queue `inject:""`
	DB    *DB    `inject:""`
	Cache *Cache `inject:""`
}

func wiring(c *container.Container, dsn string) error {
	return errors.Join(
		container.Provide[*Log](c, nil),
		container.Provide[*DB](c, NewDB, container.Args(dsn)),
		container.Provide[*Cache](c, NewCache, container.Args(64)),
		container.Provide[*Queue](c, NewQueue),
		container.Provide[*Plain](c, NewPlain),
	)
}
