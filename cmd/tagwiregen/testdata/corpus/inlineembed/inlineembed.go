// Package inlineembed: an unexported embedded struct tagged inline. The
// container walks it and fills its exported fields (attribute/plan.go,
// collect: "An unexported embedded struct may still be walked").
package inlineembed

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tagwire/tagwire/container"
)

type Log struct{ N int }

type DB struct {
	Log *Log `inject:""`
}

func (d *DB) Init() error { return step("init DB") }

type deps struct {
	Log *Log `inject:""`
	DB  *DB  `inject:""`
}

type App struct {
	deps `inject:"inline"`
	Name string `inject:"name=name"`
}

func (a *App) Init() error { return step("init App") }

func wiring(c *container.Container) error {
	return container.Supply(c, "svc", container.Named("name"))
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
