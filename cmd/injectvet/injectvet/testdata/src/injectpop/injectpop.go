// Package injectpop calls inject.Populate, which registers values but no
// names: every name is reported.
package injectpop

import "github.com/tagwire/tagwire/inject"

type DB struct{}

type App struct {
	DB  *DB    `inject:""`
	DSN string `inject:"name=dsn"` // want `^App\.DSN: inject:"name=dsn": nothing in package injectpop is registered under the name "dsn"`
}

func Wire() error {
	var app App
	return inject.Populate(&app, &DB{})
}
