// Package unexported: a tagged unexported field.
package unexported

import "github.com/tagwire/tagwire/container"

type Log struct{ N int }

type App struct {
	log *Log `inject:""` // ERROR ErrBadTag App.log
}

func (a *App) Log() *Log { return a.log }

func wiring(c *container.Container) error { return nil }
