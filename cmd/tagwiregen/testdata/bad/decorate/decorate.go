// Package decorate: container.Decorate in the declaration function,
// unsupported by tagwiregen.
package decorate

import (
	"errors"

	"github.com/tagwire/tagwire/container"
)

type Log struct{ N int }

type App struct {
	L *Log `inject:""`
}

func wrap(l *Log) *Log { return l }

func wiring(c *container.Container) error {
	return errors.Join(
		container.Provide[*Log](c, nil),
		container.Decorate[*Log](c, wrap), // ERROR unsupported -
	)
}
