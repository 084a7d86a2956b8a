// Package optional: optional fields with a registration missing beneath
// (no constructor or Init beneath: the field stays zero), optional
// interface and named fields with nothing registered, and optional fields
// whose dependencies are all present. App.Init gives Opt a default.
package optional

import (
	"github.com/tagwire/tagwire/container"
)

type Missing interface{ Missing() }

type Store interface{ Get() string }

type Log struct{ N int }

type Thing struct {
	M    Missing `inject:""`
	Note string
}

type Deep struct {
	Log   *Log   `inject:""`
	Thing *Thing `inject:""`
}

type Here struct {
	Log *Log `inject:""`
}

func (h *Here) Init() error { return step("init Here") }

type App struct {
	Opt     *Thing `inject:"optional"`
	Deep    *Deep  `inject:"optional"`
	Present *Here  `inject:"optional"`
	Store   Store  `inject:"optional"`
	Name    string `inject:"name=absent,optional"`
	Log     *Log   `inject:""`
	Port    int    `inject:"name=port,optional"`
}

func (a *App) Init() error {
	if a.Opt == nil {
		a.Opt = &Thing{Note: "default"}
	}
	return step("init App")
}

func wiring(c *container.Container, port int) error {
	return container.Supply(c, port, container.Named("port"))
}
