// Package dynamic registers a name that is not a constant: it could be
// any name, so none is reported.
package dynamic

import (
	"os"

	"github.com/tagwire/tagwire/container"
)

type DB struct{}

type App struct {
	Primary *DB `inject:"name=primary"`
	Other   *DB `inject:"name=other"`
}

func Wire(c *container.Container) error {
	return container.Supply(c, &DB{}, container.Named(os.Getenv("DB_NAME")))
}
