// Package suffix changes an inject.Object's Name with +=: the name is not
// a constant, so none is reported.
package suffix

import "github.com/tagwire/tagwire/inject"

type DB struct{}

type App struct {
	Replica *DB `inject:"name=primary-replica"`
}

func Wire(g *inject.Graph) error {
	o := &inject.Object{Value: &DB{}, Name: "primary"}
	o.Name += "-replica"
	return g.Provide(o)
}
