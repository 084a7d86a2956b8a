// Package notfound: an interface field that nothing implements.
package notfound

import "github.com/tagwire/tagwire/container"

type Store interface{ Get() string }

type App struct {
	S Store `inject:""` // ERROR ErrNotFound App.S
}

func wiring(c *container.Container) error { return nil }
