package container

import (
	"fmt"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/tagwire/tagwire/internal/typeid"
)

type regKey struct {
	tid typeid.ID
	key any
}

// entry is the registration history of one key in one container.
type entry struct {
	regs []*binding // registrations, in order
	over []*binding // override layers, innermost last
	one  [1]*binding
}

func (e *entry) active() []*binding {
	if n := len(e.over); n > 0 {
		return e.over[n-1:]
	}
	return e.regs
}

// invalidateLocked resets the lookup caches of c and every scope below it.
// The root keeps its implicit bindings, except for types that now have a
// registration of their own.
func (c *Container) invalidateLocked() {
	c.root.regGen.Add(1)
	c.mu.Lock()
	noKids := len(c.children) == 0
	c.mu.Unlock()
	if c.tbl.pages.Load() == nil && len(c.hidden) == 0 && c.named.Load() == nil && noKids && len(c.coldSets) == 0 {
		return // nothing cached yet: the common case while registering
	}
	if c.parent == nil {
		// Implicit bindings survive; one that a registration (or an
		// override) shadows is set aside and comes back, with its
		// instance, when the shadowing registration goes away.
		var autos []*binding
		c.tbl.each(func(b *binding) {
			if b.auto {
				autos = append(autos, b)
			}
		})
		for _, b := range c.hidden {
			autos = append(autos, b)
		}
		autos = c.settleColdLocked(autos)
		c.tbl.reset()
		clear(c.hidden)
		for _, b := range autos {
			if e := c.regs.get(b.tid); e == nil || len(e.active()) == 0 {
				c.tbl.set(b.tid, b)
			} else {
				if c.hidden == nil {
					c.hidden = map[typeid.ID]*binding{}
				}
				c.hidden[b.tid] = b
			}
		}
	} else {
		c.tbl.reset()
	}
	c.named.Store(nil)
	c.mu.Lock() // children are guarded by c.mu (regMu is always taken first)
	kids := make([]*Container, 0, len(c.children))
	for s := range c.children {
		kids = append(kids, s)
	}
	c.mu.Unlock()
	for _, s := range kids {
		s.invalidateLocked()
	}
}

// newRegLocked returns a zeroed regInfo from the root's slab.
func (c *Container) newRegLocked() *regInfo { return fromSlab(&c.root.rslab, 16) }

// newBindingLocked returns a zeroed binding from the root's slab.
func (c *Container) newBindingLocked() *binding { return fromSlab(&c.root.slab, 64) }

// fromSlab hands out the next element of *slab, allocating n more when it
// is used up: one allocation for many small records that live as long as
// the container.
func fromSlab[T any](slab *[]T, n int) *T {
	if len(*slab) == 0 {
		*slab = make([]T, n)
	}
	v := &(*slab)[0]
	*slab = (*slab)[1:]
	return v
}

// checkAddLocked reports why b cannot be added to c: a key is unique per
// type.
func (c *Container) checkAddLocked(b *binding, over bool) error {
	if over || b.key() == nil {
		return nil
	}
	if e := c.entryLocked(regKey{b.tid, b.key()}); e != nil && len(e.regs) > 0 {
		return newErr(ErrDuplicate, b.typ(), fmt.Sprintf("%v is already registered under the key %s", b.typ(), keyString(b.key())),
			"use one key per registration, or Override to replace it in tests")
	}
	return nil
}

// addLocked records a registration (or, with over, an override layer).
// The caller checked it with checkAddLocked.
func (c *Container) addLocked(b *binding, over bool) {
	c.hasRegs.Store(true)
	k := regKey{b.tid, b.key()}
	e := c.entryLocked(k)
	if e == nil {
		e = &b.r.ent // the first registration of a key hosts its entry
		c.addEntryLocked(k, e)
	}
	if over {
		e.over = append(e.over, b)
		return
	}
	if e.regs == nil {
		e.one[0] = b
		e.regs = e.one[:1:1] // the first registration needs no slice of its own
	} else {
		e.regs = append(e.regs, b)
	}
	c.order = append(c.order, b)
}

// entryLocked returns the registrations of key k in c, or nil.
func (c *Container) entryLocked(k regKey) *entry {
	if k.key == nil {
		return c.regs.get(k.tid)
	}
	return c.kregs[k]
}

// addEntryLocked records e, an empty entry, as the entry of key k in c.
func (c *Container) addEntryLocked(k regKey, e *entry) {
	if k.key == nil {
		c.regs.set(k.tid, e)
		return
	}
	if c.kregs == nil {
		c.kregs = map[regKey]*entry{}
	}
	c.kregs[k] = e
}

func keyString(k any) string {
	if s, ok := k.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%v (%T)", k, k)
}

// lookupLocked finds the binding that a request for type t (with key, when
// hasKey) resolves to from container c. cache reports whether the result
// may be cached in c's lookup tables. roots are the root types of the
// current call, used to find implicit implementations of interfaces. The
// caller holds the root's regMu.
func (c *Container) lookupLocked(t reflect.Type, tid typeid.ID, key any, hasKey bool, roots []reflect.Type) (b *binding, cache bool, err error) {
	k := regKey{tid, nil}
	if hasKey {
		k.key = key
	}
	for x := c; x != nil; x = x.parent {
		if e := x.entryLocked(k); e != nil {
			act := e.active()
			switch {
			case len(act) == 0:
				continue
			case slices.ContainsFunc(act, func(b *binding) bool { return b.forType() != nil }):
				return selector(t, tid, act)
			case len(act) == 1:
				return act[0].follow(), true, nil
			default:
				return nil, false, ambiguous(t, act, "several registrations of the same type")
			}
		}
	}
	for x := c; x != nil; x = x.parent {
		if len(x.failed) == 0 {
			continue // no lookup at all: even an empty map checks an interface key
		}
		if e := x.failed[k]; e != nil {
			return nil, false, &Error{Kind: e.Kind, Type: t, Err: e,
				Detail: "its registration failed, so nothing provides it",
				Hint:   "correct that registration; one that succeeds later replaces this error"}
		}
	}
	if hasKey {
		return c.lookupKeyLocked(t, key)
	}
	switch {
	case t.Kind() == reflect.Interface:
		return c.lookupIfaceLocked(t, roots)
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && t != containerType:
		b, err = c.root.autoLocked(t, tid)
		return b, err == nil, err
	}
	return nil, false, c.notFoundLocked(t)
}

// visitLocked calls fn for the active registrations of every key visible
// from c, innermost container first; keys shadowed by an inner container
// are skipped.
func (c *Container) visitLocked(fn func(k regKey, act []*binding)) {
	seen := map[regKey]bool{}
	for x := c; x != nil; x = x.parent {
		for _, b := range x.order {
			k := regKey{b.tid, b.key()}
			if seen[k] {
				continue
			}
			seen[k] = true
			if act := x.entryLocked(k).active(); len(act) > 0 {
				fn(k, act)
			}
		}
		// Keys that hold only overrides, in a stable order.
		var extra []regKey
		x.regs.eachID(func(tid typeid.ID, e *entry) {
			if len(e.regs) == 0 {
				extra = append(extra, regKey{tid, nil})
			}
		})
		for k, e := range x.kregs {
			if len(e.regs) == 0 {
				extra = append(extra, k)
			}
		}
		slices.SortFunc(extra, func(a, b regKey) int { return int(a.tid) - int(b.tid) })
		for _, k := range extra {
			if !seen[k] {
				seen[k] = true
				if act := x.entryLocked(k).active(); len(act) > 0 {
					fn(k, act)
				}
			}
		}
	}
}

func (c *Container) lookupKeyLocked(t reflect.Type, key any) (*binding, bool, error) {
	var match []*binding
	var other []reflect.Type
	var names []string
	c.visitLocked(func(k regKey, act []*binding) {
		if k.key == nil {
			return
		}
		if s, ok := k.key.(string); ok {
			names = append(names, s)
		}
		if k.key != key {
			return
		}
		if act[0].typ().AssignableTo(t) {
			match = append(match, act[0])
		} else {
			other = append(other, act[0].typ())
		}
	})
	switch {
	case len(match) == 1:
		return match[0].follow(), true, nil
	case len(match) > 1:
		return nil, false, ambiguous(t, match, fmt.Sprintf("several registrations under the key %s can be used as %v", keyString(key), t))
	case len(other) > 0:
		return nil, false, newErr(ErrTypeMismatch, t,
			fmt.Sprintf("the value registered under %s has type %s, which cannot be used as %v", keyString(key), typeList(other), t),
			"change the field's type, or register a value of this type under the name")
	}
	hint := fmt.Sprintf("register one with container.Supply(c, v, container.Named(%s)) or container.Provide", keyString(key))
	if s, ok := key.(string); ok {
		if n := nearest(s, names); n != "" {
			hint = fmt.Sprintf("did you mean %q? or %s", n, hint)
		}
	}
	return nil, false, newErr(ErrNotFound, t, fmt.Sprintf("nothing is registered under the key %s", keyString(key)), hint)
}

func (c *Container) lookupIfaceLocked(t reflect.Type, roots []reflect.Type) (*binding, bool, error) {
	var regs []*binding
	var namedImpl []string
	seenB := map[*binding]bool{}
	c.visitLocked(func(k regKey, act []*binding) {
		if !act[0].typ().Implements(t) {
			return
		}
		if k.key != nil {
			namedImpl = append(namedImpl, keyString(k.key))
			return
		}
		for _, a := range act {
			if b := a.follow(); !seenB[b] {
				seenB[b] = true
				regs = append(regs, b)
			}
		}
	})
	switch len(regs) {
	case 1:
		return regs[0], true, nil
	case 0:
	default:
		return nil, false, ambiguous(t, regs, fmt.Sprintf("several registrations implement %v", t))
	}
	// Nothing registered implements t: look at the unregistered struct
	// types the call's roots can reach through tagged fields. What was
	// built before never counts, so the answer depends only on the
	// registrations and the types being resolved.
	var cands []reflect.Type
	seenT := map[reflect.Type]bool{containerType: true}
	add := func(pt reflect.Type) {
		if !seenT[pt] && pt.Implements(t) {
			seenT[pt] = true
			cands = append(cands, pt)
		}
	}
	for _, r := range roots {
		if r.Kind() == reflect.Pointer && r.Elem().Kind() == reflect.Struct {
			add(r)
			if info := infoOf(r); info.plan != nil {
				for _, pt := range info.plan.Reach() {
					add(pt)
				}
			}
		}
	}
	switch len(cands) {
	case 1:
		b, err := c.root.autoLocked(cands[0], typeid.Of(cands[0]))
		return b, false, err
	case 0:
		hint := fmt.Sprintf("register an implementation with container.Provide[*Impl](c, NewImpl, container.As[%v]()) or container.Provide[%v](c, NewImpl); "+
			"without registrations, the implementation must be reachable from the object being populated through a tagged *Impl field", t, t)
		if len(namedImpl) > 0 {
			slices.Sort(namedImpl)
			hint = fmt.Sprintf("named registrations implement it (%s): tag the field inject:\"name=...\", or %s", strings.Join(namedImpl, ", "), hint)
		}
		return nil, false, newErr(ErrNotFound, t, fmt.Sprintf("nothing registered or reachable implements %v", t), hint)
	default:
		return nil, false, newErr(ErrAmbiguous, t,
			fmt.Sprintf("several types implement %v: %s", t, typeList(cands)),
			fmt.Sprintf("register the one to use with container.Provide[*Impl](c, nil, container.As[%v]())", t))
	}
}

// autoLocked returns the implicit Singleton binding of the unregistered
// struct pointer type t, creating it on first use. c is the root.
func (c *Container) autoLocked(t reflect.Type, tid typeid.ID) (*binding, error) {
	if b := c.tbl.get(tid); b != nil && b.auto {
		return b, nil
	}
	switch {
	case c.strict:
		return nil, newErr(ErrNotFound, t, fmt.Sprintf("nothing is registered for %v, and the container is Strict: nothing is built from a zero value implicitly", t),
			fmt.Sprintf("register it: container.Provide[%v](c, nil) builds it from its zero value", t))
	}
	// The type's info is computed once per process and says whether it is
	// a standard-library type: a new container's first lookups do not
	// parse the package path again.
	info := infoByID(tid, t)
	if info.std {
		return nil, newErr(ErrNotFound, t, fmt.Sprintf("nothing is registered for %v, and a standard-library type is never built from a zero value implicitly", t),
			fmt.Sprintf("register one: container.Provide[%v](c, v) or a constructor", t))
	}
	if info.err != nil {
		return nil, info.err.clone()
	}
	b := c.newAutoBindingLocked(tid, info, c.coldInstanceLocked(tid))
	c.tbl.set(tid, b)
	return b, nil
}

// newAutoBindingLocked returns a new implicit Singleton binding of the
// type of info, whose id is tid, not yet published. When p is not nil (the
// instance a cold pure Populate built: coldSets) it starts committed with
// it, as the binding of a general-path build would be. c is the root.
func (c *Container) newAutoBindingLocked(tid typeid.ID, info *typeInfo, p unsafe.Pointer) *binding {
	b := c.newBindingLocked()
	b.c, b.tid, b.kind, b.life, b.auto, b.info = c, tid, kindStruct, Singleton, true, info
	b.slot.owner = c
	if p != nil {
		b.pure.Store(pureYes) // what pureStatic found when the plan was walked
		b.slot.commitPure(reflect.NewAt(info.plan.Type, p).Interface(), p)
	}
	return b
}

func (c *Container) notFoundLocked(t reflect.Type) error {
	var regTypes []reflect.Type
	c.visitLocked(func(k regKey, act []*binding) {
		if k.key == nil {
			regTypes = append(regTypes, act[0].typ())
		}
	})
	hint := fmt.Sprintf("register it with container.Provide[%v](c, ctor) or container.Supply(c, v)", t)
	for _, rt := range regTypes {
		switch {
		case rt == reflect.PointerTo(t):
			hint = fmt.Sprintf("%v is registered: declare the field as %v", rt, rt)
		case t.Kind() == reflect.Pointer && rt == t.Elem():
			hint = fmt.Sprintf("%v is registered as a value: declare the field as %v, or register a %v", rt, rt, t)
		case rt.String() == t.String():
			hint = fmt.Sprintf("a different type with the same name is registered (%s from %s)", rt, rt.PkgPath())
		default:
			continue
		}
		break
	}
	switch t.Kind() {
	case reflect.Struct:
		hint += `; or tag the field inject:"inline" to fill its fields in place`
	case reflect.Func:
		hint += `; or tag the field inject:"factory" to inject a factory`
	}
	return newErr(ErrNotFound, t, fmt.Sprintf("nothing is registered for %v", t), hint)
}

func ambiguous(t reflect.Type, bs []*binding, detail string) error {
	var list []string
	for _, b := range bs {
		list = append(list, b.describe())
	}
	slices.Sort(list)
	return newErr(ErrAmbiguous, t, detail+": "+strings.Join(list, "; "),
		"register exactly one unnamed implementation, give the others names, or Override in tests")
}

// each calls fn for every entry in the table, in type id order.
func (t *table[T]) each(fn func(*T)) {
	t.eachID(func(_ typeid.ID, v *T) { fn(v) })
}

// eachID calls fn for every entry in the table with its id, in id order.
func (t *table[T]) eachID(fn func(typeid.ID, *T)) {
	ps := t.pages.Load()
	if ps == nil {
		return
	}
	for i := range *ps {
		if p := (*ps)[i].Load(); p != nil {
			for j := range p {
				if v := p[j].Load(); v != nil {
					fn(typeid.ID(i<<tpageBits|j), v)
				}
			}
		}
	}
}

// selector returns the binding that picks, among registrations made For
// different consumers (and at most one for every other consumer), the one
// for the consumer at hand.
func selector(t reflect.Type, tid typeid.ID, act []*binding) (*binding, bool, error) {
	var dflt []*binding
	seen := map[reflect.Type]bool{}
	for _, b := range act {
		ft := b.forType()
		switch {
		case ft == nil:
			dflt = append(dflt, b)
		case seen[ft]:
			return nil, false, ambiguous(t, act, fmt.Sprintf("several registrations for the consumer %v", ft))
		default:
			seen[ft] = true
		}
	}
	if len(dflt) > 1 {
		return nil, false, ambiguous(t, dflt, "several registrations for any consumer")
	}
	s := &binding{tid: tid, kind: kindSelect, r: &regInfo{t: t}}
	s.r.extra().choices = slices.Clone(act)
	return s, true, nil
}

// choose returns the registration of the selector b that serves the
// consumer at frame fr.
func (b *binding) choose(fr *frame) (*binding, error) {
	var consumer reflect.Type
	if fr != nil {
		consumer = fr.typ()
	}
	var dflt *binding
	for _, x := range b.r.x.choices {
		switch ft := x.forType(); {
		case ft == nil:
			dflt = x
		case ft == consumer:
			return x.follow(), nil
		}
	}
	if dflt != nil {
		return dflt.follow(), nil
	}
	return nil, newErr(ErrNotFound, b.typ(), fmt.Sprintf("%v is registered only For other consumers than %v", b.typ(), consumer),
		"register it For this consumer too, or once without For for every other consumer")
}

// noteFailedLocked remembers that the registration of key k on c failed
// with err, so that resolving k reports err instead of finding nothing
// (or building a zero value); a later successful registration of k
// forgets it.
func (c *Container) noteFailedLocked(k regKey, err error) {
	e, ok := err.(*Error)
	if !ok {
		return
	}
	if c.failed == nil {
		c.failed = map[regKey]*Error{}
	}
	c.failed[k] = e.clone()
	c.invalidateLocked()
}

var (
	modPathsOnce sync.Once
	modPaths     []string // the main module's and its dependencies' paths
)

// stdlib reports whether pkgPath is a standard-library package: its first
// element has no dot, and it is neither package main nor part of a module
// of the program (module paths without a dot are allowed).
func stdlib(pkgPath string) bool {
	if pkgPath == "" || pkgPath == "main" {
		return false
	}
	first, _, _ := strings.Cut(pkgPath, "/")
	if strings.Contains(first, ".") {
		return false
	}
	modPathsOnce.Do(func() {
		if bi, ok := debug.ReadBuildInfo(); ok {
			modPaths = append(modPaths, bi.Main.Path)
			for _, d := range bi.Deps {
				modPaths = append(modPaths, d.Path)
			}
		}
	})
	for _, m := range modPaths {
		if m != "" && (pkgPath == m || strings.HasPrefix(pkgPath, m+"/")) {
			return false
		}
	}
	return true
}
