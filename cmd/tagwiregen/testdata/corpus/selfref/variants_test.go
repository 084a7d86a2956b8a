package selfref

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

func wire(c *container.Container) error { return wiring(c) }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t)
}

var variants = []variant{
	{name: "init-Clock-fails", failAt: "err:init Clock", want: expectFail},
	{name: "preset-name", want: expectOK, preset: func(a *App) { a.Name = "root" }},
}
