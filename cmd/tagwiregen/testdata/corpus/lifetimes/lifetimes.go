// Package lifetimes: a Transient constructor (a new instance for every
// injection, each closed: AutoClose with Close(ctx) error) and a PerGraph
// registration (one instance within the call).
package lifetimes

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tagwire/tagwire/container"
)

type Log struct{ N int }

type Req struct {
	Log *Log `inject:""`
	id  string
}

func NewReq() (*Req, error) {
	ev := seq("new Req")
	return &Req{id: strings.TrimPrefix(ev, "new ")}, step(ev)
}

func (r *Req) Close(ctx context.Context) error { return step("close " + r.id) }

type Sess struct {
	Log *Log `inject:""`
	R   *Req `inject:""`
	ID  string
}

func (s *Sess) Init() error { s.ID = seq("init Sess"); return step(s.ID) }

type Handler struct {
	R *Req  `inject:""`
	S *Sess `inject:""`
}

func (h *Handler) Init() error { return step("init Handler") }

type App struct {
	R1 *Req     `inject:""`
	R2 *Req     `inject:""`
	S1 *Sess    `inject:""`
	S2 *Sess    `inject:""`
	H  *Handler `inject:""`
}

func wiring(c *container.Container) error {
	return errors.Join(
		container.Provide[*Req](c, NewReq, container.Transient, container.AutoClose()),
		container.Provide[*Sess](c, nil, container.PerGraph),
	)
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
