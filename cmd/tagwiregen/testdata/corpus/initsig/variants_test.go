package initsig

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

func wire(c *container.Container) error { return wiring(c) }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t)
}

var variants = []variant{
	{name: "init-P0-panics", failAt: "panic:init P0", want: expectFail},
	{name: "init-P2-fails", failAt: "err:init P2", want: expectFail},
	{name: "init-P3-panics", failAt: "panic:init P3", want: expectFail},
	{name: "init-Dep-fails", failAt: "err:init Dep", want: expectFail},
	{name: "init-Mem-fails", failAt: "err:init Mem", want: expectFail},
	{name: "init-Dep2-panics", failAt: "panic:init Dep2", want: expectFail},
	{name: "init-App-fails", failAt: "err:init App", want: expectFail},
}
