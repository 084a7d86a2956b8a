// Package optionalclose: an optional field with a registration missing
// beneath, and beneath it, before the missing part, an AutoClose instance
// (no constructor, no Init). The container resolves the optional field in
// a nested call (fill.go, optional) that builds Closer, then rolls it back
// when Thing's field is not found: Closer's Close runs during Populate.
package optionalclose

import (
	"github.com/tagwire/tagwire/container"
)

type Missing interface{ Missing() }

type Closer struct{ N int }

func (c *Closer) Close() error { return step("close Closer") }

type Thing struct {
	M Missing `inject:""`
}

type Deep struct {
	C     *Closer `inject:""`
	Thing *Thing  `inject:""`
}

type App struct {
	Deep *Deep   `inject:"optional"`
	C    *Closer `inject:""`
}

func (a *App) Init() error { return step("init App") }

func wiring(c *container.Container) error {
	return container.Provide[*Closer](c, nil, container.AutoClose())
}
