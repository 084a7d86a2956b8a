// Package inlineembed: an unexported embedded struct tagged inline. The
// container walks it and fills its exported fields (attribute/plan.go,
// collect: "An unexported embedded struct may still be walked").
package inlineembed

import (
	"github.com/tagwire/tagwire/container"
)

type Log struct{ N int }

type DB struct {
	Log *Log `inject:""`
}

func (d *DB) Init() error { return step("init DB") }

type deps struct {
	Log *Log `inject:""`
	DB  *DB  `inject:""`
}

type App struct {
	deps `inject:"inline"`
	Name string `inject:"name=name"`
}

func (a *App) Init() error { return step("init App") }

func wiring(c *container.Container) error {
	return container.Supply(c, "svc", container.Named("name"))
}
