// Package ifacenamedreach: an interface field resolved by the unique
// unregistered implementation the root reaches; a second implementation
// reached only through a name= field is not a candidate (attribute.Plan.Reach
// skips named fields), so the container picks *Fast.
package ifacenamedreach

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tagwire/tagwire/container"
)

type Service interface{ Serve() string }

type Fast struct{ N int }

func (f *Fast) Serve() string { return "fast" }
func (f *Fast) Init() error   { return step("init Fast") }

type Slow struct{ N int }

func (s *Slow) Serve() string { return "slow" }

type App struct {
	Svc  Service `inject:""`
	Fast *Fast   `inject:""`
	Slow *Slow   `inject:"name=slow"`
}

func wiring(c *container.Container) error {
	return container.Supply(c, &Slow{N: 2}, container.Named("slow"))
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
