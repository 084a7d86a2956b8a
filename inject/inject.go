package inject

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/tagwire/tagwire/container"
)

// Logger allows for simple logging as inject traverses and populates the
// object graph.
type Logger interface {
	Debugf(format string, v ...interface{})
}

// Populate is a short-hand for populating a graph with the given incomplete
// object values: each is provided as an unnamed object, then the graph is
// populated.
func Populate(values ...interface{}) error {
	var g Graph
	for _, v := range values {
		if err := g.Provide(&Object{Value: v}); err != nil {
			return err
		}
	}
	return g.Populate()
}

// An Object in the Graph.
type Object struct {
	Value    interface{}
	Name     string             // Optional
	Complete bool               // If true, the Value will be considered complete
	Fields   map[string]*Object // Populated with the field names that were injected and their corresponding *Object.

	typ     reflect.Type
	private bool // built for one private field; never used for another
	created bool // built by the graph, not provided
}

// String representation suitable for human consumption.
func (o *Object) String() string {
	var buf bytes.Buffer
	fmt.Fprint(&buf, o.typ)
	if o.Name != "" {
		fmt.Fprintf(&buf, " named %s", o.Name)
	}
	return buf.String()
}

// The Graph of Objects. Its zero value is ready to use.
//
// A graph keeps its objects in a tagwire container (see
// [Graph.Container]). Like facebookgo/inject, it calls no methods unless
// Init is set before the first Provide.
type Graph struct {
	Logger Logger // Optional, will trigger debug logging.
	// Init, set before the first Provide or Populate, makes the graph call
	// the Init method of every object it populates, after its fields are
	// set and dependencies first, as tagwire does. facebookgo/inject never
	// calls methods, and neither does a graph by default.
	Init bool

	mu      sync.Mutex
	c       *container.Container
	objects []*Object       // in the order they were provided or created
	byPtr   map[any]*Object // objects by value, for pointer-shaped values
	unnamed map[reflect.Type]bool
	named   map[string]*Object
}

// Container returns the tagwire container behind the graph, so that
// tagwire's registrations can be added to it: constructors, lifetimes,
// interfaces (container.Provide[*DB](g.Container(), NewDB)). Objects
// provided to the graph are registered in it with container.Supply.
func (g *Graph) Container() *container.Container {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.container()
}

// container returns the graph's container, made on first use. g.mu is
// held.
func (g *Graph) container() *container.Container {
	if g.c == nil {
		opts := []container.Option{container.Observe((*observer)(g))}
		if !g.Init {
			opts = append(opts, container.NoInit())
		}
		g.c = container.New(opts...)
	}
	return g.c
}

// Provide objects to the Graph. The Object documentation describes
// the impact of various fields.
func (g *Graph) Provide(objects ...*Object) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, o := range objects {
		if err := g.provide(o); err != nil {
			return err
		}
	}
	return nil
}

func (g *Graph) provide(o *Object) error {
	if o == nil || o.Value == nil {
		return fmt.Errorf("inject: %w: a nil object or value was provided", container.ErrBadInput)
	}
	o.typ = reflect.TypeOf(o.Value)
	if o.Fields != nil {
		return fmt.Errorf("inject: %w: fields were specified on object %s when it was provided", container.ErrBadInput, o)
	}
	opts := []container.Option{container.Complete()}
	if isStructPtr(o.typ) && !o.Complete {
		opts[0] = container.Populated()
	}
	if o.Name == "" {
		if !isStructPtr(o.typ) {
			return fmt.Errorf("inject: %w: expected unnamed object value to be a pointer to a struct but got type %s with value %v",
				container.ErrBadInput, o.typ, o.Value)
		}
		if g.unnamed[o.typ] {
			return fmt.Errorf("inject: %w: provided two unnamed instances of type *%s.%s",
				container.ErrDuplicate, o.typ.Elem().PkgPath(), o.typ.Elem().Name())
		}
	} else {
		if g.named[o.Name] != nil {
			return fmt.Errorf("inject: %w: provided two instances named %s", container.ErrDuplicate, o.Name)
		}
		opts = append(opts, container.Named(o.Name))
	}
	if err := container.Supply(g.container(), o.Value, opts...); err != nil {
		return err
	}
	if o.Name == "" {
		if g.unnamed == nil {
			g.unnamed = map[reflect.Type]bool{}
		}
		g.unnamed[o.typ] = true
	} else {
		if g.named == nil {
			g.named = map[string]*Object{}
		}
		g.named[o.Name] = o
	}
	g.add(o)
	if g.Logger != nil {
		g.Logger.Debugf("provided %s", o)
	}
	return nil
}

// add records o as one of the graph's objects.
func (g *Graph) add(o *Object) {
	g.objects = append(g.objects, o)
	if k, ok := ptrKey(o.Value); ok && o.Name == "" {
		if g.byPtr == nil {
			g.byPtr = map[any]*Object{}
		}
		g.byPtr[k] = o
	}
}

// Populate the incomplete Objects: every provided object that is a pointer
// to a struct and not Complete has its tagged fields filled, creating the
// objects they need.
func (g *Graph) Populate() error {
	g.mu.Lock()
	c := g.container()
	var targets []any
	for _, o := range g.objects {
		if !o.created && !o.Complete && isStructPtr(o.typ) {
			targets = append(targets, o.Value)
		}
	}
	g.mu.Unlock()
	if len(targets) == 0 {
		return nil
	}
	return c.Populate(context.Background(), targets...)
}

// Objects returns all known objects, named as well as unnamed: the ones
// provided and the ones the graph created, with the fields injected into
// each. The order is the order in which they were provided or created.
func (g *Graph) Objects() []*Object {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]*Object, len(g.objects))
	copy(out, g.objects)
	return out
}

// observer records what the graph's container builds and injects.
type observer Graph

func (ob *observer) Observe(ev container.Event) {
	g := (*Graph)(ob)
	switch ev.Kind {
	case container.Built:
		if ev.Key != nil {
			return // a named object is provided, never created
		}
		g.mu.Lock()
		o := g.objectOf(ev.Value, ev.Source == "unregistered" || ev.Source == "zero value")
		g.mu.Unlock()
		if o != nil && o.created && g.Logger != nil {
			g.Logger.Debugf("created %s", o)
		}
	case container.Injected:
		g.mu.Lock()
		owner := g.ownerOf(ev.Owner)
		if owner != nil && strings.Contains(ev.Field, ".") {
			owner, ev.Field = g.inlineOf(owner, ev.Field)
		}
		var dep *Object
		if name, ok := ev.Key.(string); ok && g.named[name] != nil {
			dep = g.named[name]
		} else {
			dep = g.objectOf(ev.Value, true)
		}
		if owner != nil && dep != nil {
			if owner.Fields == nil {
				owner.Fields = map[string]*Object{}
			}
			owner.Fields[ev.Field] = dep
		}
		g.mu.Unlock()
		if g.Logger != nil && owner != nil {
			g.Logger.Debugf("assigned %s to field %s in %s", describe(dep, ev.Value), ev.Field, owner)
		}
	}
}

// inlineOf returns, for a field reached through inline struct fields of
// owner ("E.B"), the object facebookgo/inject makes of the innermost
// inline struct (its address), and the field's name within it. Like
// facebookgo's, the object of an embedded inline struct is not listed by
// Objects. g.mu is held.
func (g *Graph) inlineOf(owner *Object, path string) (*Object, string) {
	rv := reflect.ValueOf(owner.Value)
	segs := strings.Split(path, ".")
	for _, seg := range segs[:len(segs)-1] {
		sf, ok := rv.Elem().Type().FieldByName(seg)
		if !ok || sf.Type.Kind() != reflect.Struct {
			return owner, path
		}
		rv = rv.Elem().FieldByIndex(sf.Index).Addr()
		v := rv.Interface()
		k, _ := ptrKey(v)
		o := g.byPtr[k]
		if o == nil {
			o = &Object{Value: v, typ: rv.Type(), created: true}
			if sf.Anonymous {
				g.byPtr[k] = o // hidden, like facebookgo's embedded objects
			} else {
				g.add(o)
			}
		}
		owner = o
	}
	return owner, segs[len(segs)-1]
}

// ownerOf returns the object whose fields are being set: an unnamed one,
// or a named one provided with that very value. g.mu is held.
func (g *Graph) ownerOf(v any) *Object {
	if k, ok := ptrKey(v); ok {
		if o := g.byPtr[k]; o != nil {
			return o
		}
	}
	for _, o := range g.named {
		if o.Value == v {
			return o
		}
	}
	return g.objectOf(v, true)
}

// objectOf returns the unnamed object of value v, creating it (as built by
// the graph) when v is a pointer to a struct seen for the first time and
// create is set. g.mu is held.
func (g *Graph) objectOf(v any, create bool) *Object {
	k, ok := ptrKey(v)
	if !ok {
		return nil
	}
	if o := g.byPtr[k]; o != nil {
		return o
	}
	if !create || !isStructPtr(reflect.TypeOf(v)) {
		return nil
	}
	o := &Object{Value: v, typ: reflect.TypeOf(v), created: true}
	g.add(o)
	return o
}

// describe renders an injected value for the debug log.
func describe(o *Object, v any) string {
	if o != nil {
		return o.String()
	}
	return fmt.Sprintf("%T", v)
}

// ptrKey returns a comparable identity for pointer values.
func ptrKey(v any) (any, bool) {
	if v == nil {
		return nil, false
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && !rv.IsNil() {
		return v, true // a pointer in an interface compares by address
	}
	return nil, false
}

func isStructPtr(t reflect.Type) bool {
	return t != nil && t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct
}

// Factory builds instances of T through the container that injected it;
// see [container.Factory]. It is here so that domain packages that import
// inject can declare factory fields.
type Factory[T any] = container.Factory[T]

// Keyed builds the T registered under a key; see [container.Keyed].
type Keyed[K cmp.Ordered, T any] = container.Keyed[K, T]

// Error is the error type of tagwire; see [container.Error].
type Error = container.Error
