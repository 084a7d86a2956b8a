package ifaceas

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

func wire(c *container.Container) error { return wiring(c, "p:") }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t, "p:")
}

var variants = []variant{
	{name: "init-MemStore-fails", failAt: "err:init MemStore", want: expectFail},
	{name: "init-Cache-fails", failAt: "err:init Cache", want: expectFail},
	{name: "close-fails", failAt: "err:close MemStore", want: expectOK},
	{name: "close-panics", failAt: "panic:close MemStore", want: expectOK},
	{name: "rollback-cleanup-fails", failAt: "err:close MemStore,err:init App", want: expectFail},
	{name: "preset-store", want: expectOK, preset: func(a *App) { a.Store = &MemStore{} }},
}
