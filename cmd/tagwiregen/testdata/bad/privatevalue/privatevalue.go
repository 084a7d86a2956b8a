// Package privatevalue: private on a type registered as a ready value: the
// container reports ErrBadTag ("private asks for a fresh instance").
package privatevalue

import "github.com/tagwire/tagwire/container"

type Log struct{ N int }

type App struct {
	L *Log `inject:"private"` // ERROR ErrBadTag App.L
}

func wiring(c *container.Container) error {
	return container.Supply(c, &Log{N: 1})
}
