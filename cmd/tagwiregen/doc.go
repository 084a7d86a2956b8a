// Command tagwiregen compiles a tagwire graph to plain Go: for a root
// struct type and the registrations of one declaration function, it writes
// a function that builds the graph exactly as
// (*container.Container).Populate does, without reflection.
//
// Develop with the reflective container, ship the generated code, and keep
// both in step with a check in CI:
//
//	//go:generate go run github.com/tagwire/tagwire/cmd/tagwiregen -type App -decl wiring
//
//	// wiring is the one source of truth: the container runs it at run time,
//	// tagwiregen reads it.
//	func wiring(c *container.Container, cfg Config) error {
//		return errors.Join(
//			container.Supply(c, cfg.Addr, container.Named("addr")),
//			container.Provide[*DB](c, NewDB, container.Args(cfg.DSN)),
//			container.Provide[*PGStore](c, nil, container.As[Store]()),
//		)
//	}
//
// writes app_tagwire.go with
//
//	func populateApp(ctx context.Context, target *App, cfg Config) (close func(context.Context) error, err error)
//
// which does what
//
//	c := container.New()
//	err := wiring(c, cfg)
//	err = c.Populate(ctx, target) // ... and later c.Close(ctx)
//
// does: the same instances shared, the same lifetimes, constructors, Init
// methods and Init order, the same cleanup order at close and at rollback,
// errors with the same kinds (errors.Is(err, container.ErrInit), ...) and
// field paths. Panics in user code come back as errors of kind
// container.ErrPanic, as from the container. The generated code imports
// package container for its error types only (and reflect, only to name
// the type in an error).
//
// # Flags
//
//	-type T     the root struct type: the type of the target given to Populate (required)
//	-decl fn    the declaration function; without it the graph has no registrations,
//	            which is all a constructor-less, facebookgo-style graph needs
//	-func name  the generated function (default populate<T>)
//	-o file     the output file in the package directory (default <t>_tagwire.go)
//	-preset F,G root fields the caller presets: when nothing provides one, the
//	            generated code reports ErrNotFound at run time if it is left
//	            zero (as Populate does) instead of failing generation
//	-check      write nothing; exit 1 when the output file is missing or stale
//	-dir dir    the package directory (default .)
//
// The generated file is left out when the package is read, so code that
// calls the generated function still type-checks when the file is stale or
// missing.
//
// # The declaration function
//
// func fn(c *container.Container, params...) error, whose body makes
// registrations on c with container.Provide and container.Supply and
// otherwise only joins and returns their errors. The generated function
// takes the same params, so a registration's value, constructor arguments
// and options may use the parameters and anything declared at package
// level; a local variable of the declaration function is an error.
// Registration options that generate: Named (a string constant), As, Args,
// AutoClose, and the lifetimes Singleton, Transient and PerGraph.
//
// # What generates and what is refused
//
// Generated: pointer fields to unregistered structs (one shared instance,
// built from the zero value), interface fields (by registration, As, or the
// unique unregistered implementation the root reaches), named values,
// private (a fresh instance; an empty map for a map), optional, inline,
// fields preset on the target (left alone), Init(), Init() error,
// Init(ctx) error and Init with dependency parameters, constructors with a
// leading context, Args and dependency parameters, returning a cleanup and
// an error, AutoClose's Close(), Close() error and Close(ctx) error, and
// pointer cycles through fields.
//
// Refused at generation time, naming the feature and the field: factory
// fields (Factory[T], func fields tagged factory) and any other container
// type (Keyed, Optional, ...), label=, []T collections, *container.Container
// fields, Scoped lifetimes and scopes, Decorate, Prepare, Override, For,
// Field and Method injections, Dep in Args, Populated, AsFactory,
// constructors that return an interface (the container fills the dynamic
// type, which is not known statically), fields that are neither comparable
// nor nilable (the container tests them for zero by reflection), a
// dependency that can be the root itself (Populate injects the target
// there), and an optional field whose missing dependency lies beneath a
// constructor, an Init or an AutoClose instance (the container builds that
// and rolls it back).
//
// Every problem the container reports when it populates (a missing
// registration, an ambiguous interface, a cycle through constructor or
// Init parameters or private fields, an invalid tag, a tag on an
// unexported field, a bad Init signature) is a generation-time error
// with its file:line, the field path and the container's error kind.
//
// # Cost
//
// The generated code is a function per registration or unregistered type
// and straight-line field assignments: a shared instance is read without a
// call once built, panics are recovered only where user code runs, error
// paths are assembled only on failure, and a graph that runs no user code
// skips the zero tests of the instances it has just made. bench/peers
// compares it with hand wiring (rows tagwire_gen of S2 and S4).
//
// # Differences
//
// The generated function is one Populate on a fresh container: there is no
// container to resolve from afterwards. Close honours its context between
// cleanups (those not run stay for the next call) but does not interrupt
// a running one. A panic is recovered where generated code calls user code;
// runtime.Goexit is not turned into an error.
package main
