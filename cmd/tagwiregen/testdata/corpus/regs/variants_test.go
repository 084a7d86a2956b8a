package regs

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

func wire(c *container.Container) error { return wiring(c) }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t)
}

var variants = []variant{
	{name: "replica-fails", failAt: "err:new DB r", want: expectFail},
	{name: "second-Tmp-fails", failAt: "err:init Tmp#2", want: expectFail},
	{name: "init-Sess-fails", failAt: "err:init Sess", want: expectFail},
}
