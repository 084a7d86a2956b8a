// Package ifacereach: interface fields (and an Init parameter) resolved by
// the unique unregistered struct implementing the interface that the root
// reaches through tagged, non-private fields; a private field's type does
// not count.
package ifacereach

import (
	"context"
	"errors"
	"fmt"
	"strings"

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

// Trace records constructor calls, Init calls and cleanups, in order.
var Trace []string

// FailAt makes the events it names fail, comma-separated: "err:<event>"
// (an error), "panic:<event>", "cancel:<event>" (calls Cancel),
// "nil:<event>" (a constructor returns nil). The harness sets it.
var FailAt string

// Cancel cancels the context of the running call; the harness sets it.
var Cancel func()

// step records the event ev and fails as FailAt says.
func step(ev string) error {
	Trace = append(Trace, ev)
	for _, f := range strings.Split(FailAt, ",") {
		switch f {
		case "err:" + ev:
			return errors.New("failed: " + ev)
		case "panic:" + ev:
			panic("panicked: " + ev)
		case "cancel:" + ev:
			if Cancel != nil {
				Cancel()
			}
		}
	}
	return nil
}

// nilAt reports whether FailAt asks the constructor event ev to return nil.
func nilAt(ev string) bool {
	return strings.Contains(","+FailAt+",", ",nil:"+ev+",")
}

// seq numbers the events named prefix: prefix#1, prefix#2, ...
func seq(prefix string) string {
	n := 1
	for _, e := range Trace {
		if strings.HasPrefix(e, prefix+"#") {
			n++
		}
	}
	return fmt.Sprintf("%s#%d", prefix, n)
}
