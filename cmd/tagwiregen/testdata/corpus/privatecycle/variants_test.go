package privatecycle

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

func wire(c *container.Container) error { return wiring(c) }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t)
}

var variants = []variant{
	// The container rejects this graph (ErrCycle); the generator should
	// have rejected it at generation time.
	{name: "ok", want: expectFail},
}
