// Package privatecycle: a private field asks for a fresh instance of a type
// whose shared instance is still being built above it (App.B -> B.A ->
// A.P private *B). The container's fresh() treats any unfinished frame of
// the same registration on the path as a cycle: ErrCycle at App.B.A.P.
package privatecycle

import (
	"github.com/tagwire/tagwire/container"
)

type A struct {
	P *B `inject:"private"`
	N int
}

func (a *A) Init() error { return step("init A") }

type B struct {
	A *A `inject:""`
	N int
}

func (b *B) Init() error { return step("init B") }

type App struct {
	B *B `inject:""`
}

func wiring(c *container.Container) error { return nil }
