// Package named: named values (string, int, bool, float64, a pointer)
// registered with Supply and Named, injected with name= and with a bare
// name, in the root and in a dependency; preset named fields stay.
package named

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tagwire/tagwire/container"
)

type Config struct {
	Host string
	Port int
}

type Server struct {
	Addr  string  `inject:"name=addr"`
	Port  int     `inject:"name=port"`
	Cfg   *Config `inject:"cfg"`
	Ratio float64 `inject:"name=ratio"`
}

func (s *Server) Init() error { return step(fmt.Sprintf("init Server %s:%d", s.Addr, s.Port)) }

type App struct {
	Addr   string  `inject:"name=addr"`
	Port   int     `inject:"name=port"`
	Debug  bool    `inject:"name=debug"`
	Server *Server `inject:""`
	Cfg    *Config `inject:"name=cfg"`
}

func wiring(c *container.Container, addr string, port int) error {
	return errors.Join(
		container.Supply(c, addr, container.Named("addr")),
		container.Supply(c, port, container.Named("port")),
		container.Supply(c, true, container.Named("debug")),
		container.Supply(c, 0.5, container.Named("ratio")),
		container.Supply(c, &Config{Host: "h", Port: 1}, container.Named("cfg")),
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
