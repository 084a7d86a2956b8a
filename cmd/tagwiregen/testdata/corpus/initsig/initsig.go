// Package initsig: every Init shape: Init(), Init() error, Init(ctx)
// error, Init(ctx), Init(ctx, deps...) error, Init(deps...) with
// dependency parameters (a registered interface, an unregistered struct
// reached only through an Init parameter).
package initsig

import (
	"context"

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
