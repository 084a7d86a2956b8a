package private

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

func wire(c *container.Container) error { return wiring(c) }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t)
}

var variants = []variant{
	{name: "third-Conn-fails", failAt: "err:new Conn#3", want: expectFail},
	{name: "second-Svc-fails", failAt: "err:init Svc#2", want: expectFail},
	{name: "second-Conn-panics", failAt: "panic:new Conn#2", want: expectFail},
	{name: "close-fails", failAt: "err:close Conn#2", want: expectOK},
	{name: "preset", want: expectOK, preset: func(a *App) { a.M = map[string]int{"x": 1}; a.Own = &Svc{ID: "preset"} }},
}
