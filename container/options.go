package container

import (
	"cmp"
	"context"
	"fmt"
	"reflect"
)

// Option configures a registration (Provide, Struct, Instance, Bind,
// Abstract, Override). Lifetimes, [Named], [Key], [AutoClose], [OnClose],
// [AsFactory], [Args], [Field] and [Method] are Options.
type Option interface {
	applyReg(*regOpts) error
}

// ResolveOption configures one resolution (Resolve, Factory.New,
// Keyed.New, Invoke): [Named] or [Key] to pick a registration, and the
// call-time overrides [Set] (a struct field by name, the Go analogue of a
// Python keyword argument), [Use] (a dependency by type) and [Args]
// (trailing positional constructor arguments). Overrides apply to the
// top-level object being built only; an override wins over the injection
// it replaces, which is then not evaluated at all.
type ResolveOption interface {
	applyCall(*callOpts) error
}

// ContainerOption configures a container in [New].
type ContainerOption interface {
	applyContainer(*Container)
}

type regOpts struct {
	key       any
	hasKey    bool
	life      Lifetime
	lifeSet   bool
	autoClose bool
	onClose   []onCloseFn
	asFactory bool
	args      []any
	hasArgs   bool
	fields    []fieldSpec
	methods   []methodSpec
}

type onCloseFn struct {
	t  reflect.Type
	fn func(context.Context, any) error
}

type fieldSpec struct {
	name string
	v    any
}

type methodSpec struct {
	name string
	vals []any
}

// noRegOpts is the regOpts of a registration without options; it is only
// ever read.
var noRegOpts regOpts

func collectReg(opts []Option) (*regOpts, error) {
	if len(opts) == 0 {
		return &noRegOpts, nil
	}
	o := &regOpts{}
	for _, opt := range opts {
		if opt == nil {
			return nil, newErr(ErrBadOption, nil, "nil option", "")
		}
		if err := opt.applyReg(o); err != nil {
			return nil, err
		}
	}
	return o, nil
}

type callOpts struct {
	key     any
	hasKey  bool
	owned   bool       // Factory.NewOwned: the caller owns fresh instances' cleanups
	ownOut  *[]*record // where NewOwned receives them
	sets    []setOv
	uses    []useOv
	args    []any
	hasArgs bool
}

type setOv struct {
	name string
	v    any
}

type useOv struct {
	t reflect.Type
	v any
}

func (o *callOpts) overrides() bool {
	return o != nil && (len(o.sets) > 0 || len(o.uses) > 0 || o.hasArgs)
}

func collectCall[O ResolveOption](opts []O) (*callOpts, error) {
	if len(opts) == 0 {
		return nil, nil
	}
	o := &callOpts{}
	for _, opt := range opts {
		if any(opt) == nil {
			return nil, newErr(ErrBadOption, nil, "nil option", "")
		}
		if err := opt.applyCall(o); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// Lifetime says how long an instance built by a registration lives and who
// shares it. A Lifetime is an Option: Provide[*DB](c, NewDB, container.Transient).
type Lifetime uint8

const (
	// Singleton: one instance per container that owns the registration,
	// built on first use and shared by everyone (the default, and the
	// lifetime of unregistered struct types populated by inject:"").
	Singleton Lifetime = iota
	// Transient: a new instance for every injection.
	Transient
	// PerGraph: one instance shared within one Populate, Resolve, Invoke
	// or factory call, and a new one for the next call (clean_ioc's
	// once-per-graph).
	PerGraph
	// Scoped: one instance per scope (see [Container.NewScope]); resolving
	// it outside a scope is an ErrNoScope error.
	Scoped
)

func (l Lifetime) String() string {
	switch l {
	case Singleton:
		return "Singleton"
	case Transient:
		return "Transient"
	case PerGraph:
		return "PerGraph"
	case Scoped:
		return "Scoped"
	}
	return fmt.Sprintf("Lifetime(%d)", uint8(l))
}

func (l Lifetime) applyReg(o *regOpts) error {
	if l > Scoped {
		return newErr(ErrBadOption, nil, fmt.Sprintf("unknown lifetime %d", uint8(l)), "use Singleton, Transient, PerGraph or Scoped")
	}
	if o.lifeSet && o.life != l {
		return newErr(ErrBadOption, nil, fmt.Sprintf("two lifetimes given (%v and %v)", o.life, l), "give one")
	}
	o.life, o.lifeSet = l, true
	return nil
}

// KeyOption names a registration, or picks a named one when resolving.
// Make one with [Named] or [Key].
type KeyOption struct {
	key any
}

// Named registers under, or resolves, the name n. Named values fill fields
// tagged inject:"name=n" and are the keys of [Keyed] aggregates with string
// keys. A name must be unique per registered type.
func Named(n string) KeyOption { return KeyOption{n} }

// Key registers under, or resolves, a key of any ordered type (an enum, an
// int). Key("x") is the same as Named("x"). Keyed registrations of one
// type form the aggregate that a [Keyed] field receives.
func Key[K cmp.Ordered](k K) KeyOption { return KeyOption{k} }

func (k KeyOption) check() error {
	if s, ok := k.key.(string); ok && s == "" {
		return newErr(ErrBadOption, nil, "empty name", "use a non-empty name, or no Named option for the unnamed registration")
	}
	if k.key == nil {
		return newErr(ErrBadOption, nil, "zero KeyOption", "make one with container.Named or container.Key")
	}
	if rv := reflect.ValueOf(k.key); (rv.Kind() == reflect.Float32 || rv.Kind() == reflect.Float64) && rv.Float() != rv.Float() {
		return newErr(ErrBadOption, nil, "NaN key", "a NaN never equals itself, so nothing could be found under it: use another key")
	}
	return nil
}

func (k KeyOption) applyReg(o *regOpts) error {
	if o.hasKey {
		return newErr(ErrBadOption, nil, fmt.Sprintf("two names given (%v and %v)", o.key, k.key), "give one")
	}
	o.key, o.hasKey = k.key, true
	return k.check()
}

func (k KeyOption) applyCall(o *callOpts) error {
	if o.hasKey {
		return newErr(ErrBadOption, nil, fmt.Sprintf("two names given (%v and %v)", o.key, k.key), "give one")
	}
	o.key, o.hasKey = k.key, true
	return k.check()
}

type flagOption uint8

const (
	flagAutoClose flagOption = iota + 1
	flagAsFactory
)

// AutoClose closes instances that have a Close method (io.Closer's
// Close() error, Close(ctx) error, or Close()) when their owner closes.
// As an Option it applies to one registration; passed to [New] it applies
// to every instance the container builds (not to values given to
// [Instance], which the caller owns unless that registration says
// AutoClose).
func AutoClose() interface {
	Option
	ContainerOption
} {
	return flagAutoClose
}

// AsFactory makes a registration delegated (dependency-injector's
// DelegatedFactory): it is always injected as a factory, never as a
// product. Fields and parameters of a factory type (Factory[T], or a func
// such as func() (T, error)) receive the factory even with a plain
// inject:"" tag, and injecting the product is an ErrDelegated error.
func AsFactory() Option { return flagAsFactory }

func (f flagOption) applyReg(o *regOpts) error {
	switch f {
	case flagAutoClose:
		o.autoClose = true
	case flagAsFactory:
		o.asFactory = true
	}
	return nil
}

func (f flagOption) applyContainer(c *Container) {
	if f == flagAutoClose {
		c.autoClose = true
	}
}

type onCloseOption struct{ fn onCloseFn }

// OnClose runs fn with the instance when its owner closes (singletons with
// the container, scoped and transient instances with their scope), in
// reverse creation order with every other cleanup. T must be the
// registered type or an interface it implements.
func OnClose[T any](fn func(ctx context.Context, v T) error) Option {
	if fn == nil {
		return onCloseOption{}
	}
	return onCloseOption{onCloseFn{
		t: reflect.TypeFor[T](),
		fn: func(ctx context.Context, v any) error {
			t, _ := v.(T)
			return fn(ctx, t)
		},
	}}
}

func (oc onCloseOption) applyReg(o *regOpts) error {
	if oc.fn.fn == nil {
		return newErr(ErrBadOption, nil, "OnClose with a nil function", "")
	}
	o.onClose = append(o.onClose, oc.fn)
	return nil
}

// ArgList is a list of positional constructor arguments; see [Args].
type ArgList []any

// Args gives positional constructor arguments. At registration they fill
// the constructor's first parameters, left to right; at call time
// (Factory.New, Resolve) they fill the parameters after those, so that a
// registration with Args(1, 2) called with Args(3, 4) calls P(1, 2, 3, 4).
// Parameters not covered by arguments are resolved by type. A value that
// is a [Provider] (see [Dep]) is evaluated on every build; any other value
// is passed as it is.
func Args(vals ...any) ArgList { return ArgList(vals) }

func (a ArgList) applyReg(o *regOpts) error {
	if o.hasArgs {
		return newErr(ErrBadOption, nil, "Args given twice", "pass all arguments to one Args call")
	}
	o.args, o.hasArgs = a, true
	return nil
}

func (a ArgList) applyCall(o *callOpts) error {
	if o.hasArgs {
		return newErr(ErrBadOption, nil, "Args given twice", "pass all arguments to one Args call")
	}
	o.args, o.hasArgs = a, true
	return nil
}

type fieldOption fieldSpec

// Field injects v into the named exported field of every instance the
// registration builds ("attribute injection"), after construction, in
// struct declaration order together with the tagged fields. Unlike a tag,
// which fills only zero fields, an explicit Field always sets the field.
// v may be a [Provider] evaluated per build (a fresh value each time for a
// Transient registration) or a plain value shared by every instance.
func Field(name string, v any) Option { return fieldOption{name, v} }

func (f fieldOption) applyReg(o *regOpts) error {
	for _, g := range o.fields {
		if g.name == f.name {
			return newErr(ErrBadOption, nil, fmt.Sprintf("Field %q given twice", f.name), "")
		}
	}
	o.fields = append(o.fields, fieldSpec(f))
	return nil
}

type methodOption methodSpec

// Method calls the named method of every instance the registration builds,
// after all fields are set and before Init, with vals as its arguments
// (after an optional leading context.Context, which receives the build's
// context). Methods run in the order the options are given. A value that
// is a [Provider] is evaluated per call; the method may return an error.
func Method(name string, vals ...any) Option { return methodOption{name, vals} }

func (m methodOption) applyReg(o *regOpts) error {
	o.methods = append(o.methods, methodSpec(m))
	return nil
}

type setOption setOv

// Set overrides the named exported field of the object being built, at
// call time. The injection the field's tag asks for is not evaluated. The
// field need not be tagged. Naming a field the type does not have is an
// ErrUnknownOverride error; a value of the wrong type is ErrTypeMismatch.
func Set(field string, v any) ResolveOption { return setOption{name: field, v: v} }

func (s setOption) applyCall(o *callOpts) error {
	for _, p := range o.sets {
		if p.name == s.name {
			return newErr(ErrBadOption, nil, fmt.Sprintf("Set(%q) given twice", s.name), "")
		}
	}
	o.sets = append(o.sets, setOv(s))
	return nil
}

type useOption useOv

// Use overrides, at call time, every dependency of type T of the object
// being built (constructor parameters, tagged fields, Init parameters) with
// v. The replaced dependencies are not resolved. A Use that matches no
// dependency is an ErrUnknownOverride error.
func Use[T any](v T) ResolveOption { return useOption{t: reflect.TypeFor[T](), v: v} }

func (u useOption) applyCall(o *callOpts) error {
	for _, p := range o.uses {
		if p.t == u.t {
			return newErr(ErrBadOption, u.t, "Use given twice for one type", "")
		}
	}
	o.uses = append(o.uses, useOv(u))
	return nil
}

// Provider is a value evaluated on every build when passed to [Args],
// [Field] or [Method]: dependency-injector's rule that providers are
// called per injection while plain values are passed as they are. Make
// one with [Dep].
type Provider interface {
	providerType() reflect.Type
	providerKey() (any, bool)
}

type depProvider struct {
	t      reflect.Type
	key    any
	hasKey bool
}

// Dep is a [Provider] that resolves T through the container on every
// build, honouring T's registration and lifetime (a Transient T gives each
// build its own instance). Pass [Named] or [Key] to pick a keyed
// registration.
func Dep[T any](key ...KeyOption) Provider {
	p := depProvider{t: reflect.TypeFor[T]()}
	if len(key) > 0 {
		p.key, p.hasKey = key[0].key, true
	}
	return p
}

func (d depProvider) providerType() reflect.Type { return d.t }
func (d depProvider) providerKey() (any, bool)   { return d.key, d.hasKey }
