// Package selfref: a dependency has a field of the root's type. The
// container makes the Populate target that instance (resolve.go, populate:
// "the target is that instance", facebookgo's model).
package selfref

import (
	"github.com/tagwire/tagwire/container"
)

type Clock struct {
	App   *App `inject:""`
	Ticks int
}

func (c *Clock) Init() error { return step("init Clock") }

type Repo struct {
	Clock *Clock `inject:""`
}

func (r *Repo) Init() error { return step("init Repo") }

type App struct {
	Repo  *Repo  `inject:""`
	Clock *Clock `inject:""`
	Name  string
}

func (a *App) Init() error { return step("init App") }

func wiring(c *container.Container) error { return nil }
