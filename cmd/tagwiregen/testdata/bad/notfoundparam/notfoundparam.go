// Package notfoundparam: a constructor parameter of an unregistered type
// (never built from its zero value).
package notfoundparam

import "github.com/tagwire/tagwire/container"

type DB struct{ N int }

type Repo struct{ DB *DB }

func NewRepo(db *DB) *Repo { return &Repo{DB: db} }

type App struct {
	Repo *Repo `inject:""` // ERROR ErrNotFound App.Repo
}

func wiring(c *container.Container) error {
	return container.Provide[*Repo](c, NewRepo) // ERROR ErrNotFound App.Repo
}
