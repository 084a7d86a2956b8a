// Package method finds and calls the methods tagwire runs after a struct's
// fields are set ("method injection"): the Init hook, methods named by a
// registration, and Close methods for automatic cleanup.
//
// # Init
//
// A type may declare one Init method in any of these forms:
//
//	Init()
//	Init() error
//	Init(ctx context.Context)
//	Init(ctx context.Context) error
//	Init(deps...) error                      // or without the error result
//	Init(ctx context.Context, deps...) error // or without the error result
//
// The extra parameters are resolved by type by the container. Any other
// method named Init (more results, a non-error result, variadic) is an error
// ([ErrBadSignature]) rather than a silently skipped hook.
//
// The four forms without dependencies are called through an interface
// assertion, not reflect.Value.Call; only Init with dependencies pays for a
// reflective call. Shapes are computed once per type and cached.
package method
