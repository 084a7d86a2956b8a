// Package named: named values (string, int, bool, float64, a pointer)
// registered with Supply and Named, injected with name= and with a bare
// name, in the root and in a dependency; preset named fields stay.
package named

import (
	"errors"
	"fmt"

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
