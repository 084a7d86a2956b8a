// Package ifacereach: interface fields (and an Init parameter) resolved by
// the unique unregistered struct implementing the interface that the root
// reaches through tagged, non-private fields; a private field's type does
// not count.
package ifacereach

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

type Service interface{ Serve() string }

type Log struct{ N int }

type Impl struct {
	Log   *Log `inject:""`
	Calls int
}

func (i *Impl) Serve() string { i.Calls++; return "impl" }
func (i *Impl) Init() error   { return step("init Impl") }

// Other implements Service too, but is only reached through a private field.
type Other struct{ N int }

func (o *Other) Serve() string { return "other" }

type Holder struct {
	Impl *Impl `inject:""`
}

type Client struct {
	Svc Service `inject:""`
	Got string
}

func (c *Client) Init(ctx context.Context, s Service) error {
	c.Got = s.Serve()
	return step("init Client")
}

type App struct {
	Svc    Service `inject:""`
	Holder *Holder `inject:""`
	Client *Client `inject:""`
	Priv   *Other  `inject:"private"`
}

func wiring(c *container.Container) error { return nil }
