// Package container builds object graphs from zero values driven by struct
// tags, with constructors, factories, lifetimes, scopes and cleanup
// available where a codebase wants them.
//
// # Quick start
//
//	type App struct {
//	    DB      *sql.DB                 `inject:"name=db"`
//	    Users   UserRepo                `inject:""`        // interface: its implementation
//	    NewConn func() (*Conn, error)   `inject:"factory"` // a fresh *Conn per call
//	}
//
//	c := container.New()
//	container.Instance(c, db, container.Named("db"))
//	var app App
//	err := c.Populate(ctx, &app) // fills every tagged field, recursively, then runs Init
//
// With no registrations at all, [Populate] (the package-level function)
// fills any struct whose tagged fields are pointers to structs: each such
// type gets one shared instance, allocated from its zero value and
// populated in turn, the way facebookgo/inject does it.
//
// # Tags
//
// The inject tag (parsed by package [github.com/tagwire/tagwire/tags]):
//
//	inject:""            by type
//	inject:"name=db"     the value registered under the name "db" (any type)
//	inject:"private"     a fresh instance for this field only
//	inject:"optional"    leave the zero value when something is not registered
//	inject:"inline"      walk into a struct-valued field and fill its fields
//	inject:"factory"     a factory for the field's target type
//
// Options combine: "name=db,optional", "factory,name=primary". Invalid
// tags are ErrBadTag errors naming the struct, field and tag; a tagged
// unexported field is ErrBadTag. Both are found the first time a
// type is seen, and at registration for registered types.
//
// # How a field is resolved
//
// A field whose value is already non-zero is never touched: preset a fake
// before Populate and it stays. Otherwise, by the field's type T:
//
//   - A registration of exactly T (the innermost scope's first) wins. Two
//     unnamed registrations of T are ErrAmbiguous for a single field.
//   - An interface T with no registration of its own gets the unique
//     unnamed registration that implements it. When nothing registered
//     implements it, the unique implementation among the unregistered
//     struct types that the call's roots (the Populate targets, the type
//     given to Resolve) can reach through tagged fields. None is
//     ErrNotFound; several is ErrAmbiguous, and the error lists the
//     candidates. The choice depends only on the registrations and the
//     types involved, never on what the container built before; and
//     registration order never picks one. Named registrations are never
//     used for unnamed fields.
//   - An unregistered pointer-to-struct T is built from its zero value and
//     shared (one instance per container).
//   - A slice []T with no registration of its own receives every unnamed
//     registration assignable to T, in registration order (nil when there
//     is none).
//   - A map field needs "private" (an empty map), a name, or "factory" (a
//     keyed factory map; see below).
//   - A field of type *Container receives the container (or scope) that is
//     populating it.
//
// name= looks the name up among the registrations of every type and uses
// the one assignable to the field; a name registered only with another
// type is ErrTypeMismatch; an unknown name is ErrNotFound with the nearest
// registered name as a hint. Named values fill fields of any type: a
// string DSN, an int port, a config struct.
//
// # Registration
//
//	container.Provide[T](c, ctor, opts...)   // a constructor; parameters resolved by type
//	container.Struct[*T](c, opts...)         // zero value plus tags, with options
//	container.Instance(c, v, opts...)        // a ready value
//	container.Bind[I, *Impl](c, opts...)     // an interface to its implementation
//	container.Abstract[I](c)                 // a placeholder to Override later
//
// Registration functions return errors rather than panicking; collect
// them with errors.Join when registering many. A constructor has the shape
// func(deps...) T, (T, error), (T, func(), error) or
// (T, func(context.Context) error, error); anything else is
// ErrBadSignature, and a result that cannot be a T is ErrTypeMismatch.
// A constructor may return a broader type than T (any, say): the value is
// then checked on every build (ErrTypeMismatch).
//
// Options: a [Lifetime] ([Singleton], [Transient], [PerGraph], [Scoped]),
// [Named] or [Key], [AutoClose], [OnClose], [AsFactory], and the injection
// kinds of python-dependency-injector: [Args] (positional constructor
// arguments), [Field] (attribute injection from outside the struct) and
// [Method] (method injection). Their values may be plain values, passed as
// they are, or providers such as [Dep], evaluated on every build.
//
// # Order of a build
//
// Every instance is built in this order, and each step finishes before the
// next begins:
//
//  1. constructor arguments, left to right (registered Args, then call-time
//     Args, then the rest by type), then the constructor call; or the zero
//     value for struct registrations;
//  2. call-time Set overrides;
//  3. tagged fields that are still zero, in struct declaration order
//     (inline fields in place);
//  4. registration Field injections, in the order given;
//  5. registration Method injections, in the order given;
//  6. Init.
//
// Dependencies are built depth-first at step 1 or 3, so every dependency
// has run its Init before its dependent's Init runs (topological order,
// ties broken by field order). Pointer cycles through fields are allowed
// and resolve to the shared instances; in a cycle, the member reached
// first is initialised last. A cycle through constructor parameters, Init
// parameters or private fields is ErrCycle, reported with its path.
//
// # Method injection
//
// After its fields are set, an instance's Init method runs exactly once.
// Accepted forms: Init(), Init() error, Init(ctx), Init(ctx) error, and
// Init([ctx,] deps...) [error] whose extra parameters are resolved by type
// like constructor parameters. A method named Init with another signature
// is ErrBadSignature. A failing Init stops the build (ErrInit, with the
// path of the instance).
//
// # Lifetimes
//
// [Singleton] (the default): one instance per owning container, shared.
// [Transient]: a new instance for every injection. [PerGraph]: one
// instance within one Populate, Resolve, Invoke or factory call. [Scoped]:
// one instance per scope; resolved outside a scope it is ErrNoScope. The
// tag "private" asks for a fresh instance of any buildable registration
// for one field.
//
// # Factories
//
// A field tagged inject:"factory" of type func() T, func() (T, error),
// func(context.Context) (T, error), or [Factory][T] (for which a plain
// inject:"" tag is enough; untagged fields are never touched) receives a
// factory. Each call returns a new, fully populated,
// initialised T built through the container that injected it, honouring
// T's registration (a Singleton stays one object; an unregistered struct
// type is built fresh each call). Factory.New takes call-time overrides:
//
//	f.New(ctx, container.Set("Text", "hi"))          // a field, by name
//	f.New(ctx, container.Use[Clock](fake))           // a dependency, by type
//	f.New(ctx, container.Args(3, 4))                 // trailing constructor arguments
//
// An override wins and the injection it replaces is not evaluated. An
// override that matches nothing is ErrBadInput; one of the wrong
// type is ErrTypeMismatch; overrides on a shared (Singleton, Scoped)
// registration are ErrBadInput. A func factory without an error
// result panics with the *Error when the build fails: declare the error
// result when it can.
//
// Keyed registrations of one type (registered with [Named] or [Key]) form
// an aggregate: a field of type [Keyed][K, T] builds the T registered
// under a key (New(ctx, key, ...)), lists the keys (Keys, sorted), and
// reports an unknown key as ErrNotFound with the known keys. A field of
// type map[K]Factory[T] or map[K]func() (T, error) tagged inject:"factory"
// receives one factory per key.
//
// A registration made with [AsFactory] is always injected as a factory:
// fields of a factory type get the factory even with a plain tag, and
// injecting the product is ErrTypeMismatch.
//
// # Scopes
//
// [Container.NewScope] makes a child scope; scopes nest. Values
// registered on a scope (the current request, a request ID) are visible to
// it and its children only. Scoped instances belong to one scope; nested
// scopes are isolated. Singletons are built and owned by the container
// that registered them, never by the scope that first asked. A scope can
// travel in a context ([NewContext]); every call on an ancestor with that
// context resolves in the scope, and so do factories called with it.
//
// # Cleanup and rollback
//
// [Container.Close] runs cleanups in the exact reverse of the order in
// which instances were completed: a dependent closes before its
// dependencies. Cleanups are the ones constructors return, Close methods of
// [AutoClose] instances, and [OnClose] callbacks. Each scope runs the
// cleanups of the Scoped, Transient and PerGraph instances resolved through
// it; the root those of its Singletons and of instances resolved directly
// on it. Every cleanup runs even when others fail; failures come back
// joined. Close is idempotent, honours its context's deadline, and leaves
// the container answering ErrClosed.
//
// Each Populate, Resolve, Invoke and factory call is a transaction: if a
// constructor, factory or Init fails (or panics), everything that call
// built is cleaned up, newest first, no instance it built stays cached,
// the fields it set on the Populate targets are reset, and the error
// carries the failure and any cleanup failures. A retry after fixing the
// cause succeeds. Close methods and OnClose callbacks run only for
// instances that were completed (Init included); an instance whose build
// failed gives back only what its constructor acquired (the cleanup the
// constructor returned), as a Go constructor that fails cleans up after
// itself. One exception keeps concurrent calls from waiting on each
// other: an instance that another call has already received while the
// building call was still running stays cached, together with what was
// built before it.
//
// Close returns by its context's deadline even while a build or a slow
// cleanup runs, and never loses a cleanup: those not run, or still
// running, when the deadline passed stay pending for the next Close, and
// the error says how many remain. A call that was building while a
// container it would publish into was closed fails with ErrClosed and
// cleans up what it built itself. [Run] wraps Populate, a run function and
// Close for main.
//
// Who owns a cleanup: a Singleton's belongs to the container that
// registered it (the root for unregistered types); a Scoped, Transient or
// PerGraph instance's belongs to the scope or container it was resolved
// through, and is kept until that one closes. For many short-lived
// instances built from a long-lived container, use [Factory.NewOwned]: the
// caller receives the cleanups and the container keeps nothing.
//
// # Overriding in tests
//
// [Override] and [OverrideInstance] replace a registration until the
// returned handle's Restore; overrides nest, and restoring in reverse
// order (t.Cleanup) returns exactly to the previous state. Instances built
// before the override keep what they were built with: a cached Singleton
// that received the old dependency keeps it until [Reset] discards it
// (running its cleanup). [Unregister] removes a registration.
//
// # Errors
//
// Every error is an [*Error]: Op, the Path from the root object
// ("App.API.Store.DB"), the Go Type and Tag there, the Kind (a sentinel
// such as [ErrNotFound], for errors.Is), the underlying Err, and a Hint
// saying how to fix it. No input to the API panics, and a bad input
// changes nothing: nil receivers and zero values, nil and non-pointer
// targets, bad tags, bad constructor shapes, values of the wrong type,
// NaN keys and cycles are all errors.
//
// # Concurrency, re-entrancy and panics
//
// A Container is safe for any concurrent use, and no lock is held while
// user code runs (constructors, Init, registered methods, factories,
// cleanups, OnClose callbacks). Each Singleton (and each Scoped instance
// of each scope) is built exactly once: the first caller builds it on its
// own goroutine, concurrent callers wait and share the result or the
// error, and a waiter whose context ends returns that context's error
// without disturbing the build. Different instances, and different
// scopes, build in parallel.
//
// User code may call back into its container. With the context it was
// given, the call joins the running one: it sees what that call built,
// is undone with it on failure, and a dependency cycle through it is
// ErrCycle with the path. With any other context (context.Background(),
// say) the call is independent and works as well. The one thing that
// cannot be detected without goroutine identity is a true cycle entered
// through such a foreign context (a constructor that resolves its own
// type with context.Background()): that call waits for the build it is
// part of, bounded only by its context's deadline, as sync.Once would.
// Goroutines started by user code may share the context they were given.
//
// A panic in user code is recovered: the call returns an *Error of kind
// [ErrPanic] whose cause is a [*PanicError] with the panic value and the
// stack, the call is rolled back, and the container stays usable. A
// runtime.Goexit in user code (t.FailNow) cannot be stopped; the
// goroutine exits, the call is rolled back on the way, and callers
// sharing that build receive an ErrPanic error.
//
// # Speed
//
// Per-type plans (field offsets, tag decisions, Init shapes) are computed
// once per process and cached; each container caches lookups in tables
// indexed by a dense type id. Resolving a built Singleton takes no lock
// and allocates nothing; filling a struct from built Singletons is a loop
// over the plan.
package container
