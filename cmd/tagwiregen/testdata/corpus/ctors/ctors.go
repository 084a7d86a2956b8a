// Package ctors: constructors with a leading context, Args, dependency
// parameters, returning T, (T, error), (T, func(), error) and (T,
// func(context.Context) error, error); cleanup order at close and at
// rollback; a constructor returning nil.
package ctors

import (
	"context"
	"errors"
	"fmt"
	"strings"

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

// Trace records constructor calls, Init calls and cleanups, in order.
var Trace []string

// FailAt makes the events it names fail, comma-separated: "err:<event>"
// (an error), "panic:<event>", "cancel:<event>" (calls Cancel),
// "nil:<event>" (a constructor returns nil). The harness sets it.
var FailAt string

// Cancel cancels the context of the running call; the harness sets it.
var Cancel func()

// step records the event ev and fails as FailAt says.
func step(ev string) error {
	Trace = append(Trace, ev)
	for _, f := range strings.Split(FailAt, ",") {
		switch f {
		case "err:" + ev:
			return errors.New("failed: " + ev)
		case "panic:" + ev:
			panic("panicked: " + ev)
		case "cancel:" + ev:
			if Cancel != nil {
				Cancel()
			}
		}
	}
	return nil
}

// nilAt reports whether FailAt asks the constructor event ev to return nil.
func nilAt(ev string) bool {
	return strings.Contains(","+FailAt+",", ",nil:"+ev+",")
}

// seq numbers the events named prefix: prefix#1, prefix#2, ...
func seq(prefix string) string {
	n := 1
	for _, e := range Trace {
		if strings.HasPrefix(e, prefix+"#") {
			n++
		}
	}
	return fmt.Sprintf("%s#%d", prefix, n)
}
