// Package private: private fields (a fresh instance for the field only) of
// unregistered and registered types, nested; a private map; AutoClose on
// a constructor's product built several times.
package private

import (
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
