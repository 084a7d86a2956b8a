package ctors

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

func wire(c *container.Container) error { return wiring(c, "mem://") }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t, "mem://")
}

var variants = []variant{
	{name: "close-cancelled", want: expectOK, closeCancelled: true},
	{name: "new-Cache-fails", failAt: "err:new Cache", want: expectFail},
	{name: "init-Cache-fails", failAt: "err:init Cache", want: expectFail},
	{name: "new-DB-fails", failAt: "err:new DB", want: expectFail},
	{name: "new-Queue-fails", failAt: "err:new Queue", want: expectFail},
	{name: "new-Queue-panics", failAt: "panic:new Queue", want: expectFail},
	{name: "new-Plain-nil", failAt: "nil:new Plain", want: expectFail},
	{name: "cleanup-DB-fails", failAt: "err:cleanup DB", want: expectOK},
	{name: "preset-DB", want: expectOK, preset: func(a *App) { a.DB = &DB{DSN: "preset"} }},
}
