package container

import (
	"context"
	"reflect"
	"unsafe"

	"github.com/tagwire/tagwire/attribute"
	"github.com/tagwire/tagwire/internal/field"
	"github.com/tagwire/tagwire/internal/typeid"
	"github.com/tagwire/tagwire/method"
)

// Pure builds. A fresh instance of a struct whose making runs no user code
// (no constructor, Init, registered method, decorator, Prepare hook or
// cleanup, and no observer to tell) and whose tagged fields all take built
// Singletons by type, or fresh instances of such structs (private fields),
// is a few memory writes: nothing can fail, nothing needs undoing, and no
// cycle can form below it without a private field leading back to a type
// already on the way, which the depth bound sends to the general path.
// Such a build skips the call machinery (attempt, frames, commit) and gives
// the same instance the general path would give. Anything else — a field
// that is not built yet, an override, an ended context, a closed container
// — falls back to the general path, which also reports every error.

// maxPureDepth bounds the private fields a pure build follows.
const maxPureDepth = 32

// Pure-build eligibility of a binding, computed once (see pureStatic).
const (
	pureUnknown uint32 = iota
	pureYes
	pureNo
)

// pureCall makes the instance of the type with id tid that a factory call
// without options gives, if a pure build can: a fresh instance of an
// unregistered struct or a Transient, or a Singleton or Scoped instance
// (pureShared). ok is false when the general path must run. Resolve tries
// the same through quick.
func (c *Container) pureCall(ctx context.Context, tid typeid.ID) (v any, ok bool) {
	if c == nil || c.root == nil {
		return nil, false
	}
	gen := c.root.regGen.Load() // before the tables are read
	sc, joins := c.callContext(ctx)
	b := sc.tables().tbl.get(tid)
	if b == nil {
		return nil, false
	}
	return sc.pureFor(ctx, b, true, joins, gen)
}

// pureFor makes the instance of b that a call from sc without options
// gives, if a pure build can (see pureCall). A call that joins a running
// one (joins) makes only fresh instances: a shared one it committed would
// outlive that call's rollback. gen is the registration generation read
// before b was looked up.
func (sc *Container) pureFor(ctx context.Context, b *binding, factory, joins bool, gen uint64) (v any, ok bool) {
	if !sc.root.pureAllowed(ctx) || sc.closed.Load() {
		return nil, false
	}
	switch {
	case b.life == Transient || factory && b.auto:
		return sc.pureBuild(b, gen)
	case !factory && !joins && (b.life == Singleton || b.life == Scoped):
		return sc.pureShared(b, gen)
	}
	return nil, false
}

// pureAllowed reports whether a pure build may run in root's tree for a
// call with ctx as far as the tree and the call decide: no observer to
// tell, no decorator or Prepare hook that could apply, a context that has
// not ended.
//
// A pure build reads the registration generation (regGen) first, then
// asks pureAllowed, then reads what it builds from, and keeps or returns
// its result only if the generation is still the one it read. Every
// registration, Decorate and Prepare advances the generation, so a build
// that saw anything done after one of those (a Singleton built with a new
// decorator, say) also sees the change, and leaves the call to the
// general path.
func (root *Container) pureAllowed(ctx context.Context) bool {
	if root.obs != nil || root.nDecos.Load() > 0 || root.nPreps.Load() > 0 {
		return false
	}
	return ctx == nil || ctx.Done() == nil || ctx.Err() == nil
}

// pureShared returns b's shared instance for a Resolve from sc: a
// Singleton, or a Scoped instance of scope sc. When it is not built yet, a
// pure build can make it if every tagged field takes, by type, a shared
// instance already built (a Singleton; for a Scoped instance, also a
// Scoped instance of the same scope). The instance is then made, its
// fields set and its slot committed in one short critical section of the
// slot owner's lock, exactly as the general path leaves it; no user code
// runs under it. Anything else (a field not built yet, a slot another call
// is building, a closed owner, a registration made while it builds)
// reports false, having changed nothing, and the general path runs.
func (sc *Container) pureShared(b *binding, gen uint64) (any, bool) {
	if !b.pureStatic() {
		return nil, false
	}
	var s *slot
	owner := sc // a Scoped instance's slot is the scope's, found under its lock below
	switch b.life {
	case Singleton:
		s = &b.slot
		if s.state.Load() == slotCommitted {
			return s.v, true
		}
		owner = s.owner
	case Scoped:
		if sc.parent == nil {
			return nil, false // outside any scope: the general path reports it
		}
	}
	info := b.info
	if !info.allFast {
		return nil, false // a private field: left to the general path
	}
	// The general path builds a Singleton in the container that registered
	// it, and looks its fields up there; a Scoped instance in its scope.
	tc := sc.tables()
	if b.life == Singleton {
		tc = b.c.tables()
	}
	root := sc.root
	owner.mu.Lock()
	defer owner.mu.Unlock()
	if s == nil {
		if s = sc.scopedSlotLocked(b); s == nil {
			s = sc.addScopedSlotLocked(b)
		}
	}
	if s.state.Load() == slotCommitted {
		return s.v, true
	}
	if owner.closed.Load() || s.state.Load() != slotEmpty {
		return nil, false
	}
	rv := reflect.New(info.plan.Type)
	base := rv.UnsafePointer()
	for i := range info.ops {
		fb := tc.tbl.get(info.ops[i].tid)
		if fb == nil || fb.asFactory {
			return nil, false
		}
		var p unsafe.Pointer
		switch {
		case fb.life == Singleton:
			p = fb.slot.built()
		case fb.life == Scoped && b.life == Scoped:
			if fs := sc.scopedSlotLocked(fb); fs != nil { // owner is sc: its mu is held
				p = fs.built()
			}
		}
		if p == nil {
			return nil, false
		}
		field.SetPointer(base, &info.plan.Fields[i], p)
	}
	if root.regGen.Load() != gen { // after the fields were read (see pureAllowed)
		return nil, false
	}
	v := rv.Interface()
	s.commitPure(v, base)
	return v, true
}

// pureBuild makes a fresh instance of b, or reports that it cannot. gen
// is the registration generation read before b was looked up.
func (sc *Container) pureBuild(b *binding, gen uint64) (any, bool) {
	if !b.pureStatic() {
		return nil, false
	}
	rv := reflect.New(b.info.plan.Type)
	if !sc.pureFields(b.info, rv.UnsafePointer(), 0, gen) || sc.root.regGen.Load() != gen {
		return nil, false // the generation is checked after the fields were read (see pureAllowed)
	}
	return rv.Interface(), true
}

// pureFields sets the tagged fields of the fresh instance at base, of a type
// whose binding passed pureStatic, building the fresh instances of its
// private fields in place. The instances pass between the levels as
// pointers: an interface value is made only for the instance pureBuild
// returns.
func (sc *Container) pureFields(info *typeInfo, base unsafe.Pointer, depth int, gen uint64) bool {
	tc := sc.tables()
	if info.allFast {
		// Every field takes a built Singleton by type: copy them from the
		// type's pureFill, as a warm Populate does.
		pf := info.pureFill.Load()
		if pf == nil || pf.tc != tc || pf.gen != gen {
			if pf = newPureFill(tc, info, gen); pf == nil {
				return false // a field's Singleton is not built: the general path builds it
			}
			info.pureFill.Store(pf)
		}
		ops := info.ops[:len(pf.ptrs)]
		for i, p := range pf.ptrs {
			field.SetPointerAtOffset(base, ops[i].off, p)
		}
		return true
	}
	for i := range info.ops {
		op := &info.ops[i]
		f := &info.plan.Fields[i]
		fb := tc.tbl.get(op.tid)
		if fb == nil || fb.asFactory {
			return false
		}
		if op.fast {
			p := fb.builtSingleton()
			if p == nil {
				return false
			}
			field.SetPointer(base, f, p)
			continue
		}
		// A private pointer-to-struct field (pureStatic admits no other).
		if depth+1 > maxPureDepth || !fb.pureStatic() {
			return false
		}
		p := reflect.New(fb.info.plan.Type).UnsafePointer()
		if !sc.pureFields(fb.info, p, depth+1, gen) {
			return false
		}
		field.SetPointer(base, f, p)
	}
	return true
}

// builtSingleton returns the built instance of b when b is a Singleton
// (not AsFactory) whose instance is committed, and nil otherwise.
func (b *binding) builtSingleton() unsafe.Pointer {
	if b.life != Singleton || b.asFactory {
		return nil
	}
	return b.slot.built()
}

// built returns the slot's committed instance, or nil.
func (s *slot) built() unsafe.Pointer {
	if s.state.Load() != slotCommitted {
		return nil
	}
	return s.ptr
}

// commitPure commits v (at ptr), made by a pure build, as the slot's
// instance: as the general path leaves it, with no cleanup and nothing
// unfinished beneath. The caller holds the slot owner's mu and has seen
// the slot empty.
func (s *slot) commitPure(v any, ptr unsafe.Pointer) {
	s.v, s.ptr, s.dep, s.rec = v, ptr, nil, nil
	s.gen++
	s.state.Store(slotCommitted)
}

// pureStatic reports whether b's instances can be made by a pure build as
// far as b and its type decide: a struct built from its zero value, with
// no registration extras, no Init, nothing to clean up, and tagged fields
// that are all pointers to structs taken by type or private.
func (b *binding) pureStatic() bool {
	switch b.pure.Load() {
	case pureYes:
		return true
	case pureNo:
		return false
	}
	ok := b.computePure()
	if ok {
		b.pure.Store(pureYes)
	} else {
		b.pure.Store(pureNo)
	}
	return ok
}

func (b *binding) computePure() bool {
	if b.kind != kindStruct || b.asFactory || b.info == nil {
		return false
	}
	if b.fields() != nil || b.calls() != nil || b.onCloses() != nil {
		return false
	}
	ok, closer := b.info.pureType()
	return ok && !(closer && (b.autoClose || b.c.root.autoClose))
}

// Type-level purity of a typeInfo (pureType), cached.
const (
	pureTypeUnknown uint32 = iota
	pureTypeYes
	pureTypeCloser // pure, but it has a Close method: not under AutoClose
	pureTypeNo
)

// pureType reports whether instances of the type can be made by a pure
// build as far as the type decides (no Init, nothing disposable, tagged
// fields all pointers to structs taken by type or private), and whether
// it has a Close method. Computed once per type.
func (info *typeInfo) pureType() (ok, closer bool) {
	switch info.purity.Load() {
	case pureTypeYes:
		return true, false
	case pureTypeCloser:
		return true, true
	case pureTypeNo:
		return false, false
	}
	st := pureTypeNo
	if ok := info.computePureType(); ok {
		st = pureTypeYes
		if method.CloserOf(reflect.Zero(info.t).Interface()) != nil { // a typed nil: its methods are not called
			st = pureTypeCloser
		}
	}
	info.purity.Store(st)
	return info.pureType()
}

func (info *typeInfo) computePureType() bool {
	if info.err != nil || info.plan == nil || info.init != nil {
		return false
	}
	if disposeOf(reflect.Zero(info.t).Interface()) != nil {
		return false
	}
	for i := range info.ops {
		fi := &info.fields[i]
		f := &info.plan.Fields[i]
		ptrStruct := f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct
		private := fi.mode == modePrivate && ptrStruct && f.Store == attribute.StorePointer && !f.Tag.Optional
		if !info.ops[i].fast && !private {
			return false
		}
	}
	return true
}

// purePopulate fills target when doing so runs no user code, without the
// call machinery: when every tagged field takes a built Singleton and
// nothing else is to be done (no Init, no observer, target not a
// registered value), a loop of pointer writes whose pointers come from a
// per-type cache (pureFill) that a registration change anywhere in the
// tree invalidates; when some of those Singletons are not built yet but
// building them runs no user code either, a cold pure Populate
// (pureColdPopulate). It reports false, having changed nothing, when the
// general path must run.
func (c *Container) purePopulate(ctx context.Context, target any) bool {
	if c.usable() != nil || c.root.obs != nil || c.root.hasValues.Load() {
		return false
	}
	// The type of the last target is remembered: a Populate of the same
	// type again skips the checks and the type's lookup.
	var base unsafe.Pointer
	info := c.lastTarget.Load()
	if info != nil && info.t == reflect.TypeOf(target) {
		if base = reflect.ValueOf(target).UnsafePointer(); base == nil {
			return false
		}
	} else {
		var err error
		if info, base, err = targetInfo(target); err != nil {
			return false
		}
		c.lastTarget.Store(info)
	}
	sc, joins := c.callContext(ctx)
	if sc.closed.Load() || info.init != nil && !sc.noInit {
		return false
	}
	gen := c.root.regGen.Load() // before the tables are read
	tc := sc.tables()
	pf := info.pureFill.Load()
	if pf == nil || pf.tc != tc || pf.gen != gen {
		if pf = newPureFill(tc, info, gen); pf == nil {
			if joins {
				return false // what a joining call commits is undone with the call it joins
			}
			if sc != sc.root {
				return sc.pureScopePopulate(ctx, info, base, gen)
			}
			return sc.pureColdPopulate(ctx, info, base, gen)
		}
		info.pureFill.Store(pf)
	}
	ops := info.ops[:len(pf.ptrs)]
	for i, p := range pf.ptrs {
		if off := ops[i].off; field.PointerAtOffset(base, off) == nil {
			field.SetPointerAtOffset(base, off, p)
		}
	}
	return true
}

// pureFill is, for one type and one container's lookup tables, the built
// Singleton each tagged field takes, valid while the registrations are
// those of generation gen.
type pureFill struct {
	tc   *Container
	gen  uint64
	ptrs []unsafe.Pointer
}

// newPureFill returns the pureFill of info in tc, or nil unless every
// tagged field is a pointer to a struct taken by type from a built
// Singleton.
func newPureFill(tc *Container, info *typeInfo, gen uint64) *pureFill {
	var pf *pureFill // allocated once the first field qualifies: a Populate that cannot be pure allocates nothing here
	for i := range info.ops {
		op := &info.ops[i]
		if !op.fast {
			return nil
		}
		fb := tc.tbl.get(op.tid)
		if fb == nil {
			return nil
		}
		p := fb.builtSingleton()
		if p == nil {
			return nil
		}
		if pf == nil {
			pf = &pureFill{tc: tc, gen: gen, ptrs: make([]unsafe.Pointer, len(info.ops))}
		}
		pf.ptrs[i] = p
	}
	if pf == nil {
		pf = &pureFill{tc: tc, gen: gen} // no tagged fields
	}
	return pf
}
