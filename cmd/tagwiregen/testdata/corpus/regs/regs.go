// Package regs: a mix of registrations: named constructor products, a
// Transient registration with As, a PerGraph registration with AutoClose,
// a registered value (not a pointer) reached through an interface.
package regs

import (
	"context"
	"errors"

	"github.com/tagwire/tagwire/container"
)

type Log struct{ N int }

type DB struct {
	Name string
	Log  *Log `inject:""`
}

func NewDB(name string) (*DB, error) { return &DB{Name: name}, step("new DB " + name) }

type Namer interface{ Name() string }

type Tmp struct {
	Log *Log `inject:""`
	id  string
}

func (t *Tmp) Name() string { return t.id }
func (t *Tmp) Init() error  { t.id = seq("init Tmp"); return step(t.id) }

type Sess struct {
	Log *Log `inject:""`
}

func (s *Sess) Init(ctx context.Context) error  { return step("init Sess") }
func (s *Sess) Close(ctx context.Context) error { return step("close Sess") }

type Clock interface{ Now() int }

type Fixed struct{ T int }

func (f Fixed) Now() int { return f.T }

type App struct {
	Primary *DB   `inject:"name=primary"`
	Replica *DB   `inject:"name=replica"`
	N1      Namer `inject:""`
	N2      Namer `inject:""`
	T       *Tmp  `inject:""`
	S1      *Sess `inject:""`
	S2      *Sess `inject:""`
	Clock   Clock `inject:""`
}

func wiring(c *container.Container) error {
	return errors.Join(
		container.Provide[*DB](c, NewDB, container.Named("primary"), container.Args("p")),
		container.Provide[*DB](c, NewDB, container.Named("replica"), container.Args("r")),
		container.Provide[*Tmp](c, nil, container.Transient, container.As[Namer]()),
		container.Provide[*Sess](c, nil, container.PerGraph, container.AutoClose()),
		container.Supply(c, Fixed{T: 3}),
	)
}
