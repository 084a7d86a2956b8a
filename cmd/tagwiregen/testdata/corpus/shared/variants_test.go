package shared

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

func wire(c *container.Container) error { return wiring(c) }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t)
}

var variants = []variant{
	{name: "preset", want: expectOK, preset: func(a *App) { a.Log = &Log{Level: 7}; a.C = &C{N: 99}; a.Note = "n" }},
	{name: "init-C-fails", failAt: "err:init C", want: expectFail},
	{name: "init-B-panics", failAt: "panic:init B", want: expectFail},
	{name: "init-App-fails", failAt: "err:init App", want: expectFail},
	{name: "init-App-panics-preset", failAt: "panic:init App", want: expectFail, preset: func(a *App) { a.B = &B{} }},
}
