package container

import (
	"context"
	"reflect"
	"unsafe"

	"github.com/tagwire/tagwire/internal/typeid"
)

// Direct calls. A constructor whose parameters are all pointer-shaped
// (pointers, maps, chans, funcs, unsafe.Pointer), with an optional leading
// context.Context, and whose results are (P) or (P, error) with P
// pointer-shaped, is called through a func value of the same machine shape
// with unsafe.Pointer in place of each pointer type. Go passes and returns
// every pointer-shaped value the same way — its generics rely on this when
// they compile one body for all pointer types — so the call is exactly the
// call the compiler would make, without reflect.Value.Call's frame
// building and allocations. A self-check at startup (directWorks) turns
// the path off if that ever stops holding; every other constructor goes
// through reflect.

// direct classifies a constructor for direct calls; 0 means "use reflect".
type direct uint8

const maxDirect = 4

// directOf returns the direct-call class of func type ft: 1 + number of
// pointer params, +8 with a leading ctx, +16 with an error result.
func directOf(ft reflect.Type) direct {
	if !directWorks || ft.IsVariadic() || ft.NumOut() < 1 || ft.NumOut() > 2 || !pointerShaped(ft.Out(0)) {
		return 0
	}
	d := direct(1)
	if ft.NumOut() == 2 {
		if ft.Out(1) != errType {
			return 0
		}
		d |= 16
	}
	in := 0
	if ft.NumIn() > 0 && ft.In(0) == ctxType {
		d |= 8
		in = 1
	}
	if ft.NumIn()-in > maxDirect {
		return 0
	}
	for i := in; i < ft.NumIn(); i++ {
		if !pointerShaped(ft.In(i)) {
			return 0
		}
	}
	return d + direct(ft.NumIn()-in)
}

func pointerShaped(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return true
	}
	return false
}

type p = unsafe.Pointer

// callDirect calls the func value fp of class d with ctx (when d has a
// ctx) and the pointer arguments a; it returns the first result's pointer
// and the error result.
func callDirect(d direct, fp unsafe.Pointer, ctx context.Context, a *[maxDirect]p) (p, error) {
	f := unsafe.Pointer(&fp)
	switch d {
	case 1:
		return (*(*func() p)(f))(), nil
	case 2:
		return (*(*func(p) p)(f))(a[0]), nil
	case 3:
		return (*(*func(p, p) p)(f))(a[0], a[1]), nil
	case 4:
		return (*(*func(p, p, p) p)(f))(a[0], a[1], a[2]), nil
	case 5:
		return (*(*func(p, p, p, p) p)(f))(a[0], a[1], a[2], a[3]), nil
	case 1 | 8:
		return (*(*func(context.Context) p)(f))(ctx), nil
	case 2 | 8:
		return (*(*func(context.Context, p) p)(f))(ctx, a[0]), nil
	case 3 | 8:
		return (*(*func(context.Context, p, p) p)(f))(ctx, a[0], a[1]), nil
	case 4 | 8:
		return (*(*func(context.Context, p, p, p) p)(f))(ctx, a[0], a[1], a[2]), nil
	case 5 | 8:
		return (*(*func(context.Context, p, p, p, p) p)(f))(ctx, a[0], a[1], a[2], a[3]), nil
	case 1 | 16:
		return (*(*func() (p, error))(f))()
	case 2 | 16:
		return (*(*func(p) (p, error))(f))(a[0])
	case 3 | 16:
		return (*(*func(p, p) (p, error))(f))(a[0], a[1])
	case 4 | 16:
		return (*(*func(p, p, p) (p, error))(f))(a[0], a[1], a[2])
	case 5 | 16:
		return (*(*func(p, p, p, p) (p, error))(f))(a[0], a[1], a[2], a[3])
	case 1 | 8 | 16:
		return (*(*func(context.Context) (p, error))(f))(ctx)
	case 2 | 8 | 16:
		return (*(*func(context.Context, p) (p, error))(f))(ctx, a[0])
	case 3 | 8 | 16:
		return (*(*func(context.Context, p, p) (p, error))(f))(ctx, a[0], a[1])
	case 4 | 8 | 16:
		return (*(*func(context.Context, p, p, p) (p, error))(f))(ctx, a[0], a[1], a[2])
	case 5 | 8 | 16:
		return (*(*func(context.Context, p, p, p, p) (p, error))(f))(ctx, a[0], a[1], a[2], a[3])
	}
	panic("tagwire: unreachable direct call class")
}

// ifaceOf builds an interface value of dynamic type t (pointer-shaped)
// holding the pointer v.
func ifaceOf(t reflect.Type, v p) any {
	var x any
	w := (*[2]p)(unsafe.Pointer(&x))
	w[0], w[1] = typeid.Key(t), v
	return x
}

// directWorks is the startup self-check of direct calls: it calls two
// constructors of different pointer types through the unsafe.Pointer shape
// and compares the results with what plain calls give.
var directWorks = func() bool {
	type a struct{ n int }
	type b struct{ a *a }
	in := &a{n: 7}
	mk := func(x *a, m map[string]int) (*b, error) { return &b{a: x}, nil }
	fp := *(*unsafe.Pointer)(unsafe.Pointer(&mk))
	got, err := (*(*func(p, p) (p, error))(unsafe.Pointer(&fp)))(unsafe.Pointer(in), nil)
	if err != nil || got == nil || (*b)(got).a != in {
		return false
	}
	type key struct{}
	mk2 := func(ctx context.Context, x *a) *a { return &a{n: x.n + ctx.Value(key{}).(int)} }
	fp2 := *(*unsafe.Pointer)(unsafe.Pointer(&mk2))
	got2 := (*(*func(context.Context, p) p)(unsafe.Pointer(&fp2)))(context.WithValue(context.Background(), key{}, 1), unsafe.Pointer(in))
	return got2 != nil && (*a)(got2).n == 8
}()
