// Package typeid gives every Go type a small, dense integer id for the life
// of the process, so that per-container tables can be indexed by type
// instead of hashed. Ids start at 1; 0 means "no type".
package typeid

import (
	"reflect"
	"sync/atomic"
	"unsafe"

	"github.com/tagwire/tagwire/internal/rmap"
)

// ID is a dense type id.
type ID int32

var (
	ids  rmap.Map[unsafe.Pointer, ID]
	next atomic.Int32
)

// Key returns the identity of t as a pointer: the runtime type descriptor
// behind the reflect.Type interface. Two reflect.Type values denote the same
// type exactly when their keys are equal, and hashing a pointer is cheaper
// than hashing an interface.
func Key(t reflect.Type) unsafe.Pointer {
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&t))[1]
}

// Of returns the id of t. It is safe for concurrent use.
func Of(t reflect.Type) ID {
	k := Key(t)
	if id, ok := ids.Load(k); ok {
		return id
	}
	return ids.LoadOrStore(k, func() ID { return ID(next.Add(1)) })
}
