// Package inject is facebookgo/inject's API on tagwire's engine. A
// codebase wired with github.com/facebookgo/inject changes its import path
// to this package and nothing else:
//
//	var g inject.Graph
//	err := g.Provide(
//		&inject.Object{Value: &srv},
//		&inject.Object{Value: "postgres://db", Name: "dsn"},
//		&inject.Object{Value: http.DefaultTransport}, // a *http.Transport: filled by its dynamic type
//	)
//	if err == nil {
//		err = g.Populate()
//	}
//
// or, for the one-liner, with the values that satisfy what cannot be
// created (here an http.RoundTripper field),
//
//	if err := inject.Populate(&app, http.DefaultTransport); err != nil {
//
// The semantics are facebookgo's: objects are registered by their dynamic
// type (a *http.Transport fills *http.Transport fields); a provided
// object that is a pointer to a struct and not Complete has its tagged
// fields populated; two unnamed objects of one type, or two objects with
// one name, are errors; tagged pointer-to-struct fields get one shared
// instance per type, created from its zero value when nothing provided
// it; interface fields get the unique provided or created implementation;
// inject:"private" gives a field its own instance, inject:"inline" walks
// into a struct value, inject:"name" (or name=name) takes the object
// provided under that name; and no method is ever called. Objects lists
// every object provided or created, with the fields injected into each,
// and Logger receives a line for each step.
//
// tagwire's extras work here too: the optional and factory tags,
// Factory[T] fields, and, opt-in where they would change facebookgo's
// behaviour, Init methods (Graph.Init) and constructors or lifetimes
// registered on the graph's container (Graph.Container). MIGRATING.md in
// the repository lists what differs from facebookgo/inject, and how to
// move on to package container.
//
// Errors are facebookgo's cases with better messages, and typed: every
// one matches a container error kind with errors.Is (container.ErrNotFound,
// container.ErrDuplicate, container.ErrBadInput, ...).
package inject
