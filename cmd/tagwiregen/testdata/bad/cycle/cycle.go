// Package cycle: a cycle through constructor parameters.
package cycle

import (
	"errors"

	"github.com/tagwire/tagwire/container"
)

type A struct{ B *B }

func NewA(b *B) *A { return &A{B: b} }

type B struct{ A *A }

func NewB(a *A) *B { return &B{A: a} }

type App struct {
	A *A `inject:""` // ERROR ErrCycle App.A
}

func wiring(c *container.Container) error {
	return errors.Join(
		container.Provide[*A](c, NewA), // ERROR ErrCycle App.A
		container.Provide[*B](c, NewB), // ERROR ErrCycle App.A
	)
}
