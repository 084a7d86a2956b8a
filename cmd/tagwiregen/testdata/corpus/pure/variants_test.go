package pure

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

func wire(c *container.Container) error { return wiring(c) }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t)
}

var variants = []variant{
	{name: "preset", want: expectOK, preset: func(a *App) { a.Log = &Log{Level: 7}; a.B = &B{} }},
	{name: "preset-c", want: expectOK, preset: func(a *App) { a.C = &C{Name: "mine"} }},
}
