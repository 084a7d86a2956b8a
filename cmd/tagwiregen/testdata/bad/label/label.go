// Package label: a label= tag, unsupported by tagwiregen (the tag alone:
// the Label registration option is rejected before the graph is read).
package label

import "github.com/tagwire/tagwire/container"

type Log struct{ N int }

type App struct {
	L *Log `inject:"label=env:prod"` // ERROR unsupported App.L
}

func wiring(c *container.Container) error {
	return container.Provide[*Log](c, nil)
}
