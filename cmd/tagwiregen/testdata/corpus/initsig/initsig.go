// Package initsig: every Init shape: Init(), Init() error, Init(ctx)
// error, Init(ctx), Init(ctx, deps...) error, Init(deps...) with
// dependency parameters (a registered interface, an unregistered struct
// reached only through an Init parameter).
package initsig

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tagwire/tagwire/container"
)

type Log struct{ N int }

type Dep struct {
	Log *Log `inject:""`
}

func (d *Dep) Init() error { return step("init Dep") }

// Dep2 is reached only through P5's Init parameter.
type Dep2 struct{ N int }

func (d *Dep2) Init(ctx context.Context) { _ = step("init Dep2") }

type Store interface{ Get() string }

type Mem struct{ N int }

func (m *Mem) Get() string { return "mem" }
func (m *Mem) Init() error { return step("init Mem") }

type P0 struct{ N int }

func (p *P0) Init() { _ = step("init P0") }

type P1 struct{ N int }

func (p *P1) Init() error { return step("init P1") }

type P2 struct{ N int }

func (p *P2) Init(ctx context.Context) error { return step("init P2") }

type P3 struct{ N int }

func (p *P3) Init(ctx context.Context) { _ = step("init P3") }

type P4 struct{ Got string }

func (p *P4) Init(ctx context.Context, d *Dep, s Store) error {
	p.Got = s.Get()
	return step("init P4")
}

type P5 struct {
	D *Dep2
}

func (p *P5) Init(d *Dep2, d1 *Dep) error { p.D = d; return step("init P5") }

type App struct {
	P0 *P0 `inject:""`
	P1 *P1 `inject:""`
	P2 *P2 `inject:""`
	P3 *P3 `inject:""`
	P4 *P4 `inject:""`
	P5 *P5 `inject:""`
}

func (a *App) Init(ctx context.Context, p *P0, d *Dep) error { return step("init App") }

func wiring(c *container.Container) error {
	return container.Provide[*Mem](c, nil, container.As[Store]())
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
