// Package badtagnested: a misspelt tag option in a dependency's type: the
// container's path runs from the root (App.S.Opt).
package badtagnested

import "github.com/tagwire/tagwire/container"

type Log struct{ N int }

type Svc struct {
	Opt *Log `inject:"optinal"` // ERROR ErrBadTag App.S.Opt
}

type App struct {
	S *Svc `inject:""`
}

func wiring(c *container.Container) error { return nil }
