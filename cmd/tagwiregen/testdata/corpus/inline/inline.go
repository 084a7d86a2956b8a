// Package inline: inline struct fields (a named field and an embedded
// one), nested, filled in place in declaration order; preset inline fields
// stay; a failure resets the inline fields set.
package inline

import (
	"github.com/tagwire/tagwire/container"
)

type Log struct{ N int }

type DB struct {
	Log *Log `inject:""`
}

func (d *DB) Init() error { return step("init DB") }

type More struct {
	DB    *DB  `inject:""`
	Other *Log `inject:"private"`
}

type Deps struct {
	Log  *Log   `inject:""`
	Name string `inject:"name=name"`
	More More   `inject:"inline"`
}

type Base struct {
	BaseDB *DB `inject:""`
}

type App struct {
	Base `inject:"inline"`
	Deps Deps `inject:"inline"`
	DB   *DB  `inject:""`
}

func (a *App) Init() error { return step("init App") }

func wiring(c *container.Container) error {
	return container.Supply(c, "svc", container.Named("name"))
}
