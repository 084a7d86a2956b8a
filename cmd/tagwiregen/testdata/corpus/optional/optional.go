// Package optional: optional fields with a registration missing beneath
// (no constructor or Init beneath: the field stays zero), optional
// interface and named fields with nothing registered, and optional fields
// whose dependencies are all present. App.Init gives Opt a default.
package optional

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tagwire/tagwire/container"
)

type Missing interface{ Missing() }

type Store interface{ Get() string }

type Log struct{ N int }

type Thing struct {
	M    Missing `inject:""`
	Note string
}

type Deep struct {
	Log   *Log   `inject:""`
	Thing *Thing `inject:""`
}

type Here struct {
	Log *Log `inject:""`
}

func (h *Here) Init() error { return step("init Here") }

type App struct {
	Opt     *Thing `inject:"optional"`
	Deep    *Deep  `inject:"optional"`
	Present *Here  `inject:"optional"`
	Store   Store  `inject:"optional"`
	Name    string `inject:"name=absent,optional"`
	Log     *Log   `inject:""`
	Port    int    `inject:"name=port,optional"`
}

func (a *App) Init() error {
	if a.Opt == nil {
		a.Opt = &Thing{Note: "default"}
	}
	return step("init App")
}

func wiring(c *container.Container, port int) error {
	return container.Supply(c, port, container.Named("port"))
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
