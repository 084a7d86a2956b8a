// Package shared: pointer fields to unregistered structs, one shared
// instance per type across the graph, a pointer cycle through fields,
// Init() error, preset fields left alone.
package shared

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tagwire/tagwire/container"
)

type Log struct {
	Level int
	lines []string
}

type A struct {
	B    *B   `inject:""`
	Log  *Log `inject:""`
	Name string
}

func (a *A) Init() error { a.Name = "a"; return step("init A") }

type B struct {
	A   *A   `inject:""`
	Log *Log `inject:""`
	C   *C   `inject:""`
}

func (b *B) Init() error { return step("init B") }

type C struct {
	Log *Log `inject:""`
	N   int
}

func (c *C) Init() error { c.N = 3; return step("init C") }

type App struct {
	A     *A   `inject:""`
	B     *B   `inject:""`
	C     *C   `inject:""`
	Log   *Log `inject:""`
	Extra *C   `inject:""`
	Note  string
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
