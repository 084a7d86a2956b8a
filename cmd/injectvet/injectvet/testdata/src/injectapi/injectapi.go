// Package injectapi registers names through facebookgo's API (package
// inject): Object literals and assignments to Object.Name.
package injectapi

import "github.com/tagwire/tagwire/inject"

type DB struct{}

type App struct {
	DSN     string `inject:"dsn"`
	Cache   *DB    `inject:"name=cache"`
	Pos     *DB    `inject:"name=positional"`
	Missing *DB    `inject:"name=missing"` // want `^App\.Missing: inject:"name=missing": nothing in package injectapi is registered under the name "missing" \(provide one with g\.Provide\(&inject\.Object\{Value: v, Name: "missing"\}\)\)$`
	Chache  *DB    `inject:"name=chache"`  // want `under the name "chache" \(did you mean "cache"\? or provide one with g\.Provide`
}

func Wire() error {
	var g inject.Graph
	var app App
	cache := &inject.Object{Value: &DB{}}
	cache.Name = "cache"
	return g.Provide(
		&inject.Object{Value: &app},
		&inject.Object{Value: "postgres://", Name: "dsn"},
		&inject.Object{&DB{}, "positional", false, nil},
		cache,
	)
}
