// Package namedstruct: a named value of a struct type that is not
// comparable (it holds a slice). The container tests the field for its
// zero value with internal/field.IsZero, which needs no ==.
package namedstruct

import (
	"github.com/tagwire/tagwire/container"
)

type Settings struct {
	Tags  []string
	Level int
}

type Log struct{ N int }

type App struct {
	S   Settings `inject:"name=settings"`
	Log *Log     `inject:""`
}

func (a *App) Init() error { return step("init App") }

func wiring(c *container.Container) error {
	return container.Supply(c, Settings{Tags: []string{"a"}, Level: 2}, container.Named("settings"))
}
