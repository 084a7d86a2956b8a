// Package autoclose: AutoClose with Close() error, Close(ctx) error and
// Close(), one of them on a constructor's product that also returns a
// cleanup; cleanups run in reverse order of completion, at close and at
// rollback, and their failures are reported.
package autoclose

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tagwire/tagwire/container"
)

type Log struct{ N int }

type A struct {
	Log *Log `inject:""`
}

func (a *A) Init() error  { return step("init A") }
func (a *A) Close() error { return step("close A") }

type B struct {
	A *A `inject:""`
}

func (b *B) Close(ctx context.Context) error { return step("close B") }

type C struct {
	B *B
	A *A `inject:""`
}

func NewC(b *B) (*C, func(), error) {
	if err := step("new C"); err != nil {
		return nil, nil, err
	}
	return &C{B: b}, func() { _ = step("cleanup C") }, nil
}

func (c *C) Close()      { _ = step("close C") }
func (c *C) Init() error { return step("init C") }

type App struct {
	C *C `inject:""`
	A *A `inject:""`
	B *B `inject:""`
}

func (a *App) Init() error { return step("init App") }

func wiring(c *container.Container) error {
	return errors.Join(
		container.Provide[*Log](c, nil),
		container.Provide[*A](c, nil, container.AutoClose()),
		container.Provide[*B](c, nil, container.AutoClose()),
		container.Provide[*C](c, NewC, container.AutoClose()),
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
