package attribute

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"unsafe"

	"github.com/tagwire/tagwire/internal/rmap"
	"github.com/tagwire/tagwire/internal/typeid"
	"github.com/tagwire/tagwire/tags"
)

// ErrUnexportedField is wrapped by the error for an inject tag on an
// unexported field (other than an embedded struct tagged `inject:"inline"`).
var ErrUnexportedField = errors.New("inject tag on an unexported field")

// ErrUntaggedEmbed is wrapped by the error for an embedded struct value
// that holds tagged fields but carries no `inject:"inline"` tag, which would
// otherwise leave those fields silently empty.
var ErrUntaggedEmbed = errors.New("embedded struct with tagged fields is not inline")

// FieldError reports a field that cannot be injected for a reason other
// than its tag syntax.
type FieldError struct {
	Struct string // declaring struct type
	Field  string // field name (dotted for inline paths)
	Tag    string // the field's whole struct tag
	Err    error  // ErrUnexportedField or ErrUntaggedEmbed
	Hint   string
}

func (e *FieldError) Error() string {
	s := fmt.Sprintf("attribute: %s.%s `%s`: %v", e.Struct, e.Field, e.Tag, e.Err)
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

// Unwrap returns the sentinel.
func (e *FieldError) Unwrap() error { return e.Err }

// Store says how a field is written.
type Store uint8

const (
	// StorePointer: one pointer word (pointer, map, chan, func,
	// unsafe.Pointer), written directly.
	StorePointer Store = iota
	// StoreAny: an empty interface, written directly.
	StoreAny
	// StoreReflect: anything else, written through reflect (value
	// structs, scalars, non-empty interfaces).
	StoreReflect
)

// Field is one injectable field of a plan.
type Field struct {
	// Name is the Go field name; for fields reached through inline
	// structs it is the dotted path from the planned struct ("Cfg.DB").
	Name string
	// Index is the reflect index path from the planned struct.
	Index []int
	// Offset is the byte offset from the start of the planned struct.
	Offset uintptr
	// Type is the field's type and TypeID its dense id.
	Type   reflect.Type
	TypeID typeid.ID
	// Tag is the parsed inject tag; StructTag the whole struct tag.
	Tag       tags.Tag
	StructTag reflect.StructTag
	// Store says how the field is written.
	Store Store
	// Iface is true for non-empty interface types.
	Iface bool
}

// Plan is the cached injection plan of one struct type.
type Plan struct {
	// Type is the struct type (not a pointer).
	Type reflect.Type
	// Fields are the tagged fields in declaration order, inline fields
	// flattened in place.
	Fields []Field
	// Inlined are the fields tagged inject:"inline" that the plan walks
	// into, in declaration order (their Store is meaningless).
	Inlined []Field

	reachOnce sync.Once
	reach     []reflect.Type
}

type cached struct {
	plan *Plan
	err  error
}

var plans rmap.Map[unsafe.Pointer, cached]

// For returns the plan of struct type t (a struct, not a pointer). The
// result, error included, is computed once per type and cached.
func For(t reflect.Type) (*Plan, error) {
	k := typeid.Key(t)
	if c, ok := plans.Load(k); ok {
		return c.plan, c.err
	}
	c := plans.LoadOrStore(k, func() cached {
		p, err := build(t)
		return cached{p, err}
	})
	return c.plan, c.err
}

func build(t reflect.Type) (*Plan, error) {
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("attribute: %s is not a struct type", t)
	}
	p := &Plan{Type: t}
	if err := collect(p, t, t, "", nil, 0); err != nil {
		return nil, err
	}
	return p, nil
}

// collect appends the tagged fields of struct type st (reached from the
// planned type through prefix/index/base) to p.
func collect(p *Plan, owner, st reflect.Type, prefix string, index []int, base uintptr) error {
	for i := range st.NumField() {
		sf := st.Field(i)
		name := prefix + sf.Name
		idx := append(append([]int(nil), index...), i)
		tag, ok, err := tags.ForField(st, sf)
		if err != nil {
			var te *tags.Error
			if errors.As(err, &te) && prefix != "" {
				te.Struct, te.Field = typeName(owner), name
			}
			return err
		}
		if !ok {
			if sf.Anonymous && sf.Type.Kind() == reflect.Struct && hasTagged(sf.Type) {
				return &FieldError{Struct: typeName(owner), Field: name, Tag: string(sf.Tag), Err: ErrUntaggedEmbed,
					Hint: `tag the embedded field inject:"inline" so its tagged fields are filled`}
			}
			continue
		}
		// An unexported embedded struct may still be walked: only its
		// exported fields are written, as with encoding/json.
		if !sf.IsExported() && !(tag.Inline && sf.Anonymous) {
			return &FieldError{Struct: typeName(owner), Field: name, Tag: string(sf.Tag), Err: ErrUnexportedField,
				Hint: "export the field, or receive the value in an Init method parameter"}
		}
		if tag.Inline {
			p.Inlined = append(p.Inlined, Field{Name: name, Index: idx, Offset: base + sf.Offset,
				Type: sf.Type, TypeID: typeid.Of(sf.Type), Tag: tag, StructTag: sf.Tag, Store: StoreReflect})
			if err := collect(p, owner, sf.Type, name+".", idx, base+sf.Offset); err != nil {
				return err
			}
			continue
		}
		f := Field{
			Name: name, Index: idx, Offset: base + sf.Offset,
			Type: sf.Type, TypeID: typeid.Of(sf.Type),
			Tag: tag, StructTag: sf.Tag,
		}
		switch sf.Type.Kind() {
		case reflect.Pointer, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
			f.Store = StorePointer
		case reflect.Interface:
			if sf.Type.NumMethod() == 0 {
				f.Store = StoreAny
			} else {
				f.Store, f.Iface = StoreReflect, true
			}
		default:
			f.Store = StoreReflect
		}
		p.Fields = append(p.Fields, f)
	}
	return nil
}

// hasTagged reports whether struct type t declares any inject-tagged field,
// directly or through embedded struct values.
func hasTagged(t reflect.Type) bool {
	for i := range t.NumField() {
		f := t.Field(i)
		if _, ok := f.Tag.Lookup(tags.Key); ok {
			return true
		}
		if f.Anonymous && f.Type.Kind() == reflect.Struct && hasTagged(f.Type) {
			return true
		}
	}
	return false
}

func typeName(t reflect.Type) string {
	if t.Name() != "" {
		return t.Name()
	}
	return t.String()
}

// Reach returns the pointer-to-struct types reachable from the plan's
// struct through fields injected by type (inject:"", not private: a
// private instance belongs to its field only), directly or through
// further plans, in first-seen order. The container uses it to
// find the implementations of an interface among the types a graph would
// build. Types whose plans fail are included but not walked.
func (p *Plan) Reach() []reflect.Type {
	p.reachOnce.Do(func() {
		seen := map[reflect.Type]bool{}
		var walk func(*Plan)
		walk = func(q *Plan) {
			for i := range q.Fields {
				f := &q.Fields[i]
				t := f.Type
				if f.Tag.Name != "" || f.Tag.Factory || f.Tag.Private || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct || seen[t] {
					continue
				}
				seen[t] = true
				p.reach = append(p.reach, t)
				if sub, err := For(t.Elem()); err == nil {
					walk(sub)
				}
			}
		}
		walk(p)
	})
	return p.reach
}

// FieldOf returns a Field for the exported field called name of struct type
// st, tagged or not, for explicit injections made from outside the struct
// (a registration's Field option). A field promoted through an embedded
// pointer cannot be addressed by offset and is an error.
func FieldOf(st reflect.Type, name string) (*Field, error) {
	sf, ok := st.FieldByName(name)
	if !ok || !sf.IsExported() {
		return nil, fmt.Errorf("attribute: %v has no exported field %q", st, name)
	}
	var off uintptr
	t := st
	for _, i := range sf.Index {
		if t.Kind() != reflect.Struct {
			return nil, fmt.Errorf("attribute: %v.%s is promoted through an embedded pointer", st, name)
		}
		f := t.Field(i)
		off += f.Offset
		t = f.Type
	}
	f := &Field{Name: name, Index: sf.Index, Offset: off, Type: sf.Type, TypeID: typeid.Of(sf.Type), StructTag: sf.Tag, Store: StoreReflect}
	return f, nil
}
