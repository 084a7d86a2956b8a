package inline

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

func wire(c *container.Container) error { return wiring(c) }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t)
}

var variants = []variant{
	{name: "preset", want: expectOK, preset: func(a *App) { a.Deps.Log = &Log{N: 5}; a.Deps.More.DB = &DB{} }},
	{name: "init-DB-fails", failAt: "err:init DB", want: expectFail},
	{name: "init-App-panics", failAt: "panic:init App", want: expectFail},
}
