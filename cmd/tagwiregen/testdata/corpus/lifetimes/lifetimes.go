// Package lifetimes: a Transient constructor (a new instance for every
// injection, each closed: AutoClose with Close(ctx) error) and a PerGraph
// registration (one instance within the call).
package lifetimes

import (
	"context"
	"errors"
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
