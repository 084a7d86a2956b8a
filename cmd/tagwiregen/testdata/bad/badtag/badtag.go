// Package badtag: a misspelt tag option.
package badtag

import "github.com/tagwire/tagwire/container"

type Log struct{ N int }

type App struct {
	X *Log `inject:"optinal"` // ERROR ErrBadTag App.X
}

func wiring(c *container.Container) error { return nil }
