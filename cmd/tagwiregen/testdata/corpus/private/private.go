// Package private: private fields (a fresh instance for the field only) of
// unregistered and registered types, nested; a private map; AutoClose on
// a constructor's product built several times.
package private

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tagwire/tagwire/container"
)

type Log struct{ N int }

type Svc struct {
	Log *Log `inject:""`
	ID  string
}

func (s *Svc) Init() error { s.ID = seq("init Svc"); return step(s.ID) }

type Conn struct {
	Log *Log `inject:""`
	id  string
}

func NewConn() (*Conn, error) {
	ev := seq("new Conn")
	return &Conn{id: strings.TrimPrefix(ev, "new ")}, step(ev)
}

func (c *Conn) Close() error { return step("close " + c.id) }

type Holder struct {
	Svc *Svc  `inject:""`
	Own *Svc  `inject:"private"`
	C   *Conn `inject:"private"`
}

type App struct {
	Shared *Svc           `inject:""`
	Own    *Svc           `inject:"private"`
	Own2   *Svc           `inject:"private"`
	C1     *Conn          `inject:""`
	C2     *Conn          `inject:"private"`
	C3     *Conn          `inject:""`
	M      map[string]int `inject:"private"`
	Holder *Holder        `inject:""`
}

func wiring(c *container.Container) error {
	return container.Provide[*Conn](c, NewConn, container.AutoClose())
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
