// Package inline: inline struct fields (a named field and an embedded
// one), nested, filled in place in declaration order; preset inline fields
// stay; a failure resets the inline fields set.
package inline

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

type More struct {
	DB    *DB  `inject:""`
	Other *Log `inject:"private"`
}

type Deps struct {
	Log  *Log   `inject:""`
	Name string `inject:"name=name"`
	More More   `inject:"inline"`
}

type Base struct {
	BaseDB *DB `inject:""`
}

type App struct {
	Base `inject:"inline"`
	Deps Deps `inject:"inline"`
	DB   *DB  `inject:""`
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
