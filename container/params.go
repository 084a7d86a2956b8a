package container

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
)

// Optional is a constructor or Init parameter that may be missing: OK is
// false and Value the zero value when T, or anything T needs, is not
// registered, just as a field tagged inject:"optional" stays zero. Any
// other failure beneath it (a constructor's error, a cycle, a panic)
// still fails the build, and nothing built for a missing Optional is
// kept.
//
//	func NewServer(cache container.Optional[*Cache]) *Server
type Optional[T any] struct {
	Value T
	OK    bool
}

func (Optional[T]) optionalOf() reflect.Type { return reflect.TypeFor[T]() }

type optionalMarker interface{ optionalOf() reflect.Type }

var optionalMarkerType = reflect.TypeFor[optionalMarker]()

// optionalInner returns T for Optional[T], else nil.
func optionalInner(t reflect.Type) reflect.Type {
	if t.Kind() != reflect.Struct || !t.Implements(optionalMarkerType) {
		return nil
	}
	return reflect.Zero(t).Interface().(optionalMarker).optionalOf()
}

// Injection describes where a value is being injected. A constructor that
// takes an Injection parameter learns who asked for its product: the
// per-component logger every service wants,
//
//	func NewLogger(in container.Injection) *slog.Logger {
//	    return slog.Default().With("component", in.Path)
//	}
//
// A registration whose constructor takes an Injection is Transient unless
// it says otherwise, since its product depends on the consumer.
type Injection struct {
	// Consumer is the type whose field or parameter receives the value;
	// nil when the value is resolved directly (Resolve, a factory call).
	Consumer reflect.Type
	// Field is the field's name in the consumer ("Store", "Cfg.DB"), or
	// the parameter ("[NewAPI arg 1]").
	Field string
	// Tag is the field's inject tag.
	Tag string
	// Path is the whole path from the root of the call ("App.API.Store").
	Path string
}

var injectionType = reflect.TypeFor[Injection]()

// injection returns the Injection of the build at frame fr.
func injection(fr *frame) Injection {
	var in Injection
	if fr == nil {
		return in
	}
	in.Field, in.Tag, in.Path = fr.edge.segment(), fr.edge.tag, pathOf(fr)
	if p := fr.parent; p != nil {
		in.Consumer = p.typ()
	}
	return in
}

// pathOf renders the path of fr from the root of its call.
func pathOf(fr *frame) string {
	var segs []string
	for p := fr; p != nil; p = p.parent {
		s := p.edge.segment()
		if p.parent == nil {
			s = typeName(p.typ())
		}
		segs = append(segs, s)
	}
	var b strings.Builder
	for i := len(segs) - 1; i >= 0; i-- {
		s := segs[i]
		if s == "" {
			continue
		}
		if b.Len() > 0 && s[0] != '[' {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}

// Disposable is an embeddable use-after-dispose guard (PyJudo's
// IDisposable): the container marks an instance that embeds it when it
// runs the instance's cleanups (at Close, or when the call that built it
// is undone), and the instance's methods can check it:
//
//	type Conn struct {
//	    container.Disposable
//	    ...
//	}
//	func (c *Conn) Query(q string) error {
//	    if err := c.CheckDisposed(); err != nil {
//	        return err
//	    }
//	    ...
//	}
//
// Go cannot intercept field access, so the guard is opt-in, one check per
// method.
type Disposable struct {
	disposed atomic.Bool
}

// Disposed reports whether the container has run the instance's
// cleanups.
func (d *Disposable) Disposed() bool { return d.disposed.Load() }

// CheckDisposed returns an ErrClosed error once the container has run the
// instance's cleanups, and nil before.
func (d *Disposable) CheckDisposed() error {
	if d.disposed.Load() {
		return &Error{Kind: ErrClosed, Detail: "the instance was used after its cleanups ran",
			Hint: "resolve a new one, or keep the container (or scope) that owns it open while it is in use"}
	}
	return nil
}

func (d *Disposable) markDisposed() { d.disposed.Store(true) }

type disposer interface{ markDisposed() }

// disposeOf returns the cleanup that marks v disposed, when v embeds
// Disposable.
func disposeOf(v any) func(context.Context) error {
	if d, ok := v.(disposer); ok {
		return func(context.Context) error { d.markDisposed(); return nil }
	}
	return nil
}

// Provider is a way of making a T written by the user: dependency-
// injector's custom provider. Register one with [Provide] as you would a
// constructor, and override it with [Override] like one. Provide receives
// the context of the call and the container (or scope) it resolves in, to
// resolve what it needs; the tagged fields of the T it returns that are
// still zero are injected afterwards, and its Init method runs.
type Provider[T any] interface {
	Provide(ctx context.Context, c *Container) (T, error)
}

// providerCall returns a call of src as a custom Provider of T, if it is
// one.
func providerCall[T any](src any) func(context.Context, *Container) (any, error) {
	p, ok := src.(Provider[T])
	if !ok {
		return nil
	}
	return func(ctx context.Context, c *Container) (any, error) { return p.Provide(ctx, c) }
}

// describeProvider names a custom provider for messages.
func describeProvider(src any) string { return fmt.Sprintf("%T.Provide", src) }
