// Package container is a look-alike of github.com/tagwire/tagwire/container
// for the injectvet tests: the declarations the analyzer looks at, with the
// real signatures (api_test.go in package injectvet checks them against
// the real package), and bodies that do nothing.
package container

import (
	"cmp"
	"context"
)

// Container is the container.
type Container struct{}

// Option is a registration or call option.
type Option interface{ apply() }

type option struct{}

func (option) apply() {}

// Factory builds a T per call.
type Factory[T any] struct{ c *Container }

// Keyed builds the T registered under a key.
type Keyed[K cmp.Ordered, T any] struct{ c *Container }

// New returns a container.
func New(opts ...Option) *Container { return &Container{} }

// Populate fills the tagged fields of targets.
func (c *Container) Populate(ctx context.Context, targets ...any) error { return nil }

// Populate fills targets without registrations.
func Populate(targets ...any) error { return nil }

// Provide registers T: a registration call.
func Provide[T any](c *Container, src any, opts ...Option) error { return nil }

// Supply registers a value: a registration call.
func Supply(c *Container, v any, opts ...Option) error { return nil }

// Override replaces T's registration: a registration call.
func Override[T any](c *Container, src any, opts ...Option) (restore func(), err error) {
	return func() {}, nil
}

// Resolve returns a T: a lookup, not a registration.
func Resolve[T any](ctx context.Context, c *Container, opts ...Option) (T, error) {
	var zero T
	return zero, nil
}

// Named registers under, or picks, the key k.
func Named[K cmp.Ordered](k K) Option { return option{} }

// As also registers under the interface I.
func As[I any]() Option { return option{} }
