// Package inject is a look-alike of github.com/tagwire/tagwire/inject for
// the injectvet tests (see package container).
package inject

import "github.com/tagwire/tagwire/container"

// Object is a value provided to a Graph, under a Name or not.
type Object struct {
	Value    interface{}
	Name     string
	Complete bool
	Fields   map[string]*Object
}

// Graph is facebookgo's object graph.
type Graph struct{}

// Provide registers objects: a registration call.
func (g *Graph) Provide(objects ...*Object) error { return nil }

// Populate fills the provided objects.
func (g *Graph) Populate() error { return nil }

// Populate provides values and fills them: a registration call.
func Populate(values ...interface{}) error { return nil }

// Factory is container.Factory.
type Factory[T any] = container.Factory[T]
