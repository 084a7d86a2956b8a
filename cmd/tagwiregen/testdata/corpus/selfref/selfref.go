// Package selfref: a dependency has a field of the root's type. The
// container makes the Populate target that instance (resolve.go, populate:
// "the target is that instance", facebookgo's model).
package selfref

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tagwire/tagwire/container"
)

type Clock struct {
	App   *App `inject:""`
	Ticks int
}

func (c *Clock) Init() error { return step("init Clock") }

type Repo struct {
	Clock *Clock `inject:""`
}

func (r *Repo) Init() error { return step("init Repo") }

type App struct {
	Repo  *Repo  `inject:""`
	Clock *Clock `inject:""`
	Name  string
}

func (a *App) Init() error { return step("init App") }

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
