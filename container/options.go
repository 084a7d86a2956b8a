package container

import (
	"cmp"
	"context"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// Option configures what it is passed to: a container ([New]), a
// registration ([Provide], [Supply], [Override]), a call ([Resolve],
// [Container.Invoke], [Factory.New], [Keyed.New], [Unregister], [Reset])
// or [Run]. Options compose; each function takes the options that mean
// something to it and reports any other as an ErrBadInput error naming it,
// so that no option is ever silently ignored.
type Option interface {
	apply(*optSet) error
}

// optSet gathers the options passed to one call.
type optSet struct {
	given []string // the options given, in order, for error messages

	life    Lifetime
	lifeSet bool
	key     any
	hasKey  bool
	as      []reflect.Type

	autoClose bool
	onClose   []onCloseFn
	asFactory bool
	populated bool
	complete  bool
	noInit    bool
	strict    bool

	args    []any
	hasArgs bool
	argAt   map[int]any // Arg(i, v)
	fields  []fieldSpec
	methods []methodSpec
	uses    []useOv

	timeout time.Duration
	obs     Observer

	replace   bool
	scopeOnly bool
	labels    []label
	forT      reflect.Type
}

// label is a key=value pair a registration carries (Label).
type label struct{ k, v string }

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

type useOv struct {
	t reflect.Type
	v any
}

// What each kind of call accepts.
var (
	forContainer = []string{"AutoClose", "NoInit", "Observe", "Strict"}
	forProvide   = []string{"Lifetime", "Named", "As", "AutoClose", "OnClose", "AsFactory", "Args", "Arg", "Field", "Method", "Populated", "Complete", "Replace", "Label", "For", "ScopeOnly"}
	forOverride  = []string{"Lifetime", "Named", "AutoClose", "OnClose", "AsFactory", "Args", "Arg", "Field", "Method", "Populated", "Complete"}
	forSupply    = []string{"Named", "As", "AutoClose", "OnClose", "Populated", "Complete", "Replace", "Label", "For"}
	forResolve   = []string{"Named", "Field", "Use", "Args"}
	forKeyed     = []string{"Field", "Use", "Args"}
	forInvoke    = []string{"Use", "Args"}
	forKey       = []string{"Named"}
	forRun       = []string{"ShutdownTimeout"}
)

// gather applies opts and checks that every one is accepted by the caller
// (allowed lists the accepted option names).
func gather(opts []Option, allowed []string, what string) (*optSet, error) {
	o := &optSet{}
	for _, opt := range opts {
		if opt == nil {
			return nil, newErr(ErrBadInput, nil, "nil option", "")
		}
		if err := opt.apply(o); err != nil {
			return nil, err
		}
		name := o.given[len(o.given)-1]
		ok := false
		for _, a := range allowed {
			ok = ok || a == name
		}
		if !ok {
			return nil, newErr(ErrBadInput, nil, fmt.Sprintf("%s does not take the option %s", what, name),
				fmt.Sprintf("%s takes %s", what, strings.Join(allowed, ", ")))
		}
	}
	return o, nil
}

func (o *optSet) note(name string) { o.given = append(o.given, name) }

// regOpts are the options of a registration.
type regOpts = optSet

// noRegOpts is the optSet of a registration without options; it is only
// ever read.
var noRegOpts optSet

func collectReg(opts []Option, allowed []string, what string) (*regOpts, error) {
	if len(opts) == 0 {
		return &noRegOpts, nil
	}
	return gather(opts, allowed, what)
}

// callOpts are the options of one call: which registration (key) and the
// call-time overrides of the object it builds.
type callOpts struct {
	key     any
	hasKey  bool
	owned   bool       // Factory.NewOwned: the caller owns fresh instances' cleanups
	ownOut  *[]*record // where NewOwned receives them
	sets    []fieldSpec
	uses    []useOv
	args    []any
	hasArgs bool
	slots   []int // the constructor parameters the call-time args fill, in order
}

func (o *callOpts) overrides() bool {
	return o != nil && (len(o.sets) > 0 || len(o.uses) > 0 || o.hasArgs)
}

func collectCall(opts []Option, allowed []string, what string) (*callOpts, error) {
	if len(opts) == 0 {
		return nil, nil
	}
	o, err := gather(opts, allowed, what)
	if err != nil {
		return nil, err
	}
	return &callOpts{key: o.key, hasKey: o.hasKey, sets: o.fields, uses: o.uses, args: o.args, hasArgs: o.hasArgs}, nil
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

func (l Lifetime) apply(o *optSet) error {
	o.note("Lifetime")
	if l > Scoped {
		return newErr(ErrBadInput, nil, fmt.Sprintf("unknown lifetime %d", uint8(l)), "use Singleton, Transient, PerGraph or Scoped")
	}
	if o.lifeSet && o.life != l {
		return newErr(ErrBadInput, nil, fmt.Sprintf("two lifetimes given (%v and %v)", o.life, l), "give one")
	}
	o.life, o.lifeSet = l, true
	return nil
}

// optFunc is an Option made of a name and a function.
type optFunc struct {
	name string
	fn   func(*optSet) error
}

func (f optFunc) apply(o *optSet) error {
	o.note(f.name)
	return f.fn(o)
}

func option(name string, fn func(*optSet) error) Option { return optFunc{name, fn} }

// Named registers under, or picks, the key k: a name ("primary") or a key
// of any ordered type (an enum, an int). Named values fill fields tagged
// inject:"name=primary" (or facebookgo's inject:"primary"); the keyed
// registrations of one type form the aggregate a [Keyed] field receives.
// A key must be unique per registered type.
func Named[K cmp.Ordered](k K) Option {
	return option("Named", func(o *optSet) error {
		if o.hasKey {
			return newErr(ErrBadInput, nil, fmt.Sprintf("two names given (%v and %v)", o.key, k), "give one")
		}
		if err := checkKey(k); err != nil {
			return err
		}
		o.key, o.hasKey = k, true
		return nil
	})
}

// checkKey rejects keys nothing could ever be found under.
func checkKey(k any) error {
	if s, ok := k.(string); ok && s == "" {
		return newErr(ErrBadInput, nil, "empty name", "use a non-empty name, or no Named option for the unnamed registration")
	}
	if rv := reflect.ValueOf(k); (rv.Kind() == reflect.Float32 || rv.Kind() == reflect.Float64) && rv.Float() != rv.Float() {
		return newErr(ErrBadInput, nil, "NaN key", "a NaN never equals itself, so nothing could be found under it: use another key")
	}
	return nil
}

// As also provides the registration under the interface I (dig's As): the
// same instance fills fields of its own type and of I. I must be an
// interface that the registered type implements.
func As[I any]() Option {
	t := reflect.TypeFor[I]()
	return option("As", func(o *optSet) error {
		if t.Kind() != reflect.Interface {
			return newErr(ErrBadInput, t, fmt.Sprintf("As[%v]: not an interface", t), "As takes an interface the registered type implements")
		}
		for _, x := range o.as {
			if x == t {
				return newErr(ErrBadInput, t, fmt.Sprintf("As[%v] given twice", t), "")
			}
		}
		o.as = append(o.as, t)
		return nil
	})
}

// AutoClose closes instances that have a Close method (io.Closer's
// Close() error, Close(ctx) error, or Close()) when their owner closes.
// Passed to a registration it applies to that registration; passed to
// [New] it applies to every instance the container builds (not to values
// given to [Supply] or [Provide], which the caller owns unless their
// registration says AutoClose).
func AutoClose() Option {
	return option("AutoClose", func(o *optSet) error { o.autoClose = true; return nil })
}

// NoInit turns method injection off for the container passed to [New]:
// Init methods are not called (facebookgo/inject never calls methods).
func NoInit() Option {
	return option("NoInit", func(o *optSet) error { o.noInit = true; return nil })
}

// Strict makes the container made by [New] build nothing implicitly: an
// unregistered *Struct field, Populate target dependency or Resolve is
// ErrNotFound instead of a zero value (register the types to build from
// their zero value with Provide[*T](c, nil)).
func Strict() Option {
	return option("Strict", func(o *optSet) error { o.strict = true; return nil })
}

// AsFactory makes a registration delegated (dependency-injector's
// DelegatedFactory): it is always injected as a factory, never as a
// product. Fields and parameters of a factory type (Factory[T], or a func
// such as func() (T, error)) receive the factory even with a plain
// inject:"" tag, and injecting the product is an ErrTypeMismatch error.
func AsFactory() Option {
	return option("AsFactory", func(o *optSet) error { o.asFactory = true; return nil })
}

// Populated makes the container fill the tagged fields of a registered
// value (a pointer to a struct) and run its Init method, the first time
// the value is resolved, as it does for the instances it builds. Without
// it a value is used as it is, and registering one whose tagged fields are
// still zero is an error.
func Populated() Option {
	return option("Populated", func(o *optSet) error { o.populated = true; return nil })
}

// Complete marks a registered value as complete (facebookgo/inject's
// Object.Complete): it is used as it is, even with tagged fields that are
// still zero.
func Complete() Option {
	return option("Complete", func(o *optSet) error { o.complete = true; return nil })
}

// OnClose runs fn with the instance when its owner closes (Singletons with
// the container, Scoped and Transient instances with their scope), in
// reverse creation order with every other cleanup. T must be the
// registered type or an interface it implements.
func OnClose[T any](fn func(ctx context.Context, v T) error) Option {
	return option("OnClose", func(o *optSet) error {
		if fn == nil {
			return newErr(ErrBadInput, nil, "OnClose with a nil function", "")
		}
		o.onClose = append(o.onClose, onCloseFn{
			t: reflect.TypeFor[T](),
			fn: func(ctx context.Context, v any) error {
				t, _ := v.(T)
				return fn(ctx, t)
			},
		})
		return nil
	})
}

// Args gives positional constructor arguments. At registration they fill
// the constructor's first parameters, left to right; at call time
// (Factory.New, Resolve) they fill the parameters after those, so that a
// registration with Args(1, 2) called with Args(3, 4) calls P(1, 2, 3, 4).
// Parameters not covered by arguments are resolved by type. A value made
// with [Dep] is resolved on every build; any other value is passed as it
// is. Passed to Invoke, Args fills the function's first parameters.
func Args(vals ...any) Option {
	return option("Args", func(o *optSet) error {
		if o.hasArgs {
			return newErr(ErrBadInput, nil, "Args given twice", "pass all arguments to one Args call")
		}
		o.args, o.hasArgs = vals, true
		return nil
	})
}

// Arg gives parameter i of the registration's constructor (counting from
// 0, a leading context.Context not counted) the value v, a plain value or
// one made with [Dep]: clean_ioc's per-argument configuration. Arg
// combines with [Args] (which fills the first parameters) as long as each
// parameter gets one value.
func Arg(i int, v any) Option {
	return option("Arg", func(o *optSet) error {
		if i < 0 {
			return newErr(ErrBadInput, nil, fmt.Sprintf("Arg(%d): a negative index", i), "")
		}
		if _, dup := o.argAt[i]; dup {
			return newErr(ErrBadInput, nil, fmt.Sprintf("Arg(%d) given twice", i), "")
		}
		if o.argAt == nil {
			o.argAt = map[int]any{}
		}
		o.argAt[i] = v
		return nil
	})
}

// Replace makes a registration replace the registrations of the same type
// (and name) already made on the same container, instead of adding to
// them. Without it, a second unnamed registration of a type is kept next
// to the first: both are collected by a []T field, and a single field of
// the type is ErrAmbiguous; a second registration under one name is
// ErrDuplicate.
func Replace() Option {
	return option("Replace", func(o *optSet) error { o.replace = true; return nil })
}

// Label attaches a key=value label to a registration (clean_ioc's tags,
// called labels here so as not to be confused with struct tags). A field
// tagged inject:"label=env:prod" receives the unique registration of its
// type carrying that label; a []T field so tagged collects every one.
func Label(key, value string) Option {
	return option("Label", func(o *optSet) error {
		if key == "" || strings.ContainsAny(key, ":,") || strings.ContainsRune(value, ',') {
			return newErr(ErrBadInput, nil, fmt.Sprintf("Label(%q, %q)", key, value), "a label key is not empty and has no ':' or ','; a value has no ','")
		}
		for _, l := range o.labels {
			if l.k == key {
				return newErr(ErrBadInput, nil, fmt.Sprintf("Label %q given twice", key), "")
			}
		}
		o.labels = append(o.labels, label{key, value})
		return nil
	})
}

// For makes a registration apply only where the consumer, the struct whose
// field or the constructor whose parameter receives the value, is of type
// C: clean_ioc's context-aware bindings. Several registrations of one type
// can each be For a different consumer; a registration of the type
// without For serves every other consumer.
func For[C any]() Option {
	t := reflect.TypeFor[C]()
	return option("For", func(o *optSet) error {
		if o.forT != nil {
			return newErr(ErrBadInput, t, "For given twice", "register once per consumer")
		}
		o.forT = t
		return nil
	})
}

// ScopeOnly declares, with Provide[T](c, nil, ScopeOnly()), that T is
// supplied per scope (the current request, say): resolving it outside a
// scope is ErrNoScope, and in a scope that did not supply it (with
// [Supply] or [Provide] on the scope) ErrNotFound, instead of a value
// built from nothing.
func ScopeOnly() Option {
	return option("ScopeOnly", func(o *optSet) error { o.scopeOnly = true; return nil })
}

// Field sets the named exported field. Passed to a registration, it is
// attribute injection: every instance the registration builds gets v in
// the field after construction, in struct declaration order together with
// the tagged fields (unlike a tag, which fills only zero fields, Field
// always sets it). Passed to a call (Resolve, Factory.New), it overrides
// the field of the object built, the Go analogue of a Python keyword
// argument: the injection the field's tag asks for is not evaluated. v may
// be made with [Dep] to be resolved per build.
//
// Naming a field the type does not have is an ErrBadInput error; a value
// of the wrong type is ErrTypeMismatch.
func Field(name string, v any) Option {
	return option("Field", func(o *optSet) error {
		for _, g := range o.fields {
			if g.name == name {
				return newErr(ErrBadInput, nil, fmt.Sprintf("Field %q given twice", name), "")
			}
		}
		o.fields = append(o.fields, fieldSpec{name, v})
		return nil
	})
}

// Method calls the named method of every instance the registration builds,
// after all fields are set and before Init, with vals as its arguments
// (after an optional leading context.Context, which receives the build's
// context). Methods run in the order the options are given. A value made
// with [Dep] is resolved per call; the method may return an error.
func Method(name string, vals ...any) Option {
	return option("Method", func(o *optSet) error {
		o.methods = append(o.methods, methodSpec{name, vals})
		return nil
	})
}

// Use overrides, at call time, every dependency of type T of the object
// being built (constructor parameters, tagged fields, Init parameters) with
// v. The replaced dependencies are not resolved. A Use that matches no
// dependency is an ErrBadInput error.
func Use[T any](v T) Option {
	t := reflect.TypeFor[T]()
	return option("Use", func(o *optSet) error {
		for _, p := range o.uses {
			if p.t == t {
				return newErr(ErrBadInput, t, "Use given twice for one type", "")
			}
		}
		o.uses = append(o.uses, useOv{t, v})
		return nil
	})
}

// ShutdownTimeout bounds how long [Run] waits for cleanups (default 15s).
func ShutdownTimeout(d time.Duration) Option {
	return option("ShutdownTimeout", func(o *optSet) error {
		if d <= 0 {
			return newErr(ErrBadInput, nil, fmt.Sprintf("ShutdownTimeout(%v)", d), "give a positive duration")
		}
		o.timeout = d
		return nil
	})
}

// provider is a value passed to Args, Field or Method that is resolved on
// every build; see [Dep].
type provider struct {
	t      reflect.Type
	key    any
	hasKey bool
	err    error
}

// Dep returns a value that, passed to [Args], [Field] or [Method], is
// resolved as T on every build, honouring T's registration and lifetime (a
// Transient T gives each build its own instance): dependency-injector's
// rule that providers are called per injection while plain values are
// passed as they are. Pass [Named] to pick a keyed registration.
func Dep[T any](opts ...Option) any {
	p := &provider{t: reflect.TypeFor[T]()}
	o, err := gather(opts, forKey, "Dep")
	if err != nil {
		p.err = err
		return p
	}
	p.key, p.hasKey = o.key, o.hasKey
	return p
}
