package cycles

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

func wire(c *container.Container) error { return wiring(c) }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t)
}

var variants = []variant{
	{name: "init-D-fails", failAt: "err:init D", want: expectFail},
	{name: "init-A-panics", failAt: "panic:init A", want: expectFail},
	{name: "init-B-fails", failAt: "err:init B", want: expectFail},
	{name: "preset-A", want: expectOK, preset: func(a *App) { a.A = &A{N: 5} }},
}
