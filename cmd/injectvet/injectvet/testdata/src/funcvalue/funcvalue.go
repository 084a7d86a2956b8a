// Package funcvalue uses container.Named as a function value: the names it
// registers cannot be seen, so none is reported.
package funcvalue

import "github.com/tagwire/tagwire/container"

type DB struct{}

type App struct {
	Primary *DB `inject:"name=primary"`
}

func Wire(c *container.Container) error {
	named := container.Named[string]
	return container.Supply(c, &DB{}, named("primary"))
}
