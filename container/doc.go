// Package container builds object graphs from zero values driven by struct
// tags, runs Init-style method injection after the fields are set, and
// keeps constructor injection, factories, lifetimes, scopes and cleanup
// available where a codebase wants them.
//
// # Quick start
//
// Structs say what they need with tags:
//
//	type API struct {
//		Store Store   `inject:""`
//		Log   *Logger `inject:""`
//	}
//
//	func (a *API) Init(ctx context.Context) error { // runs after the fields are set
//		a.Log.Printf("api ready")
//		return nil
//	}
//
//	type App struct {
//		Addr string `inject:"name=addr"` // a named value of any type
//		API  *API   `inject:""`          // unregistered struct: built from its zero value, shared
//		Log  *Logger
//	}
//
// and main registers what cannot be built from a zero value:
//
//	ctx := context.Background()
//	c := container.New()
//	defer c.Close(ctx) // cleanups run in reverse dependency order
//	err := errors.Join(
//		container.Supply(c, ":8080", container.Named("addr")),
//		container.Supply(c, &Logger{Prefix: "app: "}),
//		container.Provide[*DB](c, NewDB, container.Args("postgres://db")),
//		container.Provide[*PGStore](c, nil, container.As[Store]()),
//	)
//	var app App
//	if err == nil {
//		err = c.Populate(ctx, &app) // fills every tagged field, recursively, then runs Init
//	}
//
// With no registrations at all, the package-level [Populate] fills any
// struct whose tagged fields are pointers to structs, each type getting one
// shared instance built from its zero value: facebookgo/inject's model
// (whose API package [github.com/tagwire/tagwire/inject] offers as is).
//
// # Tags
//
// The inject tag (parsed by package [github.com/tagwire/tagwire/tags]):
//
//	inject:""               by type
//	inject:"name=db"        the value registered under the name db (any type)
//	inject:"db"             the same: a bare first word is a name, as in facebookgo
//	inject:"private"        a fresh instance for this field only (an empty map for a map)
//	inject:"optional"       leave the zero value when something beneath is not registered
//	inject:"inline"         walk into a struct-valued field and fill its fields
//	inject:"factory"        a factory for the field's target type
//	inject:"label=env:prod" the registration of the type that carries the label
//
// Options combine: "name=db,optional", "factory,name=primary". Invalid
// tags are ErrBadTag errors naming the struct, field and tag, with a "did
// you mean" hint; a tagged unexported field is ErrBadTag too. Both are
// found the first time a type is seen, and at registration for registered
// types. A field that already holds a value is never touched: preset a fake
// before Populate and it stays.
//
// # How a field is resolved
//
// By the field's type T:
//
//   - A registration of exactly T (the innermost scope's first) wins. Two
//     unnamed registrations of T are ErrAmbiguous for a single field (give
//     one a name, or register the second with [Replace]); a []T field
//     collects every unnamed registration of T, in registration order.
//   - An interface T with no registration of its own gets the unique
//     unnamed registration that implements it; with none, the unique
//     unregistered struct type implementing it that the call's roots (the
//     Populate targets, the type given to Resolve) reach through tagged,
//     non-private fields. None is ErrNotFound; several is ErrAmbiguous,
//     listing the candidates. The choice depends only on the registrations
//     and the types involved, never on what the container built before or
//     on registration order.
//   - An unregistered pointer to a struct is built from its zero value and
//     shared: one instance per container (see below for the exceptions).
//   - A map field needs "private" (an empty map), a name, or "factory".
//   - A field of type *Container receives the container (or scope) that is
//     populating it.
//
// name= looks the name up among the registrations of every type and uses
// the one assignable to the field; a name registered only with another
// type is ErrTypeMismatch; an unknown name is ErrNotFound with the nearest
// registered name as a hint.
//
// # No silent zero values
//
// Building unregistered structs from their zero value is what makes tag
// graphs work without registrations, and it applies to tagged fields,
// Init parameters, Resolve and Invoke. It never applies where it would
// hide a mistake: a constructor parameter (or a decorator's, or a Prepare
// hook's) is never satisfied by an implicit zero value, and the error says
// to register the type ([Provide] with nil builds it from its zero value);
// a type of the standard library (*http.Request, *sql.DB, *os.File, ...)
// is never built implicitly; a type declared [ScopeOnly] is never built at
// all; and a type whose registration failed reports that failure instead
// of being built. [Strict] turns implicit construction off everywhere.
//
// # Registration
//
// [Provide] registers a type with a source: a constructor (its parameters
// resolved by type, returning T and optionally a cleanup and an error), a
// ready value, a [Provider], or nil (a struct built from its zero value, or
// for an interface a placeholder that [Override] fills later). [Supply]
// registers a value under its own dynamic type, as facebookgo does.
// Registration functions return errors rather than panicking, and a failed
// registration changes nothing; collect them with errors.Join.
//
// Registration options: a [Lifetime], [Named], [As] (also provide the
// registration under an interface: one instance for both), [AutoClose],
// [OnClose], [AsFactory], the injection kinds of python-dependency-injector
// ([Args] and [Arg]: constructor arguments; [Field]: attribute injection;
// [Method]: method injection; their values may be plain values or made
// with [Dep], resolved per build), [Populated] and [Complete] (whether a
// registered value's tagged fields are filled), [Replace], [Label], [For]
// (a registration for one consumer type; a constructor may take an
// [Injection] describing where its product goes) and [ScopeOnly].
// [Decorate] wraps built instances; [Prepare] runs a hook before the first
// build of a type.
//
// # Order of a build
//
// Every instance is built in this order, each step finishing before the
// next begins: Prepare hooks (once); constructor arguments, left to right;
// the constructor call (or the zero value); call-time Field overrides;
// tagged fields that are still zero, in declaration order (inline fields in
// place); registration Field injections; registration Method injections;
// Init; decorators. Dependencies are built depth-first, so every dependency
// has run its Init before its dependent's Init. Pointer cycles through
// fields are allowed and resolve to the shared instances (in a cycle, the
// member reached first is initialised last); a cycle through constructor
// parameters, Init parameters or private fields is ErrCycle, reported with
// its path.
//
// # Method injection
//
// After its fields are set, an instance's Init method runs exactly once:
// Init(), Init() error, Init(ctx), Init(ctx) error, or Init([ctx,]
// deps...) [error] whose other parameters are resolved by type. A method
// named Init with another signature is ErrBadSignature; a failing Init
// stops the build (ErrInit, with the instance's path). [NoInit] turns
// method injection off for a container.
//
// # Lifetimes
//
// [Singleton] (the default): one instance per owning container. [Transient]:
// a new instance for every injection. [PerGraph]: one instance within one
// Populate, Resolve, Invoke or factory call. [Scoped]: one instance per
// scope; outside a scope it is ErrNoScope (and a Singleton that depends on
// it is reported as a captive dependency).
//
// # Factories
//
// A field of type [Factory][T] (or a func() T, func() (T, error) or
// func(context.Context) (T, error) field tagged inject:"factory") receives
// a factory: each call returns a new, populated, initialised T, honouring
// T's lifetime (unregistered struct types are fresh per call). Call-time
// options override the object built: [Field] (a field by name, or a dotted
// path through its dependencies), [Use] (every dependency of a type),
// [Args] (constructor arguments, filling the parameters without a
// registered one). An override wins and the injection it replaces is not
// evaluated; overrides always get an instance of their own, never the
// shared one. [Factory.NewOwned] hands the cleanups of what it builds to
// the caller. [Keyed][K, T] builds the T registered under a key, lists the
// keys, and reports an unknown key as ErrNotFound listing the known ones.
//
// # Scopes
//
// [Container.NewScope] makes a child scope; scopes nest. Values
// registered on a scope (the current request) are visible to it and its
// children only. Scoped instances belong to one scope; nested scopes are
// isolated. Singletons are built and owned by the container that
// registered them. A scope can travel in a context ([NewContext]): calls on
// an ancestor with that context resolve in the scope. Package
// container/httpscope gives every HTTP request a scope this way.
//
// # Cleanup, rollback and ownership
//
// [Container.Close] runs cleanups in the exact reverse of the order in
// which instances were completed: a dependent closes before its
// dependencies. Cleanups are the ones constructors return, Close methods
// of [AutoClose] instances, and [OnClose] callbacks. A Singleton's cleanup
// belongs to the container that registered it; a Scoped, Transient or
// PerGraph instance's to the scope or container it was resolved through,
// kept until that one closes (use [Factory.NewOwned] for many short-lived
// instances of a long-lived container). Every cleanup runs even when
// others fail or panic; failures come back joined. Close returns by its
// context's deadline even while a build or a slow cleanup runs, and never
// loses a cleanup: those not run, or still running, stay pending for the
// next Close, and the error says how many remain.
//
// Each Populate, Resolve, Invoke and factory call is a transaction: if
// something fails (or panics), everything that call built is cleaned up,
// newest first, nothing it built stays cached, the fields it set on the
// Populate targets are reset, and a retry after fixing the cause succeeds.
// An instance whose own build failed gives back only what its constructor
// acquired (the cleanup the constructor returned). One exception keeps
// concurrent calls from waiting on each other: an instance that another
// call already received stays cached, with what was built before it. A call
// racing Close fails with ErrClosed and cleans up what it built.
//
// # Overriding in tests
//
// [Override] replaces a registration until its restore function is called;
// overrides nest, and restoring in reverse order (t.Cleanup) returns
// exactly to the previous state. [ResetOverrides] removes them all. Instances
// already built keep what they were built with; [Reset] discards a built
// Singleton (running its cleanup); [Unregister] removes a registration.
//
// # Errors
//
// Every error is an [*Error]: Op, the Path from the root object
// ("App.API.Store.DB"), the Go Type and Tag there, the [Kind] (for
// errors.Is: [ErrNotFound], [ErrCycle], ...), the underlying Err, and a
// Hint saying how to fix it. No input to the API panics, and a bad input
// changes nothing: nil receivers and zero values, bad targets, tags,
// constructor shapes, values of the wrong type, NaN keys and cycles are
// all errors.
//
// # Concurrency, re-entrancy and panics
//
// A Container is safe for any concurrent use, and no lock is held while
// user code runs (constructors, Init, methods, factories, decorators,
// hooks, cleanups, observers). Each Singleton, and each Scoped instance of
// each scope, is built exactly once: the first caller builds it on its own
// goroutine, concurrent callers wait and share the result or the error,
// and a waiter whose context ends returns that context's error without
// disturbing the build. Different instances, and different scopes, build
// in parallel. Calls that enter a cycle of pointer fields from different
// ends at the same time would wait for each other: one of them is undone
// and retried, unseen. It is the youngest of those with no user code
// between the wait and their top-level call, and a retried call keeps its
// age: among calls that involve no user code the oldest is never undone,
// so every call finishes. A cycle that also runs through nested calls
// (user code calling back with the context it was given) still undoes a
// call that can be retried unseen, of any age, and a call undone 100 times
// reports ErrCycle. Only when every call in the cycle waits behind user
// code is one of those undone, and its ErrCycle reaches that user code, to
// pass on.
//
// User code may call back into its container. With the context it was
// given, the call joins the running one: it sees what that call built, is
// undone with it on failure, and a dependency cycle through it is ErrCycle
// with the path. With any other context (context.Background(), say) the
// call is independent and works as well. The one thing that cannot be
// detected without goroutine identity is a true cycle entered through such
// a foreign context (a constructor that resolves its own type with
// context.Background()): that call waits for the build it is part of,
// bounded only by its context's deadline, as sync.Once would. Goroutines
// started by user code may share the context they were given.
//
// A panic in user code is recovered: the call returns an *Error of kind
// [ErrPanic] whose cause is a [*PanicError] with the panic value and the
// stack, the call is rolled back, and the container stays usable. A
// runtime.Goexit in user code (t.FailNow) cannot be stopped; the goroutine
// exits, the call is rolled back on the way, and callers sharing that
// build receive an ErrPanic error.
//
// [Observe] reports what a container does ([Event]: registered, built,
// injected, initialised, cleaned, failed) to an [Observer]; [LogEvents]
// writes the events to log/slog.
//
// # Checking and seeing the graph
//
// [Container.Validate] walks the graph that Populate of its targets would
// build, without running any user code or keeping anything, and reports
// every problem at once, each with the kind and path Populate would give;
// package container/containertest makes it a one-line unit test.
// [Container.Graph] returns the same walk as a [Graph]: one node per
// instance, one edge per injected field or parameter, rendered with
// [Graph.WriteDOT], encoding/json or [Graph.Explain].
//
// # Speed
//
// Per-type plans (field offsets, tag decisions, Init shapes) are computed
// once per process and cached; each container caches lookups in tables
// indexed by a dense type id. Resolving a built Singleton takes no lock and
// allocates nothing; filling a struct from built Singletons is a loop over
// the plan. A build that runs no user code (a Populate whose fields all
// take built Singletons, a Transient or factory product made from its zero
// value whose fields are built Singletons or such products) skips the
// call machinery altogether: it cannot fail, so there is nothing to undo.
// A Populate whose Singletons are not built yet, but whose graph runs no
// user code (structs from their zero value, pointer fields by type, no
// Init, nothing to clean up), makes them in short critical sections of a
// few thousand instances each, the instances a part points into always
// committed before it. The plan of such a graph is kept per target type,
// so the first Populate in each new container (nothing registered for
// those types) costs about one allocation and a few field writes per
// type, with the same instances the general path would make.
package container
