// Command seed001 translates PyJudo's "04 Factories" notebook (seed 001)
// to tagwire:
//
//   - registering a factory function for an interface
//     (container.register(IFoo, create_foo) -> container.Provide[IFoo]);
//   - the return-type check: a factory that returns the wrong thing is
//     caught when the service is built (ServiceTypeError ->
//     container.ErrTypeMismatch);
//   - a Factory[IFoo] dependency that builds IFoo instances on demand, with
//     call-time overrides (bar.foo_factory(text=...) ->
//     FooFactory.New(ctx, container.Field("Text", ...))).
//
// As in the notebook, the steps share one container, and each step starts
// by removing the previous registration of IFoo
// (container.unregister(IFoo) -> container.Unregister[IFoo](c)).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tagwire/tagwire/container"
	"github.com/tagwire/tagwire/inject"
)

// IFoo is the interface:
//
//	class IFoo(ABC):
//	    @abstractmethod
//	    def foo(self): ...
type IFoo interface {
	Foo() string
}

// Foo is the implementation:
//
//	class Foo(IFoo):
//	    def __init__(self, text: str = "default"):
//	        self.text = text
type Foo struct {
	Text string
}

// NewFoo is Foo's constructor with its default argument. A call-time
// container.Field("Text", ...) replaces the field after the constructor ran,
// like text=... replaces the default.
func NewFoo() *Foo { return &Foo{Text: "default"} }

// Foo returns the text (the notebook prints it).
func (f *Foo) Foo() string { return f.Text }

// createFoo is the factory function:
//
//	def create_foo() -> Foo:
//	    return Foo("I was built in a factory!")
func createFoo() *Foo { return &Foo{Text: "I was built in a factory!"} }

// incorrectCreateFoo is the "legal, but broken" factory:
//
//	def incorrect_create_foo() -> Foo:
//	    return "derp"
//
// Go's static types forbid returning a string from a func() *Foo, so the
// closest translation declares a broader result (any). Registration accepts
// it, and the value is checked every time it is built.
func incorrectCreateFoo() any { return "derp" }

// IBar is the second interface:
//
//	class IBar(ABC): ...
type IBar interface {
	Foos() inject.Factory[IFoo]
}

// Bar takes a factory of IFoo, not an IFoo:
//
//	class Bar(IBar):
//	    def __init__(self, foo_factory: Factory[IFoo]):
//	        self.foo_factory = foo_factory
//
// (A tagged field works too: FooFactory inject.Factory[IFoo] `inject:"factory"`.)
type Bar struct {
	FooFactory inject.Factory[IFoo]
}

// NewBar receives the factory as a constructor parameter.
func NewBar(fooFactory inject.Factory[IFoo]) *Bar { return &Bar{FooFactory: fooFactory} }

// Foos returns the factory.
func (b *Bar) Foos() inject.Factory[IFoo] { return b.FooFactory }

func run(w io.Writer) error {
	ctx := context.Background()
	// container = ServiceContainer()
	c := container.New()
	return errors.Join(
		registerFactory(ctx, w, c),
		returnTypeCheck(ctx, w, c),
		factoryDependency(ctx, w, c),
	)
}

// registerFactory is In [3] and In [4].
func registerFactory(ctx context.Context, w io.Writer, c *container.Container) error {
	// container.register(IFoo, create_foo)
	if err := container.Provide[IFoo](c, createFoo); err != nil {
		return err
	}
	// foo = container.get(IFoo)
	// foo.foo()
	foo, err := container.Resolve[IFoo](ctx, c)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "factory-built IFoo (%T): %s\n", foo, foo.Foo())
	return nil
}

// returnTypeCheck is In [5] and In [6].
func returnTypeCheck(ctx context.Context, w io.Writer, c *container.Container) error {
	// container.unregister(IFoo)
	// container.register(IFoo, incorrect_create_foo)
	container.Unregister[IFoo](c)
	if err := container.Provide[IFoo](c, incorrectCreateFoo); err != nil {
		return err // not reached: registration accepts a constructor returning any
	}
	// try:
	//     foo = container.get(IFoo)
	// except ServiceTypeError as e:
	//     print(f"Error: {e!r}")
	_, err := container.Resolve[IFoo](ctx, c)
	fmt.Fprintf(w, "ErrTypeMismatch: %t\nError: %s\n", errors.Is(err, container.ErrTypeMismatch), errLine(err))
	return nil
}

// factoryDependency is In [8] and In [9].
func factoryDependency(ctx context.Context, w io.Writer, c *container.Container) error {
	// container.unregister(IFoo)
	// container.add_transient(IFoo, Foo)
	// container.add_transient(IBar, Bar)
	container.Unregister[IFoo](c)
	if err := errors.Join(
		container.Provide[IFoo](c, NewFoo, container.Transient),
		container.Provide[IBar](c, NewBar, container.Transient),
	); err != nil {
		return err
	}
	// bar = container.get(IBar)
	bar, err := container.Resolve[IBar](ctx, c)
	if err != nil {
		return err
	}
	// foo1 = bar.foo_factory()
	// foo1.foo()
	foo1, err := bar.Foos().New(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, foo1.Foo())
	// foo2 = bar.foo_factory(text="I was built by Bar!")
	// foo2.foo()
	foo2, err := bar.Foos().New(ctx, container.Field("Text", "I was built by Bar!"))
	if err != nil {
		return err
	}
	fmt.Fprintln(w, foo2.Foo())
	fmt.Fprintf(w, "foo1 and foo2 are distinct (Transient): %t\n", foo1 != foo2)

	// PyJudo silently ignores an override name that matches nothing;
	// tagwire reports it.
	_, err = bar.Foos().New(ctx, container.Field("Txt", "typo"))
	var e *container.Error
	fmt.Fprintf(w, "ErrBadInput: %t\nError: %s\nthe hint suggests \"Text\": %t\n",
		errors.Is(err, container.ErrBadInput), errLine(err), errors.As(err, &e) && strings.Contains(e.Hint, `"Text"`))
	return nil
}

// errLine renders a tagwire error for the output as operation, path, kind
// and detail. The fix hint (Error.Hint) is left out: it is advice whose
// wording may change.
func errLine(err error) string {
	var e *container.Error
	if !errors.As(err, &e) {
		return fmt.Sprint(err)
	}
	return fmt.Sprintf("%s %s: %v: %s", e.Op, e.Path, e.Kind, e.Detail)
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
