package attribute

import (
	"reflect"
	"unsafe"
)

// data returns the data word of an interface value: for pointer-shaped
// dynamic types, the pointer itself.
func data(v any) unsafe.Pointer {
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&v))[1]
}

// Addr returns the address of field f inside the struct at base.
func (f *Field) Addr(base unsafe.Pointer) unsafe.Pointer {
	return unsafe.Add(base, f.Offset)
}

// IsZero reports whether field f of the struct at base holds its zero value.
func (f *Field) IsZero(base unsafe.Pointer) bool {
	p := unsafe.Add(base, f.Offset)
	switch {
	case f.Store == StorePointer:
		return *(*unsafe.Pointer)(p) == nil
	case f.Store == StoreAny:
		return *(*any)(p) == nil
	case f.Iface:
		return *(*unsafe.Pointer)(p) == nil // the itab word
	default:
		return reflect.NewAt(f.Type, p).Elem().IsZero()
	}
}

// Set stores v into field f of the struct at base. v's dynamic type must be
// assignable to f.Type, and for StorePointer fields identical to it; the
// caller (the container) guarantees that through its lookups. A nil v
// clears the field.
func (f *Field) Set(base unsafe.Pointer, v any) {
	p := unsafe.Add(base, f.Offset)
	switch {
	case v == nil:
		f.Clear(base)
	case f.Store == StorePointer:
		*(*unsafe.Pointer)(p) = data(v)
	case f.Store == StoreAny:
		*(*any)(p) = v
	default:
		reflect.NewAt(f.Type, p).Elem().Set(reflect.ValueOf(v))
	}
}

// SetValue stores a reflect.Value assignable to f.Type into the field.
func (f *Field) SetValue(base unsafe.Pointer, v reflect.Value) {
	reflect.NewAt(f.Type, unsafe.Add(base, f.Offset)).Elem().Set(v)
}

// Clear resets field f of the struct at base to its zero value.
func (f *Field) Clear(base unsafe.Pointer) {
	reflect.NewAt(f.Type, unsafe.Add(base, f.Offset)).Elem().SetZero()
}
