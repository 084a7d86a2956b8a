package inject

import (
	"cmp"

	"github.com/tagwire/tagwire/container"
)

// Factory builds instances of T through the container that injected it;
// see [container.Factory].
type Factory[T any] = container.Factory[T]

// Keyed builds the T registered under a key; see [container.Keyed].
type Keyed[K cmp.Ordered, T any] = container.Keyed[K, T]

// ResolveOption is a call-time option; see [container.ResolveOption].
type ResolveOption = container.ResolveOption

// Error is the error type of tagwire; see [container.Error].
type Error = container.Error

// Populate fills the tagged fields of each target using a new, empty
// container; see [container.Populate].
func Populate(targets ...any) error { return container.Populate(targets...) }

// Set overrides a field of the object being built, by name; see
// [container.Set].
func Set(field string, v any) ResolveOption { return container.Set(field, v) }

// Use overrides every dependency of type T of the object being built; see
// [container.Use].
func Use[T any](v T) ResolveOption { return container.Use(v) }

// Args gives positional constructor arguments; see [container.Args].
func Args(vals ...any) container.ArgList { return container.Args(vals...) }

// Named picks the registration with the given name; see [container.Named].
func Named(name string) container.KeyOption { return container.Named(name) }

// Key picks the registration with the given key; see [container.Key].
func Key[K cmp.Ordered](k K) container.KeyOption { return container.Key(k) }

// The error kinds, identical to the container's (errors.Is works with
// either name).
var (
	ErrNotFound        = container.ErrNotFound
	ErrAmbiguous       = container.ErrAmbiguous
	ErrCycle           = container.ErrCycle
	ErrBadTag          = container.ErrBadTag
	ErrUnexportedField = container.ErrUnexportedField
	ErrBadSignature    = container.ErrBadSignature
	ErrBadConstructor  = container.ErrBadConstructor
	ErrNotAssignable   = container.ErrNotAssignable
	ErrTypeMismatch    = container.ErrTypeMismatch
	ErrDuplicate       = container.ErrDuplicate
	ErrBadTarget       = container.ErrBadTarget
	ErrBadOption       = container.ErrBadOption
	ErrConstructor     = container.ErrConstructor
	ErrInit            = container.ErrInit
	ErrNoScope         = container.ErrNoScope
	ErrClosed          = container.ErrClosed
	ErrNotOverridden   = container.ErrNotOverridden
	ErrNoSuchKey       = container.ErrNoSuchKey
	ErrUnknownOverride = container.ErrUnknownOverride
	ErrOverrideCached  = container.ErrOverrideCached
	ErrArgCount        = container.ErrArgCount
	ErrDelegated       = container.ErrDelegated
	ErrNilFactory      = container.ErrNilFactory
	ErrCleanup         = container.ErrCleanup
)
