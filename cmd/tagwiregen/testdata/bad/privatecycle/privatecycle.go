// Package privatecycle: a private field asks for a fresh *B while the
// shared *B is being built above it: the container's ErrCycle
// (container/build.go, fresh) at App.B.A.P.
package privatecycle

import "github.com/tagwire/tagwire/container"

type A struct {
	P *B `inject:"private"` // ERROR ErrCycle App.B.A.P
}

type B struct {
	A *A `inject:""`
}

type App struct {
	B *B `inject:""` // ERROR ErrCycle App.B.A.P
}

func wiring(c *container.Container) error { return nil }
