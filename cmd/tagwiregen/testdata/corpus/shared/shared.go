// Package shared: pointer fields to unregistered structs, one shared
// instance per type across the graph, a pointer cycle through fields,
// Init() error, preset fields left alone.
package shared

import (
	"github.com/tagwire/tagwire/container"
)

type Log struct {
	Level int
	lines []string
}

type A struct {
	B    *B   `inject:""`
	Log  *Log `inject:""`
	Name string
}

func (a *A) Init() error { a.Name = "a"; return step("init A") }

type B struct {
	A   *A   `inject:""`
	Log *Log `inject:""`
	C   *C   `inject:""`
}

func (b *B) Init() error { return step("init B") }

type C struct {
	Log *Log `inject:""`
	N   int
}

func (c *C) Init() error { c.N = 3; return step("init C") }

type App struct {
	A     *A   `inject:""`
	B     *B   `inject:""`
	C     *C   `inject:""`
	Log   *Log `inject:""`
	Extra *C   `inject:""`
	Note  string
}

func (a *App) Init() error { return step("init App") }

func wiring(c *container.Container) error { return nil }
