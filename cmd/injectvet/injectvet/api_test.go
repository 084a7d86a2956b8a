package injectvet_test

import (
	"context"

	"github.com/tagwire/tagwire/container"
	"github.com/tagwire/tagwire/inject"
)

// The analyzer recognises registrations by import path, name and shape,
// and its tests run on look-alikes of these packages (testdata/src). These
// declarations stop compiling if the real packages drop or change what
// the analyzer and the look-alikes rely on.
var (
	_ func(*container.Container, any, ...container.Option) error                    = container.Provide[int]
	_ func(*container.Container, any, ...container.Option) error                    = container.Supply
	_ func(*container.Container, any, ...container.Option) (func(), error)          = container.Override[int]
	_ func(context.Context, *container.Container, ...container.Option) (int, error) = container.Resolve[int]
	_ func(string) container.Option                                                 = container.Named[string]
	_ func(...any) error                                                            = inject.Populate
	_ func(*inject.Graph, ...*inject.Object) error                                  = (*inject.Graph).Provide
	_                                                                               = inject.Object{Value: nil, Name: "", Complete: false, Fields: nil}
	_ container.Factory[int]
	_ container.Keyed[string, int]
)
