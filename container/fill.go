package container

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unsafe"

	"github.com/tagwire/tagwire/attribute"
	"github.com/tagwire/tagwire/internal/field"
	"github.com/tagwire/tagwire/internal/typeid"
)

// fill injects the tagged fields of the struct at base (owner) that are
// still zero, in declaration order. b is the registration being built
// (nil for a Populate target), fr its frame. set, when not nil, records which
// fields it wrote (so that a failed Populate can reset them).
func (at *attempt) fill(sc *Container, b *binding, owner any, base unsafe.Pointer, info *typeInfo, fr *frame, ov *callOpts, set []uint64) error {
	tc := sc.tables()
	plain := ov == nil && b.fields() == nil && !sc.observed() && at.dry == nil
	for i := range info.ops {
		f := &info.plan.Fields[i]
		if op := &info.ops[i]; op.fast && plain {
			// The common case: a pointer-to-struct field by type whose
			// Singleton is built is one table read and one pointer store.
			if !field.IsZero(base, f) {
				continue
			}
			if fb := tc.tbl.get(op.tid); fb != nil && fb.life == Singleton && !fb.asFactory && fb.slot.state.Load() == slotCommitted {
				if p := fb.slot.ptr; p != nil {
					field.SetPointer(base, f, p)
					mark(set, i)
					continue
				}
			}
		}
		if err := at.fillField(sc, b, owner, base, info, i, fr, ov, set); err != nil {
			return err
		}
	}
	return nil
}

func mark(set []uint64, i int) {
	if set != nil {
		set[i>>6] |= 1 << (i & 63)
	}
}

// fillField injects field i of the struct at base if it is still zero.
func (at *attempt) fillField(sc *Container, b *binding, owner any, base unsafe.Pointer, info *typeInfo, i int, fr *frame, ov *callOpts, set []uint64) error {
	f := &info.plan.Fields[i]
	if ov != nil && ov.covers(f.Name) || b.covers(f.Name) {
		return nil
	}
	if !field.IsZero(base, f) {
		return nil
	}
	fi := &info.fields[i]
	st := site{info, siteField, i}
	if at.dry.skips(st) {
		return nil
	}
	var v any
	var ok bool
	var err error
	at.via(f.Name, f.Tag.Raw)
	switch deep := ov.deepFor(f.Name); {
	case deep != nil:
		// Field("Task.Loss.Alpha", v): the dependency of this field is
		// built for this call, with the rest of the path as its override.
		v, err = at.deepField(sc, f, fr, deep)
		ok = err == nil
	case f.Tag.Optional:
		v, ok, err = at.optional(sc, f, fi, fr, ov)
	default:
		v, ok, err = at.fieldValue(sc, f, fi, fr, ov)
	}
	at.via("", "")
	if err != nil {
		at.dry.mark(err, st)
		return withPath(err, f.Name, f.Type, f.Tag.Raw)
	}
	if !ok || v == nil && at.dry != nil {
		return nil
	}
	if f.Type.Kind() == reflect.Pointer && reflect.TypeOf(v) == f.Type {
		field.SetPointer(base, f, field.PointerOf(v))
	} else {
		field.Set(base, f, v)
	}
	mark(set, i)
	if sc.observed() && at.dry == nil {
		ev := Event{Kind: Injected, Owner: owner, Field: f.Name, Type: f.Type, Tag: f.Tag.Raw, Value: v}
		if f.Tag.Name != "" {
			ev.Key = f.Tag.Name
		}
		sc.emit(ev)
	}
	return nil
}

// optional resolves an optional field in a nested call of its own: when a
// registration is missing anywhere beneath it, the field stays zero and
// nothing built for it is kept. Every other failure still fails the call.
func (at *attempt) optional(sc *Container, f *attribute.Field, fi *fieldInfo, fr *frame, ov *callOpts) (any, bool, error) {
	sub := at.child(fr)
	sub.edge = at.edge
	mk := at.dry.graph().save()
	v, ok, err := sub.fieldValue(sc, f, fi, fr, ov)
	missing := false
	if e, isErr := err.(*Error); isErr && e.Kind == ErrNotFound {
		missing = true
	}
	err = sub.end(err)
	if missing {
		var e *Error
		if errors.As(err, &e) && e.Kind == ErrNotFound && e.Err == nil {
			at.dry.graph().restore(mk)
			return nil, false, nil
		}
	}
	return v, ok && err == nil, err
}

// deepField builds the dependency of field f afresh with the deep
// overrides d.
func (at *attempt) deepField(sc *Container, f *attribute.Field, fr *frame, d *callOpts) (any, error) {
	b, err := at.lookupID(sc, f.Type, f.TypeID, f.Tag.Name, f.Tag.Name != "")
	if err != nil {
		return nil, err
	}
	if b.kind == kindValue {
		return nil, newErr(ErrBadInput, f.Type, b.describe()+" is a registered value; a deep override needs an instance built for the call", "")
	}
	if err := at.validateOverrides(sc, b, d); err != nil {
		return nil, err
	}
	return at.fresh(sc, b, fr, d)
}

// covers reports whether a registration Field injection sets the field.
func (b *binding) covers(name string) bool {
	for _, fi := range b.fields() {
		if fi.f.Name == name {
			return true
		}
	}
	return false
}

// fieldValue resolves the value of one field by its mode.
func (at *attempt) fieldValue(sc *Container, f *attribute.Field, fi *fieldInfo, fr *frame, ov *callOpts) (any, bool, error) {
	if ov != nil && fi.mode == modeType {
		if v, ok := ov.use(f.Type); ok {
			return v, true, nil
		}
	}
	switch fi.mode {
	case modeContainer:
		return sc, true, nil
	case modeMakeMap:
		return reflect.MakeMap(f.Type).Interface(), true, nil
	case modeFactory:
		v, err := at.factory(sc, fi.fx, fr)
		return v, err == nil, err
	case modePrivate:
		b, err := at.lookupID(sc, f.Type, f.TypeID, nil, false)
		if err != nil {
			return nil, false, err
		}
		if b.kind == kindValue {
			return nil, false, newErr(ErrBadTag, f.Type, b.describe()+" is a ready value; private asks for a fresh instance",
				`drop "private", or register a constructor instead of a value`)
		}
		if b.asFactory {
			return nil, false, delegated(b)
		}
		v, err := at.fresh(sc, b, fr, nil)
		return v, err == nil, err
	case modeLabel:
		v, err := at.labeled(sc, f.Type, f.Tag.Label, fr)
		return v, err == nil && v != nil, err
	case modeNamed:
		b, err := at.lookup(sc, f.Type, f.Tag.Name, true)
		if err != nil {
			return nil, false, err
		}
		if b.asFactory {
			return nil, false, delegated(b)
		}
		v, err := at.get(sc, b, fr, needPtr)
		return v, err == nil, err
	}
	v, err := at.byType(sc, f.Type, f.TypeID, fr, needPtr, false)
	return v, err == nil && v != nil, err
}

// byType resolves an unnamed dependency of type t: its registration, else
// (for slices) every registration of the element type, else (for funcs of
// a factory shape) a factory of a registration made AsFactory.
func (at *attempt) byType(sc *Container, t reflect.Type, tid typeid.ID, fr *frame, n need, strict bool) (any, error) {
	b, err := at.lookupID(sc, t, tid, nil, false)
	if err == nil && strict && b.auto {
		return nil, newErr(ErrNotFound, t, fmt.Sprintf("nothing is registered for %v, and a parameter is never built from a zero value implicitly", t),
			fmt.Sprintf("register it: container.Provide[%v](c, NewX), or container.Provide[%v](c, nil) to build it from its zero value", t, t))
	}
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		switch t.Kind() {
		case reflect.Slice:
			return at.collect(sc, t, fr, n)
		case reflect.Func:
			if fx := factoryShapeOf(t, ""); fx != nil {
				if tb, terr := at.lookup(sc, fx.target, nil, false); terr == nil && tb.asFactory {
					return at.factory(sc, fx, fr)
				}
			}
		}
		return nil, err
	}
	if b.asFactory {
		return nil, delegated(b)
	}
	return at.get(sc, b, fr, n)
}

func delegated(b *binding) error {
	return newErr(ErrTypeMismatch, b.typ(), b.describe()+" is registered AsFactory and is injected only as a factory",
		fmt.Sprintf("declare the dependency as container.Factory[%v] or a func returning it", b.typ()))
}

// labeled resolves a field tagged label=key:value: the unique
// registration of type t carrying the label, or, for a slice type, every
// registration of its element type carrying it.
func (at *attempt) labeled(sc *Container, t reflect.Type, lbl string, fr *frame) (any, error) {
	k, v, _ := strings.Cut(lbl, ":")
	want := label{k, v}
	if t.Kind() == reflect.Slice {
		return at.collectWith(sc, t, fr, needPtr, want)
	}
	var bs []*binding
	at.root.regMu.Lock()
	sc.visitLocked(func(_ regKey, act []*binding) {
		for _, b := range act {
			if b.typ().AssignableTo(t) && slices.Contains(b.labels(), want) {
				bs = append(bs, b.follow())
			}
		}
	})
	at.root.regMu.Unlock()
	switch len(bs) {
	case 0:
		return nil, newErr(ErrNotFound, t, fmt.Sprintf("no registration of %v carries the label %s", t, lbl),
			fmt.Sprintf("register one with container.Label(%q, %q)", k, v))
	case 1:
		return at.get(sc, bs[0], fr, needPtr)
	}
	return nil, ambiguous(t, bs, "several registrations carry the label "+lbl)
}

// collect builds a slice of every unnamed registration assignable to the
// element type of st, in registration order, or nil when there is none.
func (at *attempt) collect(sc *Container, st reflect.Type, fr *frame, n need) (any, error) {
	return at.collectWith(sc, st, fr, n, label{})
}

// collectWith is collect, restricted to the registrations (named ones
// included) carrying the label want when it is set.
func (at *attempt) collectWith(sc *Container, st reflect.Type, fr *frame, n need, want label) (any, error) {
	elem := st.Elem()
	var bs []*binding
	var err error
	func() {
		at.root.regMu.Lock()
		defer at.root.regMu.Unlock()
		seen := map[*binding]bool{}
		var regs []*binding
		sc.visitLocked(func(k regKey, act []*binding) {
			if !act[0].typ().AssignableTo(elem) {
				return
			}
			switch {
			case want.k != "":
				for _, b := range act {
					if slices.Contains(b.labels(), want) {
						regs = append(regs, b)
					}
				}
			case k.key == nil:
				regs = append(regs, act...)
			}
		})
		slices.SortFunc(regs, func(a, b *binding) int { return cmp.Compare(a.seq(), b.seq()) })
		for _, r := range regs {
			tb := r.follow()
			if tb.asFactory {
				err = delegated(tb)
				return
			}
			if !seen[tb] {
				seen[tb] = true
				bs = append(bs, tb)
			}
		}
	}()
	if err != nil || len(bs) == 0 {
		return nil, err
	}
	out := reflect.MakeSlice(st, len(bs), len(bs))
	outer := at.edge
	for i, b := range bs {
		at.via(fmt.Sprintf("%s[%d]", outer.segment(), i), outer.tag)
		v, err := at.get(sc, b, fr, n)
		at.via("", "")
		if err != nil {
			return nil, at1(err, fmt.Sprintf("[%d]", i), b.typ())
		}
		if v != nil {
			out.Index(i).Set(reflect.ValueOf(v))
		}
	}
	return out.Interface(), nil
}

// lookup resolves the binding for type t (and key) from container sc.
func (at *attempt) lookup(sc *Container, t reflect.Type, key any, hasKey bool) (*binding, error) {
	return at.lookupID(sc, t, typeid.Of(t), key, hasKey)
}

// lookupID is lookup for a type whose id the caller knows. It reads the
// lock-free caches first; on a miss it takes the registry lock briefly.
func (at *attempt) lookupID(sc *Container, t reflect.Type, tid typeid.ID, key any, hasKey bool) (*binding, error) {
	// A scope with no registrations of its own sees exactly what its
	// parent sees: look up (and cache) there, so short-lived request
	// scopes never build tables of their own.
	sc = sc.tables()
	if !hasKey {
		if b := sc.tbl.get(tid); b != nil {
			return b, nil
		}
	} else if m := sc.named.Load(); m != nil {
		if b := (*m)[regKey{tid, key}]; b != nil {
			return b, nil
		}
	}
	root := sc.root
	root.regMu.Lock()
	defer root.regMu.Unlock()
	if sc.closed.Load() {
		return nil, newErr(ErrClosed, t, "the container or scope is closed", "")
	}
	var roots []reflect.Type
	if at != nil {
		roots = at.roots
	}
	b, _, err := sc.lookupCachingLocked(t, tid, key, hasKey, roots)
	return b, err
}

// lookupCachingLocked is lookupLocked, storing a result that may be cached
// in c's lock-free caches; cached reports whether it did. The caller holds
// the root's regMu.
func (c *Container) lookupCachingLocked(t reflect.Type, tid typeid.ID, key any, hasKey bool, roots []reflect.Type) (b *binding, cached bool, err error) {
	b, cached, err = c.lookupLocked(t, tid, key, hasKey, roots)
	if err != nil || !cached {
		return b, false, err
	}
	if !hasKey {
		c.tbl.set(tid, b)
	} else {
		old := c.named.Load()
		m := make(map[regKey]*binding)
		if old != nil {
			for k, v := range *old {
				m[k] = v
			}
		}
		m[regKey{tid, key}] = b
		c.named.Store(&m)
	}
	return b, true, nil
}
