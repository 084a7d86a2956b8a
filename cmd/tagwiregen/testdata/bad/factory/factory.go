// Package factory: factory fields, unsupported by tagwiregen: a func field
// tagged factory, and a container.Factory field (a factory by its type).
package factory

import "github.com/tagwire/tagwire/container"

type Log struct{ N int }

type App struct {
	F func() *Log             `inject:"factory"` // ERROR unsupported App.F
	G container.Factory[*Log] `inject:""`        // ERROR unsupported App.G
}

func wiring(c *container.Container) error { return nil }
