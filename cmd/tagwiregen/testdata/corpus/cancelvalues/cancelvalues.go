// Package cancelvalues: a root whose fields all take registered values:
// the container builds nothing, so it never looks at the context.
package cancelvalues

import (
	"errors"

	"github.com/tagwire/tagwire/container"
)

type Log struct{ N int }

type App struct {
	Addr string `inject:"name=addr"`
	Port int    `inject:"name=port"`
	Log  *Log   `inject:""`
}

func wiring(c *container.Container) error {
	return errors.Join(
		container.Supply(c, "a", container.Named("addr")),
		container.Supply(c, 80, container.Named("port")),
		container.Supply(c, &Log{N: 1}),
	)
}
