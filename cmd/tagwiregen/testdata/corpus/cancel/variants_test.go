package cancel

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

func wire(c *container.Container) error { return wiring(c) }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t)
}

var variants = []variant{
	{name: "cancel-in-ctor-arg", failAt: "cancel:init Store", want: expectFail},
	{name: "cancel-in-ctor", failAt: "cancel:new Repo", want: expectFail},
	{name: "cancel-in-Init", failAt: "cancel:init Repo", want: expectFail},
	{name: "cancel-in-last-Init", failAt: "cancel:init Other", want: expectFail},
}
