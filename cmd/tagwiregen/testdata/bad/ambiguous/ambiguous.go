// Package ambiguous: two unnamed registrations of an interface.
package ambiguous

import (
	"errors"

	"github.com/tagwire/tagwire/container"
)

type Store interface{ Get() string }

type A struct{ N int }

func (*A) Get() string { return "a" }

type B struct{ N int }

func (*B) Get() string { return "b" }

type App struct {
	S Store `inject:""` // ERROR ErrAmbiguous App.S
}

func wiring(c *container.Container) error {
	return errors.Join(
		container.Provide[*A](c, nil, container.As[Store]()), // ERROR ErrAmbiguous App.S
		container.Provide[*B](c, nil, container.As[Store]()), // ERROR ErrAmbiguous App.S
	)
}
