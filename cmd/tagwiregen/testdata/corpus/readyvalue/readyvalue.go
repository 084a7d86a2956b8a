// Package readyvalue: a ready value registered with Provide[Store]: the
// container registers it as Store and under its own type *Mem
// (register.go, registerValue: extra = vt), one instance for both.
package readyvalue

import (
	"github.com/tagwire/tagwire/container"
)

type Store interface{ Get() string }

type Mem struct{ Data string }

func (m *Mem) Get() string { return m.Data }

type App struct {
	Store Store `inject:""`
	Mem   *Mem  `inject:""`
}

func (a *App) Init() error { return step("init App") }

func wiring(c *container.Container) error {
	return container.Provide[Store](c, &Mem{Data: "m"})
}
