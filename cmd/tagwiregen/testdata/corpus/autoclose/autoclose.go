// Package autoclose: AutoClose with Close() error, Close(ctx) error and
// Close(), one of them on a constructor's product that also returns a
// cleanup; cleanups run in reverse order of completion, at close and at
// rollback, and their failures are reported.
package autoclose

import (
	"context"
	"errors"

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
