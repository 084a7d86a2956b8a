package lifetimes

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

func wire(c *container.Container) error { return wiring(c) }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t)
}

var variants = []variant{
	{name: "third-Req-fails", failAt: "err:new Req#3", want: expectFail},
	{name: "fourth-Req-fails", failAt: "err:new Req#4", want: expectFail},
	{name: "init-Sess-fails", failAt: "err:init Sess#1", want: expectFail},
	{name: "init-Handler-panics", failAt: "panic:init Handler", want: expectFail},
	{name: "close-fails", failAt: "err:close Req#2", want: expectOK},
}
