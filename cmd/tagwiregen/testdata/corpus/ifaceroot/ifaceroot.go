// Package ifaceroot: an interface field whose unique implementation is the
// root type itself: the container's candidates include the Populate
// targets' types (registry.go, lookupIfaceLocked: add(r) for each root),
// and the target is that instance.
package ifaceroot

import (
	"github.com/tagwire/tagwire/container"
)

type Runner interface{ Run() string }

type Worker struct {
	R Runner `inject:""`
}

func (w *Worker) Init() error { return step("init Worker") }

type App struct {
	W    *Worker `inject:""`
	Name string
}

func (a *App) Run() string { return "app" }
func (a *App) Init() error { return step("init App") }

func wiring(c *container.Container) error { return nil }
