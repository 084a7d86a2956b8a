package ifacereach

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

func wire(c *container.Container) error { return wiring(c) }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t)
}

var variants = []variant{
	{name: "init-Impl-panics", failAt: "panic:init Impl", want: expectFail},
	{name: "init-Client-fails", failAt: "err:init Client", want: expectFail},
}
