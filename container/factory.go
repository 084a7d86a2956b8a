package container

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"

	"github.com/tagwire/tagwire/internal/typeid"
)

// Factory builds instances of T through the container it was injected
// from. Declare a field of this type (inject:"" or inject:"factory") or a
// constructor parameter, and call New whenever a new instance is needed:
//
//	type Handler struct {
//	    NewSession container.Factory[*Session] `inject:"factory"`
//	}
//	s, err := h.NewSession.New(ctx, container.Field("User", u))
//
// Each call returns a fully populated, initialised instance. T's
// registration and lifetime are honoured (a Singleton stays one object, a
// Scoped T is one per scope); an unregistered struct type is built fresh
// on every call. The registration is looked up at call time, so overrides
// and Abstract implementations supplied later are seen.
//
// The zero Factory is not usable: New returns ErrBadInput.
type Factory[T any] struct {
	core *factoryCore
}

// New builds a T. [Named] picks a named registration; the overrides
// [Field], [Use] and [Args] apply to this instance only, and are an error
// for shared (Singleton, Scoped) registrations. If ctx
// carries a scope below the container the factory came from (see
// [NewContext]), the instance is built in that scope.
func (f Factory[T]) New(ctx context.Context, opts ...Option) (T, error) {
	var zero T
	if f.core == nil {
		return zero, finish(newErr(ErrBadInput, reflect.TypeFor[T](), "zero Factory value", "let the container inject the field"), "factory")
	}
	v, err := f.core.build(ctx, opts)
	if err != nil {
		return zero, err
	}
	r, _ := v.(T)
	return r, nil
}

func (Factory[T]) factoryShape() *factoryShape {
	t := reflect.TypeFor[T]()
	return &factoryShape{kind: shapeFactory, target: t, tid: typeid.Of(t)}
}

// NewOwned is New for instances whose cleanups the caller owns: the
// cleanups of what this call builds fresh (the instance itself when it is
// Transient, PerGraph or an unregistered struct type, and its fresh
// dependencies) run when the caller calls release, newest first, and the
// container keeps no record of them, so that calling NewOwned any number
// of times holds no memory in the container. Shared instances (Singleton,
// Scoped) stay owned by their container. release is safe to call more than
// once; only the first call runs the cleanups.
func (f Factory[T]) NewOwned(ctx context.Context, opts ...Option) (v T, release func(context.Context) error, err error) {
	release = func(context.Context) error { return nil }
	if f.core == nil {
		return v, release, finish(newErr(ErrBadInput, reflect.TypeFor[T](), "zero Factory value", "let the container inject the field"), "factory")
	}
	co, err := collectCall(opts, forResolve, "Factory.NewOwned")
	if err != nil {
		return v, release, f.core.fail(err)
	}
	if co == nil {
		co = &callOpts{}
	}
	co.owned = true
	var recs []*record
	co.ownOut = &recs
	x, err := f.core.buildWith(ctx, co)
	if err != nil {
		return v, release, err
	}
	v, _ = x.(T)
	if len(recs) > 0 {
		var once sync.Once
		release = func(ctx context.Context) error {
			var err error
			once.Do(func() {
				if ctx == nil {
					ctx = context.Background()
				}
				err = errors.Join(runRecords(ctx, recs)...)
			})
			return err
		}
	}
	return v, release, nil
}

// Keyed is a keyed factory aggregate (dependency-injector's
// FactoryAggregate): it builds a T from the registration of T made under a
// given key ([Named] or [Key]):
//
//	container.Provide[Game](c, NewChess, container.Named("chess"))
//	container.Provide[Game](c, NewCheckers, container.Named("checkers"))
//	type App struct {
//	    Games container.Keyed[string, Game] `inject:""`
//	}
//	g, err := app.Games.New(ctx, "chess")
//
// The zero Keyed is not usable: New returns ErrBadInput.
type Keyed[K cmp.Ordered, T any] struct {
	core *factoryCore
}

// New builds the T registered under key. An unknown key is an
// ErrNotFound error that lists the known keys.
func (k Keyed[K, T]) New(ctx context.Context, key K, opts ...Option) (T, error) {
	var zero T
	if k.core == nil {
		return zero, finish(newErr(ErrBadInput, reflect.TypeFor[T](), "zero Keyed value", "let the container inject the field"), "factory")
	}
	v, err := k.core.buildKey(ctx, key, opts)
	if err != nil {
		return zero, err
	}
	r, _ := v.(T)
	return r, nil
}

// Keys returns the registered keys, sorted.
func (k Keyed[K, T]) Keys() []K {
	if k.core == nil {
		return nil
	}
	var out []K
	for _, x := range k.core.keys() {
		out = append(out, x.(K))
	}
	slices.Sort(out)
	return out
}

// Has reports whether key is registered.
func (k Keyed[K, T]) Has(key K) bool {
	return slices.Contains(k.Keys(), key)
}

func (Keyed[K, T]) factoryShape() *factoryShape {
	t := reflect.TypeFor[T]()
	return &factoryShape{kind: shapeKeyed, target: t, tid: typeid.Of(t), keyT: reflect.TypeFor[K]()}
}

type shapeKind uint8

const (
	shapeFactory shapeKind = iota // Factory[T]
	shapeKeyed                    // Keyed[K, T]
	shapeFunc                     // func() T, func() (T, error), func(ctx) ...
	shapeMap                      // map[K]<Factory[T] or func>
)

// factoryShape describes a type that receives a factory.
type factoryShape struct {
	kind   shapeKind
	typ    reflect.Type // the field or parameter type
	target reflect.Type // T
	tid    typeid.ID
	key    any // the tag's name=, for Factory and func shapes
	hasKey bool
	keyT   reflect.Type  // Keyed and map key type
	ctxIn  bool          // func takes a context
	errOut bool          // func returns an error
	elem   *factoryShape // map element
}

type shaper interface{ factoryShape() *factoryShape }

var shaperType = reflect.TypeFor[shaper]()

// markerShape returns the shape of Factory and Keyed types, else nil.
func markerShape(t reflect.Type) *factoryShape {
	if t.Kind() != reflect.Struct || !t.Implements(shaperType) {
		return nil
	}
	fx := reflect.Zero(t).Interface().(shaper).factoryShape()
	fx.typ = t
	return fx
}

// factoryShapeOf returns the shape of a func or map factory type (with the
// tag's name, if any), or nil when t is not one.
func factoryShapeOf(t reflect.Type, name string) *factoryShape {
	if fx := markerShape(t); fx != nil {
		if name != "" && fx.kind == shapeFactory {
			fx.key, fx.hasKey = name, true
		}
		return fx
	}
	switch t.Kind() {
	case reflect.Func:
		if t.IsVariadic() || t.NumIn() > 1 || (t.NumIn() == 1 && t.In(0) != ctxType) {
			return nil
		}
		if t.NumOut() < 1 || t.NumOut() > 2 || t.Out(0) == errType || (t.NumOut() == 2 && t.Out(1) != errType) {
			return nil
		}
		fx := &factoryShape{kind: shapeFunc, typ: t, target: t.Out(0), tid: typeid.Of(t.Out(0)),
			ctxIn: t.NumIn() == 1, errOut: t.NumOut() == 2}
		if name != "" {
			fx.key, fx.hasKey = name, true
		}
		return fx
	case reflect.Map:
		elem := factoryShapeOf(t.Elem(), "")
		if elem == nil || elem.kind == shapeMap || elem.kind == shapeKeyed || !isOrdered(t.Key()) {
			return nil
		}
		return &factoryShape{kind: shapeMap, typ: t, target: elem.target, tid: elem.tid, keyT: t.Key(), elem: elem}
	}
	return nil
}

func isOrdered(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// factoryCore is what a factory value holds: the container it builds
// through and what it builds.
type factoryCore struct {
	c     *Container
	shape *factoryShape
	key   any
	hasK  bool
}

func (fc *factoryCore) build(ctx context.Context, overrides []Option) (any, error) {
	if len(overrides) == 0 && !fc.hasK { // the common call: nothing to collect or add
		return fc.c.resolveFactory(ctx, fc.shape, nil)
	}
	co, err := collectCall(overrides, forResolve, "Factory.New")
	if err != nil {
		return nil, fc.fail(err)
	}
	return fc.buildWith(ctx, co)
}

// fail reports an error about a factory call before it starts.
func (fc *factoryCore) fail(err error) error {
	t := fc.shape.target
	return finish(withPath(err, typeName(t), t, ""), "factory")
}

func (fc *factoryCore) buildWith(ctx context.Context, co *callOpts) (any, error) {
	if fc.hasK {
		if co == nil {
			co = &callOpts{}
		}
		co.key, co.hasKey = fc.key, true
	}
	return fc.c.resolveFactory(ctx, fc.shape, co)
}

func (fc *factoryCore) buildKey(ctx context.Context, key any, overrides []Option) (any, error) {
	co, err := collectCall(overrides, forKeyed, "Keyed.New")
	if err != nil {
		return nil, fc.fail(err)
	}
	if err := checkKey(key); err != nil {
		return nil, fc.fail(err)
	}
	if co == nil {
		co = &callOpts{}
	}
	co.key, co.hasKey = key, true
	keys := fc.keysIn(fc.c.effective(ctx))
	if !slices.Contains(keys, key) {
		names := make([]string, len(keys))
		for i, k := range keys {
			names[i] = fmt.Sprint(k)
		}
		slices.Sort(names)
		return nil, finish(withPath(newErr(ErrNotFound, fc.shape.target,
			fmt.Sprintf("no %v is registered under the key %s; the keys are %v", fc.shape.target, keyString(key), names),
			"register one under the key with container.Named"), typeName(fc.shape.target), fc.shape.target, ""), "factory")
	}
	return fc.c.resolveFactory(ctx, fc.shape, co)
}

// resolveFactory makes what a call of a factory of shape fx gives: a pure
// build when it can, the general path otherwise.
func (c *Container) resolveFactory(ctx context.Context, fx *factoryShape, co *callOpts) (any, error) {
	if co == nil {
		if v, ok := c.pureCall(ctx, fx.tid); ok {
			return v, nil
		}
	}
	return c.call(ctx, fx.target, co, true, "factory")
}

// keys returns the keys of the registrations of the target type whose key
// has the shape's key type.
func (fc *factoryCore) keys() []any { return fc.keysIn(fc.c) }

// keysIn is keys as seen from container c.
func (fc *factoryCore) keysIn(c *Container) []any {
	c.root.regMu.Lock()
	defer c.root.regMu.Unlock()
	var out []any
	c.visitLocked(func(k regKey, act []*binding) {
		if k.tid == fc.shape.tid && k.key != nil && reflect.TypeOf(k.key) == fc.shape.keyT {
			out = append(out, k.key)
		}
	})
	return out
}

// factory makes the factory value for shape fx, bound to container sc,
// for the build at frame fr.
func (at *attempt) factory(sc *Container, fx *factoryShape, fr *frame) (any, error) {
	var product *binding
	switch fx.kind {
	case shapeFactory, shapeFunc:
		b, err := at.lookupID(sc, fx.target, fx.tid, fx.key, fx.hasKey)
		if err != nil {
			return nil, err
		}
		product = b
	}
	if g := at.dry.graph(); g != nil {
		g.link(fr, at.edge, func() int { return g.factoryNode(fx, product, sc) })
	}
	core := &factoryCore{c: sc, shape: fx, key: fx.key, hasK: fx.hasKey}
	switch fx.kind {
	case shapeFactory, shapeKeyed:
		return markerValue(fx.typ, core).Interface(), nil
	case shapeFunc:
		return funcValue(fx, core).Interface(), nil
	}
	// shapeMap: one factory per key of the key type.
	m := reflect.MakeMap(fx.typ)
	for _, k := range core.keys() {
		kc := &factoryCore{c: sc, shape: fx.elem, key: k, hasK: true}
		var ev reflect.Value
		if fx.elem.kind == shapeFunc {
			ev = funcValue(fx.elem, kc)
		} else {
			ev = markerValue(fx.elem.typ, kc)
		}
		m.SetMapIndex(reflect.ValueOf(k), ev)
	}
	return m.Interface(), nil
}

// markerValue returns a Factory[T] or Keyed[K, T] value (type t) holding
// core.
func markerValue(t reflect.Type, core *factoryCore) reflect.Value {
	p := reflect.New(t)
	p.Interface().(coreSetter).setCore(core)
	return p.Elem()
}

// coreSetter is implemented by *Factory[T] and *Keyed[K, T].
type coreSetter interface{ setCore(*factoryCore) }

func (f *Factory[T]) setCore(c *factoryCore)  { f.core = c }
func (k *Keyed[K, T]) setCore(c *factoryCore) { k.core = c }

// funcValue returns a func factory of shape fx. A func without an error
// result panics with the *Error when the build fails: declare
// func() (T, error) when it can fail.
func funcValue(fx *factoryShape, core *factoryCore) reflect.Value {
	return reflect.MakeFunc(fx.typ, func(in []reflect.Value) []reflect.Value {
		ctx := context.Background()
		if fx.ctxIn {
			if c, _ := in[0].Interface().(context.Context); c != nil {
				ctx = c
			}
		}
		v, err := core.build(ctx, nil)
		out := valueFor(v, fx.target)
		if err != nil {
			out = reflect.Zero(fx.target)
		}
		if !fx.errOut {
			if err != nil {
				panic(err)
			}
			return []reflect.Value{out}
		}
		ev := reflect.Zero(errType)
		if err != nil {
			ev = reflect.ValueOf(&err).Elem()
		}
		return []reflect.Value{out, ev}
	})
}
