package autoclose

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

func wire(c *container.Container) error { return wiring(c) }

func gen(ctx context.Context, t *App) (func(context.Context) error, error) {
	return populateApp(ctx, t)
}

var variants = []variant{
	{name: "close-cancelled", want: expectOK, closeCancelled: true},
	{name: "init-App-fails", failAt: "err:init App", want: expectFail},
	{name: "init-C-fails", failAt: "err:init C", want: expectFail},
	{name: "new-C-panics", failAt: "panic:new C", want: expectFail},
	{name: "close-B-fails", failAt: "err:close B", want: expectOK},
	{name: "close-A-panics", failAt: "panic:close A", want: expectOK},
	{name: "rollback-cleanup-fails", failAt: "err:close A,err:init App", want: expectFail},
	{name: "rollback-cleanup-panics", failAt: "panic:close B,err:init App", want: expectFail},
}
