// Package ifaceas: interface fields resolved by an As registration, a
// second interface resolved by the unique registration implementing it,
// the same instance under its own type, AutoClose with Close() error.
package ifaceas

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tagwire/tagwire/container"
)

type Store interface{ Get(k string) string }

type Sizer interface{ Size() int }

type Logger struct{ Prefix string }

type MemStore struct {
	Log  *Logger `inject:""`
	data map[string]string
}

func (s *MemStore) Init() error {
	s.data = map[string]string{"k": "v"}
	return step("init MemStore")
}
func (s *MemStore) Get(k string) string { return s.data[k] }
func (s *MemStore) Size() int           { return len(s.data) }
func (s *MemStore) Close() error        { return step("close MemStore") }

type Cache struct {
	Store Store `inject:""`
	Hits  int
}

func (c *Cache) Init() error { return step("init Cache") }

type App struct {
	Store Store     `inject:""`
	Mem   *MemStore `inject:""`
	Size  Sizer     `inject:""`
	Cache *Cache    `inject:""`
	Log   *Logger   `inject:""`
}

func (a *App) Init() error { return step("init App") }

func wiring(c *container.Container, prefix string) error {
	return errors.Join(
		container.Supply(c, &Logger{Prefix: prefix}),
		container.Provide[*MemStore](c, nil, container.As[Store](), container.AutoClose()),
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
