// Package field reads and writes the fields of a struct through the byte
// offsets of an [attribute.Plan].
//
// The base address of a struct comes from [reflect.Value.UnsafePointer]
// of a pointer to it, and a field's address is that base plus the field's
// offset as reflect reports it: pattern (3) of package unsafe (arithmetic
// that stays inside the allocated object). A field is read or written
// directly only when its declared type has exactly the layout of the Go
// type used to access it (pattern (1)): a pointer field through
// *unsafe.Pointer, an `any` field through *any. Every other kind goes
// through reflect. Nothing here depends on the compiler's calling
// convention or on how the runtime lays out interfaces or types.
package field

import (
	"reflect"
	"unsafe"

	"github.com/tagwire/tagwire/attribute"
)

// Addr returns the address of field f inside the struct at base.
func Addr(base unsafe.Pointer, f *attribute.Field) unsafe.Pointer {
	return unsafe.Add(base, f.Offset)
}

// Value returns field f of the struct at base as an addressable
// reflect.Value.
func Value(base unsafe.Pointer, f *attribute.Field) reflect.Value {
	return reflect.NewAt(f.Type, Addr(base, f)).Elem()
}

// IsZero reports whether field f of the struct at base holds its zero value.
func IsZero(base unsafe.Pointer, f *attribute.Field) bool {
	p := Addr(base, f)
	switch {
	case f.Type.Kind() == reflect.Pointer:
		return *(*unsafe.Pointer)(p) == nil
	case f.Store == attribute.StoreAny:
		return *(*any)(p) == nil
	default:
		return reflect.NewAt(f.Type, p).Elem().IsZero()
	}
}

// PointerAt reads the pointer-shaped field f (Store is StorePointer and
// its type a pointer) of the struct at base.
func PointerAt(base unsafe.Pointer, f *attribute.Field) unsafe.Pointer {
	return PointerAtOffset(base, f.Offset)
}

// PointerAtOffset reads the pointer-shaped field at offset off of the
// struct at base.
func PointerAtOffset(base unsafe.Pointer, off uintptr) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Add(base, off))
}

// SetPointer stores the pointer v into field f, whose type must be a
// pointer type (reflect.Pointer kind).
func SetPointer(base unsafe.Pointer, f *attribute.Field, v unsafe.Pointer) {
	SetPointerAtOffset(base, f.Offset, v)
}

// SetPointerAtOffset stores v into the pointer-shaped field at offset off
// of the struct at base.
func SetPointerAtOffset(base unsafe.Pointer, off uintptr, v unsafe.Pointer) {
	*(*unsafe.Pointer)(unsafe.Add(base, off)) = v
}

// Set stores v into field f of the struct at base. v's dynamic type must be
// assignable to f.Type; a nil v clears the field.
func Set(base unsafe.Pointer, f *attribute.Field, v any) {
	p := Addr(base, f)
	switch {
	case v == nil:
		reflect.NewAt(f.Type, p).Elem().SetZero()
	case f.Store == attribute.StoreAny:
		*(*any)(p) = v
	default:
		reflect.NewAt(f.Type, p).Elem().Set(reflect.ValueOf(v))
	}
}

// Clear resets field f of the struct at base to its zero value.
func Clear(base unsafe.Pointer, f *attribute.Field) {
	reflect.NewAt(f.Type, Addr(base, f)).Elem().SetZero()
}

// PointerOf returns the pointer held by v when v's dynamic type is a
// pointer type, else nil.
func PointerOf(v any) unsafe.Pointer {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer {
		return nil
	}
	return rv.UnsafePointer()
}
