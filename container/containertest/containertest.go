// Package containertest makes "the application's graph is valid" a
// one-line unit test:
//
//	func TestGraph(t *testing.T) {
//		c, err := app.Wire() // the application's registrations
//		require.NoError(t, err)
//		containertest.Valid(t, c, (*app.App)(nil))
//	}
//
// The test builds nothing and runs no user code: it fails, with one line
// per problem (path, type, tag, what is wrong and how to fix it), when
// Populate of the targets would fail for a reason the graph decides.
package containertest

import (
	"context"

	"github.com/tagwire/tagwire/container"
)

// TB is the part of testing.TB that Valid uses.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
}

// Valid reports through t.Errorf each problem that c.Validate finds for
// targets (see [container.Container.Validate]; no targets means every
// registration), one call per problem, and returns whether there was none.
func Valid(t TB, c *container.Container, targets ...any) bool {
	t.Helper()
	err := c.Validate(context.Background(), targets...)
	if err == nil {
		return true
	}
	errs := []error{err}
	if _, single := err.(*container.Error); !single {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			errs = j.Unwrap() // the problems Validate joined
		}
	}
	for _, e := range errs {
		t.Errorf("%v", e)
	}
	return false
}
