// Package noreg declares named fields but registers nothing: the names are
// registered by another package, so none is reported.
package noreg

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

type DB struct{}

type App struct {
	Primary *DB    `inject:"name=primary"`
	Addr    string `inject:"addr"`
}

func Use(ctx context.Context, c *container.Container) (*DB, error) {
	var app App
	if err := c.Populate(ctx, &app); err != nil { // not a registration
		return nil, err
	}
	_ = container.Populate(&app)                                      // nor this
	return container.Resolve[*DB](ctx, c, container.Named("replica")) // a lookup, not a registration
}
