// Package cycles: pointer cycles through fields (A -> B -> C -> A, a
// self pointer), Init(ctx) error: the member reached first is
// initialised last.
package cycles

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

type A struct {
	B    *B `inject:""`
	Self *A `inject:""`
	N    int
}

func (a *A) Init(ctx context.Context) error { return step("init A") }

type B struct {
	C *C `inject:""`
	N int
}

func (b *B) Init() error { return step("init B") }

type C struct {
	A *A `inject:""`
	D *D `inject:""`
	N int
}

func (c *C) Init() error { return step("init C") }

type D struct {
	B *B `inject:""`
	N int
}

func (d *D) Init(ctx context.Context) error { return step("init D") }

type App struct {
	C *C `inject:""`
	A *A `inject:""`
}

func wiring(c *container.Container) error { return nil }
