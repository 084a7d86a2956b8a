package optional

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

func wire(c *container.Container) error { return wiring(c, 8080) }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t, 8080)
}

var variants = []variant{
	{name: "preset", want: expectOK, preset: func(a *App) { a.Opt = &Thing{Note: "preset"}; a.Name = "n" }},
	{name: "init-Here-fails", failAt: "err:init Here", want: expectFail},
	{name: "init-App-fails", failAt: "err:init App", want: expectFail},
}
