package method

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unsafe"

	"github.com/tagwire/tagwire/internal/rmap"
	"github.com/tagwire/tagwire/internal/typeid"
)

// ErrBadSignature is wrapped by errors about a method whose signature
// tagwire cannot call.
var ErrBadSignature = errors.New("unsupported method signature")

// ErrNoMethod is wrapped by errors about a named method that does not exist.
var ErrNoMethod = errors.New("no such method")

// SignatureError describes a method that cannot be called.
type SignatureError struct {
	Type   reflect.Type // receiver type
	Method string       // method name
	Got    string       // the method's signature, "" when it does not exist
	Want   string       // what is accepted
	Err    error        // ErrBadSignature or ErrNoMethod
}

func (e *SignatureError) Error() string {
	if e.Got == "" {
		return fmt.Sprintf("method: %s has no exported method %s (%v); want %s", e.Type, e.Method, e.Err, e.Want)
	}
	return fmt.Sprintf("method: %s.%s has signature %s (%v); want %s", e.Type, e.Method, e.Got, e.Err, e.Want)
}

// Unwrap returns the sentinel.
func (e *SignatureError) Unwrap() error { return e.Err }

var (
	ctxType = reflect.TypeFor[context.Context]()
	errType = reflect.TypeFor[error]()
)

// Shape classifies a callable method.
type Shape uint8

const (
	// Plain is m().
	Plain Shape = iota + 1
	// PlainErr is m() error.
	PlainErr
	// Ctx is m(ctx).
	Ctx
	// CtxErr is m(ctx) error.
	CtxErr
	// Deps takes dependencies (after an optional ctx); called via reflect.
	Deps
)

// Method is a callable method of a type: an Init hook or a method named by a
// registration.
type Method struct {
	// Type is the receiver type; Name the method name.
	Type reflect.Type
	Name string
	// Shape classifies the signature.
	Shape Shape
	// HasCtx is true when the first parameter is a context.Context.
	HasCtx bool
	// Params are the parameter types after the optional ctx.
	Params []reflect.Type
	// HasErr is true when the method returns an error.
	HasErr bool

	fn reflect.Value // the method expression (receiver first)
}

const initWant = "Init(), Init() error, Init(ctx), Init(ctx) error or Init([ctx,] deps...) [error]"

type cachedInit struct {
	m   *Method
	err error
}

var inits rmap.Map[unsafe.Pointer, cachedInit]

// InitOf returns the Init hook of type t (the dynamic type of an instance,
// usually a pointer), or nil when t has no method named Init. The result is
// cached per type.
func InitOf(t reflect.Type) (*Method, error) {
	k := typeid.Key(t)
	if c, ok := inits.Load(k); ok {
		return c.m, c.err
	}
	c := inits.LoadOrStore(k, func() cachedInit {
		rm, ok := t.MethodByName("Init")
		if !ok {
			return cachedInit{}
		}
		m, err := classify(t, rm, initWant)
		return cachedInit{m, err}
	})
	return c.m, c.err
}

// Lookup returns the exported method name of type t, checked to take nargs
// injected values (after an optional leading ctx) and to return nothing or
// an error. It is used for registration-time method injection.
func Lookup(t reflect.Type, name string, nargs int) (*Method, error) {
	want := fmt.Sprintf("%s([ctx,] %d argument(s)) [error]", name, nargs)
	rm, ok := t.MethodByName(name)
	if !ok {
		return nil, &SignatureError{Type: t, Method: name, Want: want, Err: ErrNoMethod}
	}
	m, err := classify(t, rm, want)
	if err != nil {
		return nil, err
	}
	if len(m.Params) != nargs {
		return nil, &SignatureError{Type: t, Method: name, Got: signature(rm.Type), Want: want, Err: ErrBadSignature}
	}
	return m, nil
}

func classify(t reflect.Type, rm reflect.Method, want string) (*Method, error) {
	ft := rm.Type // receiver is parameter 0
	bad := &SignatureError{Type: t, Method: rm.Name, Got: signature(ft), Want: want, Err: ErrBadSignature}
	if ft.IsVariadic() || ft.NumOut() > 1 || (ft.NumOut() == 1 && ft.Out(0) != errType) {
		return nil, bad
	}
	m := &Method{Type: t, Name: rm.Name, HasErr: ft.NumOut() == 1, fn: rm.Func}
	in := 1
	if ft.NumIn() > 1 && ft.In(1) == ctxType {
		m.HasCtx = true
		in = 2
	}
	for i := in; i < ft.NumIn(); i++ {
		m.Params = append(m.Params, ft.In(i))
	}
	switch {
	case len(m.Params) > 0:
		m.Shape = Deps
	case m.HasCtx && m.HasErr:
		m.Shape = CtxErr
	case m.HasCtx:
		m.Shape = Ctx
	case m.HasErr:
		m.Shape = PlainErr
	default:
		m.Shape = Plain
	}
	return m, nil
}

// signature renders a method type without its receiver.
func signature(ft reflect.Type) string {
	var in, out []string
	for i := 1; i < ft.NumIn(); i++ {
		if ft.IsVariadic() && i == ft.NumIn()-1 {
			in = append(in, "..."+ft.In(i).Elem().String())
			continue
		}
		in = append(in, ft.In(i).String())
	}
	for i := range ft.NumOut() {
		out = append(out, ft.Out(i).String())
	}
	s := "func(" + strings.Join(in, ", ") + ")"
	switch len(out) {
	case 0:
	case 1:
		s += " " + out[0]
	default:
		s += " (" + strings.Join(out, ", ") + ")"
	}
	return s
}

type (
	initPlain    interface{ Init() }
	initPlainErr interface{ Init() error }
	initCtx      interface{ Init(context.Context) }
	initCtxErr   interface{ Init(context.Context) error }
)

// Call calls the method on v with ctx and the resolved dependencies (one
// per Params entry). Init hooks without dependencies are called through an
// interface assertion; everything else through reflect.
func (m *Method) Call(ctx context.Context, v any, deps []reflect.Value) error {
	if m.Name == "Init" {
		switch m.Shape {
		case Plain:
			v.(initPlain).Init()
			return nil
		case PlainErr:
			return v.(initPlainErr).Init()
		case Ctx:
			v.(initCtx).Init(ctx)
			return nil
		case CtxErr:
			return v.(initCtxErr).Init(ctx)
		}
	}
	args := make([]reflect.Value, 0, 2+len(deps))
	args = append(args, reflect.ValueOf(v))
	if m.HasCtx {
		args = append(args, reflect.ValueOf(&ctx).Elem())
	}
	args = append(args, deps...)
	out := m.fn.Call(args)
	if m.HasErr {
		if err, _ := out[0].Interface().(error); err != nil {
			return err
		}
	}
	return nil
}

type closerCtx interface{ Close(context.Context) error }
type closerPlain interface{ Close() }

// CloserOf returns a cleanup for v when it has a Close method in one of the
// forms Close() error (io.Closer), Close(ctx) error or Close(), and nil
// otherwise.
func CloserOf(v any) func(context.Context) error {
	switch c := v.(type) {
	case io.Closer:
		return func(context.Context) error { return c.Close() }
	case closerCtx:
		return c.Close
	case closerPlain:
		return func(context.Context) error { c.Close(); return nil }
	}
	return nil
}
