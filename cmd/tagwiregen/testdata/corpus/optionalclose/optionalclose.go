// Package optionalclose: an optional field with a registration missing
// beneath, and beneath it, before the missing part, an AutoClose instance
// (no constructor, no Init). The container resolves the optional field in
// a nested call (fill.go, optional) that builds Closer, then rolls it back
// when Thing's field is not found: Closer's Close runs during Populate.
package optionalclose

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tagwire/tagwire/container"
)

type Missing interface{ Missing() }

type Closer struct{ N int }

func (c *Closer) Close() error { return step("close Closer") }

type Thing struct {
	M Missing `inject:""`
}

type Deep struct {
	C     *Closer `inject:""`
	Thing *Thing  `inject:""`
}

type App struct {
	Deep *Deep   `inject:"optional"`
	C    *Closer `inject:""`
}

func (a *App) Init() error { return step("init App") }

func wiring(c *container.Container) error {
	return container.Provide[*Closer](c, nil, container.AutoClose())
}

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
