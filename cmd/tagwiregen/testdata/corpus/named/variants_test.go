package named

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

func wire(c *container.Container) error { return wiring(c, "localhost", 8080) }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t, "localhost", 8080)
}

var variants = []variant{
	{name: "preset", want: expectOK, preset: func(a *App) { a.Addr = "preset:1"; a.Port = 9; a.Cfg = &Config{Host: "preset"} }},
	{name: "init-Server-fails", failAt: "err:init Server localhost:8080", want: expectFail},
}
